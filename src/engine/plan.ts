// Planning as the commands, the remediation handler and a watcher all need it: read what org.yaml needs, plan,
// and look up the names the plan will show.

import type { DesiredConfig } from '../desired/config.js';
import { ReconcileError } from '../diagnostics/diagnostic.js';
import type { OrgState } from '../model/org-state.js';
import type { Plan } from '../plan/plan.js';
import { effectiveImpact, effectiveReach, effectiveWarnings } from '../plan/effective-impact.js';
import { checkGuards, limitsOf, planChanges } from '../plan/planner.js';
import { simulate } from '../plan/simulate.js';
import { readEffectiveScope } from '../read/effective-scope.js';
import type { IamSource } from '../read/iam-source.js';
import { readIam } from '../read/read-iam.js';
import { readOrg } from '../read/read-org.js';
import { LazyTree } from '../read/tree.js';
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

/** How the accounts' IAM is read, for org.yaml's iamRoles. */
export interface IamReading {
  source: IamSource;
  /** Accounts read at once. */
  parallelAccounts: number;
  /** Plan the accounts that can be reached and report the others, instead of refusing the plan. */
  skipUnreachable: boolean;
}

export async function planChange(
  source: OrgSource,
  config: DesiredConfig,
  prune: boolean,
  onEvent: EventSink = () => {},
  iam?: IamReading,
): Promise<PlannedChange> {
  if (config.iamRoles.length > 0 && !iam) {
    throw new ReconcileError(
      'org.yaml lists iamRoles, and IAM roles cannot be read here',
      [{ severity: 'error', message: 'iamRoles', location: config.iamRoles[0].source }],
      "This snapshot holds no IAM roles: take one with reconcile snapshot --iam-roles NAMES, or plan against AWS or a twin (--twin).",
    );
  }
  const started = Date.now();
  const calls = () => ({ ...source.calls, ...iam?.source.calls });
  const before = calls();
  onEvent({ type: 'read-started' });
  const state = await readOrg(source, requestFor(config, { prune }));
  if (iam && config.iamRoles.length > 0) {
    // Nothing is read in the accounts of an organization org.yaml is not for.
    checkGuards(config, state);
    await readIam(iam.source, new LazyTree(source, state.root.id, state), state, config.iamRoles, { parallelAccounts: iam.parallelAccounts });
  }
  const plan = await withEffectiveChanges(source, config, state, planChanges(config, state, { prune, skipUnreachable: iam?.skipUnreachable }));
  const names = await nameTargets(source, plan);
  onEvent({ type: 'read-finished', calls: callsSince(before, calls()), seconds: (Date.now() - started) / 1000 });
  return { config, prune, state, plan, names };
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
