// A copy of the organization that sees each write only some time after it committed. AWS serves reads from
// eventually consistent replicas (TwinOptions.consistencyLagMs) and computes effective policies asynchronously
// (TwinOptions.effectivePolicyLagMs); both are this, with their own lag. The replica replays the changes the
// authoritative state applied, in order, so once caught up it is identical to the state. Without a lag it is the
// state itself (no copy: a large seeded organization is not held twice).

import { applyChange, type Change, type OrgData } from './state.js';

/** Called whenever the replica's data changes: `change` is undefined when it was reset to a new organization. */
export type ReplicaListener = (data: OrgData, change: Change | undefined, at: number) => void;

export class LaggingReplica {
  private data: OrgData | undefined;
  private pending: { due: number; change: Change }[] = [];
  private changed = 0;

  constructor(
    private readonly lagMs: number,
    private readonly listener?: ReplicaListener,
  ) {}

  /** Starts over from `data` (CreateOrganization, or the organization the twin was given). */
  reset(data: OrgData, now: number): void {
    this.data = this.lagMs > 0 ? structuredClone(data) : data;
    this.pending = [];
    this.changed = now;
    this.listener?.(this.data, undefined, now);
  }

  /** A change the authoritative state has just applied at `now`. */
  record(change: Change, now: number): void {
    if (this.lagMs > 0) {
      this.pending.push({ due: now + this.lagMs, change });
    } else if (this.data) {
      this.changed = now;
      this.listener?.(this.data, change, now);
    }
  }

  /** The organization as seen at `now`: every change committed at least the lag ago. */
  at(now: number): OrgData | undefined {
    while (this.pending.length > 0 && this.pending[0].due <= now) {
      const { due, change } = this.pending.shift()!;
      applyChange(this.data!, change);
      this.changed = due;
      this.listener?.(this.data!, change, due);
    }
    return this.data;
  }

  /** When the data seen at the last `at` last changed (ms since epoch). */
  get changedAt(): number {
    return this.changed;
  }
}
