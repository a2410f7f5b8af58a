// What plan, apply and rehearse share on the command line: options, the read with its progress line, and the
// header that says where the organization was read from and at what cost.

import type { DesiredConfig } from '../desired/config.js';
import type { EngineEvent } from '../engine/events.js';
import { planChange, type IamReading, type PlannedChange } from '../engine/plan.js';
import { DEFAULT_PARALLEL_ACCOUNTS } from '../read/read-iam.js';
import type { OrgSource } from '../read/source.js';
import type { Connection, ConnectionOptions } from './connection.js';
import { showReading, totalCalls } from './progress.js';

export interface SessionOptions extends ConnectionOptions {
  config: string;
  prune: boolean;
  /** Accounts whose IAM is read (and written) at once, for iamRoles. */
  parallelAccounts?: number;
  /** With iamRoles: plan the accounts that can be reached, and report the others. */
  skipUnreachable?: boolean;
}

/** How a session reads the accounts' IAM, when the connection has it. */
export function iamReading(connection: Connection, options: SessionOptions): IamReading | undefined {
  if (!connection.iam) return undefined;
  return { source: connection.iam, parallelAccounts: options.parallelAccounts ?? DEFAULT_PARALLEL_ACCOUNTS, skipUnreachable: options.skipUnreachable ?? false };
}

export interface ReadReport {
  calls: Record<string, number>;
  seconds: number;
}

/** Reads and plans with a progress line on a terminal; also returns what the read cost. */
export async function readAndPlan(source: OrgSource, config: DesiredConfig, prune: boolean, iam?: IamReading): Promise<PlannedChange & { read: ReadReport }> {
  const done = showReading(source);
  let read: ReadReport = { calls: {}, seconds: 0 };
  const onEvent = (event: EngineEvent) => {
    if (event.type === 'read-finished') read = { calls: event.calls, seconds: event.seconds };
  };
  try {
    return { ...(await planChange(source, config, prune, onEvent, iam)), read };
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
