// Property: for random live and desired states within the limits, executing the plan step by step never takes
// a target outside [min, max] of any type, never attaches a policy before it exists, and ends exactly at the
// desired state. The check below is its own small model, independent of the planner's simulate().

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planChanges, PlanRefused } from '../src/plan/planner.js';
import { SCP, TAG, config, declared, live, livePolicy } from './planner-fixtures.js';
import { denyPolicy } from './helpers.js';

const SCP_NAMES = ['s0', 's1', 's2', 's3', 's4', 's5'];
const TAG_NAMES = ['t0', 't1', 't2', 't3'];
const TARGETS = ['root', '200000000001', '200000000002', '200000000003'];
const idOf = (name: string) => (name === 'FullAWSAccess' ? 'p-FullAWSAccess' : `p-${name}0000000`);

const scenario = fc
  .record({
    scpMax: fc.integer({ min: 1, max: 5 }),
    tagMax: fc.integer({ min: 1, max: 3 }),
    liveScps: fc.subarray(SCP_NAMES),
    liveTags: fc.subarray(TAG_NAMES),
    contentChanged: fc.subarray([...SCP_NAMES, ...TAG_NAMES]),
    seed: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: TARGETS.length, maxLength: TARGETS.length }),
  })
  .chain((s) => {
    const liveScpPool = ['FullAWSAccess', ...s.liveScps];
    const allScpPool = ['FullAWSAccess', ...SCP_NAMES];
    const perTarget = TARGETS.map(() =>
      fc.record({
        liveScp: fc.subarray(liveScpPool, { minLength: 1, maxLength: Math.min(s.scpMax, liveScpPool.length) }),
        liveTag: fc.subarray(s.liveTags, { maxLength: Math.min(s.tagMax, s.liveTags.length) }),
        wantScp: fc.subarray(allScpPool, { minLength: 1, maxLength: s.scpMax }),
        wantTag: fc.shuffledSubarray(TAG_NAMES, { maxLength: s.tagMax }),
      }),
    );
    return fc.tuple(fc.constant(s), fc.tuple(...perTarget));
  });

describe('planner property', () => {
  it('keeps every target within its limits at every step and ends at the desired state', () => {
    fc.assert(
      fc.property(scenario, ([s, targets]) => {
        const livePolicies = [
          ...s.liveScps.map((n) => livePolicy(idOf(n), n, SCP, denyPolicy(`${n}:*`))),
          ...s.liveTags.map((n) => livePolicy(idOf(n), n, TAG, { tags: { [n]: {} } })),
        ];
        const changed = new Set(s.contentChanged);
        const desiredPolicies = [
          ...SCP_NAMES.map((n) => declared(n, SCP, denyPolicy(changed.has(n) ? `${n}:Changed` : `${n}:*`))),
          ...TAG_NAMES.map((n) => declared(n, TAG, { tags: { [n]: changed.has(n) ? { x: 1 } : {} } })),
        ];
        const attachments: Record<string, Record<string, string[]>> = {};
        const wanted: Record<string, string[]> = {};
        TARGETS.forEach((key, i) => {
          attachments[key] = { [SCP]: targets[i].liveScp.map(idOf), [TAG]: targets[i].liveTag.map(idOf) };
          wanted[key] = [...targets[i].wantScp, ...targets[i].wantTag];
        });
        const limits = { [SCP]: { maxAttachments: s.scpMax }, [TAG]: { maxAttachments: s.tagMax } };
        const desired = config(desiredPolicies, wanted, { limits });
        const state = live(livePolicies, attachments);

        let plan;
        try {
          plan = planChanges(desired, state, { prune: false });
        } catch (err) {
          // Only a swap with no room at all (a maximum of 1) may be refused.
          assert.ok(err instanceof PlanRefused, String(err));
          assert.ok(err.reasons.every((r) => /a swap needs room/.test(r)), err.reasons.join('; '));
          assert.ok(s.scpMax === 1 || s.tagMax === 1);
          return;
        }

        // An independent model: which policies exist, and what each target holds per type.
        const exists = new Set(livePolicies.map((p) => p.id).concat('p-FullAWSAccess'));
        const held = new Map<string, Map<string, string[]>>();
        for (const key of TARGETS) {
          const id = key === 'root' ? 'r-test' : key;
          held.set(id, new Map([[SCP, [...attachments[key][SCP]]], [TAG, [...attachments[key][TAG]]]]));
        }
        const bounds: Record<string, [number, number]> = { [SCP]: [1, s.scpMax], [TAG]: [0, s.tagMax] };
        for (const step of plan.steps) {
          if (step.action === 'create-policy') exists.add(step.policy.key);
          if (step.action !== 'attach' && step.action !== 'detach') continue;
          assert.ok(exists.has(step.policy.key), `${step.policy.name} used before it exists`);
          const list = held.get(step.target.id)!.get(step.policy.type)!;
          if (step.action === 'attach') {
            assert.ok(!list.includes(step.policy.key), 'attach of an attached policy');
            list.push(step.policy.key);
          } else {
            assert.ok(list.includes(step.policy.key), 'detach of a detached policy');
            list.splice(list.indexOf(step.policy.key), 1);
          }
          const [min, max] = bounds[step.policy.type];
          assert.ok(list.length >= min && list.length <= max, `${step.target.id} holds ${list.length} of ${step.policy.type}`);
        }

        const keyOf = (name: string) => {
          if (name === 'FullAWSAccess') return 'p-FullAWSAccess';
          return livePolicies.some((p) => p.name === name) ? idOf(name) : `new:${name}`;
        };
        TARGETS.forEach((key, i) => {
          const id = key === 'root' ? 'r-test' : key;
          assert.deepEqual(new Set(held.get(id)!.get(SCP)), new Set(targets[i].wantScp.map(keyOf)), `${key} SCPs`);
          assert.deepEqual(new Set(held.get(id)!.get(TAG)), new Set(targets[i].wantTag.map(keyOf)), `${key} tags`);
          // Management policies that stay were never detached: live order is kept for them.
          const kept = targets[i].liveTag.filter((n) => targets[i].wantTag.includes(n)).map(idOf);
          assert.deepEqual(held.get(id)!.get(TAG)!.filter((k) => kept.includes(k)), kept);
        });
        // Content updates exactly for existing policies whose content changed.
        const updated = plan.steps.filter((st) => st.action === 'update-policy').map((st) => st.policy.name).sort();
        const expected = livePolicies.filter((p) => changed.has(p.name)).map((p) => p.name).sort();
        assert.deepEqual(updated, expected);
      }),
      { numRuns: 400, seed: 20261121 },
    );
  });
});
