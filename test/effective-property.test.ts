// Properties of the effective-policy engine over random trees and random policies of a type with no rules of
// its own (so the generic merge alone is under test). Policies set list settings `s.k0`–`s.k2` with random
// operators and child controls; controls are only put on settings, never on the `s` container.
//
// 1. The result does not depend on the order of independent nodes: siblings listed in another order, the model's
//    maps filled in another order, accounts asked for in another order (so OUs are merged in another order).
// 2. An `@@none` lock is never loosened below: every account under the locking node sees the value the locking
//    node has (what a fresh account directly under it, with nothing attached, sees).
// 3. A policy with only `@@assign`, alone at an account, makes its value effective, unless a policy above
//    restricts that setting's operators to a set without `@@assign` — then the inherited value stays.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { effectivePolicies, effectivePolicy } from '../src/effective/engine.js';
import type { OrgState } from '../src/model/org-state.js';
import { buildState, ROOT, type OrgFixture } from './effective-fixtures/builder.js';

const TYPE = 'PROPERTY_TEST_POLICY';
const KEYS = ['k0', 'k1', 'k2'] as const;
const CONTROLS = '@@operators_allowed_for_child_policies';

const values = fc.subarray(['a', 'b', 'c', 'd']);
const controls = fc.constantFrom(['@@all'], ['@@none'], ['@@assign'], ['@@append'], ['@@remove'], ['@@append', '@@remove'], ['@@assign', '@@append']);
const setting = fc.record({ '@@assign': values, '@@append': values, '@@remove': values, [CONTROLS]: controls }, { requiredKeys: [] });
const document = fc.record({ s: fc.record({ k0: setting, k1: setting, k2: setting }, { requiredKeys: [] }) });

type Doc = { s: Partial<Record<(typeof KEYS)[number], Record<string, unknown>>> };

interface RandomOrg {
  ouParents: number[];
  accountParents: number[];
  policies: Doc[];
  attachments: number[][];
}

/** OUs hang under the root or an earlier OU; accounts under the root or any OU. Parent -1 is the root. */
const randomOrg: fc.Arbitrary<RandomOrg> = fc
  .record({ ous: fc.integer({ min: 0, max: 5 }), accounts: fc.integer({ min: 1, max: 6 }), policies: fc.integer({ min: 1, max: 6 }) })
  .chain(({ ous, accounts, policies }) => {
    const targets = 1 + ous + accounts;
    const indices = Array.from({ length: policies }, (_, i) => i);
    return fc.record({
      ouParents: fc.tuple(...Array.from({ length: ous }, (_, i) => fc.integer({ min: -1, max: i - 1 }))),
      accountParents: fc.tuple(...Array.from({ length: accounts }, () => fc.integer({ min: -1, max: ous - 1 }))),
      policies: fc.array(document, { minLength: policies, maxLength: policies }) as fc.Arbitrary<Doc[]>,
      attachments: fc.tuple(...Array.from({ length: targets }, () => fc.shuffledSubarray(indices, { maxLength: Math.min(3, policies) }))),
    });
  });

const ouId = (i: number) => `ou-ex01-prop${String(i).padStart(4, '0')}`;
const accountId = (i: number) => String(500000000000 + i);
const parentId = (p: number) => (p < 0 ? ROOT : ouId(p));
const policyName = (i: number) => `Policy${i}`;

/** Targets in the order attachments are listed: root, OUs, accounts. */
function targetIds(org: RandomOrg): string[] {
  return [ROOT, ...org.ouParents.map((_, i) => ouId(i)), ...org.accountParents.map((_, i) => accountId(i))];
}

function fixture(org: RandomOrg): OrgFixture {
  const attachments: Record<string, string[]> = {};
  targetIds(org).forEach((id, t) => (attachments[id] = org.attachments[t].map(policyName)));
  return {
    type: TYPE,
    ous: Object.fromEntries(org.ouParents.map((p, i) => [ouId(i), parentId(p)])),
    accounts: Object.fromEntries(org.accountParents.map((p, i) => [accountId(i), parentId(p)])),
    policies: Object.fromEntries(org.policies.map((doc, i) => [policyName(i), doc])),
    attachments,
  };
}

/** The same model with every map filled in the given orders (attachment order within a target unchanged). */
function reordered(state: OrgState, order: (n: number) => number[]): OrgState {
  const shuffle = <K, V>(map: Map<K, V>) => {
    const entries = [...map];
    return new Map(order(entries.length).map((i) => entries[i]));
  };
  return { ...state, ous: shuffle(state.ous), accounts: shuffle(state.accounts), policies: shuffle(state.policies), attachments: shuffle(state.attachments) };
}

function settingOf(state: OrgState, account: string, key: string): unknown {
  const doc = effectivePolicy(state, account, TYPE).document as { s?: Record<string, unknown> };
  return doc.s?.[key];
}

/** Ids of the root, OUs and account from the root down to (and including) a target. */
function pathOf(state: OrgState, target: string): string[] {
  const path: string[] = [];
  for (let at: string | undefined = target; at !== undefined; at = at === ROOT ? undefined : (state.ous.get(at)?.parentId ?? state.accounts.get(at)?.parentId)) path.unshift(at);
  return path;
}

function allowsAssign(list: string[]): boolean {
  return !list.includes('@@none') && (list.includes('@@all') || list.includes('@@assign'));
}

describe('effective policy properties', () => {
  it('the result does not depend on the order of independent nodes', () => {
    fc.assert(
      fc.property(randomOrg, fc.integer(), (org, seed) => {
        const state = buildState(fixture(org));
        const accounts = [...state.accounts.keys()];
        const expected = new Map(accounts.map((id) => [id, effectivePolicy(state, id, TYPE)]));
        // A permutation from the seed, so the same shuffle is used for every map of one run.
        let s = seed;
        const order = (n: number) => {
          const out = Array.from({ length: n }, (_, i) => i);
          for (let i = n - 1; i > 0; i--) {
            s = (Math.imul(s, 1103515245) + 12345) | 0;
            const j = Math.abs(s) % (i + 1);
            [out[i], out[j]] = [out[j], out[i]];
          }
          return out;
        };
        const other = reordered(state, order);
        const asked = order(accounts.length).map((i) => accounts[i]);
        const batch = effectivePolicies(other, asked, TYPE);
        for (const id of accounts) assert.deepEqual(batch.get(id), expected.get(id), `account ${id}`);
      }),
      { numRuns: 150 },
    );
  });

  it('an @@none lock is never loosened below', () => {
    fc.assert(
      fc.property(
        randomOrg,
        fc.nat(),
        fc.constantFrom(...KEYS),
        fc.subarray(['a', 'b', 'c', 'd']),
        (org, pick, key, value) => {
          const f = fixture(org);
          const containers = [ROOT, ...Object.keys(f.ous ?? {})];
          const lockAt = containers[pick % containers.length];
          f.policies.Lock = { s: { [key]: { '@@assign': value, [CONTROLS]: ['@@none'] } } };
          f.attachments[lockAt] = ['Lock'];
          const probe = '599999999999';
          f.accounts[probe] = lockAt;
          const state = buildState(f);
          const atLock = settingOf(state, probe, key);
          if (lockAt === ROOT) assert.deepEqual(atLock, value, 'alone at the root, the lock sets the value');
          for (const id of state.accounts.keys()) {
            if (!pathOf(state, id).includes(lockAt)) continue;
            assert.deepEqual(settingOf(state, id, key), atLock, `account ${id} under ${lockAt}`);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an @@assign alone at an account takes effect unless a policy above forbids @@assign there', () => {
    fc.assert(
      fc.property(
        randomOrg,
        fc.nat(),
        fc.constantFrom(...KEYS),
        fc.subarray(['a', 'b', 'c', 'd', 'e']),
        (org, pick, key, value) => {
          const f = fixture(org);
          const accounts = Object.keys(f.accounts);
          const account = accounts[pick % accounts.length];
          const probe = '599999999999';
          f.accounts[probe] = f.accounts[account];
          f.policies.Assign = { s: { [key]: { '@@assign': value } } };
          f.attachments[account] = ['Assign'];
          const state = buildState(f);
          const above = pathOf(state, account).slice(0, -1);
          const forbidden = above.some((target) =>
            (f.attachments[target] ?? []).some((name) => {
              const list = (f.policies[name] as Doc).s[key as (typeof KEYS)[number]]?.[CONTROLS] as string[] | undefined;
              return list !== undefined && !allowsAssign(list);
            }),
          );
          const expected = forbidden ? settingOf(state, probe, key) : value;
          assert.deepEqual(settingOf(state, account, key), expected, forbidden ? 'forbidden: the inherited value stays' : 'the assigned value');
        },
      ),
      { numRuns: 150 },
    );
  });
});
