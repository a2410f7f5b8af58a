// The twin's effective management policies, through the real SDK: DescribeEffectivePolicy with AWS's errors and
// its `{}`, the merge down the tree in attachment order, invalid effective policies with their validation errors,
// pagination, and the lag after a write. The merge itself is the engine's (golden-tested in
// effective-golden.test.ts); these tests are about what the twin serves and when.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AccountNotFoundException,
  AttachPolicyCommand,
  CreatePolicyCommand,
  DescribeEffectivePolicyCommand,
  DetachPolicyCommand,
  EffectivePolicyNotFoundException,
  EnablePolicyTypeCommand,
  type EffectivePolicyType,
  InvalidInputException,
  ListAccountsWithInvalidEffectivePolicyCommand,
  ListEffectivePolicyValidationErrorsCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
  TargetNotFoundException,
  paginateListAccountsWithInvalidEffectivePolicy,
  paginateListEffectivePolicyValidationErrors,
} from '@aws-sdk/client-organizations';
import { orgDataFromState } from '../src/twin/from-state.js';
import { buildFixture, type Fixture, type FixtureOu } from '../src/twin/seed.js';
import { stateOfOrgData } from '../src/twin/to-state.js';
import { smallOrg, startTwin, type TwinHarness } from './helpers.js';

const TAG = 'TAG_POLICY' satisfies EffectivePolicyType;
const BACKUP = 'BACKUP_POLICY' satisfies EffectivePolicyType;
/** The SDK's type leaves out SCPs and RCPs; sent anyway, AWS refuses them. */
const AUTHORIZATION_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as unknown as EffectivePolicyType[];
const ROOT = 'r-test';
const WORKLOADS = 'ou-test-workload';
const SANDBOX = 'ou-test-sandbox1';
const MANAGEMENT = '111111111111';
const SECURITY = '222222222222';
const PROD_1 = '333333333333';
const SANDBOX_1 = '555555555555';

let h: TwinHarness;
afterEach(() => h?.close());

/** smallOrg with tag and backup policies enabled, these policies, and attachments by target id. */
function org(policies: Record<string, { type: string; content: unknown }>, attachments: Record<string, string[]> = {}): Fixture {
  const base = smallOrg({
    enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', TAG, BACKUP],
    policies: Object.entries(policies).map(([name, p]) => ({ name, id: idOf(name), ...p })),
  });
  const attach = (ou: FixtureOu): FixtureOu => ({
    ...ou,
    policies: attachments[ou.id!] && ['FullAWSAccess', ...attachments[ou.id!]],
    ous: ou.ous?.map(attach),
  });
  base.root = { ...base.root, policies: attachments[ROOT] && ['FullAWSAccess', ...attachments[ROOT]], ous: base.root!.ous!.map(attach) };
  return base;
}

/** Policy ids from names, in AWS's pattern. */
const idOf = (name: string) => `p-${name.toLowerCase().padEnd(8, '0')}`;

async function effective(type: EffectivePolicyType, targetId?: string) {
  const answer = await h.client.send(new DescribeEffectivePolicyCommand({ PolicyType: type, TargetId: targetId }));
  return { ...answer.EffectivePolicy!, document: JSON.parse(answer.EffectivePolicy!.PolicyContent!) as unknown };
}

const costCenter = (values: string[], operator = '@@assign') => ({
  tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { [operator]: values } } },
});

const backupRule = (hour: number) => ({
  schedule_expression: { '@@assign': `cron(0 ${hour} ? * * *)` },
  target_backup_vault_name: { '@@assign': 'Default' },
});
/** A backup plan `plan` with rules named r<from>…r<to>. */
function backupPlan(plan: string, from: number, to: number) {
  const rules: Record<string, unknown> = {};
  for (let i = from; i <= to; i++) rules[`r${i}`] = backupRule(i);
  return { plans: { [plan]: { regions: { '@@assign': ['us-east-1'] }, rules } } };
}
const renderedRules = (from: number, to: number) => {
  const rules: Record<string, unknown> = {};
  for (let i = from; i <= to; i++) rules[`r${i}`] = { schedule_expression: `cron(0 ${i} ? * * *)`, target_backup_vault_name: 'Default' };
  return rules;
};

describe('stateOfOrgData', () => {
  it('is the model the twin would be seeded from: seeding from it and reading back gives the same model', () => {
    const data = buildFixture(
      org(
        { RootTags: { type: TAG, content: costCenter(['1']) }, WorkTags: { type: TAG, content: costCenter(['2'], '@@append') } },
        { [ROOT]: ['RootTags'], [WORKLOADS]: ['WorkTags', 'RootTags'] },
      ),
    );
    const state = stateOfOrgData(data);
    assert.equal(state.coverage.tree, true);
    assert.deepEqual(state.attachments.get(WORKLOADS)?.get(TAG), [idOf('WorkTags'), idOf('RootTags')]);
    assert.deepEqual(state.policyTargets.get(idOf('RootTags')), [ROOT, WORKLOADS]);
    assert.deepEqual(stateOfOrgData(orgDataFromState(state)), state);
  });
});

describe('twin DescribeEffectivePolicy', () => {
  it("refuses what AWS refuses: a root or OU target, an SCP or RCP, an unknown account, a type that isn't enabled", async () => {
    h = await startTwin({ fixture: org({}) });
    for (const TargetId of [ROOT, WORKLOADS]) {
      await assert.rejects(h.client.send(new DescribeEffectivePolicyCommand({ PolicyType: TAG, TargetId })), (err) => {
        assert.ok(err instanceof InvalidInputException);
        assert.equal(err.Reason, 'TARGET_NOT_SUPPORTED');
        return true;
      });
    }
    for (const PolicyType of AUTHORIZATION_TYPES) {
      await assert.rejects(h.client.send(new DescribeEffectivePolicyCommand({ PolicyType, TargetId: PROD_1 })), InvalidInputException);
    }
    await assert.rejects(h.client.send(new DescribeEffectivePolicyCommand({ PolicyType: TAG, TargetId: '999999999999' })), TargetNotFoundException);
    await assert.rejects(
      h.client.send(new DescribeEffectivePolicyCommand({ PolicyType: 'AISERVICES_OPT_OUT_POLICY', TargetId: PROD_1 })),
      EffectivePolicyNotFoundException,
    );
  });

  it('answers {} for an enabled type with nothing attached on the way to the account', async () => {
    h = await startTwin({ fixture: org({}) });
    const answer = await effective(TAG, SANDBOX_1);
    assert.equal(answer.PolicyContent, '{}');
    assert.equal(answer.TargetId, SANDBOX_1);
    assert.equal(answer.PolicyType, TAG);
    assert.ok(answer.LastUpdatedTimestamp instanceof Date);
  });

  it('merges a tag policy at the root with one at an OU; the management account gets the root one', async () => {
    h = await startTwin({
      fixture: org(
        { RootTags: { type: TAG, content: costCenter(['100', '200']) }, WorkTags: { type: TAG, content: costCenter(['300'], '@@append') } },
        { [ROOT]: ['RootTags'], [WORKLOADS]: ['WorkTags'] },
      ),
    });
    assert.deepEqual((await effective(TAG, PROD_1)).document, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200', '300'] } } });
    assert.deepEqual((await effective(TAG, SANDBOX_1)).document, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200'] } } });
    // Without a TargetId: the caller's own account, here the management account.
    const own = await effective(TAG);
    assert.equal(own.TargetId, MANAGEMENT);
    assert.deepEqual(own.document, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200'] } } });
  });

  it("answers without a TargetId for the caller's own account, told by its access key", async () => {
    h = await startTwin({
      fixture: org({ WorkTags: { type: TAG, content: costCenter(['300']) } }, { [WORKLOADS]: ['WorkTags'] }),
      identities: { ASIAPROD: { arn: `arn:aws:sts::${PROD_1}:assumed-role/reader/session`, accountId: PROD_1 } },
    });
    const prod = new OrganizationsClient({ endpoint: h.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'ASIAPROD', secretAccessKey: 'x' } });
    try {
      const answer = await prod.send(new DescribeEffectivePolicyCommand({ PolicyType: TAG }));
      assert.equal(answer.EffectivePolicy?.TargetId, PROD_1);
      assert.deepEqual(JSON.parse(answer.EffectivePolicy!.PolicyContent!), { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['300'] } } });
    } finally {
      prod.destroy();
    }
  });

  it('keeps attachment order: re-attaching a policy moves it last, which changes the winner of an assign conflict', async () => {
    h = await startTwin({
      fixture: org(
        { First: { type: TAG, content: costCenter(['first']) }, Second: { type: TAG, content: costCenter(['second']) } },
        { [SANDBOX]: ['First', 'Second'] },
      ),
    });
    const values = async () => ((await effective(TAG, SANDBOX_1)).document as { tags: { costcenter: { tag_value: string[] } } }).tags.costcenter.tag_value;
    const order = async () =>
      (await h.client.send(new ListPoliciesForTargetCommand({ TargetId: SANDBOX, Filter: TAG }))).Policies!.map((p) => p.Name);
    assert.deepEqual(await values(), ['first']);
    assert.deepEqual(await order(), ['First', 'Second']);

    await h.client.send(new DetachPolicyCommand({ PolicyId: idOf('First'), TargetId: SANDBOX }));
    await h.client.send(new AttachPolicyCommand({ PolicyId: idOf('First'), TargetId: SANDBOX }));
    assert.deepEqual(await order(), ['Second', 'First']);
    assert.deepEqual(await values(), ['second']);
  });
});

describe('twin invalid effective policies', () => {
  const sixAtRoot = { SixRules: { type: BACKUP, content: backupPlan('daily', 1, 6) } };

  it('lists an account whose backup plan merges to 11 rules, with the validation error, and keeps serving its last valid document', async () => {
    h = await startTwin({
      fixture: org({ ...sixAtRoot, FiveMore: { type: BACKUP, content: backupPlan('daily', 7, 11) } }, { [ROOT]: ['SixRules'] }),
    });
    const sixRules = { plans: { daily: { regions: ['us-east-1'], rules: renderedRules(1, 6) } } };
    assert.deepEqual((await effective(BACKUP, SANDBOX_1)).document, sixRules);
    const none = await h.client.send(new ListAccountsWithInvalidEffectivePolicyCommand({ PolicyType: BACKUP }));
    assert.deepEqual(none.Accounts, []);
    assert.equal(none.PolicyType, BACKUP);

    await h.client.send(new AttachPolicyCommand({ PolicyId: idOf('FiveMore'), TargetId: SANDBOX }));

    const invalid = await h.client.send(new ListAccountsWithInvalidEffectivePolicyCommand({ PolicyType: BACKUP }));
    assert.deepEqual(invalid.Accounts?.map((a) => [a.Id, a.Name]), [[SANDBOX_1, 'sandbox-1']]);
    const errors = await h.client.send(new ListEffectivePolicyValidationErrorsCommand({ AccountId: SANDBOX_1, PolicyType: BACKUP }));
    assert.equal(errors.AccountId, SANDBOX_1);
    assert.equal(errors.PolicyType, BACKUP);
    assert.equal(errors.Path, `o-testorg0001/${ROOT}/${SANDBOX}/${SANDBOX_1}/`);
    assert.ok(errors.EvaluationTimestamp instanceof Date);
    assert.deepEqual(
      errors.EffectivePolicyValidationErrors?.map(({ ErrorMessage, ...rest }) => (assert.ok(ErrorMessage), rest)),
      [{ ErrorCode: 'ELEMENTS_TOO_MANY', PathToError: 'plans.daily.rules', ContributingPolicies: [idOf('SixRules'), idOf('FiveMore')] }],
    );
    // AWS keeps the account's last valid document; other accounts are untouched.
    assert.deepEqual((await effective(BACKUP, SANDBOX_1)).document, sixRules);
    const valid = await h.client.send(new ListEffectivePolicyValidationErrorsCommand({ AccountId: PROD_1, PolicyType: BACKUP }));
    assert.deepEqual(valid.EffectivePolicyValidationErrors, []);

    // Fixing it makes the merged document the account's again.
    await h.client.send(new DetachPolicyCommand({ PolicyId: idOf('FiveMore'), TargetId: SANDBOX }));
    assert.deepEqual((await h.client.send(new ListAccountsWithInvalidEffectivePolicyCommand({ PolicyType: BACKUP }))).Accounts, []);
  });

  it('has no document to serve for an account that was never valid', async () => {
    h = await startTwin({
      fixture: org({ ...sixAtRoot, FiveMore: { type: BACKUP, content: backupPlan('daily', 7, 11) } }, { [ROOT]: ['SixRules'], [SANDBOX]: ['FiveMore'] }),
    });
    await assert.rejects(h.client.send(new DescribeEffectivePolicyCommand({ PolicyType: BACKUP, TargetId: SANDBOX_1 })), EffectivePolicyNotFoundException);
  });

  it('refuses the lists for a type that is not enabled, an SCP, or an unknown account', async () => {
    h = await startTwin({ fixture: org({}) });
    await assert.rejects(
      h.client.send(new ListAccountsWithInvalidEffectivePolicyCommand({ PolicyType: 'CHATBOT_POLICY' })),
      EffectivePolicyNotFoundException,
    );
    await assert.rejects(
      h.client.send(new ListAccountsWithInvalidEffectivePolicyCommand({ PolicyType: AUTHORIZATION_TYPES[0] })),
      InvalidInputException,
    );
    await assert.rejects(
      h.client.send(new ListEffectivePolicyValidationErrorsCommand({ AccountId: '999999999999', PolicyType: BACKUP })),
      AccountNotFoundException,
    );
  });

  it('pages both lists at MaxResults', async () => {
    // Two plans of 11 rules each at the root: every account is invalid, with two errors each.
    const plans = { ...backupPlan('daily', 1, 11).plans, ...backupPlan('weekly', 1, 11).plans };
    h = await startTwin({ fixture: org({ Eleven: { type: BACKUP, content: { plans } } }) });
    await h.client.send(new AttachPolicyCommand({ PolicyId: idOf('Eleven'), TargetId: ROOT }));
    const pages: string[][] = [];
    for await (const page of paginateListAccountsWithInvalidEffectivePolicy({ client: h.client, pageSize: 3 }, { PolicyType: BACKUP })) {
      pages.push(page.Accounts!.map((a) => a.Id!));
    }
    assert.deepEqual(pages.map((p) => p.length), [3, 1]);
    assert.deepEqual(pages.flat().sort(), [MANAGEMENT, SECURITY, PROD_1, SANDBOX_1].sort());

    const errorPages: string[][] = [];
    for await (const page of paginateListEffectivePolicyValidationErrors({ client: h.client, pageSize: 1 }, { AccountId: PROD_1, PolicyType: BACKUP })) {
      errorPages.push(page.EffectivePolicyValidationErrors!.map((e) => e.PathToError!));
    }
    assert.deepEqual(errorPages, [['plans.daily.rules'], ['plans.weekly.rules']]);
  });
});

describe('twin effective-policy lag', () => {
  it('serves the document as of the lag ago, as AWS computes effective policies seconds after a write', async () => {
    const LAG = 400;
    h = await startTwin({ fixture: org({ Tags: { type: TAG, content: costCenter(['100']) } }), effectivePolicyLagMs: LAG });
    const before = await effective(TAG, PROD_1);
    assert.deepEqual(before.document, {});

    const attachedAt = Date.now();
    await h.client.send(new AttachPolicyCommand({ PolicyId: idOf('Tags'), TargetId: WORKLOADS }));
    assert.deepEqual((await effective(TAG, PROD_1)).document, {}, 'not yet');
    // Reads other than effective policies see the write at once (consistencyLagMs is separate).
    const attached = await h.client.send(new ListPoliciesForTargetCommand({ TargetId: WORKLOADS, Filter: TAG }));
    assert.deepEqual(attached.Policies?.map((p) => p.Name), ['Tags']);

    await new Promise((resolve) => setTimeout(resolve, LAG + 50));
    const after = await effective(TAG, PROD_1);
    assert.deepEqual(after.document, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100'] } } });
    const updatedAt = after.LastUpdatedTimestamp!.getTime();
    assert.ok(updatedAt >= attachedAt + LAG && updatedAt <= Date.now(), 'updated when the change took effect');
    assert.ok(after.LastUpdatedTimestamp!.getTime() > before.LastUpdatedTimestamp!.getTime());
  });

  it('reports a newly enabled type only once the lag has passed', async () => {
    const LAG = 300;
    h = await startTwin({ fixture: smallOrg(), effectivePolicyLagMs: LAG });
    await h.client.send(new EnablePolicyTypeCommand({ RootId: ROOT, PolicyType: TAG }));
    await assert.rejects(h.client.send(new DescribeEffectivePolicyCommand({ PolicyType: TAG, TargetId: PROD_1 })), EffectivePolicyNotFoundException);
    await new Promise((resolve) => setTimeout(resolve, LAG + 50));
    assert.deepEqual((await effective(TAG, PROD_1)).document, {});
    // A policy created now does not change it before it is attached.
    await h.client.send(new CreatePolicyCommand({ Name: 't', Description: '', Type: TAG, Content: JSON.stringify(costCenter(['1'])) }));
    assert.deepEqual((await effective(TAG, PROD_1)).document, {});
  });

  it('without the option, answers reflect a write at once', async () => {
    h = await startTwin({ fixture: org({ Tags: { type: TAG, content: costCenter(['100']) } }) });
    await h.client.send(new AttachPolicyCommand({ PolicyId: idOf('Tags'), TargetId: ROOT }));
    assert.deepEqual((await effective(TAG, SECURITY)).document, { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100'] } } });
  });
});
