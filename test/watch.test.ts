// `reconcile watch` against the twin, in-process: it finds a hand detach in CloudTrail within two intervals and
// puts it back, stops cleanly when told to, and after a restart from its cursor repeats nothing it did.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchCommand } from '../src/commands/watch.js';
import { ALICE_KEYS, APPLY_ROLE, DENY_LEAVE_ID, HANDLER_KEYS, HANDLER_ROLE, IDENTITIES, ROOT, SECURITY, byHand, driftFixture, driftRepo, organizationsAs, scpsOf } from './drift-fixtures.js';
import { captureIo, startTwin } from './helpers.js';

const INTERVAL_SECONDS = 1;

describe('reconcile watch', () => {
  it('puts back a hand detach within two intervals, and after a restart repeats nothing', async (t) => {
    const h = await startTwin({ fixture: driftFixture(), identities: IDENTITIES });
    const alice = organizationsAs(h.endpoint, ALICE_KEYS);
    // The watcher runs with the handler role's keys, from the standard credential chain.
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: HANDLER_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: HANDLER_KEYS.secretAccessKey });
    t.after(async () => {
      process.env = saved;
      alice.destroy();
      await h.close();
    });
    const stateFile = join(mkdtempSync(join(tmpdir(), 'reconcile-watch-')), 'cursor.json');
    const config = join(driftRepo(), 'org.yaml');
    const run = () => {
      const io = captureIo();
      const stop = new AbortController();
      const done = watchCommand(
        { config, endpoint: h.endpoint, region: 'us-east-1', cursorFile: stateFile, intervalSeconds: INTERVAL_SECONDS, mode: 'remediate', ownRoleArns: [`${APPLY_ROLE},${HANDLER_ROLE}`], notify: [], signal: stop.signal },
        io,
      );
      const lines = () => io.stdout().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      return { stop: async () => (stop.abort(), done), lines, io };
    };
    const handlerAttaches = () => h.twin.calls.filter((c) => c.operation === 'AttachPolicy' && c.accessKeyId === HANDLER_KEYS.accessKeyId).length;
    const until = async (condition: () => boolean, seconds: number) => {
      const deadline = Date.now() + seconds * 1000;
      while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      return condition();
    };

    const first = run();
    assert.ok(await until(() => first.lines().some((l) => l.watching), 5), first.io.stderr());
    const detachedAt = Date.now();
    await byHand(alice).detach(DENY_LEAVE_ID, ROOT);
    assert.ok(await until(() => handlerAttaches() === 1, 2 * INTERVAL_SECONDS + 1), `not put back: ${first.io.stdout()}`);
    const seconds = (Date.now() - detachedAt) / 1000;
    assert.ok(seconds <= 2 * INTERVAL_SECONDS, `put back after ${seconds}s`);
    assert.deepEqual(scpsOf(h.twin, ROOT), [DENY_LEAVE_ID, 'p-FullAWSAccess'].sort());
    // Its own re-attach comes round in the next poll, and is its own.
    assert.ok(await until(() => first.lines().some((l) => l.reason === 'own-change'), 2 * INTERVAL_SECONDS + 1));
    assert.equal(await first.stop(), 0);
    assert.deepEqual(first.lines().map((l) => l.decision ?? Object.keys(l).find((k) => k !== 'time' && k !== 'source')), ['watching', 'remediated', 'ignored', 'stopped']);
    const cursor = JSON.parse(readFileSync(stateFile, 'utf8')) as { format: string; seen: Record<string, string> };
    assert.equal(cursor.format, 'reconcile/watch-cursor');
    assert.equal(Object.keys(cursor.seen).length, 2);

    // Restarted: the same events are in CloudTrail's window, and nothing is done again; a new detach is.
    const second = run();
    assert.ok(await until(() => second.lines().some((l) => l.watching), 5));
    await new Promise((resolve) => setTimeout(resolve, (INTERVAL_SECONDS + 0.2) * 1000));
    assert.equal(handlerAttaches(), 1);
    await byHand(alice).detach(DENY_LEAVE_ID, SECURITY);
    assert.ok(await until(() => handlerAttaches() === 2, 2 * INTERVAL_SECONDS + 1), second.io.stdout());
    assert.equal(await second.stop(), 0);
    assert.deepEqual(
      second.lines().filter((l) => l.decision === 'remediated').map((l) => (l.request as { targetId: string }).targetId),
      [SECURITY],
    );
  });

  it('refuses a private twin, and a bad role ARN, before it starts', async () => {
    const io = captureIo();
    const base = { config: join(driftRepo(), 'org.yaml'), region: 'us-east-1', cursorFile: 'cursor.json', intervalSeconds: 60, mode: 'remediate' as const, notify: [] };
    await assert.rejects(watchCommand({ ...base, twinSeed: 'examples/live-org.yaml', ownRoleArns: [] }, io), /start a twin with `reconcile twin --seed FILE` and give its --endpoint/);
    await assert.rejects(
      watchCommand({ ...base, endpoint: 'http://127.0.0.1:9', ownRoleArns: ['arn:aws:sts::111111111111:assumed-role/reconcile-apply/run-1'] }, io),
      /--own-role-arn: arn:aws:sts::111111111111:assumed-role\/reconcile-apply\/run-1 is a role session; give the role's ARN/,
    );
  });
});
