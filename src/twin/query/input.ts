// Checks on query-protocol input members, before anything is looked up: the constraints of the API model (required,
// length, pattern, range), failed with ValidationError in the words IAM and STS use ("1 validation error
// detected: Value … at 'roleName' failed to satisfy constraint: …"; the member named in lower camel case).

import { validationError } from './errors.js';
import type { FormInput, FormValue } from './form.js';

/** A model pattern: `source` as AWS quotes it in messages, `test` anchored (the model's alternatives are not). */
export interface Pattern {
  test(value: string): boolean;
  source: string;
}

export interface StringRule {
  min?: number;
  max?: number;
  pattern?: Pattern;
}

const memberName = (field: string) => field[0].toLowerCase() + field.slice(1);

function violation(value: string | null, field: string, constraint: string) {
  const shown = value === null ? 'null' : `'${value}'`;
  return validationError(`1 validation error detected: Value ${shown} at '${memberName(field)}' failed to satisfy constraint: ${constraint}`);
}

function checkString(value: FormValue, field: string, rule: StringRule): string {
  if (typeof value !== 'string') throw violation(null, field, 'Member must be a string');
  return checkMember(value, field, rule);
}

/** Checks a string member against its model constraints (also used by seeding, which has no request). */
export function checkMember(value: string, field: string, rule: StringRule): string {
  if (rule.min !== undefined && value.length < rule.min) {
    throw violation(value, field, `Member must have length greater than or equal to ${rule.min}`);
  }
  if (rule.max !== undefined && value.length > rule.max) {
    throw violation(value, field, `Member must have length less than or equal to ${rule.max}`);
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw violation(value, field, `Member must satisfy regular expression pattern: ${rule.pattern.source}`);
  }
  return value;
}

export function requiredString(input: FormInput, field: string, rule: StringRule = {}): string {
  const value = input[field];
  if (value === undefined) throw violation(null, field, 'Member must not be null');
  return checkString(value, field, rule);
}

export function optionalString(input: FormInput, field: string, rule: StringRule = {}): string | undefined {
  const value = input[field];
  return value === undefined ? undefined : checkString(value, field, rule);
}

export function optionalInteger(input: FormInput, field: string, min: number, max: number): number | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw violation(String(value), field, 'Member must be an integer');
  const n = Number(value);
  if (n < min) throw violation(value, field, `Member must have value greater than or equal to ${min}`);
  if (n > max) throw violation(value, field, `Member must have value less than or equal to ${max}`);
  return n;
}
