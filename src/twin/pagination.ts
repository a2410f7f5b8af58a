// Pagination as Organizations does it: MaxResults 1–20, an opaque NextToken bound to the request it continues,
// and (when switched on) empty pages that still carry a NextToken, which naive clients mistake for the end.

import { MAX_RESULTS } from '../aws/pagination.js';
import { invalidInput } from './errors.js';
import type { Random } from './random.js';

export interface PaginationOptions {
  /** Probability, per page, of serving an empty page that still carries a NextToken. 0 switches it off. */
  emptyPageRate: number;
  random: Random;
}

export interface Cursor {
  /** Which request this token continues: operation plus the parameters that select the list. */
  scope: string;
  offset: number;
  /** The empty page for this offset was already served; serve the real one now. */
  emptyServed: boolean;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

const invalidNextToken = () => invalidInput('INVALID_NEXT_TOKEN', 'The specified NextToken is not valid.');

/** The cursor a token carries; a token that is not one, or continues another list, gets `invalid` (AWS's error). */
export function decodeCursor(token: string, scope: string, invalid: () => Error = invalidNextToken): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    if (cursor.scope === scope && Number.isInteger(cursor.offset) && cursor.offset >= 0) return cursor;
  } catch {
    // fall through to AWS's error
  }
  throw invalid();
}

export function pageSize(maxResults: unknown): number {
  if (maxResults === undefined || maxResults === null) return MAX_RESULTS;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults)) {
    throw invalidInput('INVALID_INPUT', 'MaxResults must be an integer.');
  }
  if (maxResults < 1) throw invalidInput('MIN_VALUE_EXCEEDED', 'MaxResults must be at least 1.');
  if (maxResults > MAX_RESULTS) throw invalidInput('MAX_VALUE_EXCEEDED', `MaxResults must be at most ${MAX_RESULTS}.`);
  return maxResults;
}

/**
 * One page of `items`. `scope` names the list (operation and its selecting parameters) so that a token from one
 * list is refused by another, as AWS does.
 */
export function paginate<T>(
  items: readonly T[],
  input: { MaxResults?: unknown; NextToken?: unknown },
  scope: string,
  options: PaginationOptions,
): { page: T[]; nextToken?: string } {
  const size = pageSize(input.MaxResults);
  const cursor: Cursor =
    typeof input.NextToken === 'string' ? decodeCursor(input.NextToken, scope) : { scope, offset: 0, emptyServed: false };

  const wantsEmpty = () => options.emptyPageRate > 0 && options.random() < options.emptyPageRate;
  if (!cursor.emptyServed && cursor.offset < items.length && wantsEmpty()) {
    return { page: [], nextToken: encodeCursor({ scope, offset: cursor.offset, emptyServed: true }) };
  }
  const page = items.slice(cursor.offset, cursor.offset + size);
  if (cursor.offset + size < items.length) {
    return { page, nextToken: encodeCursor({ scope, offset: cursor.offset + size, emptyServed: false }) };
  }
  // The last items, sometimes followed by a trailing empty page that ends the list.
  if (page.length > 0 && wantsEmpty()) {
    return { page, nextToken: encodeCursor({ scope, offset: items.length, emptyServed: true }) };
  }
  return { page };
}

/** A List call's response: one page of `items` under `key`, with a NextToken while there is more. */
export function listResponse<T>(
  key: string,
  items: readonly T[],
  input: { MaxResults?: unknown; NextToken?: unknown },
  scope: string,
  options: PaginationOptions,
): Record<string, unknown> {
  const { page, nextToken } = paginate(items, input, scope, options);
  return { [key]: page, ...(nextToken ? { NextToken: nextToken } : {}) };
}
