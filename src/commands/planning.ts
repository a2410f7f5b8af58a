// What plan, apply and rehearse share on the command line: options, the read with its progress line, and the
// header that says where the organization was read from and at what cost.

import type { DesiredConfig } from '../desired/config.js';
import type { EngineEvent } from '../engine/events.js';
import { planChange, type PlannedChange } from '../engine/plan.js';
import type { OrgSource } from '../read/source.js';
import type { ConnectionOptions } from './connection.js';
import { showReading, totalCalls } from './progress.js';

export interface SessionOptions extends ConnectionOptions {
  config: string;
  prune: boolean;
}

export interface ReadReport {
  calls: Record<string, number>;
  seconds: number;
}

/** Reads and plans with a progress line on a terminal; also returns what the read cost. */
export async function readAndPlan(source: OrgSource, config: DesiredConfig, prune: boolean): Promise<PlannedChange & { read: ReadReport }> {
  const done = showReading(source);
  let read: ReadReport = { calls: {}, seconds: 0 };
  const onEvent = (event: EngineEvent) => {
    if (event.type === 'read-finished') read = { calls: event.calls, seconds: event.seconds };
  };
  try {
    return { ...(await planChange(source, config, prune, onEvent)), read };
  } finally {
    done();
  }
}

export function describeCalls(calls: Record<string, number>): string {
  const total = totalCalls(calls);
  const parts = Object.entries(calls)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`);
  return `${total} API call${total === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

export function header(org: { id: string; managementAccountId: string }, where: string, read: ReadReport): string {
  return (
    `Organization ${org.id} (management account ${org.managementAccountId}), read from ${where}\n` +
    `Read in ${read.seconds.toFixed(1)}s with ${describeCalls(read.calls)}\n\n`
  );
}
