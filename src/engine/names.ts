// Names for the targets (and the accounts of IAM role steps) a plan shows by id (org.yaml listed them by id, and no read told their name): one
// Describe call per such target, made only for targets that have steps, so a plan with nothing to do for them
// costs nothing. The names go to the renderers beside the plan; the plan is not changed.

import { isRoleAttachment, type Plan } from '../plan/plan.js';
import type { OrgSource } from '../read/source.js';

export async function nameTargets(source: OrgSource, plan: Plan): Promise<Map<string, string>> {
  const unnamed = new Map<string, 'ACCOUNT' | 'ORGANIZATIONAL_UNIT'>();
  for (const step of plan.steps) {
    if ((step.action === 'attach' || step.action === 'detach') && step.target.label === step.target.id && step.target.type !== 'ROOT') {
      unnamed.set(step.target.id, step.target.type);
    }
    if (isRoleAttachment(step) && step.account.label === step.account.id) unnamed.set(step.account.id, 'ACCOUNT');
  }
  const names = new Map<string, string>();
  await Promise.all(
    [...unnamed].map(async ([id, type]) => {
      const name = await source.targetName(id, type);
      if (name) names.set(id, name);
    }),
  );
  return names;
}
