// `reconcile plan`: read, diff, print the ordered plan; optionally save it for `reconcile apply PLAN`.

import { loadConfig } from '../desired/load.js';
import { savePlan } from '../gitops/saved-plan.js';
import { hasChanges } from '../plan/plan.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import type { PlanView } from '../render/plan-view.js';
import { viewOf } from '../render/plan-view.js';
import { renderPlan } from '../render/text.js';
import { openConnection } from './connection.js';
import { outputFile } from './output-file.js';
import { reportWarnings } from './errors.js';
import type { Io } from './io.js';
import { header, iamReading, readAndPlan, type SessionOptions } from './planning.js';

export type OutputFormat = 'text' | 'json' | 'markdown';

export interface PlanCommandOptions extends SessionOptions {
  detailedExitcode: boolean;
  format: OutputFormat;
  /** Save the plan here for `reconcile apply`. */
  out?: string;
}

/** Returns the exit code: 0, or with --detailed-exitcode 0 for no changes and 2 for changes. */
export async function planCommand(options: PlanCommandOptions, io: Io): Promise<number> {
  const config = loadConfig(options.config); // before any connection: bad input never reaches AWS
  reportWarnings(config.warnings, io, false);
  const out =
    options.out === undefined
      ? undefined
      : outputFile(options.out, '--out', { stdout: false, why: 'standard output carries the plan itself (--format json gives it as a document)' });
  const connection = await openConnection(options);
  try {
    const planned = await readAndPlan(connection.source, config, options.prune, iamReading(connection, options));
    const view = viewOf(planned.plan, planned.names);
    if (options.format === 'text') io.out.write(header(planned.state.organization, connection.description, planned.read));
    io.out.write(render(view, options.format, io));
    if (out?.kind === 'file') {
      savePlan(out.path, planned.plan, config, planned.state, options.prune);
      // Keep stdout to the plan itself for json and markdown, which are usually redirected.
      const notice = `Saved the plan to ${options.out}; apply exactly this plan with: reconcile apply ${options.out}\n`;
      (options.format === 'text' ? io.out : io.err).write(options.format === 'text' ? '\n' + notice : notice);
    }
    return options.detailedExitcode && hasChanges(planned.plan) ? 2 : 0;
  } finally {
    await connection.close();
  }
}

export function render(view: PlanView, format: OutputFormat, io: Io): string {
  if (format === 'json') return renderJson(view);
  if (format === 'markdown') return renderMarkdown(view);
  return renderPlan(view, io.colors);
}
