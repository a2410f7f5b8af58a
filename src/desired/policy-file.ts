// Reading one policy document from policies/: strict JSON, no duplicate keys, and never from outside the
// repository (a policy file is code under review; a path that escapes the repository is not).

import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { KNOWN_POLICY_TYPES, defaultLimits } from '../aws/policy-types.js';
import { locate, type Problem } from './problems.js';
import type { SourceLocation } from './config.js';
import { MAX_POLICY_FILE_BYTES, formatSize, notUtf8, readTextFile } from './text-file.js';

/** The largest policy AWS accepts of any type (an SCP). */
const LARGEST_POLICY = Math.max(...KNOWN_POLICY_TYPES.map((type) => defaultLimits(type).maxSize));

export interface PolicyDocument {
  document: unknown;
  /** Minified: what is sent to AWS, and what its size limit is measured on. */
  content: string;
}

/**
 * Reads `path` (relative to `repositoryDir`). Problems about the reference itself are reported at `reference`
 * (the `file:` line in org.yaml); problems inside the document at their own line in the policy file.
 */
export function readPolicyFile(
  repositoryDir: string,
  path: string,
  reference: SourceLocation,
): { ok: true; value: PolicyDocument; displayPath: string } | { ok: false; problems: Problem[] } {
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
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    return fail(locate(displayPath, text, jsonErrorOffset(text, (err as Error).message)), `not valid JSON: ${jsonErrorSummary((err as Error).message)}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return fail(locate(displayPath, text, 0), 'a policy document must be a JSON object');
  }
  // JSON.parse keeps the last of two equal keys without a word; a reviewer would read the first.
  const duplicates = parseDocument(text, { uniqueKeys: true }).errors.filter((e) => e.code === 'DUPLICATE_KEY');
  if (duplicates.length > 0) {
    return {
      ok: false,
      problems: duplicates.map((e) => ({ location: locate(displayPath, text, e.pos[0]), message: 'duplicate key in policy document' })),
    };
  }
  return { ok: true, value: { document, content: JSON.stringify(document) }, displayPath };
}

/** Where JSON.parse failed: from its message when it says, else from the YAML parser (JSON is YAML). */
function jsonErrorOffset(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  const yamlError = parseDocument(text).errors[0];
  return yamlError ? yamlError.pos[0] : 0;
}

/** JSON.parse's message without the excerpt of the text it quotes. */
function jsonErrorSummary(message: string): string {
  return message.split(/,\s*(?:"|\.\.\.)|\s+in JSON at position/)[0];
}
