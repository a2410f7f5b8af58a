// The plan's "effective policy changes": for attach, detach, content update and enabling a type, the accounts the
// change reaches and what DescribeEffectivePolicy will return for them after apply, read from the twin through
// the SDK. Expected documents follow AWS's documented inheritance (assign at a parent, append below it; the
// effective document strips the operators), not the engine's own output.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../src/desired/load.js';
import { planChange } from '../src/engine/plan.js';
import { ApiSource } from '../src/live/api-source.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderPlan } from '../src/render/text.js';
import { viewOf } from '../src/render/plan-view.js';
import { colorsFor } from '../src/render/colors.js';
import type { Fixture } from '../src/twin/seed.js';
import { DENY_LEAVE, smallOrg, startTwin, writeRepo, type TwinHarness } from './helpers.js';

const TAG = 'TAG_POLICY';
const costCenter = (values: string[]) => ({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': values } } } });
const sandboxValue = { tags: { costcenter: { tag_value: { '@@append': ['Sandbox'] } } } };

let h: TwinHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** smallOrg with tag policies enabled, CostCenter (CC-1, CC-2) on the root, and `extra` fixture policies. */
function org(extra: Partial<Fixture> = {}): Fixture {
  const base = smallOrg();
  return {
    ...base,
    enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', TAG],
    policies: [{ name: 'CostCenter', type: TAG, content: costCenter(['CC-1', 'CC-2']) }, ...(extra.policies ?? [])],
    root: { ...base.root, policies: ['FullAWSAccess', 'CostCenter'], ...extra.root },
  };
}

function repo(rootPolicies: string[], workloads: string[] | undefined, files: Record<string, object>): string {
  const declarations = Object.keys(files).map((name) => {
    const type = name === 'OptOut' ? 'AISERVICES_OPT_OUT_POLICY' : name === 'Backups' ? 'BACKUP_POLICY' : TAG;
    return `  ${name}: { type: ${type}, file: policies/${name}.json }`;
  });
  const policyFiles = Object.fromEntries(Object.entries(files).map(([name, doc]) => [`policies/${name}.json`, doc]));
  return join(
    writeRepo({
      ...policyFiles,
      'org.yaml': `version: 1\npolicies:\n${declarations.join('\n')}\nattachments:\n  root: [${rootPolicies.join(', ')}]\n${workloads ? `  ous:\n    /Workloads: [FullAWSAccess, ${workloads.join(', ')}]\n` : ''}`,
    }),
    'org.yaml',
  );
}

async function planOf(configFile: string) {
  return planChange(new ApiSource(h!.api), loadConfig(configFile), false);
}

describe("the plan's effective policy changes", () => {
  it('attach: the accounts under the OU gain the appended value', async () => {
    h = await startTwin({ fixture: org(), api: { rateLimited: false } });
    const { plan } = await planOf(repo(['FullAWSAccess', 'CostCenter'], ['Sandbox'], { CostCenter: costCenter(['CC-1', 'CC-2']), Sandbox: sandboxValue }));
    assert.equal(plan.effective.length, 1);
    const [change] = plan.effective;
    // /Workloads holds /Workloads/Prod, which holds prod-1: the one account below it.
    assert.deepEqual(change.accounts.map((a) => a.id), ['333333333333']);
    assert.deepEqual(change.before, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['CC-1', 'CC-2'] } } });
    assert.deepEqual(change.after, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['CC-1', 'CC-2', 'Sandbox'] } } });
    assert.deepEqual(change.changes, [{ path: 'tags.costcenter.tag_value', change: 'gains', values: ['Sandbox'] }]);
    assert.match(renderPlan(viewOf(plan), colorsFor({ isTTY: false })), /tag: prod-1 \(333333333333\)\n {4}tags\.costcenter\.tag_value gains "Sandbox"/);
    // In a pull-request comment the diff folds away, and goes before the changes themselves when space runs out.
    const markdown = renderMarkdown(viewOf(plan));
    assert.match(markdown, /#### Effective policy changes[\s\S]*tags\.costcenter\.tag_value gains "Sandbox"[\s\S]*<details><summary>diff<\/summary>/);
    // Room for everything but the content diffs and 10 characters more: both kinds of diff must go.
    const contentDiffs = markdown.indexOf('#### Effective policy changes') - markdown.indexOf('#### Content changes');
    const limit = markdown.length - contentDiffs - 10;
    const short = renderMarkdown(viewOf(plan), limit);
    assert.ok(short.length <= limit, `${short.length} > ${limit}`);
    assert.match(short, /tags\.costcenter\.tag_value gains "Sandbox"/);
    assert.doesNotMatch(short, /<summary>diff<\/summary>/);
  });

  it('detach: the accounts under the OU lose the value, and nothing else is read for accounts elsewhere', async () => {
    h = await startTwin({
      fixture: org({ policies: [{ name: 'Sandbox', type: TAG, content: sandboxValue }] }),
      api: { rateLimited: false },
    });
    h.twin.change({ kind: 'attach', policyId: [...h.twin.organization!.policies.values()].find((p) => p.name === 'Sandbox')!.id, targetId: 'ou-test-workload' });
    const { plan } = await planOf(repo(['FullAWSAccess', 'CostCenter'], [], { CostCenter: costCenter(['CC-1', 'CC-2']), Sandbox: sandboxValue }));
    assert.deepEqual(
      plan.effective.map((c) => [c.accounts.map((a) => a.id), c.changes]),
      [[['333333333333'], [{ path: 'tags.costcenter.tag_value', change: 'loses', values: ['Sandbox'] }]]],
    );
    // Only the /Workloads subtree was walked: the Sandbox OU's accounts were never listed.
    assert.equal(h.twin.calls.some((c) => c.operation === 'ListAccountsForParent' && c.input.ParentId === 'ou-test-sandbox1'), false);
  });

  it('content update: every account the policy reaches, grouped as one change', async () => {
    h = await startTwin({ fixture: org(), api: { rateLimited: false } });
    const { plan } = await planOf(repo(['FullAWSAccess', 'CostCenter'], undefined, { CostCenter: costCenter(['CC-1', 'CC-3']) }));
    assert.equal(plan.effective.length, 1);
    const [change] = plan.effective;
    // The root's policy reaches every account: the management account too (management policies apply to it).
    assert.deepEqual(change.accounts.map((a) => a.id).sort(), ['111111111111', '222222222222', '333333333333', '555555555555']);
    assert.equal(change.under.type, 'ROOT');
    assert.deepEqual(change.changes, [
      { path: 'tags.costcenter.tag_value', change: 'gains', values: ['CC-3'] },
      { path: 'tags.costcenter.tag_value', change: 'loses', values: ['CC-2'] },
    ]);
  });

  it('enabling a type: the accounts the new attachment reaches go from no policy to its document', async () => {
    h = await startTwin({ fixture: org(), api: { rateLimited: false } });
    const optOut = { services: { default: { opt_out_policy: { '@@assign': 'optOut' } } } };
    const { plan } = await planOf(repo(['FullAWSAccess', 'CostCenter', 'OptOut'], undefined, { CostCenter: costCenter(['CC-1', 'CC-2']), OptOut: optOut }));
    assert.ok(plan.steps.some((s) => s.action === 'enable-policy-type' && s.policyType === 'AISERVICES_OPT_OUT_POLICY'));
    const [change] = plan.effective;
    assert.equal(change.policyType, 'AISERVICES_OPT_OUT_POLICY');
    assert.equal(change.accounts.length, 4);
    assert.equal(change.before, null, 'not enabled: DescribeEffectivePolicy finds nothing');
    assert.deepEqual(change.after, { services: { default: { opt_out_policy: 'optOut' } } });
  });

  it('predicts a backup plan with more than 10 rules invalid before apply', async () => {
    h = await startTwin({ fixture: { ...org(), enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', TAG, 'BACKUP_POLICY'] }, api: { rateLimited: false } });
    const rules = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`rule${i}`, { schedule_expression: { '@@assign': 'cron(0 5 ? * * *)' }, target_backup_vault_name: { '@@assign': 'Default' } }]),
    );
    const backups = { plans: { nightly: { regions: { '@@assign': ['eu-west-1'] }, rules } } };
    const { plan } = await planOf(repo(['FullAWSAccess', 'CostCenter'], ['Backups'], { CostCenter: costCenter(['CC-1', 'CC-2']), Backups: backups }));
    const warning = plan.warnings.find((w) => w.code === 'effective-invalid');
    assert.ok(warning && warning.code === 'effective-invalid', JSON.stringify(plan.warnings));
    assert.equal(warning.errorCode, 'ELEMENTS_TOO_MANY');
    assert.deepEqual(warning.targets.map((t) => t.id), ['333333333333']);
  });

  it('costs no extra call for a plan that changes no management policy', async () => {
    h = await startTwin({ fixture: org(), api: { rateLimited: false } });
    const dir = writeRepo({
      'policies/deny.json': DENY_LEAVE,
      'policies/CostCenter.json': costCenter(['CC-1', 'CC-2']),
      'org.yaml': 'version: 1\npolicies:\n  CostCenter: { type: TAG_POLICY, file: policies/CostCenter.json }\n  Deny: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }\nattachments:\n  root: [FullAWSAccess, Deny, CostCenter]\n',
    });
    const { plan: p } = await planOf(join(dir, 'org.yaml'));
    assert.ok(p.steps.length > 0);
    assert.deepEqual(p.effective, []);
    assert.deepEqual(
      h.twin.calls.filter((c) => /^(ListParents|ListAccountsForParent|ListOrganizationalUnitsForParent)$/.test(c.operation)),
      [],
    );
  });
});
