// The twin's "lost response" fault: a write is committed, then its answer is replaced by a 500 ServiceException,
// as when AWS applies a write and the connection drops. Seen through the real SDK: the caller gets a 500, the
// organization shows the write, and a naive retry meets the write's own effect.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachPolicyCommand,
  DisablePolicyTypeCommand,
  DuplicatePolicyAttachmentException,
  DuplicatePolicyException,
  EnablePolicyTypeCommand,
  ListPoliciesCommand,
  PolicyNotAttachedException,
  PolicyNotFoundException,
  PolicyTypeAlreadyEnabledException,
  PolicyTypeNotEnabledException,
  ServiceException,
  TargetNotFoundException,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { DENY_LEAVE, denyPolicy, smallOrg, startTwin, type TwinHarness } from './helpers.js';
import { OrganizationsTwin } from '../src/twin/server.js';
import { attachedOfType, type OrgData } from '../src/twin/state.js';

let h: TwinHarness;
afterEach(() => h?.close());

const SCP = 'SERVICE_CONTROL_POLICY';
const SANDBOX = 'ou-test-sandbox1';
/** A customer SCP every case can work on, attached nowhere. */
const POLICY_ID = 'p-denyleave1';
const fixture = () =>
  smallOrg({ policies: [{ name: 'deny-leave', id: POLICY_ID, type: SCP, content: DENY_LEAVE }] });

const createPolicy = (name: string) =>
  new CreatePolicyCommand({ Name: name, Description: '', Type: SCP, Content: JSON.stringify(DENY_LEAVE) });

/** The call failed with the SDK's ServiceException, from an HTTP 500, as a lost answer does. */
function is500(err: unknown): true {
  assert.ok(err instanceof ServiceException, `expected ServiceException, got ${(err as Error)?.name}`);
  assert.equal(err.$metadata.httpStatusCode, 500);
  return true;
}

function lastCall(operation: string) {
  const call = h.twin.calls.findLast((c) => c.operation === operation);
  assert.ok(call, `no ${operation} in the call log`);
  return call;
}

interface Case {
  operation: string;
  /** Brings the organization to where the write can succeed, without the API. */
  setup?: (twin: OrganizationsTwin) => void;
  send: (h: TwinHarness) => Promise<unknown>;
  /** The write's effect, as the authoritative state shows it. */
  applied: (data: OrgData) => boolean;
  /** What sending the same call again meets: the write's own effect, or (for UpdatePolicy) the same success. */
  retry: (new (...args: never[]) => Error) | 'ok';
}

const CASES: Case[] = [
  {
    operation: 'CreatePolicy',
    send: (h) => h.client.send(createPolicy('deny-leave-2')),
    applied: (data) => [...data.policies.values()].some((p) => p.name === 'deny-leave-2'),
    retry: DuplicatePolicyException,
  },
  {
    operation: 'UpdatePolicy',
    send: (h) => h.client.send(new UpdatePolicyCommand({ PolicyId: POLICY_ID, Content: JSON.stringify(denyPolicy('s3:*')) })),
    applied: (data) => data.policies.get(POLICY_ID)!.content === JSON.stringify(denyPolicy('s3:*')),
    retry: 'ok',
  },
  {
    operation: 'DeletePolicy',
    send: (h) => h.client.send(new DeletePolicyCommand({ PolicyId: POLICY_ID })),
    applied: (data) => !data.policies.has(POLICY_ID),
    retry: PolicyNotFoundException,
  },
  {
    operation: 'AttachPolicy',
    send: (h) => h.client.send(new AttachPolicyCommand({ PolicyId: POLICY_ID, TargetId: SANDBOX })),
    applied: (data) => attachedOfType(data, SANDBOX, SCP).includes(POLICY_ID),
    retry: DuplicatePolicyAttachmentException,
  },
  {
    operation: 'DetachPolicy',
    setup: (twin) => twin.change({ kind: 'attach', policyId: POLICY_ID, targetId: SANDBOX }),
    send: (h) => h.client.send(new DetachPolicyCommand({ PolicyId: POLICY_ID, TargetId: SANDBOX })),
    applied: (data) => !attachedOfType(data, SANDBOX, SCP).includes(POLICY_ID),
    retry: PolicyNotAttachedException,
  },
  {
    operation: 'EnablePolicyType',
    send: (h) => h.client.send(new EnablePolicyTypeCommand({ RootId: 'r-test', PolicyType: 'TAG_POLICY' })),
    applied: (data) => data.policyTypes.has('TAG_POLICY'),
    retry: PolicyTypeAlreadyEnabledException,
  },
  {
    operation: 'DisablePolicyType',
    send: (h) => h.client.send(new DisablePolicyTypeCommand({ RootId: 'r-test', PolicyType: SCP })),
    applied: (data) => !data.policyTypes.has(SCP),
    retry: PolicyTypeNotEnabledException,
  },
];

describe('a write whose answer is lost', () => {
  for (const c of CASES) {
    it(`${c.operation}: answers 500, yet the write is applied; a retry meets ${c.retry === 'ok' ? 'the same success' : c.retry.name}`, async () => {
      h = await startTwin({ fixture: fixture(), faults: { lostResponseFor: [c.operation] } });
      c.setup?.(h.twin);
      assert.equal(c.applied(h.twin.organization!), false, 'applied before the call');

      await assert.rejects(c.send(h), is500);
      assert.equal(c.applied(h.twin.organization!), true, 'the write did not land');
      const lost = lastCall(c.operation);
      assert.equal(lost.outcome, 'ServiceException');
      assert.equal(lost.committed, true);

      // The loss was armed once: the retry gets a real answer, the one the write's own effect calls for.
      if (c.retry === 'ok') {
        await c.send(h);
        assert.deepEqual([lastCall(c.operation).outcome, lastCall(c.operation).committed], ['ok', true]);
      } else {
        await assert.rejects(c.send(h), c.retry);
        assert.deepEqual([lastCall(c.operation).outcome, lastCall(c.operation).committed], [c.retry.name, false]);
      }
      assert.equal(c.applied(h.twin.organization!), true);
    });
  }

  it('leaves one policy, not two, when CreatePolicy is retried', async () => {
    h = await startTwin({ fixture: fixture(), faults: { lostResponseFor: ['CreatePolicy'] } });
    await assert.rejects(h.client.send(createPolicy('deny-leave-2')), is500);
    await assert.rejects(h.client.send(createPolicy('deny-leave-2')), DuplicatePolicyException);
    const listed = await h.client.send(new ListPoliciesCommand({ Filter: SCP }));
    assert.equal(listed.Policies?.filter((p) => p.Name === 'deny-leave-2').length, 1);
  });
});

describe('targeting lost answers', () => {
  it('uses an entry of lostResponseFor only on a call that succeeds', async () => {
    h = await startTwin({ fixture: fixture(), faults: { lostResponseFor: ['AttachPolicy'] } });
    await assert.rejects(h.client.send(new AttachPolicyCommand({ PolicyId: POLICY_ID, TargetId: '999999999999' })), TargetNotFoundException);
    await assert.rejects(h.client.send(new AttachPolicyCommand({ PolicyId: POLICY_ID, TargetId: SANDBOX })), is500);
    await h.client.send(new AttachPolicyCommand({ PolicyId: POLICY_ID, TargetId: 'ou-test-workload' }));
    assert.deepEqual(
      h.twin.calls.map((c) => [c.outcome, c.committed]),
      [['TargetNotFoundException', false], ['ServiceException', true], ['ok', true]],
    );
  });

  it('loses one answer per entry, so an operation named twice loses its next two', async () => {
    h = await startTwin({ fixture: fixture(), faults: { lostResponseFor: ['CreatePolicy', 'CreatePolicy'] } });
    await assert.rejects(h.client.send(createPolicy('a')), is500);
    await assert.rejects(h.client.send(createPolicy('b')), is500);
    await h.client.send(createPolicy('c'));
    assert.deepEqual(h.twin.callCounts('ServiceException'), { CreatePolicy: 2 });
  });

  it('arms a loss after setup with loseNextResponse', async () => {
    h = await startTwin({ fixture: fixture() });
    await h.client.send(createPolicy('set-up-first'));
    h.twin.loseNextResponse('CreatePolicy');
    await assert.rejects(h.client.send(createPolicy('then-lost')), is500);
    await h.client.send(createPolicy('then-answered'));
    assert.deepEqual(
      h.twin.calls.map((c) => [c.outcome, c.committed]),
      [['ok', true], ['ServiceException', true], ['ok', true]],
    );
  });

  it('refuses to arm a read or an operation the twin does not serve', () => {
    assert.throws(() => new OrganizationsTwin({ faults: { lostResponseFor: ['ListPolicies'] } }), /ListPolicies.*not a write/);
    assert.throws(() => new OrganizationsTwin().loseNextResponse('CreatePolicies'), /CreatePolicies.*not a write/);
  });
});

describe('lostResponseRate', () => {
  it('loses the answers of a share of writes, deterministically under a seed, and commits every one', async () => {
    const run = async (seed: number) => {
      h = await startTwin({ fixture: fixture(), seed, faults: { lostResponseRate: 0.5 } });
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i++) {
        try {
          await h.client.send(createPolicy(`p${i}`));
          outcomes.push('ok');
        } catch (err) {
          is500(err);
          outcomes.push('lost');
        }
      }
      const created = [...h.twin.organization!.policies.values()].filter((p) => /^p\d+$/.test(p.name)).length;
      assert.equal(created, 20);
      assert.ok(h.twin.calls.every((c) => c.committed));
      await h.close();
      return outcomes;
    };
    const first = await run(42);
    assert.ok(first.includes('ok') && first.includes('lost'), first.join(','));
    assert.deepEqual(await run(42), first);
  });

  it('never touches reads or refused writes, which commit nothing', async () => {
    h = await startTwin({ fixture: fixture(), faults: { lostResponseRate: 1 } });
    await h.client.send(new ListPoliciesCommand({ Filter: SCP }));
    await assert.rejects(h.client.send(createPolicy('deny-leave')), DuplicatePolicyException);
    await assert.rejects(h.client.send(createPolicy('new')), is500);
    assert.deepEqual(
      h.twin.calls.map((c) => [c.operation, c.outcome, c.committed]),
      [
        ['ListPolicies', 'ok', false],
        ['CreatePolicy', 'DuplicatePolicyException', false],
        ['CreatePolicy', 'ServiceException', true],
      ],
    );
  });

  it('differs from serviceErrorRate, whose 500 comes before anything is committed', async () => {
    h = await startTwin({ fixture: fixture(), faults: { serviceErrorRate: 1 } });
    await assert.rejects(h.client.send(createPolicy('new')), is500);
    assert.equal(lastCall('CreatePolicy').committed, false);
    assert.equal([...h.twin.organization!.policies.values()].some((p) => p.name === 'new'), false);
  });
});
