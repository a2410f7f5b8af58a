// plan and apply against the Organizations twin through the real SDK, with empty pages, throttling at AWS's
// rates and injected ConcurrentModificationException: the scenarios teams run into.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { executePlan } from '../src/apply/execute.js';
import { loadConfig } from '../src/desired/load.js';
import { OrganizationsApi } from '../src/live/api.js';
import { planChange } from '../src/engine/plan.js';
import { ApiSource } from '../src/live/api-source.js';
import { labelOf, type PlanView } from '../src/render/plan-view.js';
import type { Plan, Step } from '../src/plan/plan.js';
import { attachedOfType } from '../src/twin/state.js';
import type { Fixture } from '../src/twin/seed.js';
import { ALLOW_LIST, DENY_LEAVE, denyPolicy, sdkClient, smallOrg, startTwin, writeRepo, type TwinHarness } from './helpers.js';

let h: TwinHarness;
afterEach(() => h?.close());

/** Twin options for every scenario: empty pages, throttling at AWS's rates, some ConcurrentModification. */
const HOSTILE = { emptyPageRate: 0.3, throttle: true, faults: { concurrentModificationRate: 0.3 }, seed: 11 };

/** Names of targets the last plan shows by id, as the engine looked them up for the renderers. */
let names: ReadonlyMap<string, string> = new Map();

async function plan(dir: string, prune = false): Promise<Plan> {
  const planned = await planChange(new ApiSource(h.api), loadConfig(join(dir, 'org.yaml')), prune);
  names = planned.names;
  return planned.plan;
}

async function apply(dir: string, prune = false): Promise<Plan> {
  const p = await plan(dir, prune);
  const outcomes = await executePlan(h.api, p, { enablePollMs: 10 });
  assert.deepEqual(outcomes.filter((o) => o.status === 'failed').map((o) => o.error), []);
  return p;
}

function scps(targetId: string): string[] {
  const data = h.twin.organization!;
  return attachedOfType(data, targetId, 'SERVICE_CONTROL_POLICY').map((id) => data.policies.get(id)!.name);
}

function actions(p: Plan): string[] {
  return p.steps.map(stepText);
}

function stepText(s: Step): string {
  if (s.action === 'attach' || s.action === 'detach') return `${s.action} ${s.policy.name} ${labelOf({ names } as PlanView, s.target)}`;
  if (s.action === 'enable-policy-type') return `enable ${s.policyType}`;
  if (s.action === 'attach-role-policy' || s.action === 'detach-role-policy') return `${s.action} ${s.policyArn} ${s.role} ${s.account.id}`;
  return `${s.action} ${s.policy.name}`;
}

/** org.yaml declaring WorkloadsAllowList and DenyLeave, DenyLeave on the root, and `rest` for other targets. */
function allowListYaml(rest: string): string {
  return `version: 1
policies:
  WorkloadsAllowList: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json }
  DenyLeave: { type: SERVICE_CONTROL_POLICY, file: policies/deny-leave.json }
attachments:
  root: [FullAWSAccess, DenyLeave]
${rest}`;
}

const REPO_POLICIES = {
  'policies/deny-leave.json': DENY_LEAVE,
  'policies/allow.json': ALLOW_LIST,
};

describe('plan and apply against the twin', () => {
  it('migrates a workloads OU to an allow-list, then finds nothing more to do', async () => {
    h = await startTwin({ fixture: smallOrg(), ...HOSTILE, faults: { concurrentModificationRate: 0.5 } });
    const dir = writeRepo({
      ...REPO_POLICIES,
      'org.yaml': allowListYaml(`  ous:
    /Workloads: [WorkloadsAllowList]
    /Workloads/Prod: [FullAWSAccess]
`),
    });
    const first = await apply(dir);
    assert.deepEqual(actions(first), [
      'create-policy WorkloadsAllowList',
      'create-policy DenyLeave',
      'attach DenyLeave Root',
      'attach WorkloadsAllowList /Workloads',
      'detach FullAWSAccess /Workloads',
    ]);
    assert.deepEqual(scps('ou-test-workload'), ['WorkloadsAllowList']);
    assert.deepEqual(scps('r-test'), ['FullAWSAccess', 'DenyLeave']);
    // The twin's log shows the order AWS saw: the allow-list went on before FullAWSAccess came off.
    const writes = h.twin.calls.filter((c) => c.outcome === 'ok' && /Attach|Detach/.test(c.operation) && c.input.TargetId === 'ou-test-workload');
    assert.deepEqual(writes.map((c) => c.operation), ['AttachPolicy', 'DetachPolicy']);
    const refused = Object.values(h.twin.callCounts('ConcurrentModificationException')).reduce((a, b) => a + b, 0);
    assert.ok(refused > 0, `the scenario should have met ConcurrentModification: ${JSON.stringify(h.twin.callCounts())}`);
    assert.deepEqual(actions(await plan(dir)), []);
  });

  it('swaps a policy on a target at its maximum (the old SCP limit of 5) without ever breaking a limit', async () => {
    const names = ['a', 'b', 'c', 'd'];
    h = await startTwin({
      fixture: smallOrg({
        policies: names.map((n) => ({ name: n, type: 'SERVICE_CONTROL_POLICY', content: denyPolicy(`${n}:*`) })),
        root: {
          accounts: [{ name: 'security', id: '222222222222', policies: ['FullAWSAccess', ...names] }],
        },
      }),
      limits: { SERVICE_CONTROL_POLICY: { maxAttachments: 5 } },
      ...HOSTILE,
    });
    const files: Record<string, object | string> = {};
    for (const n of [...names, 'e']) files[`policies/${n}.json`] = denyPolicy(`${n}:*`);
    files['org.yaml'] = `version: 1
limits:
  SERVICE_CONTROL_POLICY: { maxAttachments: 5 }
policies:
${[...names, 'e'].map((n) => `  ${n}: { type: SERVICE_CONTROL_POLICY, file: policies/${n}.json }`).join('\n')}
attachments:
  accounts:
    "222222222222": [FullAWSAccess, a, b, e, c]
`;
    const dir = writeRepo(files);
    const p = await apply(dir);
    assert.deepEqual(actions(p), ['create-policy e', 'detach d security', 'attach e security']);
    assert.deepEqual(new Set(scps('222222222222')), new Set(['FullAWSAccess', 'a', 'b', 'c', 'e']));
    assert.equal(h.twin.callCounts('ConstraintViolationException').AttachPolicy, undefined);
  });

  it('updates content drift, ignores whitespace-only edits, and renames in place', async () => {
    h = await startTwin({
      fixture: smallOrg({
        policies: [
          { name: 'DenyLeave', type: 'SERVICE_CONTROL_POLICY', id: 'p-denyleave', content: JSON.stringify(DENY_LEAVE, null, 3) },
          { name: 'AllowedServices', type: 'SERVICE_CONTROL_POLICY', id: 'p-allowlist', content: denyPolicy('drifted:*') },
        ],
        root: { policies: ['FullAWSAccess', 'DenyLeave', 'AllowedServices'] },
      }),
      ...HOSTILE,
    });
    const dir = writeRepo({
      ...REPO_POLICIES,
      'org.yaml': `version: 1
policies:
  DenyLeave: { type: SERVICE_CONTROL_POLICY, file: policies/deny-leave.json }
  WorkloadsAllowList: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json, formerNames: [AllowedServices] }
`,
    });
    const p = await apply(dir);
    assert.deepEqual(actions(p), ['update-policy WorkloadsAllowList']);
    const renamed = h.twin.organization!.policies.get('p-allowlist')!;
    assert.equal(renamed.name, 'WorkloadsAllowList');
    assert.deepEqual(JSON.parse(renamed.content), ALLOW_LIST);
    assert.equal(h.twin.callCounts('ok').CreatePolicy, undefined);
    assert.equal(h.twin.callCounts('ok').DeletePolicy, undefined);
    // Whitespace-only edits of the policy file change nothing either.
    writeFileSync(join(dir, 'policies/deny-leave.json'), JSON.stringify(DENY_LEAVE, null, 8) + '\n\n');
    assert.deepEqual(actions(await plan(dir)), []);
  });

  it('detaches an attachment made by hand, and prunes the policy once detached', async () => {
    h = await startTwin({ fixture: smallOrg(), ...HOSTILE });
    const dir = writeRepo({ 'org.yaml': 'version: 1\nattachments:\n  ous:\n    /Sandbox: [FullAWSAccess]\n' });
    assert.deepEqual(actions(await plan(dir)), []);
    // Someone attaches a policy to /Sandbox in the console.
    h.twin.change({
      kind: 'putPolicy',
      policy: { id: 'p-byhand001', name: 'ByHand', description: '', type: 'SERVICE_CONTROL_POLICY', awsManaged: false, content: JSON.stringify(DENY_LEAVE), arn: 'arn:x' },
    });
    h.twin.change({ kind: 'attach', policyId: 'p-byhand001', targetId: 'ou-test-sandbox1' });
    const drift = await plan(dir);
    assert.deepEqual(actions(drift), ['detach ByHand /Sandbox']);
    assert.deepEqual(drift.unmanaged.map((u) => u.name), ['ByHand']);
    assert.deepEqual(actions(await apply(dir, true)), ['detach ByHand /Sandbox', 'delete-policy ByHand']);
    assert.equal(h.twin.organization!.policies.has('p-byhand001'), false);
  });

  it('keeps a policy still attached to unlisted targets when pruning', async () => {
    h = await startTwin({
      fixture: smallOrg({
        policies: [{ name: 'Elsewhere', type: 'SERVICE_CONTROL_POLICY', content: DENY_LEAVE }],
        root: { ous: [{ name: 'Other', id: 'ou-test-other001', policies: ['FullAWSAccess', 'Elsewhere'] }] },
      }),
    });
    const dir = writeRepo({ 'org.yaml': 'version: 1\nattachments:\n  root: [FullAWSAccess]\n' });
    const p = await plan(dir, true);
    assert.deepEqual(actions(p), []);
    assert.equal(p.unmanaged[0].disposition, 'still-attached');
    assert.deepEqual(p.unmanaged[0].attachedTo, [{ id: 'ou-test-other001', type: 'ORGANIZATIONAL_UNIT', label: 'Other' }]);
  });

  it('enables a management policy type, waiting for it to leave PENDING_ENABLE', async () => {
    h = await startTwin({ fixture: smallOrg(), enableDelayMs: 150 });
    const dir = writeRepo({
      'policies/tag.json': { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' } } } },
      'org.yaml': 'version: 1\npolicies:\n  Tags: { type: TAG_POLICY, file: policies/tag.json }\nattachments:\n  root: [FullAWSAccess, Tags]\n',
    });
    assert.deepEqual(actions(await apply(dir)), ['enable TAG_POLICY', 'create-policy Tags', 'attach Tags Root']);
    assert.deepEqual(actions(await plan(dir)), []);
  });

  it('stops at a permanent error, reports what was not started, and converges once the cause is fixed', async () => {
    // This organization allows 2 SCPs per target; org.yaml does not know it yet, so one attach fails for good.
    h = await startTwin({ fixture: smallOrg(), limits: { SERVICE_CONTROL_POLICY: { maxAttachments: 2 } } });
    const yaml = (fixed: boolean) => `version: 1
${fixed ? 'limits:\n  SERVICE_CONTROL_POLICY: { maxAttachments: 2 }\n' : ''}policies:
  DenyLeave: { type: SERVICE_CONTROL_POLICY, file: policies/deny-leave.json }
  Allow: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json }
attachments:
  root: [FullAWSAccess, DenyLeave]
  ous:
    /Workloads: [DenyLeave]
    /Sandbox: [FullAWSAccess, DenyLeave${fixed ? '' : ', Allow'}]
`;
    const dir = writeRepo({ ...REPO_POLICIES, 'org.yaml': yaml(false) });
    const outcomes = await executePlan(h.api, await plan(dir));
    const failed = outcomes.filter((o) => o.status === 'failed');
    assert.deepEqual(failed.map((o) => stepText(o.step)), ['attach Allow /Sandbox']);
    assert.match(failed[0].error!, /ConstraintViolationException/);
    assert.ok(outcomes.some((o) => o.status === 'done'));
    assert.deepEqual(outcomes.filter((o) => o.status === 'not-started').map((o) => stepText(o.step)), ['detach FullAWSAccess /Workloads']);
    assert.deepEqual(scps('ou-test-workload'), ['FullAWSAccess', 'DenyLeave']);
    writeFileSync(join(dir, 'org.yaml'), yaml(true));
    assert.deepEqual(actions(await apply(dir)), ['detach FullAWSAccess /Workloads']);
    assert.deepEqual(actions(await plan(dir)), []);
  });

  it('converges after apply is killed half-way, and every target stays within its limits throughout', async () => {
    const fixture: Fixture = smallOrg();
    h = await startTwin({ fixture, emptyPageRate: 0.3, seed: 5 });
    const dir = writeRepo({
      ...REPO_POLICIES,
      'org.yaml': allowListYaml(`  ous:
    /Workloads: [WorkloadsAllowList, DenyLeave]
    /Sandbox: [WorkloadsAllowList]
  accounts:
    "222222222222": [DenyLeave]
    "555555555555": [WorkloadsAllowList, DenyLeave]
`),
    });
    const full = await plan(dir);
    // "Kill" apply after a few writes: a client whose calls fail once it has made four writes.
    let writes = 0;
    const dying = sdkClient(h.endpoint);
    const send = dying.send.bind(dying);
    dying.send = ((command: { constructor: { name: string } }) => {
      if (/^(Attach|Detach|Create|Update|Delete)/.test(command.constructor.name) && ++writes > 4) {
        return Promise.reject(Object.assign(new Error('killed'), { name: 'Killed' }));
      }
      return send(command as never);
    }) as typeof dying.send;
    const partial = await executePlan(new OrganizationsApi(dying, { maxAttempts: 1 }), full);
    dying.destroy();
    assert.ok(partial.some((o) => o.status === 'done') && partial.some((o) => o.status !== 'done'));
    // Every target is within its SCP limits now, as at every moment.
    for (const id of ['r-test', 'ou-test-workload', 'ou-test-sandbox1', '222222222222', '555555555555']) {
      const n = scps(id).length;
      assert.ok(n >= 1 && n <= 10, `${id} holds ${n}`);
    }
    const rest = await apply(dir);
    assert.ok(rest.steps.length > 0 && rest.steps.length < full.steps.length);
    assert.deepEqual(actions(await plan(dir)), []);
    assert.deepEqual(scps('555555555555'), ['WorkloadsAllowList', 'DenyLeave']);
  });

  it('counts an attachment already made, or a detachment already done, as done', async () => {
    h = await startTwin({ fixture: smallOrg({ policies: [{ name: 'Deny', type: 'SERVICE_CONTROL_POLICY', id: 'p-deny000000', content: DENY_LEAVE }] }) });
    const dir = writeRepo({
      'policies/deny.json': DENY_LEAVE,
      'org.yaml': `version: 1
policies:
  Deny: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }
attachments:
  ous:
    /Workloads: [Deny]
`,
    });
    const p = await plan(dir);
    assert.deepEqual(actions(p), ['attach Deny /Workloads', 'detach FullAWSAccess /Workloads']);
    // Someone else makes the same change between plan and apply.
    h.twin.change({ kind: 'attach', policyId: 'p-deny000000', targetId: 'ou-test-workload' });
    h.twin.change({ kind: 'detach', policyId: 'p-FullAWSAccess', targetId: 'ou-test-workload' });
    const outcomes = await executePlan(h.api, p);
    assert.deepEqual(outcomes.map((o) => o.status), ['already-done', 'already-done']);
  });

  it('finishes every kind of write whose answer was lost after it landed, without a step failing', async () => {
    const writes = ['EnablePolicyType', 'CreatePolicy', 'UpdatePolicy', 'AttachPolicy', 'DetachPolicy', 'DeletePolicy'];
    h = await startTwin({
      fixture: smallOrg({
        policies: [
          { name: 'DenyLeave', type: 'SERVICE_CONTROL_POLICY', content: denyPolicy('old:*') },
          { name: 'Stray', type: 'SERVICE_CONTROL_POLICY', content: denyPolicy('stray:*') },
        ],
        root: { ...smallOrg().root, policies: ['FullAWSAccess', 'DenyLeave', 'Stray'] },
      }),
      faults: { lostResponseFor: writes },
    });
    const dir = writeRepo({
      'policies/deny.json': DENY_LEAVE,
      'policies/allow.json': ALLOW_LIST,
      'policies/tags.json': { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' } } } },
      'org.yaml': `version: 1
policies:
  DenyLeave: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }
  Allow: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json }
  Tags: { type: TAG_POLICY, file: policies/tags.json }
attachments:
  root: [FullAWSAccess, DenyLeave, Tags]
  ous:
    /Workloads: [FullAWSAccess, Allow]
`,
    });
    const p = await plan(dir, true);
    assert.deepEqual(new Set(p.steps.map((step) => step.action)), new Set(['enable-policy-type', 'create-policy', 'update-policy', 'attach', 'detach', 'delete-policy']));
    const outcomes = await executePlan(h.api, p, { enablePollMs: 10 });
    assert.deepEqual(outcomes.filter((o) => o.status === 'failed' || o.status === 'not-started').map((o) => o.error), []);
    // Each lost answer was met again by the retry, and the step counted as done.
    for (const operation of writes) assert.ok(h.twin.calls.some((c) => c.operation === operation && c.outcome === 'ServiceException' && c.committed), operation);
    assert.deepEqual(actions(await plan(dir, true)), []);
  });

  it('reports a policy of the same name made by someone else while applying, instead of taking it over', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const dir = writeRepo({ 'policies/deny.json': DENY_LEAVE, 'org.yaml': 'version: 1\npolicies:\n  DenyLeave: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }\nattachments:\n  root: [FullAWSAccess, DenyLeave]\n' });
    const p = await plan(dir);
    h.twin.change({ kind: 'putPolicy', policy: { id: 'p-theirs0001', name: 'DenyLeave', description: '', type: 'SERVICE_CONTROL_POLICY', awsManaged: false, content: JSON.stringify(denyPolicy('other:*')), arn: 'x' } });
    const outcomes = await executePlan(h.api, p);
    assert.equal(outcomes[0].status, 'failed');
    assert.match(outcomes[0].error!, /a SERVICE_CONTROL_POLICY named DenyLeave already exists \(p-theirs0001\) with other content: it was made outside this apply/);
    assert.equal(outcomes[1].status, 'not-started');
    assert.equal(attachedOfType(h.twin.organization!, 'r-test', 'SERVICE_CONTROL_POLICY').includes('p-theirs0001'), false);
  });
});
