// How far back to look in CloudTrail (--since): a duration back from now ("90d", "12h", "30m") or a moment (ISO
// 8601). CloudTrail's event history holds 90 days, so a moment further back finds only those.

import { EVENT_HISTORY_DAYS } from '../aws/cloudtrail.js';
import { userError } from '../diagnostics/diagnostic.js';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseSince(value: string, now = Date.now()): Date {
  const duration = /^(\d+)([mhd])$/.exec(value.trim());
  const at = duration ? now - Number(duration[1]) * UNITS[duration[2]] : /^\d{4}-\d\d-\d\d/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) throw userError(`--since ${value}: give a duration back from now (90d, 12h, 30m) or a time (2026-05-01, 2026-05-01T03:00:00Z)`);
  if (at > now) throw userError(`--since ${value} is in the future`);
  // Further back than the history goes is allowed, and the same as its start.
  return new Date(Math.max(at, now - EVENT_HISTORY_DAYS * UNITS.d));
}
