// The planner as a pure function: order, safety at the limits, honest diffs, renames, prune and refusals.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planChanges, PlanRefused } from '../src/plan/planner.js';
import { sequenceChanges } from '../src/plan/sequence.js';
import type { Step } from '../src/plan/plan.js';
import { viewOf } from '../src/render/plan-view.js';
import { warningText } from '../src/render/words.js';
import { SCP, TAG, config, declared, live, livePolicy } from './planner-fixtures.js';
import { ALLOW_LIST, DENY_LEAVE, denyPolicy } from './helpers.js';

function describeSteps(steps: Step[]): string[] {
  return steps.map((s) => {
    switch (s.action) {
      case 'attach':
      case 'detach':
        return `${s.phase}: ${s.action} ${s.policy.name} ${s.target.label}`;
      case 'enable-policy-type':
        return `enable ${s.policyType}`;
      case 'attach-role-policy':
      case 'detach-role-policy':
        return `${s.phase}: ${s.action} ${s.policyArn} ${s.role} ${s.account.id}`;
      default:
        return `${s.phase} ${s.policy.name}`;
    }
  });
}

describe('sequenceChanges', () => {
  it('attaches replacements before detaching', () => {
    const r = sequenceChanges(['faa'], ['allow'], { min: 1, max: 10 }, 'faa');
    assert.deepEqual(r, { ok: true, ops: [{ op: 'attach', key: 'allow' }, { op: 'detach', key: 'faa' }] });
  });

  it('interleaves at the maximum, detaching the default policy last', () => {
    const r = sequenceChanges(['faa', 'a', 'b'], ['x', 'y', 'b'], { min: 1, max: 3 }, 'faa');
    assert.deepEqual(r, {
      ok: true,
      ops: [
        { op: 'detach', key: 'a' },
        { op: 'attach', key: 'x' },
        { op: 'detach', key: 'faa' },
        { op: 'attach', key: 'y' },
      ],
    });
  });

  it('refuses a swap when min equals max', () => {
    const r = sequenceChanges(['a'], ['b'], { min: 1, max: 1 });
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /a swap needs room/);
  });

  it('never touches policies that stay', () => {
    const r = sequenceChanges(['t1', 't2'], ['t2', 't1', 't3'], { min: 0, max: 10 });
    assert.deepEqual(r, { ok: true, ops: [{ op: 'attach', key: 't3' }] });
  });
});

describe('planChanges', () => {
  it('plans an allow-list migration: create, attach the replacement, then detach FullAWSAccess', () => {
    const plan = planChanges(
      config([declared('Allow', SCP, ALLOW_LIST)], { '222222222222': ['Allow'] }),
      live([], { '222222222222': { [SCP]: ['p-FullAWSAccess'] } }),
      { prune: false },
    );
    assert.deepEqual(describeSteps(plan.steps), [
      'create Allow',
      'attach: attach Allow 222222222222',
      'detach: detach FullAWSAccess 222222222222',
    ]);
    assert.equal(plan.steps[1].action === 'attach' && plan.steps[1].policy.key, 'new:Allow');
    assert.match(warningText(viewOf(plan), plan.warnings[0]), /222222222222 loses FullAWSAccess/);
    assert.equal(plan.warnings.length, 1, 'an allow-list reaches no more targets with a deny');
  });

  it('swaps on a target at its maximum without dropping below the minimum', () => {
    const customers = ['a', 'b', 'c', 'd'].map((n) => livePolicy(`p-${n}0000000`, n, SCP, denyPolicy(`${n}:*`)));
    const plan = planChanges(
      config(
        [...customers.map((p) => declared(p.name, SCP, JSON.parse(p.content!))), declared('e', SCP, denyPolicy('e:*'))],
        { '222222222222': ['FullAWSAccess', 'a', 'b', 'c', 'e'] },
        { limits: { [SCP]: { maxAttachments: 5 } } },
      ),
      live(customers, { '222222222222': { [SCP]: ['p-FullAWSAccess', ...customers.map((p) => p.id)] } }),
      { prune: false },
    );
    assert.deepEqual(describeSteps(plan.steps), [
      'create e',
      'attach: detach d 222222222222',
      'attach: attach e 222222222222',
    ]);
  });

  it('compares content as parsed JSON: formatting alone is no change', () => {
    const text = JSON.stringify(DENY_LEAVE, null, 4);
    const plan = planChanges(
      config([declared('Deny', SCP, DENY_LEAVE)], { root: ['FullAWSAccess', 'Deny'] }),
      live([livePolicy('p-deny00000', 'Deny', SCP, text)], { root: { [SCP]: ['p-FullAWSAccess', 'p-deny00000'] } }),
      { prune: false },
    );
    assert.deepEqual(plan.steps, []);
  });

  it('updates content, description and name in place, never deletes and re-creates', () => {
    const plan = planChanges(
      config([declared('New', SCP, DENY_LEAVE, { formerNames: ['Old'], description: 'now described' })], { root: ['FullAWSAccess', 'New'] }),
      live([livePolicy('p-old000000', 'Old', SCP, denyPolicy('x:*'))], { root: { [SCP]: ['p-FullAWSAccess', 'p-old000000'] } }),
      { prune: true },
    );
    assert.equal(plan.steps.length, 1);
    const step = plan.steps[0];
    assert.equal(step.action, 'update-policy');
    if (step.action !== 'update-policy') return;
    assert.deepEqual(step.name, { from: 'Old', to: 'New' });
    assert.deepEqual(step.description, { from: '', to: 'now described' });
    assert.deepEqual(step.content?.toDocument, DENY_LEAVE);
  });

  it('detaches attachments made by hand, and says so', () => {
    const plan = planChanges(
      config([], { root: ['FullAWSAccess'] }),
      live([livePolicy('p-hand00000', 'ByHand', SCP)], { root: { [SCP]: ['p-FullAWSAccess', 'p-hand00000'] } }),
      { prune: false },
    );
    assert.deepEqual(describeSteps(plan.steps), ['detach: detach ByHand root']);
    const step = plan.steps[0];
    assert.equal(step.action === 'detach' ? step.reason : '', 'attached-outside');
    assert.deepEqual(plan.unmanaged.map((u) => u.name), ['ByHand']);
  });

  it('enables a policy type first, and counts the FullAWSAccess that enabling SCPs attaches', () => {
    const plan = planChanges(
      config([declared('Deny', SCP, DENY_LEAVE)], { root: ['Deny'] }, { managedTypes: [SCP] }),
      live([], { root: {} }, { types: [], managedTypes: [SCP] }),
      { prune: false },
    );
    assert.deepEqual(describeSteps(plan.steps), ['enable SERVICE_CONTROL_POLICY', 'create Deny', 'attach: attach Deny root', 'detach: detach FullAWSAccess root']);
  });

  it('keeps management policies that stay attached in place', () => {
    const tags = ['t1', 't2', 't3'].map((n) => livePolicy(`p-${n}0000000`, n, TAG, { tags: { [n]: {} } }));
    const plan = planChanges(
      config(tags.map((t) => declared(t.name, TAG, JSON.parse(t.content!))), { root: ['FullAWSAccess', 't2', 't1', 't3'] }),
      live(tags, { root: { [SCP]: ['p-FullAWSAccess'], [TAG]: ['p-t10000000', 'p-t20000000'] } }),
      { prune: false },
    );
    assert.deepEqual(describeSteps(plan.steps), ['attach: attach t3 root']);
  });

  it('prunes an undeclared policy only once nothing keeps it attached', () => {
    const stray = livePolicy('p-stray0000', 'Stray', SCP);
    const kept = livePolicy('p-kept00000', 'Kept', SCP);
    const plan = planChanges(
      config([], { root: ['FullAWSAccess'] }),
      live([stray, kept], { root: { [SCP]: ['p-FullAWSAccess', stray.id] } }, {
        policyTargets: { [stray.id]: ['r-test'], [kept.id]: ['999999999999'] },
      }),
      { prune: true },
    );
    assert.deepEqual(describeSteps(plan.steps), ['detach: detach Stray root', 'delete Stray']);
    assert.deepEqual(plan.unmanaged, [
      { id: kept.id, name: 'Kept', type: SCP, disposition: 'still-attached', attachedTo: [{ id: '999999999999', type: 'ACCOUNT', label: '999999999999' }] },
    ]);
  });

  it('brings unlisted targets back to their defaults with unlistedTargets: default', () => {
    const stray = livePolicy('p-stray0000', 'Stray', SCP);
    const plan = planChanges(
      config([], { root: ['FullAWSAccess'] }, { unlistedTargets: 'default' }),
      live([stray], { root: { [SCP]: ['p-FullAWSAccess'] }, '444444444444': { [SCP]: [stray.id] } }, { unlisted: ['444444444444'] }),
      { prune: false },
    );
    assert.deepEqual(describeSteps(plan.steps), ['attach: attach FullAWSAccess 444444444444', 'detach: detach Stray 444444444444']);
    assert.equal(plan.leftAlone, 0);
  });

  it('refuses to run against another organization', () => {
    assert.throws(
      () => planChanges(config([], {}, { organization: { id: 'o-otherorg001' } }), live([], {}), { prune: false }),
      (err: unknown) => err instanceof PlanRefused && /is for organization o-otherorg001, but the credentials reach o-testorg0001/.test(err.reasons[0]),
    );
  });

  it('refuses a swap that cannot be done safely, with the target and the reason', () => {
    const a = livePolicy('p-a00000000', 'a', SCP, denyPolicy('a:*'));
    assert.throws(
      () =>
        planChanges(
          config([declared('a', SCP, denyPolicy('a:*')), declared('b', SCP, denyPolicy('b:*'))], { root: ['b'] }, { limits: { [SCP]: { maxAttachments: 1 } } }),
          live([a], { root: { [SCP]: ['p-a00000000'] } }),
          { prune: false },
        ),
      (err: unknown) => err instanceof PlanRefused && /root \(r-test\), SERVICE_CONTROL_POLICY: a swap needs room/.test(err.reasons[0]),
    );
  });

  it('refuses two entries that name the same target', () => {
    const state = live([], { '222222222222': { [SCP]: ['p-FullAWSAccess'] } });
    state.coverage.named.set('security', state.coverage.named.get('222222222222')!);
    const desired = config([], { '222222222222': ['FullAWSAccess'], security: ['FullAWSAccess'] });
    assert.throws(
      () => planChanges(desired, state, { prune: false }),
      (err: unknown) => err instanceof PlanRefused && /security is 222222222222, which 222222222222 \(org\.yaml:10:3\) already lists/.test(err.reasons[0]),
    );
  });

  it('warns that SCPs listed for the management account restrict nothing there', () => {
    const plan = planChanges(
      config([declared('Deny', SCP, DENY_LEAVE)], { '111111111111': ['FullAWSAccess', 'Deny'] }),
      live([], { '111111111111': { [SCP]: ['p-FullAWSAccess'] } }),
      { prune: false },
    );
    const warning = plan.warnings.find((w) => w.code === 'scp-on-management-account');
    assert.ok(warning, JSON.stringify(plan.warnings));
    assert.match(warningText(viewOf(plan), warning), /111111111111 is the management account: SCPs never apply to it, so Deny restricts nothing there/);
  });

  it('warns when a former name matches a live policy whose content is not the declared one', () => {
    const plan = planChanges(
      config([declared('New', SCP, DENY_LEAVE, { formerNames: ['Old'] })], { root: ['FullAWSAccess', 'New'] }),
      live([livePolicy('p-old000000', 'Old', SCP, denyPolicy('something:Else'))], { root: { [SCP]: ['p-FullAWSAccess', 'p-old000000'] } }),
      { prune: false },
    );
    assert.deepEqual(plan.warnings, [{ code: 'rename-replaces-content', policy: 'New', formerName: 'Old', policyId: 'p-old000000' }]);
    assert.match(warningText(viewOf(plan), plan.warnings[0]), /renames Old \(p-old000000\) to New, replacing its content/);
  });
});
