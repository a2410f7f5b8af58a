// `reconcile drift`: read like `plan`, report what differs from org.yaml as drift (with --cloudtrail, who changed
// it and when), notify, and with --fix apply the steps that undo it, then check.

import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { SNSClient } from '@aws-sdk/client-sns';
import { tally } from '../apply/execute.js';
import { ORGANIZATIONS_EVENT_REGION } from '../aws/cloudtrail.js';
import { loadConfig } from '../desired/load.js';
import { userError } from '../diagnostics/diagnostic.js';
import { Attributor } from '../drift/attribution.js';
import { EventHistory } from '../drift/cloudtrail.js';
import { detectDrift, type DriftReport } from '../drift/detect.js';
import type { FixReport } from '../drift/document.js';
import { renderDriftJson } from '../drift/document.js';
import { driftNotification } from '../drift/notification.js';
import { renderDriftMarkdown } from '../drift/render-markdown.js';
import { renderDriftText } from '../drift/render-text.js';
import { parseSince } from '../drift/since.js';
import type { DriftView } from '../drift/view.js';
import { applyPlan, autoApprove } from '../engine/apply.js';
import type { EngineEvent } from '../engine/events.js';
import { verifyApplied } from '../engine/verify.js';
import { clientConfig, type AwsOptions } from '../live/connect.js';
import { Notifier } from '../notify/notifier.js';
import { parseNotifyTarget } from '../notify/targets.js';
import { inPlanOrder, stepLine } from '../render/apply-progress.js';
import { viewOf } from '../render/plan-view.js';
import { openConnection, type Connection, type ConnectionOptions } from './connection.js';
import { reportWarnings } from './errors.js';
import type { Io } from './io.js';
import { describeCalls, header, iamReading } from './planning.js';
import { showReading } from './progress.js';

export interface DriftCommandOptions extends ConnectionOptions {
  config: string;
  format: 'text' | 'json' | 'markdown';
  cloudtrail: boolean;
  /** How far back to search CloudTrail: "90d", "12h", or an ISO time. */
  since?: string;
  notify: string[];
  notifyAlways: boolean;
  fix: boolean;
  /** Waits between the checks after --fix, in ms. */
  verifyDelaysMs?: number[];
}

export const DEFAULT_SINCE = '90d';

/** 0: no drift (or --fix undid it); 2: drift; 1: an error, a fix that did not take, or a notification not delivered. */
export async function driftCommand(options: DriftCommandOptions, io: Io): Promise<number> {
  // Everything that can be checked is checked before anything is read.
  const config = loadConfig(options.config);
  reportWarnings(config.warnings, io, false);
  const targets = options.notify.map((value) => parseNotifyTarget(value, '--notify'));
  if (options.notifyAlways && targets.length === 0) throw userError('--notify-always needs --notify: say where to send the report');
  if (options.since !== undefined && !options.cloudtrail) throw userError('--since is how far back --cloudtrail searches: add --cloudtrail');
  const since = options.cloudtrail ? parseSince(options.since ?? DEFAULT_SINCE) : undefined;
  if (options.stateFile && options.cloudtrail) throw userError('--cloudtrail looks up who changed the live organization; a snapshot (--state) has no history');
  if (options.stateFile && options.fix) throw userError('--fix writes to the live organization; --state reads a snapshot');

  const connection = await openConnection(options);
  const aws: AwsOptions = connection.aws ?? options;
  try {
    const done = showReading(connection.source);
    let report: DriftReport;
    try {
      report = await detectDrift(connection.source, config, undefined, iamReading(connection, { ...options, prune: false }));
    } finally {
      done();
    }
    const view: DriftView = { items: report.items, remediation: viewOf(report.plan, report.names) };
    if (since) view.cloudTrail = { since, attributions: await attribute(report, aws, since) };
    if (options.format === 'text') io.out.write(header(report.state.organization, connection.description, report.read));

    if (options.format !== 'json') io.out.write(options.format === 'markdown' ? renderDriftMarkdown(view) : renderDriftText(view, io.colors));
    const fix = options.fix && report.items.length > 0 ? await applyFix(connection, report, view, options, io) : undefined;
    if (options.format === 'json') io.out.write(renderDriftJson(view, fix));
    else if (fix) io.out.write(`\n${fixSummary(fix)}\n`);

    const undelivered = await notify(targets, aws, view, report, fix, options, io);
    if (fix) return fix.status === 'applied' && fix.verified && !undelivered ? 0 : 1;
    if (undelivered) return 1;
    return report.items.length > 0 ? 2 : 0;
  } finally {
    await connection.close();
  }
}

/** Who made each change and when: CloudTrail's event history in us-east-1, where Organizations' events are. */
async function attribute(report: DriftReport, aws: AwsOptions, since: Date) {
  const client = new CloudTrailClient({ ...clientConfig(aws, ORGANIZATIONS_EVENT_REGION), maxAttempts: 1 });
  try {
    return await new Attributor(new EventHistory(client), since, report.config).attribute(report.items);
  } finally {
    client.destroy();
  }
}

function fixSummary(fix: FixReport): string {
  const count = (status: string) => fix.steps.filter((s) => s.status === status).length;
  const steps = `${count('done')} done, ${count('already-done')} already in place, ${count('failed')} failed, ${count('not-started')} not started`;
  if (fix.status !== 'applied') return `Fixing stopped (${fix.status}): ${steps}. Every step taken left the organization valid; run drift --fix again.`;
  return fix.verified ? `Fixed: ${steps}. Checked: what org.yaml owns now matches it.` : `Fixed: ${steps}; but reading again still finds drift (run reconcile drift).`;
}

/** Applies the remediation (the plan's steps, in order) and reads again to check that no drift is left. */
async function applyFix(connection: Connection, report: DriftReport, view: DriftView, options: DriftCommandOptions, io: Io): Promise<FixReport> {
  const text = options.format === 'text';
  const c = io.colors;
  if (text) io.out.write(`\n${c.bold('Fixing')}\n`);
  const inOrder = inPlanOrder((line) => io.out.write(line));
  const onEvent = (event: EngineEvent) => {
    if (text && (event.type === 'step-finished' || event.type === 'step-not-started')) inOrder(event.number, stepLine(view.remediation, event, c) ?? '');
  };
  const interrupt = new AbortController();
  const stop = () => interrupt.abort();
  process.on('SIGINT', stop).on('SIGTERM', stop);
  const result = await applyPlan(connection.api!, report.plan, { confirm: autoApprove, onEvent, signal: interrupt.signal, iam: connection.iamWrites }).finally(() =>
    process.off('SIGINT', stop).off('SIGTERM', stop),
  );
  if (text) io.out.write(`Applied in ${result.seconds.toFixed(1)}s with ${describeCalls(result.calls)}.\n\n`);
  const steps = result.outcomes.map((o, index) => ({ number: index + 1, status: o.status, ...(o.error ? { error: o.error } : {}) }));
  const applied = result.status === 'applied' && tally(result.outcomes).failed === 0;
  const verified = applied && (await verifyApplied(connection.source, report.config, false, { delaysMs: options.verifyDelaysMs, iam: iamReading(connection, { ...options, prune: false }) })).converged;
  return { status: result.status, steps, verified };
}

/** Sends the report where --notify says; returns whether any delivery failed (each failure is reported). */
async function notify(
  targets: ReturnType<typeof parseNotifyTarget>[],
  aws: AwsOptions,
  view: DriftView,
  report: DriftReport,
  fix: FixReport | undefined,
  options: DriftCommandOptions,
  io: Io,
): Promise<boolean> {
  if (targets.length === 0 || (report.items.length === 0 && !options.notifyAlways)) return false;
  const notifier = new Notifier(targets, (region) => new SNSClient(clientConfig(aws, region)));
  try {
    const deliveries = await notifier.send(driftNotification(view, fix && fixSummary(fix)));
    for (const d of deliveries.filter((d) => !d.ok)) io.err.write(`${io.errColors.red('Error:')} could not notify ${d.target}: ${d.error}\n`);
    return deliveries.some((d) => !d.ok);
  } finally {
    notifier.close();
  }
}
