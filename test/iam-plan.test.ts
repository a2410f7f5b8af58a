// IAM role attachments end to end, through the real IAM and STS clients against the twin: plan and apply
// converge (attach, hand-made extras detached, ${AccountId} substituted), the swap at a role's maximum, missing
// and service-linked roles, an unassumable account, an apply stopped half-way, and the command line's output.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { AttachRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { SCHEMAS } from '../src/commands/schema.js';
import { parseConfig } from '../src/desired/load.js';
import { ReconcileError } from '../src/diagnostics/diagnostic.js';
import { applyPlan, autoApprove } from '../src/engine/apply.js';
import { planChange } from '../src/engine/plan.js';
import { ApiSource } from '../src/live/api-source.js';
import { AwsIamSource } from '../src/live/iam-source.js';
import { viewOf } from '../src/render/plan-view.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderPlan } from '../src/render/text.js';
import { colorsFor } from '../src/render/colors.js';
import type { Fixture } from '../src/twin/seed.js';
import type { TwinOptions } from '../src/twin/server.js';
import { MANAGEMENT, PROD, READ_ONLY, SECURITY, SECURITY_AUDIT, auditYaml } from './iam-fixtures.js';
import { MANAGEMENT_KEYS, assumeRole, awsClientConfig, runCli, smallOrg, startTwin, writeRepo, type TwinHarness } from './helpers.js';

const Ajv = AjvModule.default ?? AjvModule;

const VIEW_ONLY = 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess';
const extras = (account: string) => `arn:aws:iam::${account}:policy/AuditExtras`;

/** Audit in three accounts: in line in the management account, a hand-made extra in security, bare in prod. */
function auditOrg(roles: { security?: object[]; prod?: object[] } = {}): Fixture {
  const fixture = smallOrg({
    iamPolicies: [MANAGEMENT, SECURITY, PROD].map((account) => ({ account, name: 'AuditExtras' })),
  });
  fixture.root!.ous = fixture.root!.ous!.filter((ou) => ou.name !== 'Sandbox');
  fixture.root!.accounts = [
    { name: 'management', id: MANAGEMENT, roles: [{ name: 'Audit', policies: [READ_ONLY, extras(MANAGEMENT)] }] },
    { name: 'security', id: SECURITY, roles: (roles.security ?? [{ name: 'Audit', policies: [READ_ONLY, SECURITY_AUDIT] }]) as never },
  ];
  fixture.root!.ous![0].ous![0].accounts![0].roles = (roles.prod ?? [{ name: 'Audit', policies: [] }]) as never;
  return fixture;
}

let h: TwinHarness | undefined;
let iam: AwsIamSource | undefined;
afterEach(async () => {
  iam?.close();
  await h?.close();
  h = iam = undefined;
});

async function start(fixture: Fixture, options: TwinOptions = {}) {
  h = await startTwin({ fixture, ...options });
  iam = new AwsIamSource({ region: 'us-east-1', endpoint: h.endpoint, credentials: MANAGEMENT_KEYS, api: { baseBackoffMs: 5, maxBackoffMs: 50 } });
  return h;
}

function plan(yaml: string, skipUnreachable = false) {
  return planChange(new ApiSource(h!.api), parseConfig('org.yaml', yaml), false, undefined, { source: iam!, parallelAccounts: 4, skipUnreachable });
}

const stepsOf = (planned: Awaited<ReturnType<typeof plan>>) =>
  planned.plan.steps.map((s) => ('policyArn' in s ? `${s.phase}: ${s.action} ${s.account.id} ${s.role} ${s.policyArn}` : s.action));

/** The role's attached policies as IAM lists them now, read as reconcile reaches the account. */
async function attached(accountId: string, role: string): Promise<string[]> {
  const credentials = accountId === MANAGEMENT ? MANAGEMENT_KEYS : await assumeRole(h!.endpoint, `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`);
  const client = new IAMClient(awsClientConfig(h!.endpoint, credentials));
  try {
    const out = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: role }));
    return (out.AttachedPolicies ?? []).map((p) => p.PolicyArn!);
  } finally {
    client.destroy();
  }
}

/** Audit converged by an apply, then SecurityAudit attached by hand (as in the console) to prod's audit role. */
async function convergedThenAttachedByHand() {
  await start(auditOrg());
  const dir = writeRepo({ 'org.yaml': auditYaml() });
  const env = { env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } };
  const cli = (...args: string[]) => runCli([...args, '-c', join(dir, 'org.yaml'), '--endpoint', h!.endpoint], env);
  assert.equal((await cli('apply', '--auto-approve')).code, 0);
  const credentials = await assumeRole(h!.endpoint, `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`);
  const client = new IAMClient(awsClientConfig(h!.endpoint, credentials));
  await client.send(new AttachRolePolicyCommand({ RoleName: 'Audit', PolicyArn: SECURITY_AUDIT }));
  client.destroy();
  return { dir, env, cli };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ReconcileError, String(err));
    return err.message;
  }
  assert.fail('expected the plan to be refused');
}

describe('IAM role attachments', () => {
  it('converge in three accounts: attached, hand-made extra detached, ${AccountId} substituted', async () => {
    await start(auditOrg());
    const planned = await plan(auditYaml());
    assert.deepEqual(stepsOf(planned), [
      `attach: attach-role-policy ${SECURITY} Audit ${extras(SECURITY)}`,
      `attach: attach-role-policy ${PROD} Audit ${READ_ONLY}`,
      `attach: attach-role-policy ${PROD} Audit ${extras(PROD)}`,
      `detach: detach-role-policy ${SECURITY} Audit ${SECURITY_AUDIT}`,
    ]);
    const text = renderPlan(viewOf(planned.plan, planned.names), colorsFor({ isTTY: false }));
    assert.match(text, /role Audit in security \(222222222222\)\n {4}1\. \+ attach arn:aws:iam::222222222222:policy\/AuditExtras — listed in org.yaml/);
    assert.match(text, /- detach arn:aws:iam::aws:policy\/SecurityAudit — not listed for Audit in org.yaml \(attached outside it\)/);
    const markdown = renderMarkdown(viewOf(planned.plan, planned.names));
    assert.ok(markdown.includes(`| role \`Audit\` in \`security\` (\`${SECURITY}\`) | \`${extras(SECURITY)}\` | \`${SECURITY_AUDIT}\` |`), markdown);
    const result = await applyPlan(h!.api, planned.plan, { confirm: autoApprove, iam: iam! });
    assert.equal(result.status, 'applied');
    assert.deepEqual(await attached(SECURITY, 'Audit'), [READ_ONLY, extras(SECURITY)]);
    assert.deepEqual(await attached(PROD, 'Audit'), [READ_ONLY, extras(PROD)]);
    assert.deepEqual((await plan(auditYaml())).plan.steps, []);
  });

  it('swaps at the role maximum: detach first, then attach', async () => {
    await start(auditOrg({ prod: [{ name: 'Audit', policies: [READ_ONLY, SECURITY_AUDIT] }] }), { iam: { policiesPerRoleQuota: { [PROD]: 2 } } });
    const yaml = `version: 1
limits:
  IAM_ROLE: { maxAttachments: 2 }
iamRoles:
  - accounts: ["${PROD}"]
    roles: { Audit: [${READ_ONLY}, ${VIEW_ONLY}] }
`;
    const planned = await plan(yaml);
    assert.deepEqual(stepsOf(planned), [`attach: detach-role-policy ${PROD} Audit ${SECURITY_AUDIT}`, `attach: attach-role-policy ${PROD} Audit ${VIEW_ONLY}`]);
    // Selected by id, and named for the output with one DescribeAccount.
    assert.equal(planned.names.get(PROD), 'prod-1');
    assert.equal((await applyPlan(h!.api, planned.plan, { confirm: autoApprove, iam: iam! })).status, 'applied');
    assert.deepEqual(await attached(PROD, 'Audit'), [READ_ONLY, VIEW_ONLY]);
  });

  it('refuses a missing role naming account and role, or skips and reports it with ifRoleMissing: skip', async () => {
    await start(auditOrg({ prod: [] }));
    const message = await refusal(plan(auditYaml()));
    assert.match(message, /account prod-1 \(333333333333\) has no role Audit \(NoSuchEntity\)/);
    const skipped = await plan(auditYaml('    ifRoleMissing: skip\n'));
    assert.deepEqual(skipped.plan.iam?.skipped, [{ account: { id: PROD, type: 'ACCOUNT', label: 'prod-1' }, role: 'Audit' }]);
    assert.ok(stepsOf(skipped).every((s) => !s.includes(PROD)));
  });

  it('refuses a service-linked role, and a customer policy missing in the account, before anything is written', async () => {
    const linked = 'AWSServiceRoleForAccessAnalyzer';
    await start(auditOrg({ security: [{ name: linked, path: '/aws-service-role/access-analyzer.amazonaws.com/' }] }));
    const message = await refusal(
      plan(`version: 1
iamRoles:
  - accounts: [security]
    roles: { ${linked}: [${READ_ONLY}] }
  - accounts: [prod-1]
    roles: { Audit: ["arn:aws:iam::\${AccountId}:policy/Missing"] }
`),
    );
    assert.match(message, new RegExp(`${linked} in account security \\(${SECURITY}\\) is a service-linked role .*UnmodifiableEntity`));
    assert.match(message, /Audit in account prod-1 \(333333333333\): arn:aws:iam::333333333333:policy\/Missing does not exist in that account \(NoSuchEntity\)/);
    assert.deepEqual(h!.twin.calls.filter((c) => /^(Attach|Detach)RolePolicy$/.test(c.operation)), []);
  });

  it('reports an unassumable account with the role ARN and the remedy; --skip-unreachable plans the others', async () => {
    await start(auditOrg(), { iam: { unassumableAccounts: [PROD] } });
    const message = await refusal(plan(auditYaml()));
    assert.match(message, /account prod-1 \(333333333333\) cannot be reached: arn:aws:iam::333333333333:role\/OrganizationAccountAccessRole could not be assumed \(AccessDenied: .*\)\. .*--skip-unreachable/);
    const planned = await plan(auditYaml(), true);
    assert.deepEqual(planned.plan.iam?.unreachable.map((u) => u.account.id), [PROD]);
    assert.ok(stepsOf(planned).some((s) => s.includes(SECURITY)));
  });

  it("reads no account's IAM for an organization org.yaml is not for", async () => {
    await start(auditOrg());
    const message = await refusal(plan(auditYaml().replace('version: 1\n', 'version: 1\norganization: { id: o-otherorg001 }\n')));
    assert.match(message, /is for organization o-otherorg001/);
    assert.deepEqual(iam!.calls, {});
  });

  it('re-runs to convergence after an apply stopped half-way', async () => {
    await start(auditOrg());
    const first = await plan(auditYaml());
    const stop = new AbortController();
    const result = await applyPlan(h!.api, first.plan, {
      confirm: autoApprove,
      iam: iam!,
      signal: stop.signal,
      onEvent: (e) => {
        if (e.type === 'step-finished') stop.abort();
      },
    });
    assert.equal(result.status, 'interrupted');
    const again = await plan(auditYaml());
    assert.ok(again.plan.steps.length > 0 && again.plan.steps.length < first.plan.steps.length);
    assert.equal((await applyPlan(h!.api, again.plan, { confirm: autoApprove, iam: iam! })).status, 'applied');
    assert.deepEqual((await plan(auditYaml())).plan.steps, []);
  });

  it('plans from the command line, with JSON that validates and a detailed exit code', async () => {
    await start(auditOrg());
    const dir = writeRepo({ 'org.yaml': auditYaml() });
    const validate = new Ajv({ allErrors: true, strict: true }).compile(SCHEMAS['plan-output']);
    const r = await runCli(['plan', '-c', join(dir, 'org.yaml'), '--endpoint', h!.endpoint, '--format', 'json', '--detailed-exitcode'], {
      env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    });
    assert.equal(r.code, 2, r.err);
    const document = JSON.parse(r.out);
    assert.ok(validate(document), JSON.stringify(validate.errors));
    assert.deepEqual(document.steps[0], {
      number: 1,
      phase: 'attach',
      action: 'attach-role-policy',
      account: { id: SECURITY, type: 'ACCOUNT', name: 'security', path: null },
      role: 'Audit',
      policyArn: extras(SECURITY),
      reason: 'listed',
      reasonText: 'listed in org.yaml',
    });
    assert.deepEqual(document.summary, { changes: true, enable: 0, create: 0, update: 0, attach: 3, detach: 1, delete: 0, leftAlone: null });
  });

  it('shows a hand-made attach as a detach, and applies a saved plan of it through the command line', async () => {
    const { dir, env, cli } = await convergedThenAttachedByHand();
    const saved = join(dir, 'plan.json');
    const planned = await cli('plan', '--out', saved);
    assert.match(planned.out, /role Audit in prod-1 \(333333333333\)\n {4}1\. - detach arn:aws:iam::aws:policy\/SecurityAudit — not listed for Audit in org.yaml \(attached outside it\)/);
    const applied = await runCli(['apply', saved, '--auto-approve', '--endpoint', h!.endpoint], env);
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, /now matches org.yaml/);
    assert.deepEqual(await attached(PROD, 'Audit'), [READ_ONLY, extras(PROD)]);
  });

  it('reports a policy attached to a role by hand as drift, and --fix takes it off', async () => {
    const { cli } = await convergedThenAttachedByHand();
    const drift = await cli('drift', '--format', 'json');
    assert.equal(drift.code, 2, drift.err);
    const items = (JSON.parse(drift.out) as { items: { code: string; message: string; policyType: string }[] }).items;
    assert.deepEqual(items.map((i) => [i.code, i.policyType]), [['role-policy-added', 'IAM_ROLE']]);
    assert.match(items[0].message, /arn:aws:iam::aws:policy\/SecurityAudit is attached to role Audit in prod-1 \(333333333333\), which iamRoles lists without it/);
    const fixed = await cli('drift', '--fix');
    assert.equal(fixed.code, 0, fixed.err);
    assert.deepEqual(await attached(PROD, 'Audit'), [READ_ONLY, extras(PROD)]);
  });

  it('imports the named roles so that plan right after shows no changes', async () => {
    await start(auditOrg());
    const env = { env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } };
    const importAndPlan = async () => {
      const dir = writeRepo({});
      const config = join(dir, 'org.yaml');
      const imported = await runCli(['import', '--iam-roles', 'Audit', '-c', config, '--endpoint', h!.endpoint], env);
      assert.equal(imported.code, 0, imported.err);
      const planned = await runCli(['plan', '--detailed-exitcode', '-c', config, '--endpoint', h!.endpoint], env);
      assert.equal(planned.code, 0, planned.out + planned.err);
      return readFileSync(config, 'utf8');
    };
    // Three accounts, three different lists: one entry each.
    assert.match(await importAndPlan(), /- accounts:\n {6}- "111111111111"\n {4}roles:\n {6}Audit:\n {8}- arn:aws:iam::aws:policy\/ReadOnlyAccess\n {8}- arn:\$\{Partition\}:iam::\$\{AccountId\}:policy\/AuditExtras/);
    // Once they agree: every account, ${AccountId} for each account's own policy.
    await runCli(['apply', '--auto-approve', '-c', join(writeRepo({ 'org.yaml': auditYaml() }), 'org.yaml'), '--endpoint', h!.endpoint], env);
    const yaml = await importAndPlan();
    assert.match(yaml, /iamRoles:\n {2}- accounts: all\n {4}roles:\n {6}Audit:/);
  });

  it('rehearses the roles in a twin copy, leaving the organization untouched', async () => {
    await start(auditOrg());
    const dir = writeRepo({ 'org.yaml': auditYaml() });
    const env = { env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } };
    const r = await runCli(['rehearse', '-c', join(dir, 'org.yaml'), '--endpoint', h!.endpoint], env);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /Rehearsal passed: all 4 steps applied in the twin/);
    assert.match(r.out, /iam:AttachRolePolicy 3, iam:DetachRolePolicy 1/);
    assert.deepEqual(h!.twin.calls.filter((c) => /^(Attach|Detach)RolePolicy$/.test(c.operation)), []);
    assert.deepEqual(await attached(SECURITY, 'Audit'), [READ_ONLY, SECURITY_AUDIT]);
  });

  it('plans offline from a snapshot taken with --iam-roles, and says what it cannot tell', async () => {
    await start(auditOrg());
    const dir = writeRepo({
      'org.yaml': auditYaml(),
      'managed.yaml': `version: 1\niamRoles:\n  - accounts: all\n    roles: { Audit: [${READ_ONLY}] }\n`,
      'other.yaml': `version: 1\niamRoles:\n  - accounts: all\n    roles: { Admin: [${READ_ONLY}] }\n`,
    });
    const env = { env: { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } };
    const snapshot = join(dir, 'live.json');
    const taken = await runCli(['snapshot', '--iam-roles', 'Audit', '--out', snapshot, '--endpoint', h!.endpoint], env);
    assert.equal(taken.code, 0, taken.err);
    const offline = (config: string) => runCli(['plan', '--state', snapshot, '-c', join(dir, config), '--format', 'json']);
    const live = (config: string) => runCli(['plan', '--endpoint', h!.endpoint, '-c', join(dir, config), '--format', 'json'], env);
    const stepsIn = (r: { out: string }) => (JSON.parse(r.out) as { steps: unknown[] }).steps;
    assert.deepEqual(stepsIn(await offline('managed.yaml')), stepsIn(await live('managed.yaml')));
    // AuditExtras is attached in neither security nor prod: whether it exists there is not in the snapshot.
    const unknown = await offline('org.yaml');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /cannot tell whether arn:aws:iam::(\d{12}):policy\/AuditExtras exists in account \1: no role it holds there carries it/);
    const other = await offline('other.yaml');
    assert.match(other.err, /holds the IAM roles Audit, not Admin/);
  });
});
