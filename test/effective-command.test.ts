// `reconcile effective` against the twin through the SDK: accounts by name and under an OU, the current and planned
// documents, the JSON document against its schema, and --compare with DescribeEffectivePolicy.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { SCHEMAS } from '../src/commands/schema.js';
import type { Fixture } from '../src/twin/seed.js';
import { runCli, smallOrg, startTwin, writeRepo, type TwinHarness } from './helpers.js';

const Ajv = AjvModule.default ?? AjvModule;
const TAG = 'TAG_POLICY';
const costCenter = { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['CC-1', 'CC-2'] } } } };
const sandbox = { tags: { costcenter: { tag_value: { '@@append': ['Sandbox'] } } } };

let h: TwinHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function fixture(): Fixture {
  const base = smallOrg();
  return {
    ...base,
    enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', TAG],
    policies: [
      { name: 'CostCenter', type: TAG, content: costCenter },
      { name: 'Sandbox', type: TAG, content: sandbox },
    ],
    root: { ...base.root, policies: ['FullAWSAccess', 'CostCenter'] },
  };
}

/** org.yaml that attaches Sandbox to /Workloads: its plan changes prod-1's effective tag policy. */
function repo(): string {
  return join(
    writeRepo({
      'policies/cost-center.json': costCenter,
      'policies/sandbox.json': sandbox,
      'org.yaml': `version: 1
policies:
  CostCenter: { type: TAG_POLICY, file: policies/cost-center.json }
  Sandbox: { type: TAG_POLICY, file: policies/sandbox.json }
attachments:
  root: [FullAWSAccess, CostCenter]
  ous:
    /Workloads: [FullAWSAccess, Sandbox]
`,
    }),
    'org.yaml',
  );
}

describe('reconcile effective', () => {
  it('shows the current and planned effective policy of every account under an OU, as a document that validates', async () => {
    h = await startTwin({ fixture: fixture() });
    const r = await runCli(['effective', '-c', repo(), '--endpoint', h.endpoint, '--ou', '/Workloads', '--type', TAG, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const document = JSON.parse(r.out);
    const validate = new Ajv({ allErrors: true, strict: true }).compile(SCHEMAS.effective);
    assert.ok(validate(document), JSON.stringify(validate.errors));
    // /Workloads holds one account, prod-1 under /Workloads/Prod.
    assert.deepEqual(document.accounts.map((a: { account: { id: string } }) => a.account.id), ['333333333333']);
    const [prod] = document.accounts;
    assert.deepEqual(prod.current, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['CC-1', 'CC-2'] } } });
    assert.deepEqual(prod.planned, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['CC-1', 'CC-2', 'Sandbox'] } } });
    assert.equal(prod.changed, true);
    assert.deepEqual(
      prod.contributors.map((c: { target: { name: string }; policies: { name: string }[] }) => [c.target.name, c.policies.map((p) => p.name)]),
      [
        ['the root', ['CostCenter']],
        ['/Workloads', ['Sandbox']],
      ],
    );
  });

  it("--compare agrees with AWS's DescribeEffectivePolicy, compared as data", async () => {
    h = await startTwin({ fixture: fixture() });
    const r = await runCli(['effective', '-c', repo(), '--endpoint', h.endpoint, '--account', 'prod-1', '--account', 'security', '--compare']);
    assert.equal(r.code, 0, r.err);
    assert.equal((r.out.match(/AWS's DescribeEffectivePolicy agrees/g) ?? []).length, 2);
    assert.equal(h.twin.callCounts('ok').DescribeEffectivePolicy, 2);
  });

  it('--compare reports, and exits 2, when AWS answers otherwise (here: AWS has not yet caught up with a change)', async () => {
    h = await startTwin({ fixture: fixture(), effectivePolicyLagMs: 60_000 });
    const sandboxId = [...h.twin.organization!.policies.values()].find((p) => p.name === 'Sandbox')!.id;
    h.twin.change({ kind: 'attach', policyId: sandboxId, targetId: 'ou-test-workload' });
    const r = await runCli(['effective', '-c', repo(), '--endpoint', h.endpoint, '--account', '333333333333', '--type', TAG, '--compare', '--format', 'json']);
    assert.equal(r.code, 2, r.err);
    const [prod] = JSON.parse(r.out).accounts;
    assert.equal(prod.matchesAws, false);
    assert.deepEqual(prod.aws, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['CC-1', 'CC-2'] } } });
  });

  it('refuses what cannot be answered, before reading', async () => {
    h = await startTwin({ fixture: fixture() });
    const scp = await runCli(['effective', '-c', repo(), '--endpoint', h.endpoint, '--account', 'prod-1', '--type', 'SERVICE_CONTROL_POLICY']);
    assert.equal(scp.code, 1);
    assert.match(scp.err, /SERVICE_CONTROL_POLICY is an authorization policy: only management policy types have an effective policy/);
    const nobody = await runCli(['effective', '-c', repo(), '--endpoint', h.endpoint]);
    assert.match(nobody.err, /name the accounts: --account \(id or name\) or --ou/);
    const ghost = await runCli(['effective', '-c', repo(), '--endpoint', h.endpoint, '--account', 'ghost']);
    assert.match(ghost.err, /--account ghost: no account named ghost in the organization/);
  });
});
