// Rehearsal: apply the plan to a copy of the organization in the Organizations twin, with AWS's rules enforced,
// then plan again to check that it converges. It catches a plan AWS would refuse before anything touches the
// real organization, and counts the calls apply will make.
//
// The twin enforces AWS's quotas. org.yaml's `limits:` may lower them (an organization still on the old SCP
// maximum of 5) but never raise them: a raised limit is exactly what AWS would refuse.

import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { defaultLimits, type LimitOverrides } from '../aws/policy-types.js';
import { awsRateOf } from '../aws/rate-limits.js';
import { executePlan, type StepOutcome } from '../apply/execute.js';
import type { DesiredConfig } from '../desired/config.js';
import { OrganizationsApi } from '../live/api.js';
import { readLive } from '../live/read.js';
import { hasChanges, type Plan } from '../plan/plan.js';
import { planChanges } from '../plan/planner.js';
import { OrganizationsTwin } from '../twin/server.js';
import { snapshotToOrgData, type Snapshot } from './snapshot.js';

export interface Rehearsal {
  plan: Plan;
  outcomes: StepOutcome[];
  /** Write calls the apply made in the twin, per operation (retries excluded: there are none there). */
  writeCalls: Record<string, number>;
  /** Seconds those calls take at AWS's documented rates, at the least. */
  floorSeconds: number;
  /** The plan after applying: empty when the rehearsal converged. */
  after: Plan | undefined;
}

export function rehearsalLimits(config: DesiredConfig): LimitOverrides {
  const out: LimitOverrides = {};
  for (const [type, override] of Object.entries(config.limits)) {
    const aws = defaultLimits(type);
    out[type] = {
      ...(override.maxAttachments !== undefined ? { maxAttachments: Math.min(aws.maxAttachments, override.maxAttachments) } : {}),
      ...(override.maxSize !== undefined ? { maxSize: Math.min(aws.maxSize, override.maxSize) } : {}),
    };
  }
  return out;
}

export async function rehearse(snapshot: Snapshot, config: DesiredConfig, prune: boolean): Promise<Rehearsal> {
  const twin = new OrganizationsTwin({ organization: snapshotToOrgData(snapshot), limits: rehearsalLimits(config) });
  const endpoint = await twin.start();
  const client = new OrganizationsClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'rehearsal', secretAccessKey: 'rehearsal' }, maxAttempts: 1 });
  // The twin does not throttle, so the rehearsal need not wait: it reports the time AWS's rates would take.
  const api = new OrganizationsApi(client, { rateLimited: false, maxAttempts: 1 });
  try {
    const plan = planChanges(config, await readLive(api, config, { prune }), { prune });
    twin.clearLog();
    const outcomes = await executePlan(api, plan, { enablePollMs: 1 });
    const writeCalls = twin.callCounts();
    delete writeCalls.ListRoots; // polling for enabled types is not a write
    const floorSeconds = Math.max(0, ...Object.entries(writeCalls).map(([op, n]) => Math.max(0, n - awsRateOf(op).burst) / awsRateOf(op).perSecond));
    const failed = outcomes.some((o) => o.status === 'failed');
    const after = failed ? undefined : planChanges(config, await readLive(api, config, { prune }), { prune });
    return { plan, outcomes, writeCalls, floorSeconds, after };
  } finally {
    client.destroy();
    await twin.stop();
  }
}

export function converged(rehearsal: Rehearsal): boolean {
  return rehearsal.after !== undefined && !hasChanges(rehearsal.after);
}
