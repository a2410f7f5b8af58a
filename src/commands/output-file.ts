// Where `--out` writes, checked before the organization is read: a run of minutes at AWS's rate limits should not
// end in "permission denied". `-` is standard output where a command's output can go there.

import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { userError } from '../diagnostics/diagnostic.js';

export type OutputFile = { kind: 'stdout' } | { kind: 'file'; path: string };

export function outputFile(value: string, option: string, options: { stdout: boolean; why?: string }): OutputFile {
  if (value.trim() === '') throw userError(`${option} needs a file name`);
  if (value === '-') {
    if (options.stdout) return { kind: 'stdout' };
    throw userError(`${option} - is not possible here: ${options.why}; name a file`);
  }
  const path = resolve(value);
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
    accessSync(path, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw userError(`${option} ${value} cannot be written (${code})`);
    try {
      accessSync(dirname(path), constants.W_OK);
    } catch (dirErr) {
      throw userError(`${option} ${value} cannot be written: its folder ${dirname(path)} ${(dirErr as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'is not writable'}`);
    }
  }
  if (isDirectory) throw userError(`${option} ${value} is a folder; name a file`);
  return { kind: 'file', path: value };
}
