// `reconcile drift`: drift read off the plan (only what org.yaml owns), who made it from CloudTrail, the three
// formats (JSON against its published schema), notifications, and --fix; through the command line, against the
// twin, with hand changes made by other credentials.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { DeletePolicyCommand } from '@aws-sdk/client-organizations';
import { SCHEMAS } from '../src/commands/schema.js';
import { driftOf } from '../src/drift/drift.js';
import { recognizeRenames } from '../src/drift/renames.js';
import { parseSince } from '../src/drift/since.js';
import { parseNotifyTarget } from '../src/notify/targets.js';
import { planChanges } from '../src/plan/planner.js';
import {
  ALICE_KEYS,
  ALICE_SESSION,
  ALLOW_ID,
  DENY_LEAVE_ID,
  FULL_ACCESS_ID,
  GUARD_ID,
  IDENTITIES,
  REPLACEMENT_ID,
  SANDBOX,
  SECURITY,
  WORKLOADS,
  byHand,
  driftConfig,
  driftFixture,
  driftRepo,
  organizationsAs,
  scpsOf,
} from './drift-fixtures.js';
import { DENY_LEAVE, readFor, runCli, startTwin, startWebhookReceiver } from './helpers.js';

const Ajv = AjvModule.default ?? AjvModule;
const ROOT_DIR = join(import.meta.dirname, '..');
const TOPIC = 'arn:aws:sns:us-east-1:111111111111:org-drift';

/** A twin of its own for each test, so that tests can run side by side (most of their time is rate-limit waits). */
async function start(t: TestContext) {
  const h = await startTwin({ fixture: driftFixture(), identities: IDENTITIES });
  const alice = organizationsAs(h.endpoint, ALICE_KEYS);
  t.after(async () => {
    alice.destroy();
    await h.close();
  });
  const dir = driftRepo();
  const drift = (...args: string[]) => runCli(['drift', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint, ...args]);
  return { twin: h.twin, alice: byHand(alice), aliceClient: alice, drift, api: h.api, endpoint: h.endpoint };
}

describe('drift, read off the plan', () => {
  it('gives each step of the plan as what org.yaml wants and what was found', async (t) => {
    const s = await start(t);
    await s.alice.detach(DENY_LEAVE_ID, WORKLOADS);
    await s.alice.attach(REPLACEMENT_ID, SANDBOX);
    await s.alice.update(GUARD_ID, { Content: JSON.stringify(DENY_LEAVE) });
    const config = driftConfig();
    const state = await readFor(s.api, config, { prune: false });
    const items = driftOf(planChanges(config, state, { prune: false }), state);
    assert.deepEqual(
      items.map((i) => [i.code, 'target' in i ? i.target.id : null, 'policy' in i ? i.policy.name : null, i.found]),
      [
        ['content-edited', null, 'Guard', denyBody()],
        ['attachment-removed', WORKLOADS, 'DenyLeave', 'not attached'],
        ['attachment-added', SANDBOX, 'Replacement', 'attached'],
      ],
    );
  });

  it('recognises a rename only when it is certain: one candidate with the exact document, for one declaration', () => {
    const config = driftConfig();
    const guard = config.policies.get('Guard')!;
    const live = (id: string, name: string, content: unknown) => ({ id, name, type: guard.type, description: '', awsManaged: false, content: JSON.stringify(content) });
    assert.deepEqual(recognizeRenames([guard], [live('p-a0000001', 'Renamed', guard.document)]), [{ declared: 'Guard', policyId: 'p-a0000001', liveName: 'Renamed' }]);
    assert.deepEqual(recognizeRenames([guard], [live('p-a0000001', 'Renamed', DENY_LEAVE)]), []);
    assert.deepEqual(recognizeRenames([guard], [live('p-a0000001', 'A', guard.document), live('p-a0000002', 'B', guard.document)]), []);
  });
});

function denyBody() {
  return DENY_LEAVE;
}

describe('reconcile drift', { concurrency: true }, () => {
  it('reports only what org.yaml owns, exits 2, and names the principal and time of a hand detach with --cloudtrail', async (t) => {
    const s = await start(t);
    await s.alice.detach(DENY_LEAVE_ID, SECURITY);
    const r = await s.drift('--cloudtrail');
    assert.equal(r.code, 2, r.err);
    const detach = s.twin.cloudTrail.find((c) => c.eventName === 'DetachPolicy')!;
    assert.match(r.out, /Drift: 1 difference from org\.yaml/);
    assert.match(r.out, /attachment removed: SCP DenyLeave is not attached to security \(222222222222\), where org\.yaml lists it\n +desired: attached · found: not attached\n/);
    assert.ok(
      r.out.includes(`DetachPolicy by ${ALICE_SESSION} (role arn:aws:iam::111111111111:role/Admin, session alice) at ${detach.eventTime}`),
      r.out,
    );
    assert.match(r.out, /9\. \+ attach SCP DenyLeave \(p-denyleave1\) — listed in org\.yaml|\+ attach SCP DenyLeave \(p-denyleave1\) — listed in org\.yaml/);
  });

  it('says so when CloudTrail has no record of a change, and what that tells', async (t) => {
    const s = await start(t);
    // Deleted before the window searched: no record of it.
    s.twin.change({ kind: 'detach', policyId: GUARD_ID, targetId: SANDBOX });
    s.twin.change({ kind: 'deletePolicy', policyId: GUARD_ID });
    const r = await s.drift('--cloudtrail', '--since', '1h', '--format', 'json');
    assert.equal(r.code, 2, r.err);
    const doc = JSON.parse(r.out);
    const missing = doc.items.find((i: { code: string }) => i.code === 'policy-missing');
    assert.equal(missing.attribution.found, false);
    assert.match(missing.attribution.message, /^no deletion of it in CloudTrail since .*: never created, or deleted before then$/);
  });

  it("finds who deleted a declared policy by the name it had in CloudTrail's earlier events", async (t) => {
    const s = await start(t);
    await s.alice.update(GUARD_ID, { Content: JSON.stringify(DENY_LEAVE) });
    await s.alice.detach(GUARD_ID, SANDBOX);
    await s.aliceClient.send(new DeletePolicyCommand({ PolicyId: GUARD_ID }));
    // The only event that names the policy's name is its creation, made here by the fixture's owner.
    const created = await s.drift('--fix');
    assert.equal(created.code, 0, created.err + created.out);
    const newId = [...s.twin.organization!.policies.values()].find((p) => p.name === 'Guard')!.id;
    await s.alice.detach(newId, SANDBOX);
    await s.aliceClient.send(new DeletePolicyCommand({ PolicyId: newId }));
    const r = await s.drift('--cloudtrail', '--format', 'json');
    const doc = JSON.parse(r.out);
    const missing = doc.items.find((i: { code: string }) => i.code === 'policy-missing');
    assert.equal(missing.attribution.eventName, 'DeletePolicy');
    assert.equal(missing.attribution.policyId, newId);
    assert.equal(missing.attribution.principal.arn, ALICE_SESSION);
  });

  it('writes JSON that its published schema accepts, and markdown with a row per difference', async (t) => {
    const s = await start(t);
    await s.alice.detach(DENY_LEAVE_ID, WORKLOADS);
    await s.alice.update(ALLOW_ID, { Name: 'Renamed' });
    const json = await s.drift('--format', 'json', '--cloudtrail');
    assert.equal(json.code, 2, json.err);
    const doc = JSON.parse(json.out);
    const validate = new Ajv({ strict: false }).compile(SCHEMAS['drift-output']);
    assert.ok(validate(doc), JSON.stringify(validate.errors));
    assert.deepEqual(JSON.parse(readFileSync(join(ROOT_DIR, 'schema/drift-output.schema.json'), 'utf8')), SCHEMAS['drift-output']);
    assert.deepEqual(
      doc.items.map((i: { code: string; desired: unknown; found: unknown; step: number }) => [i.code, i.desired, i.found, doc.remediation.steps[i.step - 1].action]),
      [
        // A declared policy renamed by hand is recognised by its content and renamed back in place.
        ['renamed', 'Allow', 'Renamed', 'update-policy'],
        ['attachment-removed', 'attached', 'not attached', 'attach'],
      ],
    );
    assert.equal(doc.items[0].attribution.principal.sessionName, 'alice');
    assert.deepEqual(doc.summary, { drift: true, items: 2, byCode: { 'type-disabled': 0, 'policy-missing': 0, renamed: 1, 'content-edited': 0, 'description-edited': 0, 'attachment-removed': 1, 'attachment-added': 0, 'role-policy-removed': 0, 'role-policy-added': 0 } });

    const md = await s.drift('--format', 'markdown');
    assert.match(md.out, /^<!-- reconcile-drift -->\n### reconcile drift in o-testorg0001\n/);
    assert.match(md.out, /\| attachment removed \| SCP DenyLeave is not attached to \/Workloads \(ou-test-workload\), where org\.yaml lists it \| attached \| not attached \|/);
    assert.match(md.out, /<details><summary>To undo it: 2 steps/);
    assert.doesNotMatch(md.out, /reconcile-plan -->/);
  });

  it('notifies SNS and a webhook when there is drift, and only with --notify-always when there is none', async (t) => {
    const s = await start(t);
    const receiver = await startWebhookReceiver();
    t.after(() => receiver.close());
    const notify = ['--notify', `sns:${TOPIC}`, '--notify', receiver.url];
    const clean = await s.drift(...notify);
    assert.equal(clean.code, 0, clean.err);
    assert.equal(s.twin.snsMessages.length + receiver.requests.length, 0);
    const always = await s.drift(...notify, '--notify-always');
    assert.equal(always.code, 0, always.err);
    assert.equal(s.twin.snsMessages[0].subject, 'reconcile: no drift in o-testorg0001');

    await s.alice.detach(FULL_ACCESS_ID, SANDBOX);
    const r = await s.drift(...notify, '--cloudtrail');
    assert.equal(r.code, 2, r.err);
    const sns = s.twin.snsMessages[1];
    assert.equal(sns.subject, 'reconcile: 1 difference from org.yaml in o-testorg0001');
    assert.match(sns.message, /SCP FullAWSAccess is not attached to Sandbox \(ou-test-sandbox1\)/);
    assert.match(sns.message, new RegExp(`DetachPolicy by ${ALICE_SESSION.replace(/[/]/g, '\\/')}`));
    const body = JSON.parse(receiver.requests[1].body) as { text: string; blocks: { text: { text: string } }[] };
    assert.match(body.text, /SCP FullAWSAccess is not attached/);
    assert.match(body.blocks[1].text.text, /^\*attachment removed\*: SCP FullAWSAccess is not attached to .*\nDetachPolicy by arn:aws:sts::111111111111:assumed-role\/Admin\/alice/);
  });

  it('refuses what it cannot do before reading anything', async () => {
    const dir = driftRepo();
    const drift = (...args: string[]) => runCli(['drift', '-c', join(dir, 'org.yaml'), '--endpoint', 'http://127.0.0.1:9', ...args]);
    for (const [args, message] of [
      [['--notify', 'ftp://example.com/x'], /--notify ftp:\/\/example\.com\/x: ftp is not a way to notify/],
      [['--notify', 'http://hooks.example.com/x'], /webhooks go over https \(plain http only to 127\.0\.0\.1/],
      [['--notify', 'sns:arn:aws:sqs:us-east-1:111111111111:q'], /not an SNS topic ARN/],
      [['--notify-always'], /--notify-always needs --notify/],
      [['--since', '7d'], /--since is how far back --cloudtrail searches: add --cloudtrail/],
      [['--cloudtrail', '--since', 'yesterday'], /--since yesterday: give a duration back from now/],
    ] as const) {
      const r = await drift(...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.err, message);
      assert.doesNotMatch(r.err, /could not reach/);
    }
  });

  it('--fix applies the steps that undo the drift, in safe order, and checks', async (t) => {
    const s = await start(t);
    await s.alice.attach(REPLACEMENT_ID, SANDBOX);
    await s.alice.detach(FULL_ACCESS_ID, SANDBOX);
    s.twin.clearLog();
    const r = await s.drift('--fix');
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /Fixing\n +✓ 1\. attach SCP FullAWSAccess to Sandbox \(ou-test-sandbox1\)\n +✓ 2\. detach SCP Replacement from Sandbox \(ou-test-sandbox1\)\n/);
    assert.match(r.out, /Fixed: 2 done, 0 already in place, 0 failed, 0 not started\. Checked: what org\.yaml owns now matches it\./);
    assert.deepEqual(
      s.twin.calls.filter((c) => /^(Attach|Detach)Policy$/.test(c.operation)).map((c) => [c.operation, c.input.PolicyId]),
      [
        ['AttachPolicy', FULL_ACCESS_ID],
        ['DetachPolicy', REPLACEMENT_ID],
      ],
    );
    assert.deepEqual(scpsOf(s.twin, SANDBOX), [FULL_ACCESS_ID, GUARD_ID].sort());
    assert.equal((await s.drift()).code, 0);
  });

  it('runs on the example with no AWS account, and has help with examples', async () => {
    const r = await runCli(['drift', '--twin', 'examples/live-org.yaml', '--format', 'json'], {});
    assert.equal(r.code, 2, r.err);
    const codes = (JSON.parse(r.out) as { items: { code: string }[] }).items.map((i) => i.code);
    assert.ok(codes.includes('attachment-removed') && codes.includes('type-disabled'));
    const help = await runCli(['drift', '--help']);
    assert.match(help.out, /Examples:\n +\$ reconcile drift --twin examples\/live-org\.yaml/);
  });
});

describe('drift options', () => {
  it('takes --since as a duration or a time, never in the future, at most 90 days back', () => {
    const now = Date.parse('2026-05-10T12:00:00Z');
    assert.equal(parseSince('12h', now).toISOString(), '2026-05-10T00:00:00.000Z');
    assert.equal(parseSince('2026-05-09T03:00:00Z', now).toISOString(), '2026-05-09T03:00:00.000Z');
    assert.equal(parseSince('365d', now).toISOString(), '2026-02-09T12:00:00.000Z');
    assert.throws(() => parseSince('2027-01-01', now), /in the future/);
  });

  it('takes SNS topics and https webhooks, and http only on loopback', () => {
    assert.deepEqual(parseNotifyTarget(`sns:${TOPIC}`, '--notify'), { kind: 'sns', topicArn: TOPIC });
    assert.deepEqual(parseNotifyTarget('https://hooks.slack.com/services/T/B/X', '--notify'), { kind: 'webhook', url: 'https://hooks.slack.com/services/T/B/X' });
    assert.deepEqual(parseNotifyTarget('http://127.0.0.1:8080/hook', '--notify'), { kind: 'webhook', url: 'http://127.0.0.1:8080/hook' });
    assert.throws(() => parseNotifyTarget(`sns:${TOPIC}.fifo`, '--notify'), /FIFO/);
  });
});
