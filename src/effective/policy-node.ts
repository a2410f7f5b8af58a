// A management policy's document, read once into the shape the merge works on: per key, the value-setting
// operators it uses and the operators it leaves to the levels below.
// Syntax: https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html

/** Value-setting operators as bits, so that child controls intersect with `&`. */
export const ASSIGN = 1;
export const APPEND = 2;
export const REMOVE = 4;
export const ALL_OPERATORS = ASSIGN | APPEND | REMOVE;
export const NO_OPERATORS = 0;

const OPERATOR_BITS: Record<string, number> = { '@@assign': ASSIGN, '@@append': APPEND, '@@remove': REMOVE };
const CONTROLS = '@@operators_allowed_for_child_policies';

export interface PolicyNode {
  /** `@@assign`, boxed so that an assigned null or false still counts as assigned. */
  assign?: { value: unknown };
  append?: unknown[];
  remove?: unknown[];
  /** `@@operators_allowed_for_child_policies` as bits; undefined when the policy sets none here. */
  controls?: number;
  /**
   * The keys that are not operators, in document order, under their normalized names. Undefined for a plain
   * setting (an object of operators only); an empty map for `{}`, which still adds the key.
   */
  children?: Map<string, PolicyNode>;
}

/** Type rules may rename keys (tag policy keys are case-insensitive) and coerce operands (tag values are strings). */
export interface DocumentNormalizer {
  key(parentPath: readonly string[], key: string): string;
  operand(path: readonly string[], value: unknown): unknown;
}

export const IDENTITY: DocumentNormalizer = { key: (_path, key) => key, operand: (_path, value) => value };

/**
 * Reads a parsed policy document. Anything AWS's CreatePolicy would have refused (a raw value without an
 * operator, an unknown `@@` operator, a non-list control) is skipped rather than guessed at: such a policy
 * cannot be attached in a real organization.
 */
export function readPolicyNode(document: unknown, normalize: DocumentNormalizer = IDENTITY, path: string[] = []): PolicyNode {
  const node: PolicyNode = {};
  if (!isObject(document)) return node;
  let hasOperators = false;
  for (const [rawKey, raw] of Object.entries(document)) {
    if (rawKey === CONTROLS) {
      hasOperators = true;
      if (Array.isArray(raw)) node.controls = controlBits(raw);
    } else if (rawKey === '@@assign') {
      hasOperators = true;
      node.assign = { value: normalize.operand(path, raw) };
    } else if (rawKey === '@@append' || rawKey === '@@remove') {
      hasOperators = true;
      const items = normalize.operand(path, Array.isArray(raw) ? raw : [raw]) as unknown[];
      node[rawKey === '@@append' ? 'append' : 'remove'] = items;
    } else if (rawKey.startsWith('@@')) {
      hasOperators = true;
    } else {
      const key = normalize.key(path, rawKey);
      node.children ??= new Map();
      // Two keys that normalize alike (differ only by case in a tag policy) are refused by CreatePolicy; keep the first.
      if (!node.children.has(key) && isObject(raw)) node.children.set(key, readPolicyNode(raw, normalize, [...path, key]));
    }
  }
  if (!hasOperators) node.children ??= new Map();
  return node;
}

/** `["@@all"]`, `["@@none"]` or a subset of the value-setting operators; `@@none` wins over anything beside it. */
export function controlBits(list: unknown[]): number {
  if (list.includes('@@none')) return NO_OPERATORS;
  if (list.includes('@@all')) return ALL_OPERATORS;
  let bits = NO_OPERATORS;
  for (const item of list) if (typeof item === 'string') bits |= OPERATOR_BITS[item] ?? 0;
  return bits;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
