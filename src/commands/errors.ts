// How failures reach the user: what went wrong and what to do, never a stack trace for an expected failure.
// Every user-facing failure is a ReconcileError, whichever part found it; AWS's own errors and missing
// credentials are told apart here; anything else is a bug and says so with its message.

import { relative } from 'node:path';
import { ReconcileError, formatDiagnostic, type Diagnostic, type SourceLocation } from '../diagnostics/diagnostic.js';
import type { Io } from './io.js';

export function reportError(err: unknown, io: Io, env: NodeJS.ProcessEnv = process.env): void {
  const c = io.errColors;
  if (err instanceof ReconcileError) {
    io.err.write(`${c.red('Error:')} ${err.headline}\n`);
    for (const d of err.diagnostics) io.err.write(d.location ? `  ${formatDiagnostic(d)}\n` : `  - ${d.message}\n`);
    if (err.footer) io.err.write(`  ${err.footer}\n`);
    // In GitHub Actions, workflow commands on stdout put each located problem on the pull request's diff.
    if (env.GITHUB_ACTIONS === 'true') for (const d of err.diagnostics) if (d.location) io.out.write(annotation(d));
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

/**
 * Warnings about org.yaml (they do not stop the run) on standard error, each at its line; with `annotate`, in
 * GitHub Actions, also as workflow commands on standard output, so they show on the pull request's diff.
 */
export function reportWarnings(warnings: { location: SourceLocation; message: string }[], io: Io, annotate: boolean, env: NodeJS.ProcessEnv = process.env): void {
  for (const w of warnings) io.err.write(`${io.errColors.yellow('Warning:')} ${formatDiagnostic(w)}\n`);
  if (annotate && env.GITHUB_ACTIONS === 'true') for (const w of warnings) io.out.write(annotation({ severity: 'warning', ...w }));
}

/** A GitHub Actions `::error` (or `::warning`) workflow command, escaped as the runner expects. */
export function annotation(diagnostic: Diagnostic): string {
  const property = (v: string) => v.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
  const data = (v: string) => v.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const location = diagnostic.location!;
  const file = relative(process.cwd(), location.file) || location.file;
  return `::${diagnostic.severity} file=${property(file)},line=${location.line},col=${location.column},title=reconcile::${data(diagnostic.message)}\n`;
}
