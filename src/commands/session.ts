// What plan and apply share: load org.yaml, connect, read the live organization, plan, and say how it went.

import { loadConfig } from '../desired/load.js';
import type { DesiredConfig } from '../desired/config.js';
import type { OrganizationsApi } from '../live/api.js';
import { connect, type ConnectOptions, type Connection } from '../live/connect.js';
import { nameTargets } from '../live/names.js';
import { readLive } from '../live/read.js';
import type { LiveState } from '../live/state.js';
import type { Plan } from '../plan/plan.js';
import { planChanges } from '../plan/planner.js';
import { showProgress } from './progress.js';

export interface SessionOptions extends ConnectOptions {
  config: string;
  prune: boolean;
}

export interface Session {
  config: DesiredConfig;
  connection: Connection;
  live: LiveState;
  plan: Plan;
  readCalls: Record<string, number>;
  readSeconds: number;
}

/** Loads, connects, reads and plans. The caller closes `session.connection`. */
export async function openSession(options: SessionOptions): Promise<Session> {
  const config = loadConfig(options.config); // before any connection: bad input never reaches AWS
  const connection = await connect(options);
  try {
    const started = Date.now();
    const { live, plan } = await readAndPlan(connection.api, config, options.prune);
    return { config, connection, live, plan, readCalls: { ...connection.api.calls }, readSeconds: (Date.now() - started) / 1000 };
  } catch (err) {
    await connection.close();
    throw err;
  }
}

export async function readAndPlan(api: OrganizationsApi, config: DesiredConfig, prune: boolean): Promise<{ live: LiveState; plan: Plan }> {
  const done = showProgress(api, 'Reading the organization');
  try {
    const live = await readLive(api, config, { prune });
    const plan = planChanges(config, live, { prune });
    await nameTargets(api, plan);
    return { live, plan };
  } finally {
    done();
  }
}

export function describeCalls(calls: Record<string, number>): string {
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  const parts = Object.entries(calls)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`);
  return `${total} API call${total === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
