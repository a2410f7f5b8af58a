// A plan: the ordered steps that take the live organization to the desired state, and what the planner noticed.

import type { TargetType } from '../aws/ids.js';
import type { PolicyType } from '../aws/policy-types.js';

export interface PolicyRef {
  /** The live id, or `new:<name>` for a policy the plan creates (its id is known only once created). */
  key: string;
  name: string;
  type: PolicyType;
}

export interface TargetRef {
  id: string;
  type: TargetType;
  label: string;
}

export type Phase = 'enable' | 'create' | 'update' | 'attach' | 'detach' | 'delete';

export const PHASES: readonly Phase[] = ['enable', 'create', 'update', 'attach', 'detach', 'delete'];

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
  | { phase: 'attach' | 'detach'; action: 'attach' | 'detach'; policy: PolicyRef; target: TargetRef; reason: string }
  | { phase: 'delete'; action: 'delete-policy'; policy: PolicyRef };

export type AttachmentStep = Extract<Step, { action: 'attach' | 'detach' }>;

export interface UnmanagedPolicy {
  id: string;
  name: string;
  type: PolicyType;
  /** Why it stays (when it does): still attached to targets org.yaml does not list, or not pruned. */
  note: string;
}

export interface Plan {
  organizationId: string;
  managementAccountId: string;
  steps: Step[];
  /** Customer-managed policies of a managed type that org.yaml does not declare. */
  unmanaged: UnmanagedPolicy[];
  /** Targets not listed in org.yaml and left alone; undefined when they were not counted. */
  leftAlone: number | undefined;
  warnings: PlanWarning[];
}

/**
 * Something a reviewer should look at twice. Targets are the same objects as in the steps, so names looked up
 * after planning show here too.
 */
export type PlanWarning =
  | { kind: 'loses-default'; target: TargetRef; policy: string; policyType: PolicyType }
  | { kind: 'default-detached-first'; target: TargetRef; policy: string; policyType: PolicyType }
  | { kind: 'deny-reach'; policy: string; targets: TargetRef[] };

export function warningText(warning: PlanWarning): string {
  const label = (t: TargetRef) => (t.label === t.id ? t.id : `${t.label} (${t.id})`);
  switch (warning.kind) {
    case 'loses-default':
      return `${label(warning.target)} loses ${warning.policy}: only what its other ${warning.policyType === 'SERVICE_CONTROL_POLICY' ? 'SCPs' : 'policies'} allow stays allowed`;
    case 'default-detached-first':
      return `${label(warning.target)} is at its ${warning.policyType} maximum: ${warning.policy} is detached before its replacement can be attached`;
    case 'deny-reach': {
      const below = warning.targets.some((t) => t.type !== 'ACCOUNT') ? ' and every account below them' : '';
      return `${warning.policy} denies actions, and now also applies to ${warning.targets.map(label).join(', ')}${below}`;
    }
  }
}

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
    else summary[step.phase]++;
  }
  return summary;
}

export function hasChanges(plan: Plan): boolean {
  return plan.steps.length > 0;
}
