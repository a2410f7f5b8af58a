// Rehearsal: apply the plan to a copy of the organization in the Organizations twin, with AWS's rules enforced,
// then plan again to check that it converges. It catches a plan AWS would refuse before anything touches the
// real organization, and counts the calls apply will make.
//
// The twin enforces AWS's quotas. org.yaml's `limits:` may lower them (an organization still on the old SCP
// maximum of 5) but never raise them: a raised limit is exactly what AWS would refuse.

import { executePlan, type StepOutcome } from '../apply/execute.js';
import { defaultLimits, type LimitOverrides } from '../aws/policy-types.js';
import { awsRateOf } from '../aws/rate-limits.js';
import type { DesiredConfig } from '../desired/config.js';
import { planChange, type PlannedChange } from '../engine/plan.js';
import { ApiSource } from '../live/api-source.js';
import { connectToAws } from '../live/connect.js';
import type { OrgState } from '../model/org-state.js';
import { hasChanges } from '../plan/plan.js';
import { orgDataFromState } from '../twin/from-state.js';
import { DEFAULT_PARALLEL_ACCOUNTS } from '../read/read-iam.js';
import { OrganizationsTwin } from '../twin/server.js';

export interface Rehearsal {
  planned: PlannedChange;
  outcomes: StepOutcome[];
  /** Write calls the apply made in the twin, per operation (retries excluded: there are none there). */
  writeCalls: Record<string, number>;
  /** Seconds those calls take at AWS's documented rates, at the least. */
  floorSeconds: number;
  /** The plan after applying: empty when the rehearsal converged. */
  after: PlannedChange | undefined;
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

/**
 * Rehearses `config` against a complete model of the organization (a snapshot, or a read of everything), with
 * the accounts' IAM roles org.yaml names when the model holds them (model's `iam`). IAM's quota of policies per
 * role is the account's, which no read here tells: the twin takes org.yaml's `limits.IAM_ROLE`.
 */
export async function rehearse(organization: OrgState, config: DesiredConfig, prune: boolean, options: { skipUnreachable?: boolean } = {}): Promise<Rehearsal> {
  const memberRoles = [...new Set(config.iamRoles.map((e) => e.memberRole))];
  const accountIds = [...(organization.iam?.accounts.keys() ?? [])];
  const twin = new OrganizationsTwin({
    organization: orgDataFromState(organization, { memberRoles }),
    limits: rehearsalLimits(config),
    iam: {
      unassumableAccounts: [...(organization.iam?.unreachable.keys() ?? [])],
      policiesPerRoleQuota: Object.fromEntries(accountIds.map((id) => [id, config.iamRoleLimits.maxAttachments])),
    },
  });
  const endpoint = await twin.start();
  // The twin does not throttle, so the rehearsal need not wait: it reports the time AWS's rates would take.
  const aws = connectToAws({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'rehearsal', secretAccessKey: 'rehearsal' }, api: { rateLimited: false, maxAttempts: 1 } });
  const source = new ApiSource(aws.api);
  const iam = organization.iam ? { source: aws.iam, parallelAccounts: DEFAULT_PARALLEL_ACCOUNTS, skipUnreachable: options.skipUnreachable ?? false } : undefined;
  try {
    const planned = await planChange(source, config, prune, undefined, iam);
    const calls = () => ({ ...aws.api.calls, ...aws.iam.calls });
    const before = calls();
    const outcomes = await executePlan(aws.api, planned.plan, { enablePollMs: 1, iam: aws.iam });
    const writeCalls: Record<string, number> = {};
    for (const [op, n] of Object.entries(calls())) {
      const made = n - (before[op] ?? 0);
      if (made > 0 && !/^(List|Describe|iam:Get|iam:List|sts:)/.test(op)) writeCalls[op] = made;
    }
    // IAM's writes are paced per account, side by side: Organizations' writes set the floor.
    const organizationsWrites = Object.entries(writeCalls).filter(([op]) => !op.includes(':'));
    const floorSeconds = Math.max(0, ...organizationsWrites.map(([op, n]) => Math.max(0, n - awsRateOf(op).burst) / awsRateOf(op).perSecond));
    const failed = outcomes.some((o) => o.status === 'failed');
    const after = failed ? undefined : await planChange(source, config, prune, undefined, iam);
    return { planned, outcomes, writeCalls, floorSeconds, after };
  } finally {
    aws.close();
    await twin.stop();
  }
}

export function converged(rehearsal: Rehearsal): boolean {
  return rehearsal.after !== undefined && !hasChanges(rehearsal.after.plan);
}
