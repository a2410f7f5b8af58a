// Drift: a plan seen from the other side. Every step the planner takes to bring the organization to org.yaml undoes
// one difference from it, so the differences are read off the plan's steps: an owned attachment missing (attach,
// reason `listed`), an extra attachment on a target org.yaml owns (detach), a declared policy's content, name or
// description changed (update-policy), a declared policy with no live match (create-policy), a managed policy type
// disabled (enable-policy-type), a role's managed policy missing or extra (attach- and detach-role-policy). The plan already covers only what org.yaml owns (listed targets, managed types,
// declared policies), so the drift does too. Pure: codes and values, no words (words.ts has them).

import type { PolicyType } from '../aws/policy-types.js';
import type { OrgState } from '../model/org-state.js';
import type { AttachmentReason, Plan, PolicyRef, TargetRef } from '../plan/plan.js';

export type DriftCode =
  | 'type-disabled'
  | 'policy-missing'
  | 'renamed'
  | 'content-edited'
  | 'description-edited'
  | 'attachment-removed'
  | 'attachment-added'
  | 'role-policy-removed'
  | 'role-policy-added';

export const DRIFT_CODES: readonly DriftCode[] = [
  'type-disabled',
  'policy-missing',
  'renamed',
  'content-edited',
  'description-edited',
  'attachment-removed',
  'attachment-added',
  'role-policy-removed',
  'role-policy-added',
];

interface Common {
  /** The index of the plan step that undoes it. */
  step: number;
}

export type DriftItem = Common &
  (
    | { code: 'type-disabled'; policyType: PolicyType; desired: 'ENABLED'; found: 'DISABLED' | 'PENDING_DISABLE' }
    | { code: 'policy-missing'; policy: PolicyRef; desired: 'exists'; found: 'missing' }
    | { code: 'renamed'; policy: PolicyRef; desired: string; found: string }
    | { code: 'content-edited'; policy: PolicyRef; desired: unknown; found: unknown }
    | { code: 'description-edited'; policy: PolicyRef; desired: string; found: string }
    | {
        code: 'attachment-removed' | 'attachment-added';
        policy: PolicyRef;
        target: TargetRef;
        /** Why org.yaml owns the attachment: the plan step's reason. */
        reason: AttachmentReason;
        desired: 'attached' | 'not attached';
        found: 'attached' | 'not attached';
      }
    | {
        /** A managed policy org.yaml's iamRoles lists for a role is not attached, or one it does not list is. */
        code: 'role-policy-removed' | 'role-policy-added';
        account: TargetRef;
        role: string;
        policyArn: string;
        desired: 'attached' | 'not attached';
        found: 'attached' | 'not attached';
      }
  );

export function driftOf(plan: Plan, state: OrgState): DriftItem[] {
  return plan.steps.flatMap((step, index): DriftItem[] => {
    switch (step.action) {
      case 'enable-policy-type':
        return [{ code: 'type-disabled', step: index, policyType: step.policyType, desired: 'ENABLED', found: state.policyTypes.get(step.policyType) === 'PENDING_DISABLE' ? 'PENDING_DISABLE' : 'DISABLED' }];
      case 'create-policy':
        return [{ code: 'policy-missing', step: index, policy: step.policy, desired: 'exists', found: 'missing' }];
      case 'update-policy':
        return [
          ...(step.name ? [{ code: 'renamed' as const, step: index, policy: step.policy, desired: step.name.to, found: step.name.from }] : []),
          ...(step.content ? [{ code: 'content-edited' as const, step: index, policy: step.policy, desired: step.content.toDocument, found: step.content.fromDocument }] : []),
          ...(step.description ? [{ code: 'description-edited' as const, step: index, policy: step.policy, desired: step.description.to, found: step.description.from }] : []),
        ];
      case 'attach':
        return [{ code: 'attachment-removed', step: index, policy: step.policy, target: step.target, reason: step.reason, desired: 'attached', found: 'not attached' }];
      case 'detach':
        return [{ code: 'attachment-added', step: index, policy: step.policy, target: step.target, reason: step.reason, desired: 'not attached', found: 'attached' }];
      case 'attach-role-policy':
        return [{ code: 'role-policy-removed', step: index, account: step.account, role: step.role, policyArn: step.policyArn, desired: 'attached', found: 'not attached' }];
      case 'detach-role-policy':
        return [{ code: 'role-policy-added', step: index, account: step.account, role: step.role, policyArn: step.policyArn, desired: 'not attached', found: 'attached' }];
      case 'delete-policy':
        // Only --prune deletes, and drift never prunes: an undeclared policy is not org.yaml's.
        return [];
    }
  });
}

/** How many items of each code, every code present (zero or more). */
export function countByCode(items: readonly DriftItem[]): Record<DriftCode, number> {
  const counts = Object.fromEntries(DRIFT_CODES.map((code) => [code, 0])) as Record<DriftCode, number>;
  for (const item of items) counts[item.code]++;
  return counts;
}
