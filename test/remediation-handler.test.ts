// The remediation handler end to end, through the real SDK against the twin: hand changes made with other
// credentials reach the handler as the twin's EventBridge events, and the handler puts back what org.yaml owns,
// in the planner's safe order, leaving everything else alone, never looping on its own changes, and alerting.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeletePolicyCommand, DisablePolicyTypeCommand, PolicyNotAttachedException } from '@aws-sdk/client-organizations';
import { SNSClient } from '@aws-sdk/client-sns';
import type { CloudTrailRecord } from '../src/drift/cloudtrail-record.js';
import { Notifier } from '../src/notify/notifier.js';
import { RemediationHandler, type HandlerOptions } from '../src/remediation/handler.js';
import { HANDLER_CALLS } from '../src/remediation/template.js';
import type { EventBridgeEvent } from '../src/twin/cloudtrail/eventbridge.js';
import {
  ALICE_KEYS,
  ALICE_SESSION,
  ALLOW_ID,
  APPLY_ROLE,
  DENY_LEAVE_ID,
  FULL_ACCESS_ID,
  GUARD,
  GUARD_ID,
  HANDLER_KEYS,
  HANDLER_ROLE,
  IDENTITIES,
  ORG_YAML,
  PROD,
  REPLACEMENT_ID,
  ROOT,
  SANDBOX,
  SPOOF_KEYS,
  SPOOF_SESSION,
  TAGS_ID,
  WORKLOADS,
  byHand,
  driftConfig,
  driftFixture,
  driftRepo,
  handlerApi,
  organizationsAs,
  scpsOf,
  settle,
} from './drift-fixtures.js';
import { DENY_LEAVE, awsClientConfig, runCli, startTwin, startWebhookReceiver, type TwinHarness, type WebhookReceiver } from './helpers.js';

const TOPIC = 'arn:aws:sns:us-east-1:111111111111:reconcile-drift';

let h: TwinHarness | undefined;
let receiver: WebhookReceiver | undefined;
const closers: (() => void)[] = [];
/** Every Organizations operation a handler sent, over all tests: the template must grant them. */
const handlerOperations = new Set<string>();

afterEach(async () => {
  for (const call of h?.twin.calls ?? []) if (call.accessKeyId === HANDLER_KEYS.accessKeyId && call.service === 'organizations') handlerOperations.add(call.operation);
  for (const close of closers.splice(0)) close();
  await h?.close();
  await receiver?.close();
  h = receiver = undefined;
});

interface Setup {
  yaml?: string;
  mode?: HandlerOptions['mode'];
  /** Deliver every event to the handler as it happens; otherwise events are collected for the test to deliver. */
  live?: boolean;
  limits?: Record<string, { maxAttachments?: number }>;
  fixture?: ReturnType<typeof driftFixture>;
}

async function setup(options: Setup = {}) {
  const events: EventBridgeEvent[] = [];
  const log: Record<string, unknown>[] = [];
  let deliver: (event: EventBridgeEvent) => Promise<unknown> = async () => {};
  h = await startTwin({ fixture: options.fixture ?? driftFixture(), identities: IDENTITIES, onEvent: async (event) => {
      events.push(event);
      await deliver(event);
    },
  });
  receiver = await startWebhookReceiver();
  const sns = (region: string) => new SNSClient({ ...awsClientConfig(h!.endpoint), region });
  const notifier = new Notifier([{ kind: 'sns', topicArn: TOPIC }, { kind: 'webhook', url: receiver.url }], sns);
  closers.push(() => notifier.close());
  const api = handlerApi(h.endpoint);
  closers.push(() => api.client.destroy());
  const handler = new RemediationHandler({
    config: driftConfig(options.yaml),
    mode: options.mode ?? 'remediate',
    ownRoleArns: [APPLY_ROLE, HANDLER_ROLE],
    api,
    notifier,
    log: (line) => log.push(JSON.parse(line)),
  });
  if (options.live) deliver = (event) => handler.handle(event);
  const alice = organizationsAs(h.endpoint, ALICE_KEYS);
  closers.push(() => alice.destroy());
  const twin = h.twin;
  /** The events recorded for one operation, as EventBridge delivered them. */
  const eventsFor = (eventName: string) => events.filter((e) => e.detail.eventName === eventName);
  /** What the handler wrote, in order. */
  const handlerWrites = () =>
    twin.calls.filter((c) => c.accessKeyId === HANDLER_KEYS.accessKeyId && /^(Attach|Detach|Create|Update|Delete|Enable)/.test(c.operation)).map((c) => [c.operation, c.input.PolicyId ?? c.input.Name, c.input.TargetId]);
  return { handler, events, eventsFor, log, twin, alice: byHand(alice), aliceClient: alice, handlerWrites, endpoint: h.endpoint };
}

describe('the remediation handler', () => {
  it('re-attaches an owned SCP detached by hand in a role session, ignores its own re-attach, and alerts with who and what', async () => {
    const s = await setup({ live: true });
    await s.alice.detach(DENY_LEAVE_ID, WORKLOADS);
    await settle(s.twin);

    assert.deepEqual(scpsOf(s.twin, WORKLOADS), [ALLOW_ID, DENY_LEAVE_ID].sort());
    assert.deepEqual(s.handlerWrites(), [['AttachPolicy', DENY_LEAVE_ID, WORKLOADS]]);
    // Two events: the hand detach, handled; the handler's re-attach, its own, ignored (no loop).
    assert.deepEqual(
      s.log.map((l) => [l.eventName, l.decision, l.reason]),
      [
        ['DetachPolicy', 'remediated', undefined],
        ['AttachPolicy', 'ignored', 'own-change'],
      ],
    );
    const [acted] = s.log;
    assert.deepEqual(acted.principal, { type: 'AssumedRole', arn: ALICE_SESSION, accountId: '111111111111', sessionIssuer: 'arn:aws:iam::111111111111:role/Admin', sessionName: 'alice' });
    assert.deepEqual(acted.scope, { targets: ['/Workloads'], policies: ['Allow', 'DenyLeave'] });
    assert.deepEqual(acted.outcomes, [{ step: 'attach SCP DenyLeave to /Workloads (ou-test-workload)', status: 'done' }]);
    // A handful of reads, none of them a walk of the tree or a list of every account.
    const calls = acted.calls as Record<string, number>;
    assert.deepEqual(calls, {
      DescribeOrganization: 1,
      ListRoots: 1,
      ListPolicies: 1,
      DescribeOrganizationalUnit: 1, // the event's OU is /Workloads…
      ListParents: 1, // …directly under the root
      DescribePolicy: 2, // the content of what /Workloads lists
      ListPoliciesForTarget: 1,
      AttachPolicy: 1,
    });

    // The alert reached SNS and the webhook, saying who did what, when, and what reconcile did.
    assert.equal(s.twin.snsMessages.length, 1);
    const [message] = s.twin.snsMessages;
    assert.equal(message.topicArn, TOPIC);
    assert.match(message.subject!, /^reconcile undid DetachPolicy by Admin\/alice in o-testorg0001$/);
    for (const text of [message.message, (JSON.parse(receiver!.requests[0].body) as { text: string }).text]) {
      assert.match(text, new RegExp(`Who: +${ALICE_SESSION} \\(role arn:aws:iam::111111111111:role/Admin, session alice\\)`));
      assert.match(text, /What: +DetachPolicy \{"policyId":"p-denyleave1","targetId":"ou-test-workload"\}/);
      assert.match(text, /When: +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
      assert.match(text, /Drift: SCP DenyLeave is not attached to \/Workloads \(ou-test-workload\), where org\.yaml lists it/);
      assert.match(text, /- attach SCP DenyLeave to \/Workloads \(ou-test-workload\): done/);
    }
    const body = JSON.parse(receiver!.requests[0].body) as { blocks: { type: string }[] };
    assert.equal(body.blocks[0].type, 'section');
  });

  it('does not take a session named like its own for its own: only the session issuer counts', async () => {
    const s = await setup();
    const spoof = organizationsAs(s.endpoint, SPOOF_KEYS);
    closers.push(() => spoof.destroy());
    await byHand(spoof).detach(DENY_LEAVE_ID, ROOT);
    await settle(s.twin);
    const [event] = s.eventsFor('DetachPolicy');
    assert.equal(event.detail.userIdentity.arn, SPOOF_SESSION);
    const summary = await s.handler.handle(event);
    assert.deepEqual(summary.decisions.map((d) => d.decision), ['remediated']);
    assert.deepEqual(scpsOf(s.twin, ROOT), [DENY_LEAVE_ID, FULL_ACCESS_ID].sort());
  });

  it('ignores a failed call, and reads nothing for it', async () => {
    const s = await setup();
    await assert.rejects(s.alice.detach(ALLOW_ID, ROOT), PolicyNotAttachedException);
    await settle(s.twin);
    const [event] = s.eventsFor('DetachPolicy');
    assert.equal(event.detail.errorCode, 'PolicyNotAttachedException');
    const summary = await s.handler.handle(event);
    assert.deepEqual(summary.ignored, [{ eventId: event.detail.eventID, reason: 'failed-call' }]);
    assert.equal(s.twin.calls.filter((c) => c.accessKeyId === HANDLER_KEYS.accessKeyId).length, 0);
  });

  it('alerts a re-attach the safety rules refuse at the maximum, and does not force it', async () => {
    // org.yaml keeps the root at one SCP; by hand it got FullAWSAccess instead of DenyLeave.
    const yaml = `version: 1
limits: { SERVICE_CONTROL_POLICY: { maxAttachments: 1 } }
policies:
  DenyLeave: { type: SERVICE_CONTROL_POLICY, file: policies/deny-leave.json }
attachments:
  root: [DenyLeave]
`;
    const fixture = driftFixture();
    fixture.root!.policies = ['DenyLeave'];
    const s = await setup({ yaml, fixture });
    await s.alice.attach(FULL_ACCESS_ID, ROOT);
    await s.alice.detach(DENY_LEAVE_ID, ROOT);
    await settle(s.twin);
    const summary = await s.handler.handle(s.eventsFor('DetachPolicy'));
    assert.deepEqual(summary.decisions.map((d) => d.decision), ['refused']);
    assert.deepEqual(s.handlerWrites(), []);
    assert.deepEqual(scpsOf(s.twin, ROOT), [FULL_ACCESS_ID]);
    assert.match(String((s.log[0].refused as string[])[0]), /Root \(r-test\), SERVICE_CONTROL_POLICY: a swap needs room/);
    assert.equal(summary.alerts, 2);
    assert.match(s.twin.snsMessages[0].message, /Done: +nothing: undoing it cannot be done safely\n +- Root \(r-test\), SERVICE_CONTROL_POLICY: a swap needs room/);
  });

  it('undoes a hand-made swap in the safe order: FullAWSAccess back first, the replacement detached after', async () => {
    const s = await setup();
    await s.alice.attach(REPLACEMENT_ID, SANDBOX);
    await s.alice.detach(FULL_ACCESS_ID, SANDBOX);
    await settle(s.twin);
    const summary = await s.handler.handle([...s.eventsFor('AttachPolicy'), ...s.eventsFor('DetachPolicy')]);
    assert.deepEqual(summary.decisions.map((d) => d.decision), ['remediated', 'in-sync']);
    assert.deepEqual(s.handlerWrites(), [
      ['AttachPolicy', FULL_ACCESS_ID, SANDBOX],
      ['DetachPolicy', REPLACEMENT_ID, SANDBOX],
    ]);
    assert.deepEqual(summary.steps.map((st) => st.step), [
      'attach SCP FullAWSAccess to Sandbox (ou-test-sandbox1)',
      'detach SCP Replacement from Sandbox (ou-test-sandbox1)',
    ]);
    assert.deepEqual(scpsOf(s.twin, SANDBOX), [FULL_ACCESS_ID, GUARD_ID].sort());
  });

  it('leaves alone a hand detach on an unlisted target and one of an unmanaged type, and drift does not report them', async () => {
    const s = await setup();
    await s.alice.attach(GUARD_ID, PROD);
    await s.alice.detach(FULL_ACCESS_ID, PROD);
    await s.alice.detach(TAGS_ID, SANDBOX);
    await settle(s.twin);
    const summary = await s.handler.handle(s.eventsFor('DetachPolicy'));
    assert.deepEqual(
      summary.ignored.map((i) => [i.reason, i.detail]),
      [
        ['not-owned', `${PROD} is not listed in org.yaml`],
        ['not-owned', `${TAGS_ID} is not a policy of a type org.yaml manages (SERVICE_CONTROL_POLICY)`],
      ],
    );
    assert.deepEqual(s.handlerWrites(), []);
    assert.deepEqual(s.twin.snsMessages, []);
    const drift = await runCli(['drift', '-c', `${driftRepo()}/org.yaml`, '--endpoint', s.endpoint]);
    assert.equal(drift.code, 0, drift.err);
    assert.match(drift.out, /No drift/);
  });

  it('restores content edited by hand, and renames back a declared policy renamed by hand', async () => {
    const s = await setup();
    await s.alice.update(GUARD_ID, { Content: JSON.stringify(DENY_LEAVE) });
    await s.alice.update(ALLOW_ID, { Name: 'AllowedServices' });
    await settle(s.twin);
    const summary = await s.handler.handle(s.eventsFor('UpdatePolicy'));
    assert.deepEqual(summary.decisions.map((d) => d.decision), ['remediated', 'remediated']);
    assert.deepEqual(JSON.parse(s.twin.organization!.policies.get(GUARD_ID)!.content), GUARD);
    assert.equal(s.twin.organization!.policies.get(ALLOW_ID)!.name, 'Allow');
    // In place, never as a new policy moved over the old one's attachments.
    assert.deepEqual(s.handlerWrites(), [
      ['UpdatePolicy', GUARD_ID, undefined],
      ['UpdatePolicy', ALLOW_ID, undefined],
    ]);
  });

  it('re-creates an owned policy deleted by hand and re-attaches it where org.yaml lists it', async () => {
    const s = await setup();
    await s.alice.detach(GUARD_ID, SANDBOX);
    await s.aliceClient.send(new DeletePolicyCommand({ PolicyId: GUARD_ID }));
    await settle(s.twin);
    const summary = await s.handler.handle(s.eventsFor('DeletePolicy'));
    assert.deepEqual(summary.decisions.map((d) => d.decision), ['remediated']);
    assert.deepEqual(summary.steps.map((st) => [st.action, st.status]), [
      ['create-policy', 'done'],
      ['attach', 'done'],
    ]);
    const guard = [...s.twin.organization!.policies.values()].find((p) => p.name === 'Guard')!;
    assert.deepEqual(JSON.parse(guard.content), GUARD);
    assert.deepEqual(scpsOf(s.twin, SANDBOX), [FULL_ACCESS_ID, guard.id].sort());
  });

  it('enables a managed policy type disabled by hand and puts its attachments back; an unmanaged type is left alone', async () => {
    const s = await setup();
    await s.aliceClient.send(new DisablePolicyTypeCommand({ RootId: ROOT, PolicyType: 'TAG_POLICY' }));
    await s.aliceClient.send(new DisablePolicyTypeCommand({ RootId: ROOT, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    await settle(s.twin);
    const summary = await s.handler.handle(s.eventsFor('DisablePolicyType'));
    assert.deepEqual(summary.decisions.map((d) => d.decision), ['ignored', 'remediated']);
    assert.match(summary.ignored[0].detail!, /^TAG_POLICY is not a policy type org\.yaml manages/);
    assert.equal(summary.steps[0].step, 'enable SERVICE_CONTROL_POLICY');
    assert.deepEqual(scpsOf(s.twin, ROOT), [DENY_LEAVE_ID, FULL_ACCESS_ID].sort());
    assert.deepEqual(scpsOf(s.twin, WORKLOADS), [ALLOW_ID, DENY_LEAVE_ID].sort());
    assert.deepEqual(scpsOf(s.twin, SANDBOX), [FULL_ACCESS_ID, GUARD_ID].sort());
  });

  it('with unlistedTargets: default, keeps an unlisted target at its defaults', async () => {
    const s = await setup({ yaml: `unlistedTargets: default\n${ORG_YAML}` });
    await s.alice.attach(GUARD_ID, PROD);
    await settle(s.twin);
    const summary = await s.handler.handle(s.eventsFor('AttachPolicy'));
    assert.deepEqual(summary.decisions.map((d) => d.decision), ['remediated']);
    assert.deepEqual(s.handlerWrites(), [['DetachPolicy', GUARD_ID, PROD]]);
    assert.match(s.twin.snsMessages[0].message, /Drift: SCP Guard is attached to Prod \(ou-test-prod0001\), which org\.yaml keeps at its defaults \(unlistedTargets: default\)/);
  });

  it('acts once on an event delivered twice', async () => {
    const s = await setup();
    await s.alice.detach(DENY_LEAVE_ID, ROOT);
    await settle(s.twin);
    const [event] = s.eventsFor('DetachPolicy');
    const twice = await s.handler.handle([event, event]);
    const again = await s.handler.handle(event);
    assert.deepEqual([...twice.decisions, ...again.decisions].map((d) => d.decision), ['remediated', 'ignored', 'ignored']);
    assert.deepEqual(again.ignored, [{ eventId: event.detail.eventID, reason: 'already-seen' }]);
    assert.deepEqual(s.handlerWrites(), [['AttachPolicy', DENY_LEAVE_ID, ROOT]]);
    assert.equal(s.twin.snsMessages.length, 1);
  });

  it('in alert mode says what drifted and what would undo it, and changes nothing', async () => {
    const s = await setup({ mode: 'alert' });
    await s.alice.detach(DENY_LEAVE_ID, '222222222222');
    await settle(s.twin);
    const summary = await s.handler.handle(s.eventsFor('DetachPolicy'));
    assert.deepEqual(summary.decisions.map((d) => d.decision), ['alerted']);
    assert.deepEqual(s.handlerWrites(), []);
    assert.match(s.twin.snsMessages[0].message, /Done: +nothing \(RECONCILE_MODE=alert\)[^\n]*\n +- attach SCP DenyLeave to security \(222222222222\)/);
  });

  it('takes LookupEvents events, records and batches, and counts what it cannot read', async () => {
    const s = await setup();
    await s.alice.detach(DENY_LEAVE_ID, ROOT);
    await settle(s.twin);
    const record = s.eventsFor('DetachPolicy')[0].detail as unknown as CloudTrailRecord;
    const summary = await s.handler.handle({ Events: [{ EventId: record.eventID, CloudTrailEvent: JSON.stringify(record) }, { EventId: 'x', CloudTrailEvent: 'not json' }] });
    assert.deepEqual(summary.decisions.map((d) => d.decision), ['remediated']);
    assert.deepEqual(summary.ignored, [{ eventId: 'x', reason: 'unreadable' }]);
  });

  it('runs as the Lambda function, configured from its environment', async () => {
    const s = await setup();
    await s.alice.detach(DENY_LEAVE_ID, ROOT);
    await settle(s.twin);
    const env = {
      AWS_ENDPOINT_URL: s.endpoint,
      AWS_ACCESS_KEY_ID: HANDLER_KEYS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: HANDLER_KEYS.secretAccessKey,
      AWS_REGION: 'us-east-1',
      RECONCILE_CONFIG_DIR: driftRepo(),
      RECONCILE_OWN_ROLE_ARNS: `${APPLY_ROLE}, ${HANDLER_ROLE}`,
      RECONCILE_SNS_TOPIC_ARN: TOPIC,
      RECONCILE_WEBHOOK_URL: receiver!.url,
    };
    const saved = { ...process.env };
    const logged: string[] = [];
    const log = console.log;
    Object.assign(process.env, env);
    console.log = (line: string) => logged.push(line);
    try {
      const { handler } = await import('../src/lambda/remediate.js');
      const summary = await handler(s.eventsFor('DetachPolicy')[0]);
      assert.deepEqual(summary.decisions.map((d) => d.decision), ['remediated']);
      assert.equal(summary.alerts, 2);
    } finally {
      process.env = saved;
      console.log = log;
    }
    assert.match(logged[0], /"started":\{"config":".*org\.yaml","mode":"remediate","ownRoleArns":\["arn:aws:iam::111111111111:role\/reconcile-apply","arn:aws:iam::111111111111:role\/reconcile-remediation"\],"notify":2\}/);
    assert.deepEqual(scpsOf(s.twin, ROOT), [DENY_LEAVE_ID, FULL_ACCESS_ID].sort());
    assert.equal(s.twin.calls.filter((c) => c.operation === 'DetachPolicy' && c.accessKeyId === HANDLER_KEYS.accessKeyId).length, 0);
  });
});

describe('the handler and its role', () => {
  it('made in the tests above only calls the CloudFormation template grants its role', () => {
    const granted = new Set<string>([...HANDLER_CALLS.reads, ...HANDLER_CALLS.writes]);
    assert.ok(handlerOperations.has('AttachPolicy') && handlerOperations.has('ListPoliciesForTarget'), 'the tests above ran');
    assert.deepEqual([...handlerOperations].filter((op) => !granted.has(op)), []);
  });
});
