// The first day: import an existing organization (exact: plan shows no changes), snapshots and offline plans,
// and rehearsals of apply in the twin.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { policyFilePaths, slug } from '../src/adoption/file-names.js';
import { rehearse, rehearsalLimits } from '../src/commands/rehearsal.js';
import { ApiSource } from '../src/live/api-source.js';
import type { OrganizationsApi } from '../src/live/api.js';
import { loadSnapshot, saveSnapshot, serializeSnapshot } from '../src/model/snapshot.js';
import { readOrg } from '../src/read/read-org.js';
import { viewOf } from '../src/render/plan-view.js';
import { orgDataFromState } from '../src/twin/from-state.js';
import { loadConfig } from '../src/desired/load.js';
import { planChanges } from '../src/plan/planner.js';
import { planDocument } from '../src/render/json.js';
import { loadFixtureFile, type Fixture } from '../src/twin/seed.js';
import { DENY_LEAVE, denyPolicy, runCli, startTwin, writeRepo, type TwinHarness, readFor } from './helpers.js';

let h: TwinHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** An organization grown by hand and by other tools: nested OUs, namesakes, every type, foreign policies. */
function grownOrg(): Fixture {
  const tag = { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' } } } };
  return {
    organization: { id: 'o-grownorg001', rootId: 'r-grow', managementAccountId: '111111111111' },
    enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY', 'TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY'],
    policies: [
      { name: 'DenyLeave', type: 'SERVICE_CONTROL_POLICY', description: 'No leaving', content: DENY_LEAVE },
      { name: 'aws-guardrails-AbCdEf', type: 'SERVICE_CONTROL_POLICY', description: 'Control Tower guardrails', content: denyPolicy('cloudtrail:StopLogging') },
      { name: 'AWSAccelerator-Core-Guardrails', type: 'SERVICE_CONTROL_POLICY', content: denyPolicy('config:Delete*') },
      { name: 'PaymentsOnly', type: 'SERVICE_CONTROL_POLICY', content: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'payments:*', Resource: '*' }] } },
      { name: 'SharedDeny', type: 'SERVICE_CONTROL_POLICY', content: denyPolicy('iam:CreateUser') },
      { name: 'Unattached', type: 'SERVICE_CONTROL_POLICY', content: denyPolicy('ec2:*') },
      {
        name: 'DenyPublicBuckets',
        type: 'RESOURCE_CONTROL_POLICY',
        content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:PutBucketPolicy', Resource: '*' }] },
      },
      { name: 'Cost Center Tags', type: 'TAG_POLICY', content: tag },
      { name: 'Nightly/Backups', type: 'BACKUP_POLICY', content: { plans: { nightly: { regions: { '@@assign': ['eu-west-1'] } } } } },
      { name: 'OptOutAll', type: 'AISERVICES_OPT_OUT_POLICY', content: { services: { default: { opt_out_policy: { '@@assign': 'optOut' } } } } },
    ],
    root: {
      policies: ['FullAWSAccess', 'DenyLeave', 'aws-guardrails-AbCdEf', 'Cost Center Tags', 'OptOutAll'],
      accounts: [{ name: 'security', id: '222222222222' }],
      ous: [
        {
          name: 'Workloads',
          id: 'ou-grow-workload',
          policies: ['FullAWSAccess', 'AWSAccelerator-Core-Guardrails', 'RCPFullAWSAccess', 'DenyPublicBuckets'],
          ous: [
            {
              name: 'Prod',
              id: 'ou-grow-prod0001',
              ous: [{ name: 'Payments', id: 'ou-grow-payments', policies: ['PaymentsOnly'], accounts: [{ name: 'payments-1', id: '333333333333', policies: ['Nightly/Backups'] }] }],
            },
          ],
        },
        {
          name: 'Shared',
          id: 'ou-grow-shared01',
          accounts: [
            { name: 'shared-services', id: '444444444441', policies: ['FullAWSAccess', 'SharedDeny'] },
            { name: 'shared-services', id: '444444444442', policies: ['FullAWSAccess', 'SharedDeny'] },
            { name: 'plain', id: '444444444443' },
          ],
        },
      ],
    },
  };
}

describe('reconcile import', () => {
  it('writes an exact org.yaml and policy files: plan right after shows no changes', async () => {
    h = await startTwin({ fixture: grownOrg(), emptyPageRate: 0.3 });
    const dir = mkdtempSync(join(tmpdir(), 'reconcile-import-'));
    const config = join(dir, 'org.yaml');
    const imported = await runCli(['import', '--endpoint', h.endpoint, '-c', config]);
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /Wrote .*org\.yaml \(10 policies, 6 listed targets\)/);
    assert.match(imported.out, /aws-guardrails-AbCdEf looks managed by AWS Control Tower/);
    assert.match(imported.out, /AWSAccelerator-Core-Guardrails looks managed by Landing Zone Accelerator/);

    const yaml = readFileSync(config, 'utf8');
    assert.match(yaml, /# Looks managed by AWS Control Tower \(aws-guardrails-\*\): reconcile will manage it from now on/);
    assert.match(yaml, /\/Workloads\/Prod\/Payments: \[ PaymentsOnly, RCPFullAWSAccess \]/);
    assert.match(yaml, /"444444444441": \[ FullAWSAccess, SharedDeny, RCPFullAWSAccess \] # shared-services \(2 accounts have this name\)/);
    assert.match(yaml, /payments-1: \[ FullAWSAccess, RCPFullAWSAccess, Nightly\/Backups \] # 333333333333/);
    assert.match(yaml, /root: \[ FullAWSAccess, DenyLeave, aws-guardrails-AbCdEf, RCPFullAWSAccess, OptOutAll, Cost Center Tags \]/);
    assert.doesNotMatch(yaml, /security|plain|\/Shared:|\/Workloads\/Prod:/, 'targets with only their defaults are left out');
    assert.match(yaml, /\/Workloads: \[ FullAWSAccess, AWSAccelerator-Core-Guardrails, RCPFullAWSAccess, DenyPublicBuckets \]/);
    for (const file of [
      'policies/scp/deny-leave.json',
      'policies/scp/aws-guardrails-ab-cd-ef.json',
      'policies/rcp/deny-public-buckets.json',
      'policies/tag/cost-center-tags.json',
      'policies/backup/nightly-backups.json',
      'policies/aiservices-opt-out/opt-out-all.json',
      'schema/org.schema.json',
    ]) {
      assert.ok(existsSync(join(dir, file)), file);
    }
    assert.equal(readFileSync(join(dir, 'policies/scp/deny-leave.json'), 'utf8'), JSON.stringify(DENY_LEAVE, null, 2) + '\n');

    const plan = await runCli(['plan', '--endpoint', h.endpoint, '-c', config, '--detailed-exitcode']);
    assert.equal(plan.code, 0, plan.out + plan.err);
    assert.match(plan.out, /No changes\. Organization o-grownorg001 matches org\.yaml\./);
  });

  it('never overwrites a file without --force, and says what it wrote', async () => {
    h = await startTwin({ fixture: grownOrg() });
    const dir = writeRepo({ 'org.yaml': '# mine\n' });
    const config = join(dir, 'org.yaml');
    const refused = await runCli(['import', '--endpoint', h.endpoint, '-c', config]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /import would overwrite 1 existing file; nothing was written \(pass --force to overwrite\)/);
    assert.equal(readFileSync(config, 'utf8'), '# mine\n');
    assert.ok(!existsSync(join(dir, 'policies')));
    const forced = await runCli(['import', '--endpoint', h.endpoint, '-c', config, '--force']);
    assert.equal(forced.code, 0, forced.err);
    assert.match(forced.out, /org\.yaml \(overwritten\)/);
  });

  it('refuses a policy type AWS does not have before reading anything', async () => {
    h = await startTwin({ fixture: grownOrg() });
    const r = await runCli(['import', '--endpoint', h.endpoint, '-c', join(mkdtempSync(join(tmpdir(), 'reconcile-import-')), 'org.yaml'), '--types', 'BOGUS']);
    assert.equal(r.code, 1);
    assert.match(r.err, /unknown policy type BOGUS; the types are SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TAG_POLICY/);
    assert.equal(h.twin.calls.length, 0);
  });

  it('imports only the types asked for, and the SCPs of the targets it lists', async () => {
    h = await startTwin({ fixture: grownOrg() });
    const dir = mkdtempSync(join(tmpdir(), 'reconcile-import-'));
    const config = join(dir, 'org.yaml');
    const r = await runCli(['import', '--endpoint', h.endpoint, '-c', config, '--types', 'TAG_POLICY']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /SCPs are imported too: once org\.yaml lists a target, it manages that target's SCPs/);
    const loaded = loadConfig(config);
    assert.deepEqual(loaded.targets.map((t) => t.key), ['root']);
    assert.deepEqual(loaded.managedTypes, ['SERVICE_CONTROL_POLICY', 'TAG_POLICY']);
    const plan = await runCli(['plan', '--endpoint', h.endpoint, '-c', config, '--detailed-exitcode']);
    assert.equal(plan.code, 0, plan.out);
  });
});

describe('policy file names', () => {
  it('are safe on every filesystem and stable', () => {
    assert.equal(slug('DenyLeaveOrganization'), 'deny-leave-organization');
    assert.equal(slug('Café / Ünïcode: policy*?'), 'cafe-unicode-policy');
    assert.equal(slug('CON'), 'con-policy');
    assert.equal(slug('...'), 'policy');
    assert.equal(slug('x'.repeat(300)).length, 100);
    const paths = policyFilePaths([
      { id: 'p-bbbbbbbb', name: 'Deny', type: 'SERVICE_CONTROL_POLICY' },
      { id: 'p-aaaaaaaa', name: 'deny', type: 'SERVICE_CONTROL_POLICY' },
      { id: 'p-cccccccc', name: 'Deny', type: 'TAG_POLICY' },
    ]);
    assert.deepEqual(Object.fromEntries(paths), {
      'p-aaaaaaaa': 'policies/scp/deny.json',
      'p-bbbbbbbb': 'policies/scp/deny-bbbbbbbb.json',
      'p-cccccccc': 'policies/tag/deny.json',
    });
  });
});

/** Everything a snapshot holds, read through the API. */
function takeSnapshot(api: OrganizationsApi) {
  return readOrg(new ApiSource(api), { kind: 'everything' });
}

describe('snapshots and offline plans', () => {
  it('round-trips: a snapshot of a twin loaded from a snapshot is the same snapshot', async () => {
    h = await startTwin({ fixture: grownOrg(), emptyPageRate: 0.3 });
    const first = await takeSnapshot(h.api);
    const firstFile = serializeSnapshot(first, '');
    // Content is read only for the 10 customer policies: FullAWSAccess and RCPFullAWSAccess are AWS's own.
    assert.equal(h.api.calls.DescribePolicy, 10);
    assert.equal(firstFile.policies.find((p) => p.name === 'FullAWSAccess')!.content, h.twin.organization!.policies.get('p-FullAWSAccess')!.content);
    const again = await startTwin({ organization: orgDataFromState(first) });
    try {
      const second = await takeSnapshot(again.api);
      assert.deepEqual(serializeSnapshot(second, ''), firstFile);
      assert.equal(firstFile.accounts.length, 6);
      assert.equal(firstFile.ous.length, 4);
      assert.deepEqual(firstFile.ous.map((o) => o.name), ['Shared', 'Workloads', 'Prod', 'Payments']);
    } finally {
      await again.close();
    }
  });

  it('plans offline exactly as online, and says it is a snapshot and how old', async () => {
    h = await startTwin({ fixture: grownOrg() });
    const dir = writeRepo({
      'policies/deny.json': DENY_LEAVE,
      'org.yaml': 'version: 1\npolicies:\n  DenyLeave: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }\nattachments:\n  root: [FullAWSAccess, DenyLeave]\n  ous:\n    /Shared: [DenyLeave]\n',
    });
    const state = join(dir, 'live.json');
    const saved = await runCli(['snapshot', '--endpoint', h.endpoint, '--out', state]);
    assert.equal(saved.code, 0, saved.err);
    assert.match(saved.out, /Saved .*live\.json: o-grownorg001, 4 OUs, 6 accounts, 12 policies/);

    const config = loadConfig(join(dir, 'org.yaml'));
    const online = planChanges(config, await readFor(h.api, config, { prune: true }), { prune: true });
    // No credentials at all: a fork's pull request has none.
    const offline = await runCli(['plan', '-c', join(dir, 'org.yaml'), '--state', state, '--prune', '--format', 'json'], {
      env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: 'no-such-profile' },
    });
    assert.equal(offline.code, 0, offline.err);
    assert.deepEqual(JSON.parse(offline.out), planDocument(viewOf(online)));

    // A snapshot taken three hours ago says so.
    const snapshot = JSON.parse(readFileSync(state, 'utf8'));
    writeFileSync(state, JSON.stringify({ ...snapshot, takenAt: new Date(Date.now() - 3 * 3600_000).toISOString() }));
    const text = await runCli(['plan', '-c', join(dir, 'org.yaml'), '--state', state]);
    assert.match(text.out, /read from the snapshot .*live\.json, taken .* \(3 hours ago\): not the live organization/);
  });

  it('loads a snapshot written by reconcile 0.1 (format 1), and plans from it as from the organization it was taken of', async () => {
    const root = join(import.meta.dirname, '..');
    // Written by `reconcile snapshot` of the 0.1 release against the twin seeded from examples/live-org.yaml.
    const v1 = join(root, 'test/fixtures/live-org.snapshot-v1.json');
    const fromSnapshot = await runCli(['plan', '-c', join(root, 'org.yaml'), '--state', v1, '--format', 'json']);
    assert.equal(fromSnapshot.code, 0, fromSnapshot.err);
    const fromTwin = await runCli(['plan', '-c', join(root, 'org.yaml'), '--twin', join(root, 'examples/live-org.yaml'), '--format', 'json']);
    assert.equal(fromTwin.code, 0, fromTwin.err);
    assert.deepEqual(JSON.parse(fromSnapshot.out), JSON.parse(fromTwin.out));
    // The model it loads into is the organization's: the same as reading everything from the twin.
    h = await startTwin({ organization: loadFixtureFile(join(root, 'examples/live-org.yaml')) });
    assert.deepEqual(serializeSnapshot(loadSnapshot(v1).state, ''), serializeSnapshot(await takeSnapshot(h.api), ''));
  });

  it('plans from a snapshot without a call: the model is read from the file', async () => {
    const root = join(import.meta.dirname, '..');
    const r = await runCli(['plan', '-c', join(root, 'org.yaml'), '--state', join(root, 'test/fixtures/live-org.snapshot-v1.json')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Read in \d+\.\ds with 0 API calls\n/);
  });

  it('round-trips an OrgState through a snapshot file', async () => {
    h = await startTwin({ fixture: grownOrg() });
    const state = await takeSnapshot(h.api);
    const file = join(mkdtempSync(join(tmpdir(), 'reconcile-snapshot-')), 'live.json');
    saveSnapshot(file, state, '2026-01-01T00:00:00.000Z');
    const loaded = loadSnapshot(file);
    assert.equal(loaded.takenAt, '2026-01-01T00:00:00.000Z');
    assert.deepEqual(loaded.state.policies, state.policies);
    assert.deepEqual(loaded.state.attachments, state.attachments);
    assert.deepEqual(loaded.state.policyTypes, state.policyTypes);
    assert.deepEqual(loaded.state.ous, state.ous);
    assert.deepEqual(loaded.state.accounts, state.accounts);
    assert.deepEqual({ ...loaded.state.coverage, named: [...loaded.state.coverage.named] }, { ...state.coverage, named: [] });
    for (const [policyId, targets] of state.policyTargets) assert.deepEqual(new Set(loaded.state.policyTargets.get(policyId)), new Set(targets), policyId);
  });

  it('refuses a file that is not a snapshot', async () => {
    const dir = writeRepo({ 'org.yaml': 'version: 1\n', 'live.json': '{"format":"something-else"}' });
    const r = await runCli(['plan', '-c', join(dir, 'org.yaml'), '--state', join(dir, 'live.json')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /is not a snapshot written by reconcile snapshot/);
  });
});

describe('reconcile rehearse', () => {
  it('applies the plan in the twin, checks it converges, and counts the calls apply will make', async () => {
    h = await startTwin({ fixture: grownOrg() });
    const dir = writeRepo({
      'policies/deny.json': DENY_LEAVE,
      'policies/allow.json': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
      'org.yaml': `version: 1
policies:
  DenyLeave: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }
  S3Only: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json }
attachments:
  ous:
    /Shared: [S3Only, DenyLeave]
`,
    });
    const r = await runCli(['rehearse', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Rehearsal passed: all 4 steps applied in the twin, and a new plan then shows no changes/);
    assert.match(r.out, /Apply will make 4 API calls \(AttachPolicy 2, CreatePolicy 1, DetachPolicy 1\)/);
    // The real organization was only read.
    assert.deepEqual(h.twin.calls.filter((c) => !/^(List|Describe)/.test(c.operation)), []);
  });

  it("reports a step AWS would refuse: a policy over AWS's size limit that org.yaml's raised limit let through", async () => {
    h = await startTwin({ fixture: grownOrg() });
    const big = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: Array.from({ length: 700 }, (_, i) => `svc${i}:Action`), Resource: '*' }] };
    assert.ok(JSON.stringify(big).length > 10_240);
    const dir = writeRepo({
      'policies/big.json': big,
      'org.yaml': `version: 1
limits:
  SERVICE_CONTROL_POLICY: { maxSize: 20000 }
policies:
  Big: { type: SERVICE_CONTROL_POLICY, file: policies/big.json }
attachments:
  ous:
    /Shared: [FullAWSAccess, Big]
`,
    });
    assert.equal((await runCli(['validate', '-c', join(dir, 'org.yaml')])).code, 0, 'org.yaml itself is valid');
    const r = await runCli(['rehearse', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint]);
    assert.equal(r.code, 1);
    assert.match(r.err, /Rehearsal failed: AWS would refuse this step; the real organization was not touched/);
    assert.match(r.err, /step 1, create SCP Big: ConstraintViolationException: The policy content is \d+ characters; the limit for SERVICE_CONTROL_POLICY is 10240/);
    assert.match(r.err, /1 later step would not start/);
  });

  it('shows accounts by name, as plan does, where org.yaml lists them by id', async () => {
    h = await startTwin({ fixture: grownOrg() });
    const dir = writeRepo({ 'policies/deny.json': DENY_LEAVE, 'org.yaml': 'version: 1\npolicies:\n  DenyLeave: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }\nattachments:\n  accounts:\n    "222222222222": [FullAWSAccess, DenyLeave]\n' });
    const r = await runCli(['rehearse', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^  security \(222222222222\)$/m);
  });

  it('keeps org.yaml limits that are lower than AWS quotas, never higher', () => {
    const limits = rehearsalLimits({ limits: { SERVICE_CONTROL_POLICY: { maxAttachments: 5, maxSize: 20_000 } } } as never);
    assert.deepEqual(limits, { SERVICE_CONTROL_POLICY: { maxAttachments: 5, maxSize: 10_240 } });
  });

  it('rehearses against a snapshot too', async () => {
    h = await startTwin({ fixture: grownOrg() });
    const snapshot = await takeSnapshot(h.api);
    const dir = writeRepo({ 'org.yaml': 'version: 1\nattachments:\n  ous:\n    /Shared: [FullAWSAccess]\n' });
    const result = await rehearse(snapshot, loadConfig(join(dir, 'org.yaml')), false);
    assert.equal(result.planned.plan.steps.length, 0);
    assert.equal(result.after?.plan.steps.length, 0);
  });
});
