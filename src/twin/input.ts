// Checks on request fields, before anything is looked up: the validation AWS does from its API model (required
// members, types, patterns, enums, lengths). Failures are InvalidInputException with the model's reason codes.

import { ACCOUNT_ID, OU_ID, POLICY_ID, ROOT_ID } from '../aws/ids.js';
import { KNOWN_POLICY_TYPES, isAuthorizationType } from '../aws/policy-types.js';
import { invalidInput } from './errors.js';

/** A request body, as parsed from JSON. */
export type Input = Record<string, unknown>;

export function requireString(input: Input, field: string): string {
  const value = input[field];
  if (value === undefined || value === null) throw invalidInput('INPUT_REQUIRED', `You must specify ${field}.`);
  if (typeof value !== 'string') throw invalidInput('INVALID_INPUT', `${field} must be a string.`);
  return value;
}

/** A RegExp, or a predicate where one regex cannot anchor every alternative. */
type Pattern = { test(value: string): boolean; source: string };

function requirePattern(input: Input, field: string, pattern: Pattern, reason: string): string {
  const value = requireString(input, field);
  if (!pattern.test(value)) {
    throw invalidInput(reason, `Value '${value}' at '${field}' failed to satisfy constraint: pattern ${pattern.source}`);
  }
  return value;
}

// The model's combined patterns anchor only their first and last alternatives (see ../aws/ids.ts), so each
// combination is a predicate over the anchored ones.
const TARGET_ID: Pattern = { test: (id) => ROOT_ID.test(id) || OU_ID.test(id) || ACCOUNT_ID.test(id), source: 'root, OU or account id' };
const PARENT_ID: Pattern = { test: (id) => ROOT_ID.test(id) || OU_ID.test(id), source: 'root or OU id' };
const CHILD_ID: Pattern = { test: (id) => OU_ID.test(id) || ACCOUNT_ID.test(id), source: 'OU or account id' };

export const policyIdOf = (input: Input) => requirePattern(input, 'PolicyId', POLICY_ID, 'INVALID_SYNTAX_POLICY_ID');
export const targetIdOf = (input: Input) => requirePattern(input, 'TargetId', TARGET_ID, 'INVALID_PATTERN_TARGET_ID');
export const parentIdOf = (input: Input, field: string) => requirePattern(input, field, PARENT_ID, 'INVALID_PATTERN');
export const childIdOf = (input: Input) => requirePattern(input, 'ChildId', CHILD_ID, 'INVALID_PATTERN');
export const rootIdOf = (input: Input) => requirePattern(input, 'RootId', ROOT_ID, 'INVALID_PATTERN');
export const ouIdOf = (input: Input) => requirePattern(input, 'OrganizationalUnitId', OU_ID, 'INVALID_PATTERN');
export const accountIdOf = (input: Input) => requirePattern(input, 'AccountId', ACCOUNT_ID, 'INVALID_PATTERN');

export function policyTypeOf(input: Input, field: string): string {
  const type = requireString(input, field);
  if (!KNOWN_POLICY_TYPES.includes(type)) throw invalidInput('INVALID_ENUM_POLICY_TYPE', `Unknown policy type: ${type}`);
  return type;
}

/** A management policy type: the model's EffectivePolicyType enum leaves out SCPs and RCPs, which have no effective policy. */
export function effectivePolicyTypeOf(input: Input): string {
  const type = policyTypeOf(input, 'PolicyType');
  if (isAuthorizationType(type)) {
    throw invalidInput('INVALID_ENUM_POLICY_TYPE', `${type} is not a management policy type: it has no effective policy.`);
  }
  return type;
}

export function lengthBetween(value: string, field: string, min: number, max: number): void {
  if (value.length < min) throw invalidInput('MIN_LENGTH_EXCEEDED', `${field} must be at least ${min} characters.`);
  if (value.length > max) throw invalidInput('MAX_LENGTH_EXCEEDED', `${field} must be at most ${max} characters.`);
}

/** The optional Tags list of a create or TagResource call, as key → value; a key given twice is refused. */
export function tagsOf(input: Input): Record<string, string> {
  const tags = input.Tags;
  if (tags === undefined) return {};
  if (!Array.isArray(tags)) throw invalidInput('INVALID_INPUT', 'Tags must be a list.');
  const out: Record<string, string> = {};
  for (const tag of tags as { Key?: unknown; Value?: unknown }[]) {
    if (typeof tag?.Key !== 'string' || typeof tag?.Value !== 'string') {
      throw invalidInput('INVALID_INPUT', 'Each tag needs a Key and a Value.');
    }
    if (tag.Key in out) throw invalidInput('DUPLICATE_TAG_KEY', `Duplicate tag key: ${tag.Key}`);
    out[tag.Key] = tag.Value;
  }
  return out;
}
