// After apply: read again and plan again. Reads may lag writes for a while (eventual consistency), so a
// difference is looked at a few times before it is reported.

import type { DesiredConfig } from '../desired/config.js';
import type { OrgSource } from '../read/source.js';
import type { EventSink } from './events.js';
import { planChange, type IamReading, type PlannedChange } from './plan.js';

export const VERIFY_DELAYS_MS = [0, 2_000, 5_000, 10_000];

export interface Verification {
  converged: boolean;
  /** The last plan made: empty when converged. */
  last: PlannedChange;
}

export async function verifyApplied(
  source: OrgSource,
  config: DesiredConfig,
  prune: boolean,
  options: { delaysMs?: number[]; onEvent?: EventSink; iam?: IamReading } = {},
): Promise<Verification> {
  const delays = options.delaysMs ?? VERIFY_DELAYS_MS;
  let last: PlannedChange | undefined;
  for (const [attempt, delay] of delays.entries()) {
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    options.onEvent?.({ type: 'verify-started', attempt: attempt + 1 });
    last = await planChange(source, config, prune, undefined, options.iam);
    if (last.plan.steps.length === 0) return { converged: true, last };
  }
  return { converged: false, last: last! };
}
