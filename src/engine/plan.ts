// Planning as the commands, the remediation handler and a watcher all need it: read what org.yaml needs, plan,
// and look up the names the plan will show.

import type { DesiredConfig } from '../desired/config.js';
import { ReconcileError } from '../diagnostics/diagnostic.js';
import type { OrgState } from '../model/org-state.js';
import type { Plan } from '../plan/plan.js';
import { effectiveImpact, effectiveReach, effectiveWarnings } from '../plan/effective-impact.js';
import { limitsOf, planChanges } from '../plan/planner.js';
import { simulate } from '../plan/simulate.js';
import { readEffectiveScope } from '../read/effective-scope.js';
import { readOrg } from '../read/read-org.js';
import { requestFor } from '../read/request.js';
import type { OrgSource } from '../read/source.js';
import type { EventSink } from './events.js';
import { nameTargets } from './names.js';

export interface PlannedChange {
  config: DesiredConfig;
  prune: boolean;
  /** The organization as read. */
  state: OrgState;
  plan: Plan;
  /** Names of targets the plan shows by id, for the renderers. */
  names: Map<string, string>;
}

export async function planChange(source: OrgSource, config: DesiredConfig, prune: boolean, onEvent: EventSink = () => {}): Promise<PlannedChange> {
  refuseIamRoles(config);
  const started = Date.now();
  const before = { ...source.calls };
  onEvent({ type: 'read-started' });
  const state = await readOrg(source, requestFor(config, { prune }));
  const plan = await withEffectiveChanges(source, config, state, planChanges(config, state, { prune }));
  const names = await nameTargets(source, plan);
  onEvent({ type: 'read-finished', calls: callsSince(before, source.calls), seconds: (Date.now() - started) / 1000 });
  return { config, prune, state, plan, names };
}

/**
 * IAM role attachments are validated but not planned yet: a plan that silently left them out would read as if
 * the roles were as org.yaml says.
 */
function refuseIamRoles(config: DesiredConfig): void {
  const [first] = config.iamRoles;
  if (!first) return;
  throw new ReconcileError(
    'org.yaml lists iamRoles, which this release of reconcile validates but cannot plan yet',
    [{ severity: 'error', message: 'iamRoles entry', location: first.source }],
    'Nothing was read or written. Remove iamRoles (or plan from a copy of org.yaml without it) to plan the Organizations policies.',
  );
}

/**
 * The plan with what it does to the accounts' effective management policies. Only the subtrees its management
 * policy changes reach are read: a plan that changes no management policy costs no call here.
 */
async function withEffectiveChanges(source: OrgSource, config: DesiredConfig, state: OrgState, plan: Plan): Promise<Plan> {
  const scopes = effectiveReach(plan, state);
  if (scopes.length === 0) return plan;
  const reached = await Promise.all(scopes.map(async (scope) => ({ type: scope.type, accounts: await readEffectiveScope(source, state, scope) })));
  const after = simulate(state, plan.steps, limitsOf(config)).state;
  const effective = reached.flatMap(({ type, accounts }) => effectiveImpact(state, after, type, accounts));
  return { ...plan, effective, warnings: [...plan.warnings, ...effectiveWarnings(effective, after)] };
}

/** The calls made since `before`, per operation. */
export function callsSince(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [op, n] of Object.entries(after)) if (n - (before[op] ?? 0) > 0) out[op] = n - (before[op] ?? 0);
  return out;
}
