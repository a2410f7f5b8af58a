// The twin's CloudTrail: a record of every Organizations write (refused ones with their error, lost answers as
// the successes they were), with the caller's identity from its access key; CloudTrail's LookupEvents over them
// through the real CloudTrail client; and delivery of each record as an EventBridge event to a callback and to a
// loopback URL.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloudTrailClient,
  InvalidLookupAttributesException,
  InvalidMaxResultsException,
  InvalidNextTokenException,
  InvalidTimeRangeException,
  LookupEventsCommand,
  paginateLookupEvents,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  ListPoliciesCommand,
  OrganizationsClient,
  PolicyNotAttachedException,
  ServiceException,
} from '@aws-sdk/client-organizations';
import type { EventBridgeEvent } from '../src/twin/cloudtrail/eventbridge.js';
import { OrganizationsTwin } from '../src/twin/server.js';
import { DENY_LEAVE, smallOrg, startTwin, type TwinHarness } from './helpers.js';

const SCP = 'SERVICE_CONTROL_POLICY';
const MANAGEMENT = '111111111111';
const SANDBOX = 'ou-test-sandbox1';
const WORKLOADS = 'ou-test-workload';
const POLICY_ID = 'p-denyleave1';
/** The key of the pipeline's role session; the harness's own client signs with "test", which the twin does not know. */
const PIPELINE_KEY = 'ASIAPIPELINE0001';
const PIPELINE_SESSION = 'arn:aws:sts::111111111111:assumed-role/reconcile-apply/run-42';
const identities = { [PIPELINE_KEY]: { arn: PIPELINE_SESSION, accountId: MANAGEMENT } };
const fixture = () => smallOrg({ policies: [{ name: 'deny-leave', id: POLICY_ID, type: SCP, content: DENY_LEAVE }] });

let h: TwinHarness;
const clients: { destroy(): void }[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await h?.close();
});

function client<T extends { destroy(): void }>(Client: new (config: object) => T, accessKeyId = 'test'): T {
  const c = new Client({ endpoint: h.endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'secret' }, maxAttempts: 1 });
  clients.push(c);
  return c;
}
const organizations = (accessKeyId?: string) => client(OrganizationsClient, accessKeyId);
const cloudtrail = () => client(CloudTrailClient);

const attach = (targetId = SANDBOX) => h.client.send(new AttachPolicyCommand({ PolicyId: POLICY_ID, TargetId: targetId }));
const detach = (targetId = SANDBOX) => h.client.send(new DetachPolicyCommand({ PolicyId: POLICY_ID, TargetId: targetId }));
const last = () => h.twin.cloudTrail.at(-1)!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function lookup(input: LookupEventsCommandInput = {}) {
  return (await cloudtrail().send(new LookupEventsCommand(input))).Events ?? [];
}

describe('twin CloudTrail records', () => {
  it('records a successful attach with the identity of the assumed-role session that signed it', async () => {
    h = await startTwin({ fixture: fixture(), identities });
    const answer = await organizations(PIPELINE_KEY).send(new AttachPolicyCommand({ PolicyId: POLICY_ID, TargetId: SANDBOX }));
    const record = last();
    assert.equal(record.eventName, 'AttachPolicy');
    assert.deepEqual(record.requestParameters, { policyId: POLICY_ID, targetId: SANDBOX });
    assert.equal(record.responseElements, null);
    assert.ok(!('errorCode' in record) && !('errorMessage' in record));
    assert.equal(record.requestID, answer.$metadata.requestId);
    assert.match(record.eventID, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(record.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Math.abs(Date.parse(record.eventTime) - Date.now()) < 5_000);
    assert.deepEqual(
      [record.eventSource, record.awsRegion, record.eventType, record.eventVersion, record.readOnly, record.recipientAccountId],
      ['organizations.amazonaws.com', 'us-east-1', 'AwsApiCall', '1.08', false, MANAGEMENT],
    );
    const { principalId, sessionContext, ...identity } = record.userIdentity;
    assert.deepEqual(identity, { type: 'AssumedRole', arn: PIPELINE_SESSION, accountId: MANAGEMENT, accessKeyId: PIPELINE_KEY });
    assert.match(principalId, /^AROA[A-Z2-7]{17}:run-42$/);
    const issuer = sessionContext!.sessionIssuer;
    assert.deepEqual(
      { ...issuer, principalId: undefined },
      { type: 'Role', principalId: undefined, arn: 'arn:aws:iam::111111111111:role/reconcile-apply', accountId: MANAGEMENT, userName: 'reconcile-apply' },
    );
    assert.equal(`${issuer.principalId}:run-42`, principalId);
  });

  it('records a refused detach with its errorCode, as an IAM user of the management account for an unknown key', async () => {
    h = await startTwin({ fixture: fixture(), identities });
    await assert.rejects(detach(), PolicyNotAttachedException);
    const record = last();
    assert.equal(record.eventName, 'DetachPolicy');
    assert.equal(record.errorCode, 'PolicyNotAttachedException');
    assert.ok(record.errorMessage);
    assert.equal(record.responseElements, null);
    assert.equal(record.userIdentity.type, 'IAMUser');
    assert.equal(record.userIdentity.accountId, MANAGEMENT);
    assert.equal(record.userIdentity.accessKeyId, 'test');
    assert.match(record.userIdentity.arn, /^arn:aws:iam::111111111111:user\/.+$/);
    assert.equal(record.userIdentity.sessionContext, undefined);
  });

  it('records a create with its parameters and the created policy as responseElements; reads are not recorded', async () => {
    h = await startTwin({ fixture: fixture() });
    const content = JSON.stringify(DENY_LEAVE);
    const created = await h.client.send(new CreatePolicyCommand({ Name: 'deny-2', Description: 'd', Type: SCP, Content: content }));
    await h.client.send(new ListPoliciesCommand({ Filter: SCP }));
    assert.equal(h.twin.cloudTrail.length, 1);
    const record = last();
    assert.deepEqual(record.requestParameters, { content, description: 'd', name: 'deny-2', type: SCP });
    const policy = (record.responseElements as { policy: { policySummary: Record<string, unknown>; content: string } }).policy;
    assert.equal(policy.policySummary.id, created.Policy?.PolicySummary?.Id);
    assert.deepEqual(Object.keys(policy.policySummary).sort(), ['arn', 'awsManaged', 'description', 'id', 'name', 'type']);
    assert.equal(policy.content, content);
  });

  it('records a write whose answer was lost as the success it was on AWS, without an errorCode', async () => {
    h = await startTwin({ fixture: fixture() });
    h.twin.loseNextResponse('AttachPolicy');
    await assert.rejects(attach(), ServiceException);
    assert.equal(last().eventName, 'AttachPolicy');
    assert.ok(!('errorCode' in last()));
    // A refusal before any change (an injected 500) is a failure.
    await h.close();
    h = await startTwin({ fixture: fixture(), faults: { serviceErrorRate: 1 } });
    await assert.rejects(attach(), ServiceException);
    assert.equal(last().errorCode, 'ServiceException');
  });
});

describe('twin CloudTrail LookupEvents', () => {
  /** Create, attach to /Sandbox by the pipeline, a refused detach from /Workloads, detach from /Sandbox. */
  async function someWrites() {
    await h.client.send(new CreatePolicyCommand({ Name: 'other', Description: '', Type: SCP, Content: JSON.stringify(DENY_LEAVE) }));
    await organizations(PIPELINE_KEY).send(new AttachPolicyCommand({ PolicyId: POLICY_ID, TargetId: SANDBOX }));
    await assert.rejects(detach(WORKLOADS), PolicyNotAttachedException);
    await detach(SANDBOX);
  }

  it('finds events by EventName, newest first, with the record as CloudTrailEvent', async () => {
    h = await startTwin({ fixture: fixture(), identities });
    await someWrites();
    const all = await lookup();
    assert.deepEqual(all.map((e) => e.EventName), ['DetachPolicy', 'DetachPolicy', 'AttachPolicy', 'CreatePolicy']);
    assert.deepEqual(all.map((e) => e.EventId), [...h.twin.cloudTrail].reverse().map((r) => r.eventID));

    const attaches = await lookup({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AttachPolicy' }] });
    assert.equal(attaches.length, 1);
    const [event] = attaches;
    const record = h.twin.cloudTrail[1];
    assert.deepEqual(JSON.parse(event.CloudTrailEvent!), record);
    assert.equal(event.Username, 'run-42');
    assert.equal(event.AccessKeyId, PIPELINE_KEY);
    assert.equal(event.ReadOnly, 'false');
    assert.equal(event.EventSource, 'organizations.amazonaws.com');
    assert.equal(event.EventTime?.getTime(), Date.parse(record.eventTime));
    assert.deepEqual(event.Resources, [
      { ResourceType: 'AWS::Organizations::Policy', ResourceName: POLICY_ID },
      { ResourceType: 'AWS::Organizations::OrganizationalUnit', ResourceName: SANDBOX },
    ]);
  });

  it('finds events by ResourceName: a policy id, a target id, a created policy', async () => {
    h = await startTwin({ fixture: fixture(), identities });
    await someWrites();
    const byName = async (AttributeValue: string) =>
      (await lookup({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue }] })).map((e) => [e.EventName, JSON.parse(e.CloudTrailEvent!).errorCode]);
    assert.deepEqual(await byName(POLICY_ID), [
      ['DetachPolicy', undefined],
      ['DetachPolicy', 'PolicyNotAttachedException'],
      ['AttachPolicy', undefined],
    ]);
    assert.deepEqual(await byName(WORKLOADS), [['DetachPolicy', 'PolicyNotAttachedException']]);
    const created = h.twin.cloudTrail[0].responseElements as { policy: { policySummary: { id: string } } };
    assert.deepEqual(await byName(created.policy.policySummary.id), [['CreatePolicy', undefined]]);
    const byUser = await lookup({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'run-42' }] });
    assert.deepEqual(byUser.map((e) => e.EventName), ['AttachPolicy']);
  });

  it('filters by StartTime and EndTime, in whole seconds', async () => {
    h = await startTwin({ fixture: fixture() });
    await attach();
    // CloudTrail's times are whole seconds: the next event must fall in a later second.
    await sleep(1_100);
    await detach();
    const [first, second] = h.twin.cloudTrail.map((r) => new Date(r.eventTime));
    assert.ok(second > first);
    assert.deepEqual((await lookup({ StartTime: second })).map((e) => e.EventName), ['DetachPolicy']);
    assert.deepEqual((await lookup({ EndTime: first })).map((e) => e.EventName), ['AttachPolicy']);
    assert.deepEqual((await lookup({ StartTime: first, EndTime: second })).map((e) => e.EventName), ['DetachPolicy', 'AttachPolicy']);
    await assert.rejects(cloudtrail().send(new LookupEventsCommand({ StartTime: second, EndTime: first })), InvalidTimeRangeException);
  });

  it('pages at MaxResults, newest first, unshaken by events recorded meanwhile', async () => {
    h = await startTwin({ fixture: fixture() });
    for (let i = 0; i < 4; i++) {
      await attach();
      await detach();
    }
    const ids = [...h.twin.cloudTrail].reverse().map((r) => r.eventID);
    const pages: string[][] = [];
    for await (const page of paginateLookupEvents({ client: cloudtrail(), pageSize: 3 }, {})) {
      pages.push(page.Events!.map((e) => e.EventId!));
      if (pages.length === 1) await attach(); // newer than the first page: not in this query's pages
    }
    assert.deepEqual(pages.map((p) => p.length), [3, 3, 2]);
    assert.deepEqual(pages.flat(), ids);
  });

  it("refuses what CloudTrail refuses: two attributes, MaxResults over 50, another query's NextToken", async () => {
    h = await startTwin({ fixture: fixture() });
    for (let i = 0; i < 2; i++) {
      await attach();
      await detach();
    }
    const ct = cloudtrail();
    await assert.rejects(
      ct.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'AttachPolicy' },
            { AttributeKey: 'EventSource', AttributeValue: 'organizations.amazonaws.com' },
          ],
        }),
      ),
      InvalidLookupAttributesException,
    );
    await assert.rejects(ct.send(new LookupEventsCommand({ MaxResults: 51 })), InvalidMaxResultsException);
    const first = await ct.send(new LookupEventsCommand({ MaxResults: 1 }));
    assert.ok(first.NextToken);
    await assert.rejects(
      ct.send(new LookupEventsCommand({ MaxResults: 1, NextToken: first.NextToken, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AttachPolicy' }] })),
      InvalidNextTokenException,
    );
  });

  it("throttles at CloudTrail's 2 requests a second when the twin throttles", async () => {
    h = await startTwin({ fixture: fixture(), throttle: true });
    const ct = cloudtrail();
    await ct.send(new LookupEventsCommand({}));
    await ct.send(new LookupEventsCommand({}));
    await assert.rejects(ct.send(new LookupEventsCommand({})), { name: 'ThrottlingException' });
  });
});

describe('twin EventBridge delivery', () => {
  it('delivers each record to a callback as an "AWS API Call via CloudTrail" event, in order, once answered', async () => {
    const events: EventBridgeEvent[] = [];
    let answeredBefore = true;
    h = await startTwin({
      fixture: fixture(),
      onEvent: (event) => {
        // Events go out after the call is answered: it is in the call log by then.
        answeredBefore &&= h.twin.calls.some((c) => c.operation === event.detail.eventName);
        events.push(event);
        if (events.length === 1) throw new Error('a failing target misses nothing else');
      },
    });
    await attach();
    await assert.rejects(attach(), { name: 'DuplicatePolicyAttachmentException' });
    await detach();
    await h.twin.eventsDelivered();
    assert.ok(answeredBefore);
    assert.deepEqual(events.map((e) => e.detail), h.twin.cloudTrail);
    assert.deepEqual(events.map((e) => [e.detail.eventName, e.detail.errorCode]), [
      ['AttachPolicy', undefined],
      ['AttachPolicy', 'DuplicatePolicyAttachmentException'],
      ['DetachPolicy', undefined],
    ]);
    const { id, detail, ...envelope } = events[0];
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(envelope, {
      version: '0',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.organizations',
      account: MANAGEMENT,
      time: detail.eventTime,
      region: 'us-east-1',
      resources: [],
    });
  });

  it('POSTs each event to a loopback URL', async () => {
    const received: EventBridgeEvent[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push(JSON.parse(body) as EventBridgeEvent);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      h = await startTwin({ fixture: fixture(), eventTarget: `http://127.0.0.1:${port}/events` });
      await attach();
      await detach();
      await h.twin.eventsDelivered();
      assert.deepEqual(received.map((e) => e.detail), h.twin.cloudTrail);
      assert.deepEqual(received.map((e) => e.detail.eventName), ['AttachPolicy', 'DetachPolicy']);
      assert.equal(received[0]['detail-type'], 'AWS API Call via CloudTrail');
    } finally {
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('delivers only to loopback', () => {
    assert.throws(() => new OrganizationsTwin({ eventTarget: 'https://events.example.com/' }), /loopback/);
  });
});
