// The JSON scanner that says where a policy file stops being JSON must agree with JSON.parse on what JSON is.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { jsonSyntaxError } from '../src/desired/json-syntax.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('the JSON syntax scanner', () => {
  it('accepts exactly what JSON.parse accepts, on JSON and on JSON with one character changed', () => {
    const edited = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', ']', '}', '[', '{', '"', ':', ' ', '\n', '\\', 'x', '0', '-', '.', 'e', "'"), fc.boolean())
      .map(([text, at, character, replace]) => {
        const i = text.length === 0 ? 0 : at % text.length;
        return text.slice(0, i) + character + text.slice(replace ? i + 1 : i);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), edited), (text) => {
        const error = jsonSyntaxError(text, 1000);
        assert.equal(error === undefined, parses(text), `${JSON.stringify(text)}: ${error?.message}`);
        if (error) assert.ok(error.offset >= 0 && error.offset <= text.length);
      }),
      { numRuns: 3000 },
    );
  });
});
