// The reader reads only what the plan needs, with the fewest calls, and never truncates a list.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../src/desired/load.js';
import { ConfigError } from '../src/desired/problems.js';
import { generateOrganization } from '../src/twin/seed.js';
import { applyChange } from '../src/twin/state.js';
import { smallOrg, startTwin, writeRepo, type TwinHarness, readFor } from './helpers.js';

let h: TwinHarness;
afterEach(() => h?.close());

function configOf(yaml: string) {
  return loadConfig(join(writeRepo({ 'org.yaml': yaml }), 'org.yaml'));
}

describe('reading live state', () => {
  it('asks a few listed targets directly instead of listing every policy attachment', async () => {
    const org = generateOrganization({ accounts: 400, ous: 40, customerPolicies: 30, seed: 2 });
    h = await startTwin({ organization: org, emptyPageRate: 0.2 });
    const config = configOf(`version: 1
attachments:
  accounts:
    "100000000001": [FullAWSAccess]
    "100000000002": [FullAWSAccess]
`);
    const live = await readFor(h.api, config, { prune: false });
    assert.equal(h.api.calls.ListTargetsForPolicy, undefined);
    assert.equal(h.api.calls.ListAccounts, undefined);
    assert.ok(h.api.calls.ListPoliciesForTarget! >= 2 && h.api.calls.ListPoliciesForTarget! <= 4, JSON.stringify(h.api.calls));
    assert.ok(live.attachments.get('100000000001')!.get('SERVICE_CONTROL_POLICY')!.length >= 1);
    assert.equal(live.coverage.targetCount, undefined);
  });

  it('with unlistedTargets: default, finds every deviating target without a call per account', async () => {
    const org = generateOrganization({ accounts: 2_000, ous: 100, customerPolicies: 20, targetsPerPolicy: 2, seed: 3 });
    h = await startTwin({ organization: org });
    const config = configOf('version: 1\nunlistedTargets: default\nattachments:\n  root: [FullAWSAccess]\n');
    const live = await readFor(h.api, config, { prune: false });
    // Every target with a customer SCP is known, and its FullAWSAccess presence too.
    const deviating = new Set([...org.targetsByPolicy].filter(([id]) => id !== 'p-FullAWSAccess').flatMap(([, t]) => [...t]));
    for (const id of deviating) {
      const held = live.attachments.get(id)?.get('SERVICE_CONTROL_POLICY');
      assert.ok(held, `${id} was not read`);
      assert.deepEqual(new Set(held), new Set(org.attachments.get(id)));
    }
    const total = Object.values(h.api.calls).reduce((a, b) => a + b, 0);
    assert.ok(total < 150, `${total} calls for 2,000 accounts: ${JSON.stringify(h.api.calls)}`);
    assert.equal(h.api.calls.ListAccounts, undefined);
  });

  it('reads a policy-first list to its end through empty pages', async () => {
    const org = generateOrganization({ accounts: 300, ous: 10, customerPolicies: 0, seed: 4 });
    // One customer SCP attached to every OU and 60 accounts; 30 listed targets make policy-first cheaper.
    applyChange(org, {
      kind: 'putPolicy',
      policy: { id: 'p-wide000000', name: 'Wide', description: '', type: 'SERVICE_CONTROL_POLICY', awsManaged: false, content: '{"Statement":[]}', arn: 'x' },
    });
    const wide = [...org.ous.keys(), ...[...org.accounts.keys()].slice(0, 60)];
    for (const id of wide) applyChange(org, { kind: 'attach', policyId: 'p-wide000000', targetId: id });
    h = await startTwin({ organization: org, emptyPageRate: 0.4, seed: 9 });
    const listed = [...org.accounts.keys()].slice(30, 60);
    const config = configOf(`version: 1\nattachments:\n  accounts:\n${listed.map((id) => `    "${id}": [FullAWSAccess]`).join('\n')}\n`);
    const live = await readFor(h.api, config, { prune: false });
    assert.deepEqual(live.policyTargets.get('p-wide000000')!.length, wide.length);
    for (const id of listed) {
      assert.deepEqual(new Set(live.attachments.get(id)!.get('SERVICE_CONTROL_POLICY')), new Set(org.attachments.get(id)), id);
    }
  });

  it('resolves only the OU paths and account names org.yaml uses', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const live = await readFor(h.api, configOf('version: 1\nattachments:\n  ous:\n    /Workloads/Prod: [FullAWSAccess]\n'), { prune: false });
    assert.equal(live.coverage.named.get('/Workloads/Prod')!.id, 'ou-test-prod0001');
    assert.equal(h.api.calls.ListOrganizationalUnitsForParent, 2);
    assert.equal(h.api.calls.ListAccounts, undefined);
    const byName = await readFor(h.api, configOf('version: 1\nattachments:\n  accounts:\n    sandbox-1: [FullAWSAccess]\n'), { prune: false });
    assert.equal(byName.coverage.named.get('sandbox-1')!.id, '555555555555');
    assert.equal(h.api.calls.ListAccounts, 1);
  });

  it('reports unknown OU paths, account names and ids at their line in org.yaml', async () => {
    const fixture = smallOrg();
    fixture.root!.accounts!.push({ name: 'twin', id: '777777777771' }, { name: 'twin', id: '777777777772' });
    h = await startTwin({ fixture });
    const config = configOf(`version: 1
attachments:
  ous:
    /Nope/Deeper: [FullAWSAccess]
    ou-test-missing1: [FullAWSAccess]
  accounts:
    ghost: [FullAWSAccess]
    twin: [FullAWSAccess]
    "999999999999": [FullAWSAccess]
`);
    await assert.rejects(readFor(h.api, config, { prune: false }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(
        err.problems.map((p) => `${p.location.line}: ${p.message}`).sort(),
        [
          '4: no OU named Nope under the root (its OUs: Workloads, Sandbox)',
          '5: no OU ou-test-missing1 in the organization',
          '7: no account named ghost in the organization',
          '8: account name twin is not unique (777777777771, 777777777772): list the account by id',
          '9: no account 999999999999 in the organization',
        ],
      );
      return true;
    });
  });
});
