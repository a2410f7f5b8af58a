// What every renderer draws from: the plan (data, with codes), the names of targets looked up after planning
// (a separate id → name map: the plan itself is never changed), and each policy's content diff, computed once.

import type { Plan, Step, TargetRef } from '../plan/plan.js';
import { contentDiff } from './content-diff.js';

export interface PlanView {
  plan: Plan;
  /** AWS's names of targets the plan shows by id, looked up after planning. */
  names: ReadonlyMap<string, string>;
  /** The unified diff of each create and content update, by step index. */
  diffs: ReadonlyMap<number, string[]>;
  /** The unified diff of each effective policy change (plan.effective), by index. */
  effectiveDiffs: readonly string[][];
}

export function viewOf(plan: Plan, names: ReadonlyMap<string, string> = new Map()): PlanView {
  const diffs = new Map<number, string[]>();
  plan.steps.forEach((step, index) => {
    const diff = diffOf(step);
    if (diff) diffs.set(index, diff);
  });
  const effectiveDiffs = plan.effective.map((change) => contentDiff(change.before ?? {}, change.after ?? {}, 'before', 'after'));
  return { plan, names, diffs, effectiveDiffs };
}

function diffOf(step: Step): string[] | undefined {
  if (step.action === 'create-policy') return contentDiff(undefined, step.document, '(none)', step.policy.name);
  if (step.action === 'update-policy' && step.content) return contentDiff(step.content.fromDocument, step.content.toDocument, 'live', 'org.yaml');
  return undefined;
}

/** How a target reads: the path or name org.yaml used, else AWS's name, else the id. */
export function labelOf(view: PlanView, target: TargetRef): string {
  return target.label !== target.id ? target.label : (view.names.get(target.id) ?? target.id);
}

/** "name (id)", or the id alone when no name is known. */
export function targetText(view: PlanView, target: TargetRef): string {
  const label = labelOf(view, target);
  return label === target.id ? target.id : `${label} (${target.id})`;
}
