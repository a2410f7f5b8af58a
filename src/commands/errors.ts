// How failures reach the user: what went wrong and what to do, never a stack trace for an expected failure.

import { relative } from 'node:path';
import { ConfigError, formatProblem, type Problem } from '../desired/problems.js';
import { SavedPlanError } from '../gitops/saved-plan.js';
import { SnapshotError } from '../adoption/snapshot.js';
import { PlanRefused } from '../plan/planner.js';
import { FixtureError } from '../twin/seed.js';
import type { Io } from './io.js';

export function reportError(err: unknown, io: Io, env: NodeJS.ProcessEnv = process.env): void {
  const c = io.errColors;
  if (err instanceof ConfigError) {
    io.err.write(`${c.red('Error:')} ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} found; nothing was written to AWS.\n`);
    for (const problem of err.problems) io.err.write(`  ${formatProblem(problem)}\n`);
    // In GitHub Actions, workflow commands on stdout put each problem on the pull request's diff.
    if (env.GITHUB_ACTIONS === 'true') for (const problem of err.problems) io.out.write(annotation(problem));
    return;
  }
  if (err instanceof SavedPlanError) {
    io.err.write(`${c.red('Error:')} ${err.message}\n`);
    for (const detail of err.details) io.err.write(`  - ${detail}\n`);
    io.err.write('  Nothing was written to AWS.\n');
    return;
  }
  if (err instanceof PlanRefused) {
    io.err.write(`${c.red('Error:')} the change cannot be made safely; nothing was written to AWS.\n`);
    for (const reason of err.reasons) io.err.write(`  - ${reason}\n`);
    return;
  }
  if (err instanceof SnapshotError) {
    io.err.write(`${c.red('Error:')} ${err.message}\n`);
    return;
  }
  if (err instanceof FixtureError) {
    io.err.write(`${c.red('Error:')} twin seed: ${err.message}\n`);
    return;
  }
  const e = err as { name?: string; message?: string; $metadata?: unknown };
  if (e?.$metadata) {
    io.err.write(`${c.red('Error:')} AWS answered ${e.name}: ${e.message}\n`);
    if (e.name === 'AccessDeniedException') {
      io.err.write('  reconcile must run in the management account or a delegated administrator for policy management.\n');
    }
    return;
  }
  if (e?.name === 'CredentialsProviderError') {
    io.err.write(`${c.red('Error:')} no AWS credentials found (${e.message}). Set AWS_PROFILE, pass --profile, or try --twin FILE.\n`);
    return;
  }
  io.err.write(`${c.red('Error:')} ${e?.message ?? String(err)}\n`);
}

/** A GitHub Actions `::error` workflow command, escaped as the runner expects. */
export function annotation(problem: Problem): string {
  const property = (v: string) => v.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
  const data = (v: string) => v.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const file = relative(process.cwd(), problem.location.file) || problem.location.file;
  return `::error file=${property(file)},line=${problem.location.line},col=${problem.location.column},title=reconcile::${data(problem.message)}\n`;
}
