// Pagination as IAM does it: MaxItems 1–1000 (100 by default), IsTruncated, and an opaque Marker bound to the list
// it continues. IAM may return fewer items than MaxItems while more remain (IamTwinOptions.maxItemsPerPage makes
// the twin do so), so only IsTruncated says whether the list is complete.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html

import { validationError } from '../query/errors.js';
import type { FormInput } from '../query/form.js';
import { optionalInteger, optionalString } from '../query/input.js';

const DEFAULT_MAX_ITEMS = 100;
const MAX_ITEMS = 1000;

interface Cursor {
  /** Which list this marker continues: operation plus the parameters that select the list. */
  scope: string;
  offset: number;
}

function decode(marker: string, scope: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8')) as Cursor;
    if (cursor.scope === scope && Number.isInteger(cursor.offset) && cursor.offset >= 0) return cursor;
  } catch {
    // fall through to the error
  }
  throw validationError('Invalid Marker.');
}

/** One page of `items` with IsTruncated and, while more remain, the Marker of the next. */
export function markerPage<T>(
  items: readonly T[],
  input: FormInput,
  scope: string,
  maxItemsPerPage: number | undefined,
): { page: T[]; isTruncated: boolean; marker?: string } {
  const asked = optionalInteger(input, 'MaxItems', 1, MAX_ITEMS) ?? DEFAULT_MAX_ITEMS;
  const marker = optionalString(input, 'Marker', { min: 1, max: 320 });
  const offset = marker === undefined ? 0 : decode(marker, scope).offset;
  const size = Math.max(1, Math.min(asked, maxItemsPerPage ?? asked));
  const page = items.slice(offset, offset + size);
  const next = offset + page.length;
  if (next >= items.length) return { page, isTruncated: false };
  return { page, isTruncated: true, marker: Buffer.from(JSON.stringify({ scope, offset: next })).toString('base64url') };
}
