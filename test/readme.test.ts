// The README's examples run as written: every command in its bash blocks that needs no AWS account (one that
// targets the twin with --twin, or makes no AWS call: validate, schema, --version, --help) runs from the
// repository root through the in-process command line, and exits as the README says.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './helpers.js';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Example {
  command: string;
  args: string[];
  /** From a comment that says "exits N"; else 0, or 0 or 2 with --detailed-exitcode. */
  exits: number[];
}

/** The reconcile commands (also as `npx reconcile`) of the README's bash blocks, split at && and ;. */
function readmeCommands(markdown: string): Example[] {
  const blocks = [...markdown.matchAll(/^```(?:bash|sh|shell)\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  return blocks
    .flatMap((block) => block.replace(/\\\n/g, ' ').split('\n'))
    .flatMap((line) => {
      const [, code, comment = ''] = /^(.*?)(?:(?:^|\s)#(.*))?$/.exec(line)!;
      const stated = /\bexits (\d)\b/.exec(comment);
      return code
        .split(/&&|;/)
        .map((command) => command.trim())
        .filter((command) => /^(npx )?reconcile\b/.test(command))
        .map((command) => {
          const args = command.split(/\s+/).slice(command.startsWith('npx ') ? 2 : 1);
          return { command, args, exits: stated ? [Number(stated[1])] : args.includes('--detailed-exitcode') ? [0, 2] : [0] };
        });
    });
}

/** Needs no AWS account: targets the twin, or makes no AWS call at all. */
const offline = ({ args }: Example) =>
  args.includes('--twin') || ['validate', 'schema'].includes(args[0]) || args.some((a) => ['--version', '-V', '--help', '-h'].includes(a));

describe('the README', () => {
  process.chdir(ROOT);
  const examples = readmeCommands(README).filter(offline);

  it('says how to run the command from the checkout, and shows it on the twin', () => {
    assert.match(README, /`npx reconcile`/);
    assert.match(README, /`npm link`/);
    assert.ok(examples.some((e) => e.args.includes('--twin')), 'an example on the twin');
    assert.ok(examples.some((e) => e.args[0] === 'validate'), 'an offline validate');
  });

  for (const example of examples) {
    it(`runs: ${example.command}`, async () => {
      assert.doesNotMatch(example.command, /[|<>$`'"*?(){}]/, 'a runnable example is a plain command, with no shell syntax');
      const before = readdirSync(ROOT);
      const r = await runCli(example.args);
      assert.ok(example.exits.includes(r.code), `exit code ${r.code}, expected ${example.exits.join(' or ')}\n${r.err}`);
      assert.notEqual(r.out, '');
      assert.deepEqual(readdirSync(ROOT), before, 'leaves the checkout as it was');
    });
  }
});
