// Golden tests of the effective-policy engine: AWS's worked examples, the behaviour AWS users observed, and the
// per-type rules, each with the effective document written by hand from the documented semantics
// (test/effective-fixtures/). Documents are compared as data: key order does not matter, list order does.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { effectivePolicies, effectivePolicy } from '../src/effective/engine.js';
import { buildState, policyId, ROOT, type GoldenCase } from './effective-fixtures/builder.js';
import { INHERITANCE_EXAMPLES } from './effective-fixtures/inheritance-examples.js';
import { OBSERVED_CASES } from './effective-fixtures/observed.js';
import { POLICY_TYPE_CASES } from './effective-fixtures/policy-types.js';

function check(c: GoldenCase): void {
  const state = buildState(c.org);
  const batch = effectivePolicies(state, Object.keys(c.expect), c.org.type);
  for (const [accountId, expected] of Object.entries(c.expect)) {
    const result = effectivePolicy(state, accountId, c.org.type);
    const at = `${c.name} — account ${accountId}`;
    assert.deepEqual(result.document, expected.document, `${at}: document`);
    assert.equal(result.rules, c.rules, `${at}: rules`);
    assert.equal(result.valid, expected.valid ?? true, `${at}: valid`);
    assert.deepEqual(result.conflicts, expected.conflicts ?? [], `${at}: conflicts`);
    assert.deepEqual(
      result.validationErrors.map(({ errorMessage: _, ...rest }) => rest),
      expected.validationErrors ?? [],
      `${at}: validation errors`,
    );
    for (const e of result.validationErrors) assert.ok(e.errorMessage.length > 0, `${at}: a validation error has a message`);
    if (expected.contributors) {
      assert.deepEqual(
        result.contributors.map((level) => ({ targetId: level.targetId, policies: level.policies.map((p) => p.name) })),
        expected.contributors,
        `${at}: contributors`,
      );
    }
    // The batch, which shares the merge at each OU, answers exactly as the single call does.
    assert.deepEqual(batch.get(accountId), result, `${at}: batch`);
  }
}

describe('effective policy: AWS inheritance examples', () => {
  for (const c of INHERITANCE_EXAMPLES) it(c.name, () => check(c));
});

describe('effective policy: observed behaviour', () => {
  for (const c of OBSERVED_CASES) it(c.name, () => check(c));
});

describe('effective policy: type rules', () => {
  for (const c of POLICY_TYPE_CASES) it(c.name, () => check(c));
});

describe('effective policy: what the engine refuses', () => {
  const org = {
    type: 'TAG_POLICY',
    ous: { 'ou-ex01-refuse01': ROOT },
    accounts: { '410000000001': 'ou-ex01-refuse01' },
    policies: { Root: { tags: { a: {} } } },
    attachments: { [ROOT]: ['Root'] },
  };

  it('authorization types have no effective policy', () => {
    const state = buildState({ ...org, type: 'SERVICE_CONTROL_POLICY' });
    assert.throws(() => effectivePolicy(state, '410000000001', 'SERVICE_CONTROL_POLICY'), /authorization policy type/);
    assert.throws(() => effectivePolicy(state, '410000000001', 'RESOURCE_CONTROL_POLICY'), /authorization policy type/);
  });

  it('an account, or an OU on its path, missing from the model is a programming error', () => {
    const state = buildState(org);
    assert.throws(() => effectivePolicy(state, '499999999999', 'TAG_POLICY'), /not in the organization model/);
    state.ous.delete('ou-ex01-refuse01');
    assert.throws(() => effectivePolicy(state, '410000000001', 'TAG_POLICY'), /ou-ex01-refuse01.*not in the organization model/);
  });

  it('an attached policy whose content was not read is a programming error', () => {
    const state = buildState(org);
    delete state.policies.get(policyId('Root'))!.content;
    assert.throws(() => effectivePolicy(state, '410000000001', 'TAG_POLICY'), /was not read/);
  });

  it('results are copies: changing one does not change the next answer', () => {
    const state = buildState(org);
    const first = effectivePolicy(state, '410000000001', 'TAG_POLICY');
    (first.document!.tags as Record<string, unknown>).a = 'changed';
    first.contributors[0].policies.length = 0;
    const again = effectivePolicies(state, ['410000000001', '100000000000'], 'TAG_POLICY');
    for (const result of again.values()) {
      assert.deepEqual(result.document, { tags: { a: { tag_key: 'a', tag_value: ['*'] } } });
      assert.equal(result.contributors[0].policies.length, 1);
    }
  });
});
