// Benchmark of `reconcile validate` (loadConfig) on a large org.yaml: 20,000 and 200,000 entries under
// attachments.accounts. Checking must stay linear in the size of the file; this prints how long it takes, split
// into the YAML library's parse and everything reconcile does after it. It measures, it does not pass or fail.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LineCounter, parseDocument } from 'yaml';
import { loadConfig } from '../src/desired/load.js';
import { DENY_LEAVE, writeRepo } from '../test/helpers.js';

/** An org.yaml listing `accounts` accounts, by id and by name, each with FullAWSAccess and one of 10 SCPs. */
function largeOrgYaml(accounts: number): string {
  const files: Record<string, string | object> = {};
  let yaml = 'version: 1\npolicies:\n';
  for (let p = 0; p < 10; p++) {
    files[`policies/deny-${p}.json`] = DENY_LEAVE;
    yaml += `  Deny${p}: { type: SERVICE_CONTROL_POLICY, file: policies/deny-${p}.json }\n`;
  }
  yaml += 'attachments:\n  root: [FullAWSAccess]\n  accounts:\n';
  for (let i = 0; i < accounts; i++) {
    const key = i % 2 === 0 ? `"${String(100_000_000_000 + i)}"` : `account-${i}`;
    yaml += `    ${key}: [FullAWSAccess, Deny${i % 10}]\n`;
  }
  files['org.yaml'] = yaml;
  return join(writeRepo(files), 'org.yaml');
}

// A full collection before each measurement, so that one run does not pay for the garbage of the one before:
// the 200,000-account runs leave hundreds of MiB behind. bench/run.ts runs without --expose-gc, hence the flag.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function milliseconds(run: () => void): number {
  collectGarbage();
  const started = performance.now();
  run();
  return performance.now() - started;
}

export function validateBenchmark(): void {
  console.log('## reconcile validate on a large org.yaml\n');
  console.log('| accounts listed | org.yaml | loadConfig | of which YAML parse | of which checking |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const accounts of [20_000, 200_000]) {
    const file = largeOrgYaml(accounts);
    const text = readFileSync(file, 'utf8');
    // Best of a few runs: the machine is shared, and the first run also compiles.
    const runs = accounts <= 20_000 ? 5 : 3;
    let total = Infinity;
    let parse = Infinity;
    for (let r = 0; r < runs; r++) {
      parse = Math.min(parse, milliseconds(() => parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: false })));
      let targets = 0;
      total = Math.min(total, milliseconds(() => (targets = loadConfig(file).targets.length)));
      if (targets !== accounts + 1) throw new Error(`expected ${accounts + 1} targets, loaded ${targets}`);
    }
    const size = `${(text.length / 1024 / 1024).toFixed(1)} MiB`;
    console.log(`| ${accounts.toLocaleString('en')} | ${size} | ${total.toFixed(0)} ms | ${parse.toFixed(0)} ms | ${Math.max(0, total - parse).toFixed(0)} ms |`);
  }
  console.log('\nBest of several runs. "YAML parse" is the yaml library alone, parsing the same text; "checking" is the rest.\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) validateBenchmark();
