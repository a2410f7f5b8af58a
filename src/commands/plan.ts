// `reconcile plan`: read, diff, print the ordered plan.

import { hasChanges } from '../plan/plan.js';
import { renderPlan } from '../render/text.js';
import type { Io } from './io.js';
import { describeCalls, openSession, type SessionOptions } from './session.js';

export interface PlanCommandOptions extends SessionOptions {
  detailedExitcode: boolean;
}

/** Returns the exit code: 0, or with --detailed-exitcode 0 for no changes and 2 for changes. */
export async function planCommand(options: PlanCommandOptions, io: Io): Promise<number> {
  const session = await openSession(options);
  try {
    io.out.write(header(session.live.organization, session.connection.description, session.readCalls, session.readSeconds));
    io.out.write(renderPlan(session.plan, io.colors));
    return options.detailedExitcode && hasChanges(session.plan) ? 2 : 0;
  } finally {
    await session.connection.close();
  }
}

export function header(org: { id: string; managementAccountId: string }, where: string, calls: Record<string, number>, seconds: number): string {
  return (
    `Organization ${org.id} (management account ${org.managementAccountId}), read from ${where}\n` +
    `Read in ${seconds.toFixed(1)}s with ${describeCalls(calls)}\n\n`
  );
}
