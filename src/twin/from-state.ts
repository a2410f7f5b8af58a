// Seeding the twin from an OrgState (a snapshot, or a read of the whole organization): exactly its tree, its
// policies and its attachments, so a rehearsal applies the plan to a faithful copy. With the model's IAM part,
// the roles read in each account too, with their attached policies, and the customer-managed policies known to
// exist there (a customer policy's document is not read, so the twin gives it one of its own).

import { ousParentsFirst, type IamState, type OrgState } from '../model/org-state.js';
import { parsePolicyArn } from './iam/ids.js';
import { seedIam, type AccountIamSeed, type FixtureIamPolicy, type FixtureRole } from './iam/seed.js';
import { accountArn, ouArn, policyArn } from './ids.js';
import { createOrganizationData } from './new-organization.js';
import { seededRandom } from './random.js';
import { applyChange, type OrgData } from './state.js';

export interface FromStateOptions {
  /** Roles assumed in member accounts besides OrganizationAccountAccessRole, created in every member account read. */
  memberRoles?: string[];
}

export function orgDataFromState(state: OrgState, options: FromStateOptions = {}): OrgData {
  if (!state.coverage.tree) throw new Error('internal: the twin is seeded from a complete organization only');
  const { organization, root } = state;
  const management = state.accounts.get(organization.managementAccountId);
  const data = createOrganizationData(seededRandom(1), {
    id: organization.id,
    rootId: root.id,
    managementAccountId: organization.managementAccountId,
    managementAccountName: management?.name ?? 'management',
    managementAccountEmail: management?.email ?? '',
  });
  data.root.name = root.name;
  for (const ou of ousParentsFirst(state)) {
    applyChange(data, { kind: 'putOu', ou: { id: ou.id, name: ou.name ?? ou.id, parentId: ou.parentId!, arn: ouArn(data.organization, ou.id) } });
  }
  for (const a of state.accounts.values()) {
    if (a.id === organization.managementAccountId) {
      applyChange(data, { kind: 'moveAccount', accountId: a.id, parentId: a.parentId! });
      continue;
    }
    applyChange(data, {
      kind: 'putAccount',
      account: { id: a.id, name: a.name ?? a.id, email: a.email ?? '', parentId: a.parentId!, arn: accountArn(data.organization, a.id), joinedTimestamp: 0 },
    });
  }
  for (const p of state.policies.values()) {
    if (p.awsManaged) continue; // the twin has AWS's own
    applyChange(data, {
      kind: 'putPolicy',
      policy: { id: p.id, name: p.name, description: p.description, type: p.type, awsManaged: false, content: p.content ?? '', arn: policyArn(data.organization, p.type, p.id) },
    });
  }
  // Types become enabled with no attachment made for them: the state says exactly what is attached.
  for (const [type, status] of state.policyTypes) data.policyTypes.set(type, { readyAt: status === 'ENABLED' ? 0 : Number.MAX_SAFE_INTEGER });
  for (const targetId of data.attachments.keys()) data.attachments.set(targetId, []);
  for (const set of data.targetsByPolicy.values()) set.clear();
  for (const [targetId, byType] of state.attachments) {
    for (const ids of byType.values()) for (const policyId of ids) applyChange(data, { kind: 'attach', policyId, targetId });
  }
  if (state.iam) seedIamFromState(data, state.iam, state.organization.managementAccountId, options.memberRoles ?? []);
  return data;
}

function seedIamFromState(data: OrgData, iam: IamState, managementAccountId: string, memberRoles: string[]): void {
  const accounts: AccountIamSeed[] = [];
  const policies: FixtureIamPolicy[] = [];
  for (const [accountId, read] of iam.accounts) {
    const roles: FixtureRole[] = [];
    for (const [name, role] of read.roles) if (role.exists) roles.push({ name, ...(role.path ? { path: role.path } : {}), policies: role.attachedPolicyArns });
    if (accountId !== managementAccountId) {
      for (const name of memberRoles) if (!read.roles.has(name)) roles.push({ name });
    }
    accounts.push({ id: accountId, roles });
    const known = new Set([...read.roles.values()].flatMap((r) => (r.exists ? r.attachedPolicyArns : [])));
    for (const [arn, exists] of read.policies) if (exists) known.add(arn);
    for (const arn of known) {
      const parsed = parsePolicyArn(arn);
      if (parsed && parsed.account === accountId) policies.push({ account: accountId, name: parsed.name, path: parsed.path });
    }
  }
  seedIam(data, seededRandom(2), accounts, policies);
}
