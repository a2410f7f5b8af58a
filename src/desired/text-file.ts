// Reading org.yaml and policy files as text: bounded in size before a byte is read, and strictly UTF-8. Node's
// 'utf8' decoding replaces a bad byte with U+FFFD without a word, and that replacement would then be sent to AWS
// as part of a name or a policy; a file saved in another encoding must be an error at the line it goes wrong.

import { readFileSync, statSync } from 'node:fs';
import type { SourceLocation } from './config.js';

/** org.yaml: 200,000 listed accounts take about 8 MiB. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;
/** A policy file: AWS's largest document is 10,240 characters; a file 100 times that is not a policy. */
export const MAX_POLICY_FILE_BYTES = 1024 * 1024;

export type TextFile =
  | { ok: true; text: string }
  | { ok: false; reason: 'unreadable'; code: string }
  | { ok: false; reason: 'not-a-file' }
  | { ok: false; reason: 'too-large'; size: number }
  | { ok: false; reason: 'not-utf8'; location: SourceLocation; byte: number };

/** Reads `path` if it is a regular file of at most `maxBytes`; `displayPath` names it in locations. */
export function readTextFile(path: string, displayPath: string, maxBytes: number): TextFile {
  let bytes: Buffer;
  try {
    // Stat first: a 5 GiB file, or a FIFO that never ends, is refused without reading it.
    const stats = statSync(path);
    if (!stats.isFile()) return { ok: false, reason: 'not-a-file' };
    if (stats.size > maxBytes) return { ok: false, reason: 'too-large', size: stats.size };
    bytes = readFileSync(path);
  } catch (err) {
    return { ok: false, reason: 'unreadable', code: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  // The file may have grown between stat and read.
  if (bytes.length > maxBytes) return { ok: false, reason: 'too-large', size: bytes.length };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    return { ok: false, reason: 'not-utf8', location: byteLocation(displayPath, bytes, offset), byte: bytes[offset] };
  }
}

export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes.toLocaleString('en')} bytes`;
}

export function notUtf8(byte: number): string {
  return `not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')} here): save the file as UTF-8`;
}

function validPrefix(bytes: Uint8Array, end: number, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream });
    return true;
  } catch {
    return false;
  }
}

/**
 * The offset of the first byte that makes `bytes` invalid UTF-8. TextDecoder says whether bytes are valid, not
 * where they stop being; decoding as a stream accepts a prefix that ends inside a character, so validity of
 * prefixes only ever goes from true to false, and a binary search finds the first bad byte natively.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let bad: number;
  if (validPrefix(bytes, bytes.length, true)) {
    bad = bytes.length; // only the last character is cut short
  } else {
    let valid = 0;
    let invalid = bytes.length;
    while (invalid - valid > 1) {
      const middle = Math.floor((valid + invalid) / 2);
      if (validPrefix(bytes, middle, true)) valid = middle;
      else invalid = middle;
    }
    bad = invalid - 1;
    if (validPrefix(bytes, bad, false)) return bad; // the byte itself cannot appear here
  }
  // A character cut short is reported where it starts, not at the byte that showed it was cut short (which may
  // be the newline after it, on the next line).
  let start = bad;
  while (start > 0 && bad - start < 3 && (bytes[start - 1] & 0xc0) === 0x80) start--;
  return start > 0 ? start - 1 : 0;
}

function byteLocation(file: string, bytes: Uint8Array, offset: number): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Columns count characters, as everywhere else: the part of the line before the bad byte is valid UTF-8.
  const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length + 1;
  return { file, line, column };
}
