// One shape for every problem reconcile reports to a user: a bad org.yaml, a plan that cannot be made safely, a
// stale saved plan, an unreadable snapshot. Each carries a severity, a message, and a file and line where there
// is one; the command line prints them all the same way (commands/errors.ts), and nothing else needs to know
// which part of reconcile found them.

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  message: string;
  location?: SourceLocation;
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** `file:line:column: message`, or the message alone. */
export function formatDiagnostic(diagnostic: Pick<Diagnostic, 'message' | 'location'>): string {
  return diagnostic.location ? `${formatLocation(diagnostic.location)}: ${diagnostic.message}` : diagnostic.message;
}

/**
 * A failure the user can act on, as opposed to a bug. `headline` says what happened; `diagnostics` list the
 * details; `footer` says what was (not) done and what to do next.
 */
export class ReconcileError extends Error {
  constructor(
    readonly headline: string,
    readonly diagnostics: Diagnostic[] = [],
    readonly footer?: string,
  ) {
    super([headline, ...diagnostics.map(formatDiagnostic)].join('\n'));
  }
}

/** A user-facing failure with no more to it than one sentence. */
export function userError(message: string): ReconcileError {
  return new ReconcileError(message);
}
