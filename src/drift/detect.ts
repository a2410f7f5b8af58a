// Finding the drift: read what org.yaml owns and plan, as `plan` does (never pruning: a policy org.yaml does not
// declare is not its to report), recognise declared policies renamed by hand (renames.ts) and plan them as
// renames back, and read the differences off the plan. The plan is also the remediation: its steps, in the
// planner's safe order, are exactly what undoes the drift.

import type { DesiredConfig } from '../desired/config.js';
import type { EventSink } from '../engine/events.js';
import { nameTargets } from '../engine/names.js';
import { callsSince, planChange, type IamReading, type PlannedChange } from '../engine/plan.js';
import { planChanges } from '../plan/planner.js';
import type { OrgSource } from '../read/source.js';
import { driftOf, type DriftItem } from './drift.js';
import { missingPolicies, recognizeRenames, renameCandidates, withFormerNames, type RecognizedRename } from './renames.js';

export interface DriftReport extends PlannedChange {
  /** The drift, in plan order. */
  items: DriftItem[];
  /** Declared policies found renamed by hand; `config` carries their live names as former names. */
  renames: RecognizedRename[];
  /** What reading cost. */
  read: { calls: Record<string, number>; seconds: number };
}

export async function detectDrift(source: OrgSource, config: DesiredConfig, onEvent: EventSink = () => {}, iam?: IamReading): Promise<DriftReport> {
  const started = Date.now();
  const before = { ...source.calls };
  onEvent({ type: 'read-started' });
  let planned = await planChange(source, config, false, undefined, iam);
  const renames = await findRenames(source, planned);
  if (renames.length > 0) {
    const renamed = withFormerNames(config, renames);
    const plan = planChanges(renamed, planned.state, { prune: false });
    planned = { ...planned, config: renamed, plan, names: await nameTargets(source, plan) };
  }
  const read = { calls: callsSince(before, source.calls), seconds: (Date.now() - started) / 1000 };
  onEvent({ type: 'read-finished', ...read });
  return { ...planned, items: driftOf(planned.plan, planned.state), renames, read };
}

/** Reads the content of the few policies that may be a missing declaration under another name, and matches them. */
async function findRenames(source: OrgSource, { config, state, plan }: PlannedChange): Promise<RecognizedRename[]> {
  if (!plan.steps.some((s) => s.action === 'create-policy')) return [];
  const missing = missingPolicies(config, state.policies.values());
  const candidates = renameCandidates(config, state, missing);
  await Promise.all(candidates.map(async (p) => (p.content ??= await source.policyContent(p.id))));
  return recognizeRenames(missing, candidates);
}
