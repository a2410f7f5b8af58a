// The narrowed org.yaml (scope.ts) declares only the policies the event concerns, and turns an unlisted target it
// owns through `unlistedTargets: default` into an entry: the plan's steps are the whole org.yaml's, but a detach's
// reason would read as if they were not. Each is given back the reason the whole org.yaml gives it.

import type { DesiredConfig } from '../desired/config.js';
import type { AttachmentReason, AttachmentStep, Plan } from '../plan/plan.js';

export function withOwnedReasons(plan: Plan, config: DesiredConfig, unlisted: ReadonlySet<string>): Plan {
  const declared = new Set([...config.policies.values()].flatMap((d) => [d.name, ...d.formerNames]));
  const reasonOf = (step: AttachmentStep): AttachmentReason =>
    unlisted.has(step.target.id) ? 'unlisted-default' : step.reason === 'attached-outside' && declared.has(step.policy.name) ? 'not-listed' : step.reason;
  return { ...plan, steps: plan.steps.map((step) => (step.action === 'detach' ? { ...step, reason: reasonOf(step) } : step)) };
}
