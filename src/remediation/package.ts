// The deployment package (`reconcile remediation package`): a zip holding the bundled handler (bundle.ts) and the
// desired state it enforces, org.yaml and its policy files, at the paths org.yaml names them by. The same inputs
// give the same bytes (fixed times, sorted entries), so an unchanged package does not change the function.

import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import type { DesiredConfig } from '../desired/config.js';
import type { Bundle } from './bundle.js';

/** Zip's times start in 1980; a fixed one keeps the package reproducible. */
const FIXED_TIME = new Date('1980-01-01T00:00:00Z');

export interface PackageContents {
  zip: Uint8Array;
  /** The paths in the zip, in order. */
  files: string[];
}

/** The zip: `remediate.js` and its licence notices, org.yaml, and each policy file under its path relative to org.yaml. */
export function packageHandler(handler: Bundle, config: DesiredConfig): PackageContents {
  // loadConfig refuses policy files outside org.yaml's folder: each has a place in the zip beside it.
  const dir = dirname(config.file);
  const entries = new Map<string, Uint8Array>([
    ['remediate.js', handler.code],
    ['THIRD-PARTY-NOTICES.txt', handler.notices],
    ['org.yaml', readFileSync(config.file)],
  ]);
  for (const p of config.policies.values()) entries.set(relative(dir, join(dir, p.file)).split('\\').join('/'), readFileSync(join(dir, p.file)));
  const files = [...entries.keys()].sort((a, b) => (a === 'remediate.js' ? -1 : b === 'remediate.js' ? 1 : a.localeCompare(b)));
  const zippable: Zippable = {};
  for (const path of files) zippable[path] = [entries.get(path)!, { mtime: FIXED_TIME, level: 9 }];
  return { zip: zipSync(zippable), files };
}
