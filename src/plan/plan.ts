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
  warnings: string[];
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
