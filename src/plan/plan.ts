// A plan: the ordered steps that take the organization to the desired state, and what the planner noticed.
// Plans are data: every why is a code, never a sentence; render/ turns codes into words for each audience.

import type { PolicyType } from '../aws/policy-types.js';
import type { AssignConflict, EffectiveValidationError } from '../effective/result.js';
import type { TargetRef } from '../model/org-state.js';

export type { TargetRef } from '../model/org-state.js';

export interface PolicyRef {
  /** The live id, or `new:<name>` for a policy the plan creates (its id is known only once created). */
  key: string;
  name: string;
  type: PolicyType;
}

export type Phase = 'enable' | 'create' | 'update' | 'attach' | 'detach' | 'delete';

export const PHASES: readonly Phase[] = ['enable', 'create', 'update', 'attach', 'detach', 'delete'];

/**
 * Why an attachment changes:
 * - `listed`: org.yaml lists the policy for the target (attach);
 * - `not-listed`: org.yaml lists the target without the policy, a policy it declares or an AWS default (detach);
 * - `attached-outside`: likewise, for a policy org.yaml does not declare: attached outside it (detach);
 * - `unlisted-default`: the target is not listed and `unlistedTargets: default` keeps it at its defaults.
 */
export type AttachmentReason = 'listed' | 'not-listed' | 'attached-outside' | 'unlisted-default';

export const ATTACHMENT_REASONS: readonly AttachmentReason[] = ['listed', 'not-listed', 'attached-outside', 'unlisted-default'];

export type Step =
  | { phase: 'enable'; action: 'enable-policy-type'; policyType: PolicyType; rootId: string }
  | { phase: 'create'; action: 'create-policy'; policy: PolicyRef; description: string; content: string; document: unknown }
  | {
      phase: 'update';
      action: 'update-policy';
      policy: PolicyRef;
      name?: { from: string; to: string };
      description?: { from: string; to: string };
      content?: { from: string; to: string; fromDocument: unknown; toDocument: unknown };
    }
  | { phase: 'attach' | 'detach'; action: 'attach' | 'detach'; policy: PolicyRef; target: TargetRef; reason: AttachmentReason }
  | { phase: 'delete'; action: 'delete-policy'; policy: PolicyRef }
  | RoleAttachmentStep;

export type AttachmentStep = Extract<Step, { action: 'attach' | 'detach' }>;

/**
 * A managed policy attached to or detached from an IAM role in one account (org.yaml's iamRoles). The reason is
 * `listed` (attach) or `not-listed` (detach: attached outside org.yaml, by hand or otherwise).
 */
export type RoleAttachmentStep = RoleAttachment & ({ action: 'attach-role-policy' } | { action: 'detach-role-policy' });

interface RoleAttachment {
  phase: 'attach' | 'detach';
  account: TargetRef;
  /** The role assumed to reach the account; absent for the management account (the caller's own credentials). */
  memberRole?: string;
  role: string;
  policyArn: string;
  reason: Extract<AttachmentReason, 'listed' | 'not-listed'>;
}

export function isRoleAttachment(step: Step): step is RoleAttachmentStep {
  return step.action === 'attach-role-policy' || step.action === 'detach-role-policy';
}

/** What the plan left out of the IAM roles org.yaml names, and why. */
export interface IamRolesReport {
  /** Accounts without the role, left alone as `ifRoleMissing: skip` says. */
  skipped: { account: TargetRef; role: string }[];
  /** Accounts whose member role could not be assumed, left out with --skip-unreachable. */
  unreachable: { account: TargetRef; roleArn: string; error: string }[];
}

/**
 * A customer-managed policy of a managed type that org.yaml does not declare, and what the plan does with it:
 * - `kept`: nothing (plan with --prune to delete it);
 * - `still-attached`: --prune would delete it, but it stays attached to targets org.yaml does not list.
 */
export interface UnmanagedPolicy {
  id: string;
  name: string;
  type: PolicyType;
  disposition: 'kept' | 'still-attached';
  /** With `still-attached`: the targets that keep it. */
  attachedTo: TargetRef[];
}

export interface Plan {
  organizationId: string;
  managementAccountId: string;
  steps: Step[];
  /** What the steps do to the effective management policies of the accounts they reach (filled by the engine). */
  effective: EffectiveChange[];
  unmanaged: UnmanagedPolicy[];
  /** Targets not listed in org.yaml and left alone; undefined when they were not counted. */
  leftAlone: number | undefined;
  warnings: PlanWarning[];
  /** With org.yaml's iamRoles: the roles and accounts the plan leaves out; undefined without iamRoles. */
  iam?: IamRolesReport;
}

/** One change in an effective document, at a path of keys joined with ".". */
export type DocumentChange =
  | { path: string; change: 'added' | 'removed'; value: unknown }
  | { path: string; change: 'changed'; from: unknown; to: unknown }
  | { path: string; change: 'gains' | 'loses'; values: unknown[] };

/** Accounts whose effective policy of a type changes the same way (plan/effective-impact.ts). */
export interface EffectiveChange {
  policyType: PolicyType;
  accounts: TargetRef[];
  /** The deepest root or OU above every one of the accounts. */
  under: TargetRef;
  /** null: the type is not enabled. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changes: DocumentChange[];
  /** What AWS would report as invalid in the document after the plan (AWS then keeps the last valid one). */
  validationErrors: EffectiveValidationError[];
  /** Peers assigning different values after the plan: the first attached wins. */
  conflicts: AssignConflict[];
}

/** Something a reviewer should look at twice. */
export type PlanWarning =
  /** The target loses its type's default (FullAWSAccess): only what its other policies allow stays allowed. */
  | { code: 'loses-default'; target: TargetRef; policy: string; policyType: PolicyType }
  /** At its maximum, the target has its default detached before the replacement can be attached. */
  | { code: 'default-detached-first'; target: TargetRef; policy: string; policyType: PolicyType }
  /** A policy with Deny statements reaches more targets (and every account below them). */
  | { code: 'deny-reach'; policy: string; targets: TargetRef[] }
  /** org.yaml lists SCPs for the management account, where SCPs never apply. */
  | { code: 'scp-on-management-account'; target: TargetRef; policy: string }
  /** A former name matched a live policy whose content is not the declared one: the rename replaces its content. */
  | { code: 'rename-replaces-content'; policy: string; formerName: string; policyId: string }
  /** After the plan, these accounts' effective policy fails AWS's checks: AWS would keep their last valid one. */
  | { code: 'effective-invalid'; policyType: PolicyType; targets: TargetRef[]; errorCode: string; error: string; path: string }
  /** Policies on one node assign different values: which wins depends on attachment order (`policy` wins). */
  | { code: 'assign-order-conflict'; policyType: PolicyType; target: TargetRef; path: string; policy: string; others: string[] };

export const WARNING_CODES: readonly PlanWarning['code'][] = [
  'loses-default',
  'default-detached-first',
  'deny-reach',
  'scp-on-management-account',
  'rename-replaces-content',
  'effective-invalid',
  'assign-order-conflict',
];

export interface PlanSummary {
  enable: number;
  create: number;
  update: number;
  attach: number;
  detach: number;
  delete: number;
}

export function summarize(plan: Plan): PlanSummary {
  const summary: PlanSummary = { enable: 0, create: 0, update: 0, attach: 0, detach: 0, delete: 0 };
  for (const step of plan.steps) {
    if (step.action === 'attach' || step.action === 'detach') summary[step.action]++;
    else if (isRoleAttachment(step)) summary[step.action === 'attach-role-policy' ? 'attach' : 'detach']++;
    else summary[step.phase]++;
  }
  return summary;
}

export function hasChanges(plan: Plan): boolean {
  return plan.steps.length > 0;
}
