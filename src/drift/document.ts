// `reconcile drift --format json`: the drift as a documented, versioned document (schema in document-schema.ts)
// for other tools. Each item has a code to branch on and its words beside it; the remediation is the plan
// document `plan --format json` writes; with --fix, how applying it went.

import { planDocument } from '../render/json.js';
import type { Attribution } from './attribution.js';
import { countByCode, type DriftItem } from './drift.js';
import type { DriftView } from './view.js';
import { itemText, unattributedText } from './words.js';

export const DRIFT_DOCUMENT_VERSION = 1;

/** How --fix went: the apply's status, each step's outcome, and whether reading again found no drift. */
export interface FixReport {
  status: 'applied' | 'failed' | 'interrupted' | 'cancelled';
  steps: { number: number; status: string; error?: string }[];
  verified: boolean;
}

export function driftDocument(view: DriftView, fix?: FixReport): object {
  const { items, remediation } = view;
  const plan = remediation.plan;
  // Policies and targets as the plan document shows them in the step that undoes each item.
  const planned = planDocument(remediation) as { steps: { policy?: object; target?: object }[] };
  return {
    format: 'reconcile/drift',
    version: DRIFT_DOCUMENT_VERSION,
    organization: { id: plan.organizationId, managementAccountId: plan.managementAccountId },
    summary: { drift: items.length > 0, items: items.length, byCode: countByCode(items) },
    cloudTrail: view.cloudTrail ? { since: view.cloudTrail.since.toISOString() } : null,
    items: items.map((item, index) => ({
      code: item.code,
      message: itemText(remediation, item),
      policy: planned.steps[item.step].policy ?? null,
      target: planned.steps[item.step].target ?? null,
      policyType: 'policyType' in item ? item.policyType : 'policy' in item ? item.policy.type : 'IAM_ROLE',
      reason: 'reason' in item ? item.reason : null,
      desired: item.desired,
      found: item.found,
      step: item.step + 1,
      ...(view.cloudTrail ? { attribution: attribution(view.cloudTrail.attributions[index], item, view.cloudTrail.since) } : {}),
    })),
    remediation: planned,
    ...(fix ? { fix } : {}),
  };
}

export function renderDriftJson(view: DriftView, fix?: FixReport): string {
  return JSON.stringify(driftDocument(view, fix), null, 2) + '\n';
}

function attribution(found: Attribution | null, item: DriftItem, since: Date) {
  return found ? { found: true, ...found } : { found: false, message: unattributedText(item, since) };
}
