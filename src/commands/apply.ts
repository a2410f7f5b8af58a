// `reconcile apply`: plan, confirm, execute, then read again to check that the organization now matches.

import { executePlan, type StepOutcome } from '../apply/execute.js';
import { hasChanges, type Plan, type Step } from '../plan/plan.js';
import { policyLabel, renderPlan, shortType, targetLabel } from '../render/text.js';
import type { Io } from './io.js';
import { header } from './plan.js';
import { describeCalls, openSession, readAndPlan, type SessionOptions } from './session.js';
import type { OrganizationsApi } from '../live/api.js';
import type { DesiredConfig } from '../desired/config.js';
import { existsSync } from 'node:fs';
import { loadConfig } from '../desired/load.js';
import { connect } from '../live/connect.js';
import { changedFiles, compareWithFresh, configDigests, liveFingerprint, loadSavedPlan, SavedPlanError } from '../gitops/saved-plan.js';

export interface ApplyCommandOptions extends SessionOptions {
  autoApprove: boolean;
  /** A plan saved by `reconcile plan --out`: apply exactly that, or refuse if it is stale. */
  planFile?: string;
  /** Waits between the post-apply checks, in ms: reads may lag writes for a while. */
  verifyDelaysMs?: number[];
  enablePollMs?: number;
}

export async function applyCommand(options: ApplyCommandOptions, io: Io): Promise<number> {
  if (options.planFile) return applySavedPlan(options, options.planFile, io);
  const session = await openSession(options);
  try {
    io.out.write(header(session.live.organization, session.connection.description, session.readCalls, session.readSeconds));
    io.out.write(renderPlan(session.plan, io.colors));
    if (!hasChanges(session.plan)) return 0;
    return await confirmAndExecute(session.connection.api, session.config, session.plan, options, io);
  } finally {
    await session.connection.close();
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
  const connection = await connect(options);
  try {
    const started = Date.now();
    const { live, plan } = await readAndPlan(connection.api, config, saved.prune);
    if (live.organization.id !== saved.organization.id) {
      throw new SavedPlanError(`${planFile} is for organization ${saved.organization.id}, but the credentials reach ${live.organization.id}.`);
    }
    io.out.write(header(live.organization, connection.description, connection.api.calls, (Date.now() - started) / 1000));
    const verdict = compareWithFresh(saved.plan, plan);
    const total = saved.plan.steps.length;
    switch (verdict.kind) {
      case 'done':
        io.out.write(io.colors.green(`All ${total} steps of ${planFile} are already in place; nothing to do.\n`));
        return 0;
      case 'stale':
        throw new SavedPlanError(`${planFile} is stale: the organization changed since the plan was made. Plan again and review.`, [
          ...verdict.added.map((s) => `now also needed: ${describeStep(s)}`),
          ...verdict.dropped.map((s) => `no longer needed: ${describeStep(s)}`),
          `live state when planned: ${saved.liveFingerprint}; now: ${liveFingerprint(live)}`,
        ]);
      case 'partly-done':
        io.out.write(`${verdict.done} of the ${total} reviewed steps are already in place; applying the other ${plan.steps.length}.\n\n`);
        break;
      case 'unchanged':
        io.out.write(`The organization is as it was when ${planFile} was made; applying it as reviewed.\n\n`);
        if (total === 0) {
          io.out.write(renderPlan(plan, io.colors));
          return 0;
        }
        break;
    }
    io.out.write(renderPlan(plan, io.colors));
    return await confirmAndExecute(connection.api, config, plan, { ...options, prune: saved.prune }, io);
  } finally {
    await connection.close();
  }
}

async function confirmAndExecute(api: OrganizationsApi, config: DesiredConfig, plan: Plan, options: ApplyCommandOptions, io: Io): Promise<number> {
  const c = io.colors;
  if (!options.autoApprove) {
    if (!io.ask) {
      io.err.write(`${io.errColors.red('Error:')} apply needs confirmation and there is no terminal to ask on; pass --auto-approve to apply without asking.\n`);
      return 1;
    }
    const answer = await io.ask(`\nApply these ${plan.steps.length} changes to ${plan.organizationId}? Only "yes" is accepted: `);
    if (answer.trim() !== 'yes') {
      io.out.write('Apply cancelled; nothing was written.\n');
      return 1;
    }
  }

  io.out.write(`\n${c.bold('Applying')}\n`);
  const before = { ...api.calls };
  const started = Date.now();
  const outcomes = await executePlan(api, plan, {
    enablePollMs: options.enablePollMs,
    onStep: (outcome, index) => io.out.write(`  ${statusMark(outcome, io)} ${index + 1}. ${describeStep(outcome.step)}${outcome.error ? ` — ${outcome.error}` : ''}\n`),
  });
  const writeCalls = difference(api.calls, before);
  const report = tally(outcomes);
  io.out.write(
    `\nApplied in ${((Date.now() - started) / 1000).toFixed(1)}s with ${describeCalls(writeCalls)}: ` +
      `${report.done} done, ${report.already} already in place, ${report.failed} failed, ${report.notStarted} not started.\n`,
  );
  if (report.failed > 0) {
    io.err.write(`${io.errColors.red('Error:')} apply stopped at a permanent error. Every step taken left the organization valid.\n`);
    for (const o of outcomes.filter((o) => o.status === 'failed')) io.err.write(`  failed: ${describeStep(o.step)}: ${o.error}\n`);
    const notStarted = outcomes.filter((o) => o.status === 'not-started');
    if (notStarted.length) {
      io.err.write(`  not started (${notStarted.length}):\n`);
      for (const o of notStarted) io.err.write(`    ${describeStep(o.step)}\n`);
    }
    io.err.write('  Fix the cause and run apply again: it plans from the live state and converges.\n');
    return 1;
  }
  return await verify(api, config, options, io);
}

/** Reads again; a difference may only be a read that lags the writes, so look a few times before reporting it. */
async function verify(api: OrganizationsApi, config: DesiredConfig, options: ApplyCommandOptions, io: Io): Promise<number> {
  const delays = options.verifyDelaysMs ?? [0, 2_000, 5_000, 10_000];
  let plan: Plan | undefined;
  for (const delay of delays) {
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    plan = (await readAndPlan(api, config, options.prune)).plan;
    if (!hasChanges(plan)) {
      io.out.write(io.colors.green(`Checked: organization ${plan.organizationId} now matches org.yaml.\n`));
      return 0;
    }
  }
  io.err.write(`${io.errColors.yellow('Warning:')} after applying, the organization still differs from org.yaml:\n`);
  io.err.write(renderPlan(plan!, io.errColors));
  return 1;
}

export function describeStep(step: Step): string {
  switch (step.action) {
    case 'enable-policy-type':
      return `enable ${step.policyType}`;
    case 'create-policy':
      return `create ${shortType(step.policy.type)} ${step.policy.name}`;
    case 'update-policy':
      return `update ${shortType(step.policy.type)} ${policyLabel(step.policy)}`;
    case 'delete-policy':
      return `delete ${shortType(step.policy.type)} ${policyLabel(step.policy)}`;
    case 'attach':
      return `attach ${shortType(step.policy.type)} ${step.policy.name} to ${targetLabel(step.target)}`;
    case 'detach':
      return `detach ${shortType(step.policy.type)} ${step.policy.name} from ${targetLabel(step.target)}`;
  }
}

function statusMark(outcome: StepOutcome, io: Io): string {
  const c = io.colors;
  return outcome.status === 'done' ? c.green('✓') : outcome.status === 'already' ? c.dim('=') : c.red('✗');
}

function tally(outcomes: StepOutcome[]) {
  return {
    done: outcomes.filter((o) => o.status === 'done').length,
    already: outcomes.filter((o) => o.status === 'already').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    notStarted: outcomes.filter((o) => o.status === 'not-started').length,
  };
}

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [op, n] of Object.entries(after)) if (n - (before[op] ?? 0) > 0) out[op] = n - (before[op] ?? 0);
  return out;
}
