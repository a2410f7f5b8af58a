// `reconcile apply`: plan, confirm, execute, then read again to check that the organization now matches.

import { existsSync } from 'node:fs';
import { loadConfig } from '../desired/load.js';
import { userError } from '../diagnostics/diagnostic.js';
import { tally } from '../apply/execute.js';
import { applyPlan, autoApprove, type Confirmation } from '../engine/apply.js';
import type { EngineEvent } from '../engine/events.js';
import type { PlannedChange } from '../engine/plan.js';
import { verifyApplied } from '../engine/verify.js';
import { changedFiles, compareWithFresh, configDigests, liveFingerprint, loadSavedPlan, SavedPlanError } from '../gitops/saved-plan.js';
import { hasChanges } from '../plan/plan.js';
import { inPlanOrder, resultJson, stepJson, stepLine } from '../render/apply-progress.js';
import { planDocument } from '../render/json.js';
import { viewOf, type PlanView } from '../render/plan-view.js';
import { renderPlan } from '../render/text.js';
import { stepText } from '../render/words.js';
import { openConnection, type Connection } from './connection.js';
import { reportWarnings } from './errors.js';
import type { Io } from './io.js';
import { describeCalls, header, iamReading, readAndPlan, type SessionOptions } from './planning.js';

export interface ApplyCommandOptions extends SessionOptions {
  autoApprove: boolean;
  /** text for people; json streams one JSON object per line (the plan, each step, the result) for CI systems. */
  format?: 'text' | 'json';
  /** A plan saved by `reconcile plan --out`: apply exactly that, or refuse if it is stale. */
  planFile?: string;
  /** Waits between the post-apply checks, in ms: reads may lag writes for a while. */
  verifyDelaysMs?: number[];
  enablePollMs?: number;
}

export async function applyCommand(options: ApplyCommandOptions, io: Io): Promise<number> {
  if (options.stateFile) {
    throw userError('apply writes to the live organization; --state reads a snapshot. Try the plan on a copy with: reconcile rehearse --state FILE');
  }
  if (options.format === 'json' && !options.autoApprove) {
    throw userError('apply --format json is for CI systems and asks no questions: pass --auto-approve');
  }
  if (options.planFile) return applySavedPlan(options, options.planFile, io);
  const config = loadConfig(options.config); // before any connection: bad input never reaches AWS
  reportWarnings(config.warnings, io, false);
  const connection = await openConnection(options);
  try {
    const planned = await readAndPlan(connection.source, config, options.prune, iamReading(connection, options));
    const view = viewOf(planned.plan, planned.names);
    if (options.format !== 'json') {
      io.out.write(header(planned.state.organization, connection.description, planned.read));
      io.out.write(renderPlan(view, io.colors));
    }
    return await confirmAndExecute(connection, planned, view, options, io);
  } finally {
    await connection.close();
  }
}

/** Applies a reviewed plan: only if the organization and the files are still as they were when it was made. */
async function applySavedPlan(options: ApplyCommandOptions, planFile: string, io: Io): Promise<number> {
  const saved = loadSavedPlan(planFile);
  if (!existsSync(saved.config.path)) {
    // -c does not apply here: a saved plan is tied to the org.yaml it was made from.
    throw new SavedPlanError(
      `${planFile} was made from ${saved.config.path}, which is not here. Run apply from the folder plan ran in (the repository root in CI).`,
    );
  }
  const config = loadConfig(saved.config.path);
  const files = changedFiles(saved, configDigests(config));
  if (files.length > 0) {
    throw new SavedPlanError(`${planFile} is stale: org.yaml or its policy files changed since the plan was made. Plan again and review.`, files);
  }
  const connection = await openConnection(options);
  try {
    const planned = await readAndPlan(connection.source, config, saved.prune, iamReading(connection, options));
    const { state, plan } = planned;
    if (state.organization.id !== saved.organization.id) {
      throw new SavedPlanError(`${planFile} is for organization ${saved.organization.id}, but the credentials reach ${state.organization.id}.`);
    }
    const view = viewOf(plan, planned.names);
    const text = options.format !== 'json';
    if (text) io.out.write(header(state.organization, connection.description, planned.read));
    const verdict = compareWithFresh(saved.plan, plan);
    const total = saved.plan.steps.length;
    switch (verdict.kind) {
      case 'done':
        if (text) io.out.write(io.colors.green(`All ${total} steps of ${planFile} are already in place; nothing to do.\n`));
        else io.out.write(resultJson(undefined, true));
        return 0;
      case 'stale':
        throw new SavedPlanError(`${planFile} is stale: the organization changed since the plan was made. Plan again and review.`, [
          ...verdict.added.map((s) => `now also needed: ${stepText(view, s)}`),
          ...verdict.dropped.map((s) => `no longer needed: ${stepText(view, s)}`),
          `live state when planned: ${saved.liveFingerprint}; now: ${liveFingerprint(state)}`,
        ]);
      case 'partly-done':
        if (text) io.out.write(`${verdict.done} of the ${total} reviewed steps are already in place; applying the other ${plan.steps.length}.\n\n`);
        break;
      case 'unchanged':
        if (text) io.out.write(`The organization is as it was when ${planFile} was made; applying it as reviewed.\n\n`);
        break;
    }
    if (text) io.out.write(renderPlan(view, io.colors));
    return await confirmAndExecute(connection, { ...planned, prune: saved.prune }, view, options, io);
  } finally {
    await connection.close();
  }
}

async function confirmAndExecute(connection: Connection, planned: PlannedChange, view: PlanView, options: ApplyCommandOptions, io: Io): Promise<number> {
  const { plan } = planned;
  const json = options.format === 'json';
  if (json) io.out.write(JSON.stringify({ type: 'plan', plan: planDocument(view) }) + '\n');
  if (!hasChanges(plan)) {
    if (json) io.out.write(resultJson(undefined, true));
    return 0;
  }
  const confirm = confirmation(options, plan.steps.length, plan.organizationId, io);
  if (!confirm) {
    io.err.write(`${io.errColors.red('Error:')} apply needs confirmation and there is no terminal to ask on; pass --auto-approve to apply without asking.\n`);
    return 1;
  }
  const c = io.colors;
  if (!json) io.out.write(`\n${c.bold('Applying')}\n`);
  const inOrder = inPlanOrder((line) => io.out.write(line));
  const interrupt = new AbortController();
  let finishedInFlight = 0;
  const onEvent = (event: EngineEvent) => {
    if (event.type !== 'step-started' && event.type !== 'step-finished' && event.type !== 'step-not-started') return;
    if (event.type === 'step-finished' && interrupt.signal.aborted) finishedInFlight++;
    // JSON lines go out as things happen (each carries its number); lines for people in plan order.
    if (json) io.out.write(stepJson(view, event));
    else if (event.type !== 'step-started') inOrder(event.number, stepLine(view, event, c) ?? '');
  };
  const stop = () => {
    if (interrupt.signal.aborted) return;
    io.err.write(`\n${io.errColors.yellow('Interrupted:')} no new step starts; waiting for the calls in flight to finish.\n`);
    interrupt.abort();
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
  const result = await applyPlan(connection.api!, plan, { confirm, onEvent, enablePollMs: options.enablePollMs, signal: interrupt.signal, iam: connection.iamWrites, parallelAccounts: options.parallelAccounts }).finally(() =>
    process.off('SIGINT', stop).off('SIGTERM', stop),
  );
  if (result.status === 'cancelled') {
    io.out.write('Apply cancelled; nothing was written.\n');
    return 1;
  }
  const report = tally(result.outcomes);
  if (!json) {
    io.out.write(
      `\nApplied in ${result.seconds.toFixed(1)}s with ${describeCalls(result.calls)}: ` +
        `${report.done} done, ${report.alreadyDone} already in place, ${report.failed} failed, ${report.notStarted} not started.\n`,
    );
  }
  if (result.status === 'interrupted') {
    if (json) io.out.write(resultJson(result, undefined));
    const notStarted = result.outcomes.filter((o) => o.status === 'not-started');
    const done = report.done + report.alreadyDone;
    io.err.write(
      `${io.errColors.yellow('Interrupted:')} ${done - finishedInFlight} steps done, ${finishedInFlight} finished in flight, ${notStarted.length} not started:\n`,
    );
    for (const o of notStarted) io.err.write(`    ${stepText(view, o.step)}\n`);
    io.err.write('  Every step taken left the organization valid. Run apply again to finish: it plans from the live state.\n');
    // The shell's convention for a command ended by SIGINT.
    return 130;
  }
  if (result.status === 'failed') {
    if (json) io.out.write(resultJson(result, undefined));
    io.err.write(`${io.errColors.red('Error:')} apply stopped at a permanent error. Every step taken left the organization valid.\n`);
    for (const o of result.outcomes.filter((o) => o.status === 'failed')) io.err.write(`  failed: ${stepText(view, o.step)}: ${o.error}\n`);
    const notStarted = result.outcomes.filter((o) => o.status === 'not-started');
    if (notStarted.length) {
      io.err.write(`  not started (${notStarted.length}):\n`);
      for (const o of notStarted) io.err.write(`    ${stepText(view, o.step)}\n`);
    }
    io.err.write('  Fix the cause and run apply again: it plans from the live state and converges.\n');
    return 1;
  }
  const verification = await verifyApplied(connection.source, planned.config, planned.prune, { delaysMs: options.verifyDelaysMs, iam: iamReading(connection, options) });
  if (json) io.out.write(resultJson(result, verification.converged));
  if (verification.converged) {
    if (!json) io.out.write(io.colors.green(`Checked: organization ${plan.organizationId} now matches org.yaml.\n`));
    return 0;
  }
  io.err.write(`${io.errColors.yellow('Warning:')} after applying, the organization still differs from org.yaml:\n`);
  io.err.write(renderPlan(viewOf(verification.last.plan, verification.last.names), io.errColors));
  return 1;
}

/** The confirmation policy: --auto-approve, or "yes" typed on a terminal; undefined when neither can be had. */
function confirmation(options: ApplyCommandOptions, count: number, organizationId: string, io: Io): Confirmation | undefined {
  if (options.autoApprove) return autoApprove;
  const ask = io.ask;
  if (!ask) return undefined;
  return async () => {
    const answer = await ask(`\nApply these ${count} changes to ${organizationId}? Only "yes" is accepted: `);
    return answer.trim() === 'yes';
  };
}

