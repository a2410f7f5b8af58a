// Problems found in org.yaml or its policy files, each with a location, reported all at once.

import { formatLocation, type SourceLocation } from './config.js';

export interface Problem {
  location: SourceLocation;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export function formatProblem(problem: Problem): string {
  return `${formatLocation(problem.location)}: ${problem.message}`;
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
