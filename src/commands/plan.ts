// `reconcile plan`: read, diff, print the ordered plan; optionally save it for `reconcile apply PLAN`.

import { savePlan } from '../gitops/saved-plan.js';
import { hasChanges, type Plan } from '../plan/plan.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderPlan } from '../render/text.js';
import type { Io } from './io.js';
import { describeCalls, openSession, type SessionOptions } from './session.js';

export type OutputFormat = 'text' | 'json' | 'markdown';

export interface PlanCommandOptions extends SessionOptions {
  detailedExitcode: boolean;
  format: OutputFormat;
  /** Save the plan here for `reconcile apply`. */
  out?: string;
}

/** Returns the exit code: 0, or with --detailed-exitcode 0 for no changes and 2 for changes. */
export async function planCommand(options: PlanCommandOptions, io: Io): Promise<number> {
  const session = await openSession(options);
  try {
    const { plan } = session;
    if (options.format === 'text') io.out.write(header(session.live.organization, session.connection.description, session.readCalls, session.readSeconds));
    io.out.write(render(plan, options.format, io));
    if (options.out) {
      savePlan(options.out, plan, session.config, session.live, options.prune);
      // Keep stdout to the plan itself for json and markdown, which are usually redirected.
      const notice = `Saved the plan to ${options.out}; apply exactly this plan with: reconcile apply ${options.out}\n`;
      (options.format === 'text' ? io.out : io.err).write(options.format === 'text' ? '\n' + notice : notice);
    }
    return options.detailedExitcode && hasChanges(plan) ? 2 : 0;
  } finally {
    await session.connection.close();
  }
}

export function render(plan: Plan, format: OutputFormat, io: Io): string {
  if (format === 'json') return renderJson(plan);
  if (format === 'markdown') return renderMarkdown(plan);
  return renderPlan(plan, io.colors);
}

export function header(org: { id: string; managementAccountId: string }, where: string, calls: Record<string, number>, seconds: number): string {
  return (
    `Organization ${org.id} (management account ${org.managementAccountId}), read from ${where}\n` +
    `Read in ${seconds.toFixed(1)}s with ${describeCalls(calls)}\n\n`
  );
}
