// How an apply reads while it runs: step lines in plan order whatever order the parallel lanes finish in.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inPlanOrder } from '../src/render/apply-progress.js';

describe('apply progress', () => {
  it('prints each step once every earlier step has ended, so lines come in plan order', () => {
    const written: string[] = [];
    const add = inPlanOrder((line) => written.push(line));
    add(3, 'three');
    add(2, 'two');
    assert.deepEqual(written, [], 'step 1 has not ended');
    add(1, 'one');
    assert.deepEqual(written, ['one', 'two', 'three']);
    add(5, 'five');
    add(4, '');
    assert.deepEqual(written, ['one', 'two', 'three', '', 'five']);
  });
});
