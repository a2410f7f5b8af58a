// The architecture, checked: desired state → read request → reader → organization model → planner → plan →
// renderers / engine → executor, with no import running back up that chain, and the twin beside the product,
// started only by the commands that start one.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(import.meta.dirname, '..', 'src');

/** Each folder's place in the chain: a module may import its own folder and folders of a lower rank only. */
const RANK: Record<string, number> = {
  aws: 0,
  diagnostics: 0,
  desired: 1,
  model: 1,
  read: 2,
  effective: 2,
  live: 3,
  plan: 3,
  apply: 4,
  render: 5,
  engine: 5,
  notify: 5,
  gitops: 6,
  adoption: 6,
  drift: 6,
  remediation: 7,
  commands: 8,
  lambda: 9,
  'cli.ts': 9,
};

/**
 * The twin is not in the chain: it may use AWS's facts, the error base and the model, and the effective-policy
 * engine, nothing else. The engine answers the twin's DescribeEffectivePolicy: AWS is the ground truth, the twin's
 * answer exists to test reconcile's reading and comparison of effective policies, and the engine's own semantics
 * are covered by its golden tests against AWS's documented examples.
 */
const TWIN_MAY_IMPORT = new Set(['twin', 'aws', 'diagnostics', 'model', 'effective']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)].map((m) => relative(SRC, join(file, '..', m[1])).split('/')[0]);
}

describe('architecture', () => {
  const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), folder: relative(SRC, path).split('/')[0] }));

  it('gives every folder a place in the chain', () => {
    for (const { folder } of files) assert.ok(folder in RANK || folder === 'twin', `src/${folder} has no place in the chain`);
  });

  it('has no import running back up the chain', () => {
    const backwards: string[] = [];
    for (const { path, folder } of files) {
      if (folder === 'twin') continue;
      for (const target of imports(join(SRC, path))) {
        if (target === folder || target === 'twin') continue;
        if (!(RANK[target] < RANK[folder])) backwards.push(`${path} imports src/${target}`);
      }
    }
    assert.deepEqual(backwards, []);
  });

  it('keeps the twin beside the product: only the commands that start one import it', () => {
    const users = files.filter((f) => f.folder !== 'twin' && imports(join(SRC, f.path)).includes('twin')).map((f) => f.path);
    assert.deepEqual(users.sort(), ['commands/connection.ts', 'commands/rehearsal.ts', 'commands/twin.ts']);
    const twinImports = files.filter((f) => f.folder === 'twin').flatMap((f) => imports(join(SRC, f.path)).filter((t) => !TWIN_MAY_IMPORT.has(t)).map((t) => `${f.path} imports src/${t}`));
    assert.deepEqual(twinImports, []);
  });
});
