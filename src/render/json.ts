// `reconcile plan --format json`: the plan as a documented, versioned document (schema in
// plan-document-schema.ts) for other tools to read. Every why is a code a program can branch on, with its words
// beside it for people.

import type { AttachmentStep, PolicyRef, Step, TargetRef } from '../plan/plan.js';
import { hasChanges, summarize } from '../plan/plan.js';
import { labelOf, type PlanView } from './plan-view.js';
import { documentChangeText, iamLeftOutTexts, reasonText, roleReasonText, unmanagedText, warningText } from './words.js';

export const PLAN_DOCUMENT_VERSION = 2;

export function planDocument(view: PlanView): object {
  const { plan } = view;
  return {
    format: 'reconcile/plan',
    version: PLAN_DOCUMENT_VERSION,
    organization: { id: plan.organizationId, managementAccountId: plan.managementAccountId },
    summary: { changes: hasChanges(plan), ...summarize(plan), leftAlone: plan.leftAlone ?? null },
    steps: plan.steps.map((step, index) => ({ number: index + 1, phase: step.phase, action: step.action, ...stepBody(view, step, index) })),
    effectiveChanges: plan.effective.map((change, index) => ({
      policyType: change.policyType,
      under: target(view, change.under),
      accounts: change.accounts.map((t) => target(view, t)),
      before: change.before,
      after: change.after,
      changes: change.changes.map((item) => ({ ...item, message: documentChangeText(item) })),
      diff: view.effectiveDiffs[index].join('\n'),
      validationErrors: change.validationErrors,
      conflicts: change.conflicts,
    })),
    unmanaged: plan.unmanaged.map((p) => ({
      id: p.id,
      name: p.name,
      type: p.type,
      disposition: p.disposition,
      attachedTo: p.attachedTo.map((t) => target(view, t)),
      message: unmanagedText(view, p),
    })),
    warnings: plan.warnings.map((w) => {
      const { code, ...fields } = w;
      const targets = 'targets' in w ? w.targets : 'target' in w ? [w.target] : [];
      delete (fields as { target?: unknown }).target;
      return { code, message: warningText(view, w), ...fields, targets: targets.map((t) => target(view, t)) };
    }),
    ...(plan.iam
      ? {
          iamRoles: {
            skipped: plan.iam.skipped.map((s) => ({ account: target(view, s.account), role: s.role })),
            unreachable: plan.iam.unreachable.map((u) => ({ account: target(view, u.account), roleArn: u.roleArn, error: u.error })),
            messages: iamLeftOutTexts(view, plan.iam),
          },
        }
      : {}),
  };
}

export function renderJson(view: PlanView): string {
  return JSON.stringify(planDocument(view), null, 2) + '\n';
}

function policy(ref: PolicyRef) {
  return { name: ref.name, id: ref.key.startsWith('new:') ? null : ref.key, type: ref.type };
}

function target(view: PlanView, ref: TargetRef) {
  const name = labelOf(view, ref);
  return { id: ref.id, type: ref.type, name, path: ref.type === 'ORGANIZATIONAL_UNIT' && name.startsWith('/') ? name : null };
}

function stepBody(view: PlanView, step: Step, index: number): object {
  const diff = () => (view.diffs.get(index) ?? []).join('\n');
  switch (step.action) {
    case 'enable-policy-type':
      return { policyType: step.policyType };
    case 'create-policy':
      return {
        policy: policy(step.policy),
        changes: {
          ...(step.description ? { description: { from: '', to: step.description } } : {}),
          content: { from: null, to: step.document, diff: diff() },
        },
      };
    case 'update-policy':
      return {
        policy: policy(step.policy),
        changes: {
          ...(step.name ? { name: step.name } : {}),
          ...(step.description ? { description: step.description } : {}),
          ...(step.content ? { content: { from: step.content.fromDocument, to: step.content.toDocument, diff: diff() } } : {}),
        },
      };
    case 'delete-policy':
      return { policy: policy(step.policy) };
    case 'attach':
    case 'detach':
      return attachmentBody(view, step);
    case 'attach-role-policy':
    case 'detach-role-policy':
      return { account: target(view, step.account), role: step.role, policyArn: step.policyArn, reason: step.reason, reasonText: roleReasonText(step) };
  }
}

function attachmentBody(view: PlanView, step: AttachmentStep): object {
  return { policy: policy(step.policy), target: target(view, step.target), reason: step.reason, reasonText: reasonText(view, step) };
}
