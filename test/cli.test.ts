// The command line: exit codes, confirmation, messages, help and colour, as a user meets them.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { applyCommand } from '../src/commands/apply.js';
import { showProgress } from '../src/commands/progress.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { colorsFor } from '../src/render/colors.js';
import { captureIo, DENY_LEAVE, runCli, sdkClient, smallOrg, startTwin, writeRepo, type TwinHarness } from './helpers.js';

let h: TwinHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const run = (args: string[], answer?: string) => runCli(args, { answer });

const REPO = {
  'policies/deny.json': DENY_LEAVE,
  'org.yaml': `version: 1
organization: { id: o-testorg0001 }
policies:
  DenyLeave: { type: SERVICE_CONTROL_POLICY, description: No leaving, file: policies/deny.json }
attachments:
  root: [FullAWSAccess, DenyLeave]
`,
};

describe('reconcile validate', () => {
  it('says a valid file is valid', async () => {
    const dir = writeRepo(REPO);
    const r = await run(['validate', '-c', join(dir, 'org.yaml')]);
    assert.equal(r.code, 0);
    assert.match(r.out, /is valid: 1 policy, 1 listed target, managing SERVICE_CONTROL_POLICY/);
  });

  it('prints warnings at their line, on the pull request too, and still exits 0', async () => {
    const dir = writeRepo({ ...REPO, 'org.yaml': REPO['org.yaml'] + 'limits:\n  SERVICE_CONTROL_POLICY: { maxAttachments: 20 }\n' });
    const r = await runCli(['validate', '-c', join(dir, 'org.yaml')], { env: { GITHUB_ACTIONS: 'true' } });
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /Warning: .*org\.yaml:8:\d+: limits\.SERVICE_CONTROL_POLICY\.maxAttachments 20 is above AWS's quota of 10/);
    assert.match(r.out, /^::warning file=.*org\.yaml,line=8,/m);
    assert.match(r.out, /with 1 warning above\./);
  });

  it('warns offline that SCPs listed for the management account (named by the guard) restrict nothing there', async () => {
    const dir = writeRepo({
      ...REPO,
      'org.yaml': `version: 1
organization: { id: o-testorg0001, managementAccountId: "111111111111" }
policies:
  DenyLeave: { type: SERVICE_CONTROL_POLICY, description: No leaving, file: policies/deny.json }
attachments:
  accounts:
    "111111111111": [FullAWSAccess, DenyLeave]
`,
    });
    const r = await run(['validate', '-c', join(dir, 'org.yaml')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /org\.yaml:7:5: 111111111111 is the management account: SCPs never apply to it, so DenyLeave restricts nothing there/);
  });

  it('lists every problem with file:line:column and exits 1', async () => {
    const dir = writeRepo({ 'org.yaml': 'version: 1\nattachments:\n  root: [Nope]\n  colour: red\n' });
    const r = await run(['validate', '-c', join(dir, 'org.yaml')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /1 problem found; nothing was written to AWS/);
    assert.match(r.err, /org\.yaml:4:3: unknown key "colour" in attachments/);
  });
});

describe('reconcile plan', () => {
  it('prints the plan and exits 2 with --detailed-exitcode when there are changes, 0 when none', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const dir = writeRepo(REPO);
    const args = ['plan', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint, '--detailed-exitcode'];
    const first = await run(args);
    assert.equal(first.code, 2, first.err);
    assert.match(first.out, /Organization o-testorg0001 \(management account 111111111111\)/);
    assert.match(first.out, /\+ create SCP DenyLeave — No leaving/);
    assert.match(first.out, /Root \(r-test\)\n\s+2\. \+ attach SCP DenyLeave \(new\) — listed in org\.yaml/);
    assert.match(first.out, /Plan: 0 to enable, 1 to create, 0 to update, 1 to attach, 0 to detach, 0 to delete\./);
    assert.doesNotMatch(first.out, /\x1b\[/, 'no colour without a terminal');
    assert.deepEqual(h.twin.callCounts('ok').CreatePolicy, undefined, 'plan writes nothing');

    const applied = await run(['apply', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint, '--auto-approve']);
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, /Checked: organization o-testorg0001 now matches org\.yaml/);
    const second = await run(args);
    assert.equal(second.code, 0);
    assert.match(second.out, /No changes\. Organization o-testorg0001 matches org\.yaml\./);
  });

  it('refuses another organization before anything is written', async () => {
    h = await startTwin({ fixture: smallOrg({ organization: { id: 'o-someoneelse1', rootId: 'r-test', managementAccountId: '111111111111' } }) });
    const dir = writeRepo(REPO);
    const r = await run(['apply', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint, '--auto-approve']);
    assert.equal(r.code, 1);
    assert.match(r.err, /is for organization o-testorg0001, but the credentials reach o-someoneelse1/);
    assert.equal(h.twin.calls.filter((c) => !/^(List|Describe)/.test(c.operation)).length, 0);
  });
});

describe('reconcile apply', () => {
  it('refuses to apply without a terminal unless --auto-approve is given', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const dir = writeRepo(REPO);
    const r = await run(['apply', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint]);
    assert.equal(r.code, 1);
    assert.match(r.err, /no terminal to ask on; pass --auto-approve/);
    assert.equal(h.twin.calls.filter((c) => !/^(List|Describe)/.test(c.operation)).length, 0);
  });

  it('applies only after "yes" on a terminal', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const dir = writeRepo(REPO);
    const no = await run(['apply', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint], 'y');
    assert.equal(no.code, 1);
    assert.match(no.out, /Apply cancelled; nothing was written/);
    assert.equal(h.twin.callCounts('ok').CreatePolicy, undefined);
    const yes = await run(['apply', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint], 'yes');
    assert.equal(yes.code, 0, yes.err);
    assert.match(yes.out, /2 done, 0 already in place, 0 failed, 0 not started/);
  });

  it('streams one JSON object per line with --format json: the plan, each step started and ended, the result', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const dir = writeRepo(REPO);
    const r = await run(['apply', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint, '--auto-approve', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const events = r.out.trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(events[0].type, 'plan');
    assert.equal(events[0].plan.format, 'reconcile/plan');
    const steps = events.filter((e) => e.type === 'step').map((e) => `${e.number} ${e.status} ${e.description}`);
    assert.deepEqual(steps, ['1 started create SCP DenyLeave', '1 done create SCP DenyLeave', '2 started attach SCP DenyLeave to Root (r-test)', '2 done attach SCP DenyLeave to Root (r-test)']);
    assert.deepEqual(events.at(-1), { type: 'result', status: 'applied', done: 2, alreadyDone: 0, failed: 0, notStarted: 0, calls: { AttachPolicy: 1, CreatePolicy: 1 }, seconds: events.at(-1).seconds, verified: true });
  });

  it('reports a failed step and the steps not started in the JSON stream', async () => {
    h = await startTwin({ fixture: smallOrg(), limits: { SERVICE_CONTROL_POLICY: { maxAttachments: 1 } } });
    const dir = writeRepo(REPO);
    const r = await run(['apply', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint, '--auto-approve', '--format', 'json']);
    assert.equal(r.code, 1);
    const events = r.out.trim().split('\n').map((line) => JSON.parse(line));
    const failed = events.find((e) => e.type === 'step' && e.status === 'failed');
    assert.match(failed.error, /^ConstraintViolationException/);
    assert.equal(events.at(-1).status, 'failed');
    assert.equal(events.at(-1).failed, 1);
  });

  it('stops starting steps on SIGINT, lets the calls in flight finish, says what was done and not started, and exits 130', async () => {
    const names = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];
    // Eight attachments to one account: one lane, one step after another at AWS's write rate.
    h = await startTwin({
      fixture: smallOrg({ policies: names.map((n) => ({ name: n, type: 'SERVICE_CONTROL_POLICY', content: DENY_LEAVE })) }),
      latencyMs: 100,
    });
    const files: Record<string, string | object> = {};
    for (const n of names) files[`policies/${n}.json`] = DENY_LEAVE;
    files['org.yaml'] = `version: 1\npolicies:\n${names.map((n) => `  ${n}: { type: SERVICE_CONTROL_POLICY, file: policies/${n}.json }`).join('\n')}\nattachments:\n  accounts:\n    "222222222222": [FullAWSAccess, ${names.join(', ')}]\n`;
    const dir = writeRepo(files);
    // The interrupt comes as the first step is reported done, as a person's Ctrl-C would come mid-apply.
    const io = captureIo();
    const write = io.out.write;
    let interrupted = false;
    io.out.write = (text: string) => {
      write(text);
      if (!interrupted && /✓ 1\./.test(text)) {
        interrupted = true;
        process.emit('SIGINT');
      }
    };
    const code = await applyCommand({ config: join(dir, 'org.yaml'), endpoint: h.endpoint, region: 'us-east-1', prune: false, autoApprove: true }, io);
    const r = { code, err: io.stderr() };
    assert.equal(r.code, 130, r.err);
    const [, done, inFlight, notStarted] = /Interrupted:\S* (\d+) steps done, (\d+) finished in flight, (\d+) not started/.exec(r.err)!.map(Number);
    assert.ok(notStarted > 0, r.err);
    assert.equal(done + inFlight + notStarted, names.length);
    // Every step reported done was made, and nothing else: the stop was clean.
    assert.equal(h.twin.callCounts('ok').AttachPolicy, done + inFlight);
    assert.match(r.err, /Run apply again to finish/);
  });

  it('refuses options that cannot apply instead of ignoring them', async () => {
    const dir = writeRepo(REPO);
    const snapshot = join(import.meta.dirname, 'fixtures/live-org.snapshot-v1.json');
    const withState = await run(['apply', '-c', join(dir, 'org.yaml'), '--state', snapshot, '--auto-approve']);
    assert.equal(withState.code, 1);
    assert.match(withState.err, /apply writes to the live organization; --state reads a snapshot/);
    const endpointWithState = await run(['plan', '-c', join(dir, 'org.yaml'), '--state', snapshot, '--endpoint', 'http://127.0.0.1:9']);
    assert.equal(endpointWithState.code, 1);
    assert.match(endpointWithState.err, /--endpoint does not apply with --state/);
    const configWithSavedPlan = await run(['apply', join(dir, 'plan.json'), '-c', join(dir, 'org.yaml')]);
    assert.equal(configWithSavedPlan.code, 1);
    assert.match(configWithSavedPlan.err, /-c does not apply with a saved plan/);
    const jsonWithoutApproval = await run(['apply', '-c', join(dir, 'org.yaml'), '--format', 'json']);
    assert.equal(jsonWithoutApproval.code, 1);
    assert.match(jsonWithoutApproval.err, /--format json is for CI systems and asks no questions: pass --auto-approve/);
  });
});

describe('help and colour', () => {
  it('teaches with examples', async () => {
    const r = await run(['plan', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /--detailed-exitcode/);
    assert.match(r.out, /Examples:/);
    assert.match(r.out, /--twin <seed-file>/);
  });

  it('colours only a terminal, and never with NO_COLOR', () => {
    assert.equal(colorsFor({ isTTY: true }, {}).red('x'), '\x1b[31mx\x1b[39m');
    assert.equal(colorsFor({ isTTY: true }, { NO_COLOR: '1' }).red('x'), 'x');
    assert.equal(colorsFor({ isTTY: false }, {}).red('x'), 'x');
    assert.equal(colorsFor({ isTTY: true }, { TERM: 'dumb' }).red('x'), 'x');
  });
});

describe('the entry point', () => {
  it('runs the README demo: plan of the example against the twin', async () => {
    const root = join(import.meta.dirname, '..');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'plan', '--twin', 'examples/live-org.yaml'], { cwd: root });
    assert.match(stdout, /update SCP WorkloadsAllowList \(p-allowlst1\)\n\s+name: AllowedServices → WorkloadsAllowList/);
    assert.match(stdout, /detach SCP LegacyDenyPublicS3 \(p-legacys31\) — not listed for \/Sandbox in org\.yaml \(attached outside it\)/);
    assert.doesNotMatch(stdout, /DenyLeaveOrganization \(p-denyleave1\)\n\s+---/, 'a formatting-only difference is not an update');
    assert.match(stdout, /Plan: 1 to enable, 2 to create, 1 to update, 5 to attach, 2 to detach, 0 to delete\. 6 targets not listed in org\.yaml left alone\./);
  });
});

describe('eventual consistency after apply', () => {
  it('does not report a read that lags the writes as a remaining difference', async () => {
    h = await startTwin({ fixture: smallOrg(), consistencyLagMs: 400 });
    const dir = writeRepo(REPO);
    const io = captureIo();
    const code = await applyCommand(
      { config: join(dir, 'org.yaml'), endpoint: h.endpoint, region: 'us-east-1', prune: false, autoApprove: true, verifyDelaysMs: [0, 600] },
      io,
    );
    assert.equal(code, 0, io.stderr());
    assert.match(io.stdout(), /Checked: organization o-testorg0001 now matches org\.yaml/);
  });
});

describe('--out', () => {
  it('is checked before the organization is read: an empty name, a folder, an unwritable place, - for a plan', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const dir = writeRepo(REPO);
    const plan = (out: string) => run(['plan', '-c', join(dir, 'org.yaml'), '--endpoint', h!.endpoint, '--out', out]);
    const cases: [string, RegExp][] = [
      ['', /--out needs a file name/],
      [dir, /--out .* is a folder; name a file/],
      [join(dir, 'no-such-folder', 'plan.json'), /--out .*plan\.json cannot be written: its folder .*no-such-folder does not exist/],
      ['-', /--out - is not possible here: standard output carries the plan itself/],
    ];
    for (const [out, message] of cases) {
      const r = await plan(out);
      assert.equal(r.code, 1, out);
      assert.match(r.err, message);
    }
    assert.deepEqual(h.twin.calls, [], 'nothing was read');
  });

  it('writes a snapshot to standard output with --out -', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const r = await run(['snapshot', '--endpoint', h.endpoint, '--out', '-']);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).format, 'reconcile/snapshot');
    assert.match(r.err, /Saved standard output: o-testorg0001/);
  });
});

describe('endpoints', () => {
  it('fails after a few quick tries, naming the endpoint, when nothing listens there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dir = writeRepo(REPO);
    const r = await run(['plan', '-c', join(dir, 'org.yaml'), '--endpoint', endpoint]);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`could not reach the Organizations endpoint ${endpoint}: connection refused \\(ECONNREFUSED\\), 3 attempts`));
  });

  it('names the endpoint in the plan header when AWS_ENDPOINT_URL sets it', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const dir = writeRepo(REPO);
    const r = await runCli(['plan', '-c', join(dir, 'org.yaml')], { env: { AWS_ENDPOINT_URL: h.endpoint } });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`read from the Organizations endpoint ${h.endpoint}\n`));
  });


  it('honours AWS_ENDPOINT_URL when --endpoint is not given', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const dir = writeRepo(REPO);
    process.env.AWS_ENDPOINT_URL = h.endpoint;
    try {
      const r = await run(['plan', '-c', join(dir, 'org.yaml')]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Organization o-testorg0001/);
    } finally {
      delete process.env.AWS_ENDPOINT_URL;
    }
  });
});

describe('reconcile twin', () => {
  it('serves a seed on loopback until interrupted', async () => {
    const root = join(import.meta.dirname, '..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'twin', '--seed', 'examples/live-org.yaml', '--port', '0'], { cwd: root });
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.on('exit', () => reject(new Error(`twin exited: ${out}`)));
      });
      const client = sdkClient(endpoint);
      const org = await client.send(new DescribeOrganizationCommand({}));
      client.destroy();
      assert.equal(org.Organization?.Id, 'o-exampleorg1');
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });
});

describe('reconcile twin started through a wrapper', () => {
  it('stops when the process that started it goes, leaving nothing listening', async () => {
    const root = join(import.meta.dirname, '..');
    // A shell stands for npx: it starts the twin and is then killed without passing anything on.
    const wrapper = spawn('sh', ['-c', `"${process.execPath}" --import tsx src/cli.ts twin --port 0 & echo "pid $!"; wait`], { cwd: root });
    const { pid, endpoint } = await new Promise<{ pid: number; endpoint: string }>((resolve, reject) => {
      let out = '';
      wrapper.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const pid = /pid (\d+)/.exec(out)?.[1];
        const endpoint = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
        if (pid && endpoint) resolve({ pid: Number(pid), endpoint });
      });
      wrapper.on('exit', () => reject(new Error(`wrapper exited: ${out}`)));
    });
    wrapper.kill('SIGKILL');
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let waited = 0; alive() && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(), false, 'the twin outlived the process that started it');
    await assert.rejects(fetch(endpoint, { method: 'POST' }), 'nothing listens on its port');
  });
});

describe('progress on stderr', () => {
  const apiWith = (calls: number) => () => calls;

  it('shows a line on a terminal once the work takes more than a moment, and erases it when done', async () => {
    let written = '';
    const done = showProgress(apiWith(42), 'Reading the organization', { isTTY: true, write: (s: string) => ((written += s), true) } as never);
    await new Promise((r) => setTimeout(r, 1300));
    done();
    assert.match(written, /^\r\x1b\[KReading the organization… 42 API calls, 1s/);
    assert.ok(written.endsWith('\r\x1b[K'), 'the line is erased');
  });

  it('says what is being retried and why, while it is', async () => {
    let written = '';
    const done = showProgress(apiWith(3), 'Reading the organization', { isTTY: true, write: (s: string) => ((written += s), true) } as never, () => 'ListRoots: connection refused');
    await new Promise((r) => setTimeout(r, 1300));
    done();
    assert.match(written, /3 API calls, 1s \(retrying ListRoots: connection refused\)/);
  });

  it('writes nothing when the work is quick, or when stderr is not a terminal', async () => {
    let quick = '';
    showProgress(apiWith(1), 'Reading', { isTTY: true, write: (s: string) => ((quick += s), true) } as never)();
    let piped = '';
    const done = showProgress(apiWith(1), 'Reading', { isTTY: false, write: (s: string) => ((piped += s), true) } as never);
    await new Promise((r) => setTimeout(r, 1300));
    done();
    assert.equal(quick, '');
    assert.equal(piped, '');
  });
});

describe('a closed output pipe', () => {
  it('ends the command quietly, as `reconcile … | head -1` expects', async () => {
    const root = join(import.meta.dirname, '..');
    // The twin command prints, waits, and prints again when stopped: that last write meets the closed pipe.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'twin', '--seed', 'examples/live-org.yaml'], { cwd: root });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.stdout.destroy();
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, err);
    assert.doesNotMatch(err, /EPIPE|Unhandled/);
  });
});

// --version and every command's help: imports here, with their tests, to keep the file's head as it was.
import { readFileSync } from 'node:fs';
import { buildProgram } from '../src/commands/program.js';

describe('version and examples', () => {
  it('prints the version of the package', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await run([flag]);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, `${version}\n`);
    }
  });

  it('shows examples in the help of every command', async () => {
    const names = buildProgram(captureIo(), () => {}).commands.map((c) => c.name());
    for (const name of ['plan', 'apply', 'validate', 'schema', 'twin']) assert.ok(names.includes(name), names.join(' '));
    for (const args of [[], ...names.map((name) => [name])]) {
      const r = await run([...args, '--help']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /\nExamples:\n {2}\$ reconcile /, `reconcile ${args.join(' ')} --help`);
    }
  });
});
