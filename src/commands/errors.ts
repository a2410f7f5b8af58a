// How failures reach the user: what went wrong and what to do, never a stack trace for an expected failure.

import { ConfigError, formatProblem } from '../desired/problems.js';
import { PlanRefused } from '../plan/planner.js';
import { FixtureError } from '../twin/seed.js';
import type { Io } from './io.js';

export function reportError(err: unknown, io: Io): void {
  const c = io.errColors;
  if (err instanceof ConfigError) {
    io.err.write(`${c.red('Error:')} ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} found; nothing was written to AWS.\n`);
    for (const problem of err.problems) io.err.write(`  ${formatProblem(problem)}\n`);
    return;
  }
  if (err instanceof PlanRefused) {
    io.err.write(`${c.red('Error:')} the change cannot be made safely; nothing was written to AWS.\n`);
    for (const reason of err.reasons) io.err.write(`  - ${reason}\n`);
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
