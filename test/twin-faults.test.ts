// The twin's faults and load: throttling at AWS's rates, injected errors, eventual consistency, empty pages,
// latency — all off by default and deterministic under a seed — and seeding from fixtures or a generator.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachPolicyCommand,
  ConcurrentModificationException,
  CreatePolicyCommand,
  DescribePolicyCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListTargetsForPolicyCommand,
  paginateListTargetsForPolicy,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import { DENY_LEAVE, smallOrg, startTwin, type TwinHarness } from './helpers.js';
import { buildFixture, FixtureError, generateOrganization } from '../src/twin/seed.js';
import { attachedOfType } from '../src/twin/state.js';

let h: TwinHarness;
afterEach(() => h?.close());

describe('throttling', () => {
  it("refuses calls over AWS's documented burst with TooManyRequestsException, then recovers at its rate", async () => {
    h = await startTwin({ fixture: smallOrg(), throttle: true });
    // DescribePolicy: 2 per second, burst 2.
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map(() => h.client.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))),
    );
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 2);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    assert.ok(refused.reason instanceof TooManyRequestsException);
    await new Promise((r) => setTimeout(r, 550));
    await h.client.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }));
    assert.equal(h.twin.callCounts('TooManyRequestsException').DescribePolicy, 2);
  });

  it('throttles each operation in its own bucket', async () => {
    h = await startTwin({ fixture: smallOrg(), throttle: true });
    await Promise.allSettled([1, 2, 3].map(() => h.client.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))));
    await h.client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    assert.equal(h.twin.callCounts('ok').ListPolicies, 1);
  });

  it('is off by default', async () => {
    h = await startTwin({ fixture: smallOrg() });
    await Promise.all([1, 2, 3, 4, 5, 6].map(() => h.client.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))));
    assert.equal(h.twin.callCounts('ok').DescribePolicy, 6);
  });
});

describe('injected faults', () => {
  it('refuses a share of policy writes with ConcurrentModificationException, deterministically under a seed', async () => {
    const run = async (seed: number) => {
      h = await startTwin({ fixture: smallOrg(), seed, faults: { concurrentModificationRate: 0.5 } });
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i++) {
        try {
          await h.client.send(new CreatePolicyCommand({ Name: `p${i}`, Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify(DENY_LEAVE) }));
          outcomes.push('ok');
        } catch (err) {
          assert.ok(err instanceof ConcurrentModificationException);
          outcomes.push('cme');
        }
      }
      // Reads are never refused this way.
      await h.client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
      await h.close();
      return outcomes;
    };
    const first = await run(42);
    assert.ok(first.includes('ok') && first.includes('cme'), first.join(','));
    assert.deepEqual(await run(42), first);
  });

  it('answers a share of calls with a 500 ServiceException', async () => {
    h = await startTwin({ fixture: smallOrg(), faults: { serviceErrorRate: 1 } });
    await assert.rejects(h.client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' })), (err: unknown) => {
      assert.equal((err as { name: string }).name, 'ServiceException');
      assert.equal((err as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode, 500);
      return true;
    });
  });

  it('answers with PolicyChangesInProgressException when asked to', async () => {
    h = await startTwin({ fixture: smallOrg(), faults: { policyChangesInProgressRate: 1 } });
    await assert.rejects(h.client.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: 'r-test' })), {
      name: 'PolicyChangesInProgressException',
    });
  });
});

describe('eventual consistency', () => {
  it('lets reads lag writes by the set delay, while rules see every write at once', async () => {
    h = await startTwin({ fixture: smallOrg(), consistencyLagMs: 250 });
    const created = await h.client.send(
      new CreatePolicyCommand({ Name: 'late', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify(DENY_LEAVE) }),
    );
    const id = created.Policy!.PolicySummary!.Id!;
    const names = async () => (await h.client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }))).Policies!.map((p) => p.Name);
    assert.deepEqual(await names(), ['FullAWSAccess']);
    await h.client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: 'r-test' }));
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await names(), ['FullAWSAccess', 'late']);
    const attached = await h.client.send(new ListPoliciesForTargetCommand({ TargetId: 'r-test', Filter: 'SERVICE_CONTROL_POLICY' }));
    assert.deepEqual(attached.Policies?.map((p) => p.Name), ['FullAWSAccess', 'late']);
  });
});

describe('pagination', () => {
  it('serves at most 20 per page, with empty pages that carry a NextToken when switched on', async () => {
    h = await startTwin({ fixture: smallOrg(), emptyPageRate: 0.4, seed: 3 });
    for (let i = 0; i < 45; i++) {
      const created = await h.client.send(
        new CreatePolicyCommand({ Name: `p${i}`, Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify(DENY_LEAVE) }),
      );
      void created;
    }
    let emptyWithToken = 0;
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await h.client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', NextToken: token }));
      assert.ok((page.Policies ?? []).length <= 20);
      if ((page.Policies ?? []).length === 0 && page.NextToken) emptyWithToken++;
      names.push(...(page.Policies ?? []).map((p) => p.Name!));
      token = page.NextToken;
    } while (token);
    assert.equal(names.length, 46);
    assert.equal(new Set(names).size, 46);
    assert.ok(emptyWithToken > 0, 'expected at least one empty page with a NextToken');
  });

  it("works with the SDK's paginators", async () => {
    h = await startTwin({ fixture: smallOrg(), emptyPageRate: 0.5 });
    let targets = 0;
    for await (const page of paginateListTargetsForPolicy({ client: h.client, pageSize: 2 }, { PolicyId: 'p-FullAWSAccess' })) {
      targets += page.Targets?.length ?? 0;
    }
    // Root, 3 OUs and 4 accounts (management included).
    assert.equal(targets, 8);
    const direct = await h.client.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-FullAWSAccess', MaxResults: 20 }));
    assert.ok(direct.Targets);
  });
});

describe('latency', () => {
  it('delays every answer by the set time', async () => {
    h = await startTwin({ fixture: smallOrg(), latencyMs: 120 });
    const started = Date.now();
    await h.client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    assert.ok(Date.now() - started >= 110);
  });
});

describe('seeding', () => {
  it('builds an organization from a fixture, with exact attachments per type and defaults elsewhere', () => {
    const data = buildFixture(
      smallOrg({
        policies: [{ name: 'Deny', type: 'SERVICE_CONTROL_POLICY', content: DENY_LEAVE }],
        root: { policies: ['FullAWSAccess', 'Deny'], ous: [{ name: 'Only', id: 'ou-test-only0001', policies: ['Deny'] }] },
      }),
    );
    const deny = [...data.policies.values()].find((p) => p.name === 'Deny')!;
    assert.deepEqual(attachedOfType(data, 'r-test', 'SERVICE_CONTROL_POLICY'), ['p-FullAWSAccess', deny.id]);
    assert.deepEqual(attachedOfType(data, 'ou-test-only0001', 'SERVICE_CONTROL_POLICY'), [deny.id]);
    assert.deepEqual(attachedOfType(data, '111111111111', 'SERVICE_CONTROL_POLICY'), ['p-FullAWSAccess']);
  });

  it('refuses a fixture AWS would refuse', () => {
    assert.throws(
      () => buildFixture(smallOrg({ root: { policies: [] }, policies: [], enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'] , organization: { id: 'bad' } })),
      FixtureError,
    );
    assert.throws(() => buildFixture(smallOrg({ root: { policies: ['Missing'] } })), /unknown policy Missing/);
    assert.throws(
      () =>
        buildFixture(
          smallOrg({ policies: [{ name: 'Big', type: 'SERVICE_CONTROL_POLICY', content: 'x'.repeat(20_000) }] }),
        ),
      /POLICY_CONTENT_LIMIT_EXCEEDED/,
    );
  });

  it('generates a 10,000-account organization under 1,000 OUs', () => {
    const data = generateOrganization({ accounts: 10_000, ous: 1_000, customerPolicies: 50, seed: 5 });
    assert.equal(data.accounts.size, 10_000);
    assert.equal(data.ous.size, 1_000);
    assert.equal(data.targetsByPolicy.get('p-FullAWSAccess')!.size, 11_001);
    for (const ou of data.ous.values()) {
      let depth = 0;
      for (let id = ou.parentId; id !== data.root.id; id = data.ous.get(id)!.parentId) depth++;
      assert.ok(depth < 5, `OU ${ou.id} nested too deep`);
    }
  });
});
