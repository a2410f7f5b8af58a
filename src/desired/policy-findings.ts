// What the policy grammar finds in one document: errors and warnings, each at its line in the policy file.

import type { Locator, Path } from './locator.js';
import type { Problem } from './problems.js';
import { describePath } from './schema-messages.js';

export class Findings {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];

  constructor(private readonly locator: Locator) {}

  /** A problem with the value at `path` (or, when it is missing, with the closest enclosing value). */
  error(path: Path, message: string): void {
    this.errors.push({ location: this.locator.value(path), message });
  }

  /** A problem with the key `key` of the object at `path` (an unknown element, say). */
  keyError(path: Path, key: string, message: string): void {
    this.errors.push({ location: this.locator.key(path, key), message });
  }

  warn(path: Path, message: string): void {
    this.warnings.push({ location: this.locator.value(path), message });
  }
}

/** `Statement[1].Condition`: a place in a policy document, for messages. */
export function where(path: Path): string {
  return path.length === 0 ? 'the document' : describePath(path);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
