// Problems found in org.yaml or its policy files, each with a location, reported all at once.

import { ReconcileError, type SourceLocation } from '../diagnostics/diagnostic.js';

export interface Problem {
  location: SourceLocation;
  message: string;
}

/** org.yaml or a policy file is wrong: every problem found, each at its file and line. */
export class ConfigError extends ReconcileError {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was written to AWS.`,
      problems.map((p) => ({ severity: 'error' as const, ...p })),
    );
  }
}

/** Turns a character offset into a 1-based line and column. */
export function locate(file: string, text: string, offset: number): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { file, line, column: offset - lineStart + 1 };
}
