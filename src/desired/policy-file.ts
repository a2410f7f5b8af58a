// Reading one policy document from policies/: strict JSON, no duplicate keys, and never from outside the
// repository (a policy file is code under review; a path that escapes the repository is not).

import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { KNOWN_POLICY_TYPES, defaultLimits } from '../aws/policy-types.js';
import { locate, type Problem } from './problems.js';
import type { SourceLocation } from './config.js';
import { jsonSyntaxError } from './json-syntax.js';
import { Locator } from './locator.js';
import { checkStructure } from './yaml-structure.js';
import { MAX_POLICY_FILE_BYTES, formatSize, notUtf8, readTextFile } from './text-file.js';

/** Policies are a few levels deep (a backup plan's deepest setting is about 8); deeper nesting is no policy. */
const MAX_DEPTH = 32;

/** The largest policy AWS accepts of any type (an SCP). */
const LARGEST_POLICY = Math.max(...KNOWN_POLICY_TYPES.map((type) => defaultLimits(type).maxSize));

export interface PolicyDocument {
  document: unknown;
  /** Minified: what is sent to AWS, and what its size limit is measured on. */
  content: string;
}

/**
 * Reads `path` (relative to `repositoryDir`). Problems about the reference itself are reported at `reference`
 * (the `file:` line in org.yaml); problems inside the document at their own line in the policy file, which
 * `locator` finds by path.
 */
export function readPolicyFile(
  repositoryDir: string,
  path: string,
  reference: SourceLocation,
): { ok: true; value: PolicyDocument; displayPath: string; realPath: string; locator: Locator } | { ok: false; problems: Problem[] } {
  const fail = (location: SourceLocation, message: string) => ({ ok: false as const, problems: [{ location, message }] });
  if (isAbsolute(path)) return fail(reference, `policy file ${path} must be a path relative to the repository`);
  const fullPath = resolve(repositoryDir, path);
  let realPath: string;
  try {
    realPath = realpathSync(fullPath);
  } catch {
    return fail(reference, `policy file ${path} does not exist`);
  }
  const inside = relative(realpathSync(repositoryDir), realPath);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    return fail(reference, `policy file ${path} is outside the repository (${repositoryDir})`);
  }
  const displayPath = relative(process.cwd(), fullPath) || path;
  const read = readTextFile(realPath, displayPath, MAX_POLICY_FILE_BYTES);
  if (!read.ok) {
    switch (read.reason) {
      case 'unreadable':
        return fail(reference, `policy file ${path} cannot be read: ${read.code}`);
      case 'not-a-file':
        return fail(reference, `policy file ${path} is not a file`);
      case 'too-large':
        return fail(
          reference,
          `policy file ${path} is ${formatSize(read.size)}, over the ${formatSize(MAX_POLICY_FILE_BYTES)} a policy file may have ` +
            `(AWS's largest policy is ${LARGEST_POLICY.toLocaleString('en')} characters); it was not read`,
        );
      case 'not-utf8':
        return fail(read.location, notUtf8(read.byte));
    }
  }
  const text = read.text;
  const syntax = jsonSyntaxError(text, MAX_DEPTH);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    // The scanner and JSON.parse read the same grammar; the scanner says where and why in words.
    const message = syntax?.message ?? jsonErrorSummary((err as Error).message);
    return fail(locate(displayPath, text, syntax?.offset ?? 0), `not valid JSON: ${message}`);
  }
  // Valid JSON, but too deep to walk safely (JSON.parse has no limit of its own worth relying on).
  if (syntax?.tooDeep) return fail(locate(displayPath, text, syntax.offset), syntax.message);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return fail(locate(displayPath, text, 0), 'a policy document must be a JSON object');
  }
  // JSON is YAML: the YAML parser gives every value its line and column, for problems found in the document.
  const lineCounter = new LineCounter();
  const parsed = parseDocument(text, { lineCounter, uniqueKeys: false });
  const at = (offset: number): SourceLocation => {
    const position = lineCounter.linePos(offset);
    return { file: displayPath, line: position.line, column: position.col };
  };
  // JSON.parse keeps the last of two equal keys without a word; a reviewer would read the first.
  const structure = checkStructure(parsed, at, { maxDepth: MAX_DEPTH, what: 'a policy' });
  if (structure.problems.length > 0) return { ok: false, problems: structure.problems };
  return { ok: true, value: { document, content: JSON.stringify(document) }, displayPath, realPath, locator: new Locator(parsed, at) };
}

/** JSON.parse's message without the excerpt of the text it quotes. */
function jsonErrorSummary(message: string): string {
  return message.split(/,\s*(?:"|\.\.\.)|\s+in JSON at position/)[0];
}
