// The twin speaks AWS JSON 1.1 as Organizations does: the real SDK client works against it unchanged and
// raises its own exception classes; malformed requests get AWS's errors, never a crash.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AWSOrganizationsNotInUseException,
  CreateOrganizationCommand,
  DescribeOrganizationCommand,
  ListRootsCommand,
} from '@aws-sdk/client-organizations';
import { sdkClient, smallOrg, startTwin, type TwinHarness } from './helpers.js';

async function post(endpoint: string, body: string, headers: Record<string, string>) {
  const response = await fetch(endpoint, { method: 'POST', body, headers });
  return { status: response.status, type: response.headers.get('content-type'), json: (await response.json()) as Record<string, string> };
}

describe('twin protocol', () => {
  let h: TwinHarness;
  before(async () => {
    h = await startTwin({ fixture: smallOrg() });
  });
  after(() => h.close());

  it('binds to loopback only', () => {
    assert.match(h.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers the SDK with AWS JSON 1.1', async () => {
    const org = await h.client.send(new DescribeOrganizationCommand({}));
    assert.equal(org.Organization?.Id, 'o-testorg0001');
    assert.equal(org.Organization?.MasterAccountId, '111111111111');
    const roots = await h.client.send(new ListRootsCommand({}));
    assert.deepEqual(roots.Roots?.[0].PolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    const r = await post(h.endpoint, '{}', {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSOrganizationsV20161128.LaunchRockets',
    });
    assert.equal(r.status, 400);
    assert.equal(r.type, 'application/x-amz-json-1.1');
    assert.equal(r.json.__type, 'UnknownOperationException');
  });

  it('answers a request without a target header with UnknownOperationException', async () => {
    const r = await post(h.endpoint, '{}', { 'Content-Type': 'application/x-amz-json-1.1' });
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'UnknownOperationException');
  });

  it('answers a malformed body with SerializationException', async () => {
    for (const body of ['{not json', '[1,2]', '"text"']) {
      const r = await post(h.endpoint, body, {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSOrganizationsV20161128.ListRoots',
      });
      assert.equal(r.status, 400, body);
      assert.equal(r.json.__type, 'SerializationException', body);
    }
  });

  it('answers a missing required parameter with InvalidInputException INPUT_REQUIRED', async () => {
    const r = await post(h.endpoint, '{}', {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSOrganizationsV20161128.DescribePolicy',
    });
    assert.equal(r.json.__type, 'InvalidInputException');
    assert.equal(r.json.Reason, 'INPUT_REQUIRED');
  });

  it('logs every call with its outcome', async () => {
    h.twin.clearLog();
    await h.client.send(new ListRootsCommand({}));
    await post(h.endpoint, '{}', { 'X-Amz-Target': 'AWSOrganizationsV20161128.Nope' });
    assert.deepEqual(
      h.twin.calls.map((c) => [c.operation, c.outcome]),
      [
        ['ListRoots', 'ok'],
        ['Nope', 'UnknownOperationException'],
      ],
    );
    assert.deepEqual(h.twin.callCounts('ok'), { ListRoots: 1 });
  });
});

describe('twin without an organization', () => {
  it('refuses calls until CreateOrganization, as AWS does', async () => {
    const h = await startTwin();
    try {
      await assert.rejects(h.client.send(new ListRootsCommand({})), AWSOrganizationsNotInUseException);
      const created = await h.client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      assert.match(created.Organization?.Id ?? '', /^o-[a-z0-9]{10}$/);
      const roots = await sdkClient(h.endpoint).send(new ListRootsCommand({}));
      assert.match(roots.Roots?.[0].Id ?? '', /^r-[a-z0-9]{4}$/);
      await assert.rejects(h.client.send(new CreateOrganizationCommand({})), { name: 'AlreadyInOrganizationException' });
    } finally {
      await h.close();
    }
  });
});
