// The grammar of management policies: the inheritance operators every type shares, and for tag policies and AI
// services opt-out policies the shapes AWS refuses at CreatePolicy (shared/docs/aws-organizations.md §7, §10;
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_mgmt.html).
// Other management types (backup, chatbot, declarative, …) are checked for their operators only.

import type { Path } from './locator.js';
import { isObject, where, type Findings } from './policy-findings.js';
import { closest } from './suggest.js';

const CHILD_CONTROL = '@@operators_allowed_for_child_policies';
const OPERATORS = ['@@assign', '@@append', '@@remove', CHILD_CONTROL];
const CHILD_CONTROL_VALUES = ['@@all', '@@none', '@@assign', '@@append', '@@remove'];

export function checkManagementPolicy(type: string, document: Record<string, unknown>, findings: Findings): void {
  checkOperators(document, findings);
  if (type === 'TAG_POLICY') checkTagPolicy(document, findings);
  if (type === 'AISERVICES_OPT_OUT_POLICY') checkOptOutPolicy(document, findings);
}

/** Every "@@" key anywhere is an operator AWS knows, and every child-control list names operators. */
function checkOperators(document: Record<string, unknown>, findings: Findings): void {
  // Depth is bounded by the policy file reader (32 levels): a stack, not recursion, all the same.
  const stack: [Path, unknown][] = [[[], document]];
  while (stack.length > 0) {
    const [path, value] = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([[...path, i], item]));
      continue;
    }
    if (!isObject(value)) continue;
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('@@') && !OPERATORS.includes(key)) {
        const suggestion = closest(key, OPERATORS);
        findings.keyError(path, key, `unknown operator ${JSON.stringify(key)}${suggestion ? `; did you mean "${suggestion}"?` : ` (operators: ${OPERATORS.join(', ')})`}`);
        continue;
      }
      if (key === CHILD_CONTROL) {
        checkChildControl([...path, key], child, findings);
        continue;
      }
      stack.push([[...path, key], child]);
    }
  }
}

function checkChildControl(path: Path, value: unknown, findings: Findings): void {
  if (!Array.isArray(value)) {
    findings.error(path, `${CHILD_CONTROL} must be a list, like ["@@none"] or ["@@assign", "@@append"]`);
    return;
  }
  value.forEach((operator, i) => {
    if (typeof operator !== 'string' || !CHILD_CONTROL_VALUES.includes(operator)) {
      findings.error([...path, i], `${JSON.stringify(operator)} is not an operator ${CHILD_CONTROL} can allow (${CHILD_CONTROL_VALUES.join(', ')})`);
    }
  });
}

/** Keys of `value` other than the operators: the fields a value-setting block must not have. */
function nonOperatorKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => !key.startsWith('@@'));
}

/**
 * Tag policies: {"tags": {"<policy key>": {"tag_key": {"@@assign": "CostCenter"}, "tag_value": {…},
 * "enforced_for": {…}, "report_required_tag_for": {…}}}}.
 */
const TAG_RULE_FIELDS = ['tag_key', 'tag_value', 'enforced_for', 'report_required_tag_for'];

function checkTagPolicy(document: Record<string, unknown>, findings: Findings): void {
  unknownFields([], document, ['tags'], 'a tag policy has only "tags"', findings);
  if (!('tags' in document)) {
    findings.error([], 'a tag policy needs "tags": { "<tag key>": { "tag_key": { "@@assign": "<TagKey>" } } }');
    return;
  }
  const tags = document.tags;
  if (!isObject(tags)) {
    findings.error(['tags'], 'tags must be an object of tag keys, like { "costcenter": { "tag_key": { "@@assign": "CostCenter" } } }');
    return;
  }
  const byLowerCase = new Map<string, string>();
  for (const [key, rule] of Object.entries(tags)) {
    if (key.startsWith('@@')) continue;
    const path = ['tags', key];
    if (key === '') findings.keyError(['tags'], key, 'a tag policy key must not be empty');
    // AWS merges policy keys case-insensitively: two that differ only by case are one key written twice.
    const other = byLowerCase.get(key.toLowerCase());
    if (other !== undefined) {
      findings.keyError(['tags'], key, `tag policy key ${JSON.stringify(key)} differs from ${JSON.stringify(other)} only by case; AWS takes them for one key`);
    } else byLowerCase.set(key.toLowerCase(), key);
    if (!isObject(rule)) {
      findings.error(path, `${where(path)} must be an object with tag_key, tag_value, enforced_for or report_required_tag_for`);
      continue;
    }
    unknownFields(path, rule, TAG_RULE_FIELDS, `a tag rule has ${TAG_RULE_FIELDS.join(', ')}`, findings);
    for (const field of TAG_RULE_FIELDS) {
      if (!(field in rule)) continue;
      const block = operatorBlock([...path, field], rule[field], findings);
      if (!block) continue;
      if (field === 'tag_key') checkTagKey(key, [...path, field], block, findings);
      else checkTagValues([...path, field], block, findings);
    }
  }
}

/** The operator object at `path`, if the value there is one; a raw value without an operator is an error. */
function operatorBlock(path: Path, value: unknown, findings: Findings): Record<string, unknown> | undefined {
  if (!isObject(value)) {
    findings.error(path, `${where(path)} needs an operator: write { "@@assign": ${JSON.stringify(value)} }`);
    return undefined;
  }
  for (const key of nonOperatorKeys(value)) {
    findings.keyError(path, key, `unknown field ${JSON.stringify(key)} in ${where(path)}: it takes ${OPERATORS.join(', ')}`);
  }
  return value;
}

function checkTagKey(policyKey: string, path: Path, block: Record<string, unknown>, findings: Findings): void {
  if ('@@append' in block) findings.keyError(path, '@@append', '@@append adds to a list; tag_key is a single value (use @@assign)');
  if (!('@@assign' in block)) return;
  const tagKey = block['@@assign'];
  if (typeof tagKey !== 'string') {
    findings.error([...path, '@@assign'], `tag_key must be assigned a string, the tag key as it is to be written, not ${JSON.stringify(tagKey)}`);
  } else if (tagKey.toLowerCase() !== policyKey.toLowerCase()) {
    findings.error([...path, '@@assign'], `tag_key ${JSON.stringify(tagKey)} must be its policy key ${JSON.stringify(policyKey)}, differing only in case`);
  }
}

/** tag_value, enforced_for, report_required_tag_for: a string or a list of strings under each operator. */
function checkTagValues(path: Path, block: Record<string, unknown>, findings: Findings): void {
  for (const operator of ['@@assign', '@@append', '@@remove']) {
    if (!(operator in block)) continue;
    const value = block[operator];
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      if (isObject(item) || Array.isArray(item) || item === null) {
        const itemPath = Array.isArray(value) ? [...path, operator, i] : [...path, operator];
        findings.error(itemPath, `${where(path)} values must be strings, not ${item === null ? 'null' : Array.isArray(item) ? 'lists' : 'objects'}`);
      }
    });
  }
}

/** AI services opt-out: {"services": {"default" | "<service>": {"opt_out_policy": {"@@assign": "optOut" | "optIn"}}}}. */
function checkOptOutPolicy(document: Record<string, unknown>, findings: Findings): void {
  unknownFields([], document, ['services'], 'an AI services opt-out policy has only "services"', findings);
  if (!('services' in document)) {
    findings.error([], 'an AI services opt-out policy needs "services": { "default": { "opt_out_policy": { "@@assign": "optOut" } } }');
    return;
  }
  if (!isObject(document.services)) {
    findings.error(['services'], 'services must be an object of services ("default" or a service name) to their opt_out_policy');
    return;
  }
  for (const [service, settings] of Object.entries(document.services)) {
    if (service.startsWith('@@')) continue;
    const path = ['services', service];
    if (!isObject(settings)) {
      findings.error(path, `${where(path)} must be an object with opt_out_policy`);
      continue;
    }
    unknownFields(path, settings, ['opt_out_policy'], 'a service has only opt_out_policy', findings);
    if (!('opt_out_policy' in settings)) continue;
    const policyPath = [...path, 'opt_out_policy'];
    const block = operatorBlock(policyPath, settings.opt_out_policy, findings);
    if (!block) continue;
    for (const operator of ['@@append', '@@remove']) {
      if (operator in block) findings.keyError(policyPath, operator, `opt_out_policy is set with @@assign only, not ${operator}`);
    }
    if ('@@assign' in block && block['@@assign'] !== 'optOut' && block['@@assign'] !== 'optIn') {
      findings.error([...policyPath, '@@assign'], `opt_out_policy must be "optOut" or "optIn" (in that case), not ${JSON.stringify(block['@@assign'])}`);
    }
  }
}

function unknownFields(path: Path, value: Record<string, unknown>, known: string[], explanation: string, findings: Findings): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key) || key.startsWith('@@')) continue; // operators: checkOperators
    const suggestion = closest(key, known);
    findings.keyError(path, key, `unknown field ${JSON.stringify(key)} in ${where(path)}${suggestion ? `; did you mean "${suggestion}"?` : `: ${explanation}`}`);
  }
}
