// Planning IAM role attachments (org.yaml's iamRoles): for each selected account and named role, the attached
// managed policies become exactly the listed ARNs, ${Partition} and ${AccountId} substituted for the account. Each
// role is sequenced like an Organizations target (sequence.ts), between 0 and the per-role quota: a role at its
// maximum that needs a swap detaches first, then attaches. Everything IAM would refuse is refused here, before
// anything is written: service-linked roles, missing roles, policies that do not exist in the account or cannot
// be attached to a normal role, accounts whose member role cannot be assumed.
// Errors: https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html

import { IAM_ROLE_LIMIT_KEY, SERVICE_LINKED_ROLE_PATH, isServiceRolePolicyArn, parseManagedPolicyArn } from '../aws/iam.js';
import type { DesiredConfig } from '../desired/config.js';
import { policyArnsFor } from '../desired/iam-roles.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { OrgState, TargetRef } from '../model/org-state.js';
import type { IamRolesReport, RoleAttachmentStep } from './plan.js';
import { sequenceChanges } from './sequence.js';
import type { LimitsOf } from './simulate.js';

export interface IamPlanOptions {
  /** Plan the accounts that can be reached, and report the others, instead of refusing the plan. */
  skipUnreachable: boolean;
}

export interface IamPlanPart {
  /** Steps up to each role's last attach (the attach phase), and the detaches after it (the detach phase). */
  attachPhase: RoleAttachmentStep[];
  detachPhase: RoleAttachmentStep[];
  report: IamRolesReport;
  refusals: Diagnostic[];
}

export function planIamRoles(config: DesiredConfig, state: OrgState, limits: LimitsOf, options: IamPlanOptions): IamPlanPart {
  const part: IamPlanPart = { attachPhase: [], detachPhase: [], report: { skipped: [], unreachable: [] }, refusals: [] };
  const iam = state.iam;
  if (!iam) throw new Error('internal: the organization model does not cover the IAM roles org.yaml names');
  const refuse = (message: string, location = config.iamRoles[0]?.source) => part.refusals.push({ severity: 'error', message, ...(location ? { location } : {}) });
  const { min, max } = limits(IAM_ROLE_LIMIT_KEY);
  for (const accountId of [...iam.selected.keys()].sort()) {
    const account: TargetRef = { id: accountId, type: 'ACCOUNT', label: state.accounts.get(accountId)?.name || accountId };
    const roles = iam.selected.get(accountId)!;
    const unreachable = iam.unreachable.get(accountId);
    if (unreachable) {
      if (options.skipUnreachable) part.report.unreachable.push({ account, ...unreachable });
      else {
        const entry = config.iamRoles[roles.values().next().value!];
        refuse(
          `account ${describe(account)} cannot be reached: ${unreachable.roleArn} could not be assumed (${unreachable.error}). ` +
            `Let the caller assume that role (its trust policy, and sts:AssumeRole on it), name another memberRole, ` +
            `or plan the other accounts with --skip-unreachable`,
          entry.source,
        );
      }
      continue;
    }
    const read = iam.accounts.get(accountId);
    for (const [roleName, index] of [...roles].sort(([a], [b]) => a.localeCompare(b))) {
      const entry = config.iamRoles[index];
      const spec = entry.roles.find((r) => r.name === roleName)!;
      const role = read?.roles.get(roleName);
      if (!read || !role) throw new Error(`internal: role ${roleName} of account ${accountId} was not read`);
      if (!role.exists) {
        if (entry.ifRoleMissing === 'skip') part.report.skipped.push({ account, role: roleName });
        else refuse(`account ${describe(account)} has no role ${roleName} (NoSuchEntity); create it, or set ifRoleMissing: skip to leave such accounts alone`, spec.source);
        continue;
      }
      const desired = policyArnsFor(spec, accountId);
      const result = sequenceChanges(role.attachedPolicyArns, desired, { min, max });
      if (!result.ok) {
        refuse(`${roleName} in account ${describe(account)}: ${result.reason}`, spec.source);
        continue;
      }
      if (result.ops.length === 0) continue;
      if (role.path?.startsWith(SERVICE_LINKED_ROLE_PATH)) {
        refuse(`${roleName} in account ${describe(account)} is a service-linked role (path ${role.path}): only its service may change its policies (UnmodifiableEntity)`, spec.source);
        continue;
      }
      const unattachable = result.ops.filter((op) => op.op === 'attach').flatMap((op) => attachProblem(op.key, accountId, read.policies));
      if (unattachable.length > 0) {
        for (const problem of unattachable) refuse(`${roleName} in account ${describe(account)}: ${problem}`, spec.source);
        continue;
      }
      const lastAttach = result.ops.map((o) => o.op).lastIndexOf('attach');
      result.ops.forEach((op, i) => {
        const step: RoleAttachmentStep = {
          phase: i <= lastAttach ? 'attach' : 'detach',
          action: op.op === 'attach' ? 'attach-role-policy' : 'detach-role-policy',
          account,
          ...(accountId === state.organization.managementAccountId ? {} : { memberRole: entry.memberRole }),
          role: roleName,
          policyArn: op.key,
          reason: op.op === 'attach' ? 'listed' : 'not-listed',
        };
        (i <= lastAttach ? part.attachPhase : part.detachPhase).push(step);
      });
    }
  }
  return part;
}

/** Why IAM would refuse to attach `arn` to a role of `accountId`, if it would. */
function attachProblem(arn: string, accountId: string, policies: ReadonlyMap<string, boolean>): string[] {
  const parsed = parseManagedPolicyArn(arn);
  if (!parsed) return [`${arn} is not a managed policy ARN`];
  if (isServiceRolePolicyArn(parsed)) return [`${arn} is for service-linked roles only (PolicyNotAttachable)`];
  if (parsed.account === 'aws') return [];
  if (parsed.account !== accountId) return [`${arn} belongs to account ${parsed.account}: a role carries only AWS-managed policies and its own account's`];
  if (policies.get(arn) === false) return [`${arn} does not exist in that account (NoSuchEntity)`];
  return [];
}

const describe = (account: TargetRef) => (account.label === account.id ? account.id : `${account.label} (${account.id})`);
