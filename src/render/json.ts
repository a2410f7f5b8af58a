// `reconcile plan --format json`: the plan as a documented, versioned document (schema in
// plan-document-schema.ts) for other tools to read.

import type { AttachmentStep, Plan, PolicyRef, Step, TargetRef } from '../plan/plan.js';
import { hasChanges, summarize, warningText } from '../plan/plan.js';
import { contentDiff } from './content-diff.js';

export function planDocument(plan: Plan): object {
  return {
    format: 'reconcile/plan',
    version: 1,
    organization: { id: plan.organizationId, managementAccountId: plan.managementAccountId },
    summary: { changes: hasChanges(plan), ...summarize(plan), leftAlone: plan.leftAlone ?? null },
    steps: plan.steps.map((step, index) => ({ number: index + 1, phase: step.phase, action: step.action, ...stepBody(step) })),
    unmanaged: plan.unmanaged.map(({ id, name, type, note }) => ({ id, name, type, note })),
    warnings: plan.warnings.map(warningText),
  };
}

export function renderJson(plan: Plan): string {
  return JSON.stringify(planDocument(plan), null, 2) + '\n';
}

function policy(ref: PolicyRef) {
  return { name: ref.name, id: ref.key.startsWith('new:') ? null : ref.key, type: ref.type };
}

function target(ref: TargetRef) {
  return { id: ref.id, type: ref.type, name: ref.label, path: ref.type === 'ORGANIZATIONAL_UNIT' && ref.label.startsWith('/') ? ref.label : null };
}

function stepBody(step: Step): object {
  switch (step.action) {
    case 'enable-policy-type':
      return { policyType: step.policyType };
    case 'create-policy':
      return {
        policy: policy(step.policy),
        changes: {
          ...(step.description ? { description: { from: '', to: step.description } } : {}),
          content: { from: null, to: step.document, diff: contentDiff(undefined, step.document, '(none)', step.policy.name).join('\n') },
        },
      };
    case 'update-policy':
      return {
        policy: policy(step.policy),
        changes: {
          ...(step.name ? { name: step.name } : {}),
          ...(step.description ? { description: step.description } : {}),
          ...(step.content
            ? { content: { from: step.content.fromDocument, to: step.content.toDocument, diff: contentDiff(step.content.fromDocument, step.content.toDocument, 'live', 'org.yaml').join('\n') } }
            : {}),
        },
      };
    case 'delete-policy':
      return { policy: policy(step.policy) };
    case 'attach':
    case 'detach':
      return attachmentBody(step);
  }
}

function attachmentBody(step: AttachmentStep): object {
  return { policy: policy(step.policy), target: target(step.target), reason: step.reason };
}
