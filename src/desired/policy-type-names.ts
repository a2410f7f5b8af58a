// Policy type names in org.yaml. AWS adds types every few months, so the set stays open, but a type this release
// does not know is far more often a typo than a new type: it is an error with a suggestion, unless org.yaml
// acknowledges it under `newPolicyTypes`.

import { IAM_ROLE_LIMIT_KEY } from '../aws/iam.js';
import { KNOWN_POLICY_TYPES, type PolicyType } from '../aws/policy-types.js';
import type { Locator } from './locator.js';
import type { Problem } from './problems.js';
import { closest } from './suggest.js';

/** How AWS writes a policy type name. */
export const POLICY_TYPE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/** The known type `input` was probably meant to be: another case, an abbreviation (SCP, TAG) or a typo. */
export function suggestPolicyType(input: string): PolicyType | undefined {
  const written = input.trim().toUpperCase().replace(/[\s-]+/g, '_');
  for (const type of KNOWN_POLICY_TYPES) {
    const initials = type
      .split('_')
      .map((word) => word[0])
      .join('');
    if (written === type || written === initials || written === type.replace(/_POLICY$/, '') || `${written}_POLICY` === type) return type;
  }
  return closest(written, KNOWN_POLICY_TYPES);
}

/**
 * Why `type`, written at `where` (like "policies.Tags.type"), cannot be used; undefined when it can: a known
 * type, or one listed in newPolicyTypes.
 */
export function policyTypeProblem(type: string, where: string, acknowledged: readonly string[]): string | undefined {
  if (KNOWN_POLICY_TYPES.includes(type) || (POLICY_TYPE_PATTERN.test(type) && acknowledged.includes(type))) return undefined;
  const suggestion = suggestPolicyType(type);
  if (suggestion) return `${where}: ${JSON.stringify(type)} is not a policy type; did you mean ${suggestion}?`;
  if (!POLICY_TYPE_PATTERN.test(type)) return `${where} must be one of: ${KNOWN_POLICY_TYPES.join(', ')}; ${JSON.stringify(type)} is not a policy type`;
  return (
    `${where}: ${type} is not a policy type this release of reconcile knows (${KNOWN_POLICY_TYPES.join(', ')}); ` +
    `if AWS added it since, acknowledge it in org.yaml with newPolicyTypes: [${type}]`
  );
}

/** Why an entry of newPolicyTypes is suspicious: a warning, as the acknowledgement is the user's to make. */
export function newPolicyTypeWarning(type: string): string | undefined {
  if (KNOWN_POLICY_TYPES.includes(type)) return `newPolicyTypes lists ${type}, which this release of reconcile knows; it need not be listed`;
  const suggestion = suggestPolicyType(type);
  if (suggestion) return `newPolicyTypes lists ${type}, which looks like a misspelling of ${suggestion}; AWS refuses a type it does not have`;
  return undefined;
}

/**
 * Every policy type org.yaml names (policies.*.type, the keys of limits, newPolicyTypes), checked on the parsed
 * file whatever its shape, so that these problems are reported with the schema's and not after them.
 */
export function checkPolicyTypes(raw: unknown, locator: Locator): { problems: Problem[]; warnings: Problem[]; acknowledged: string[] } {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const config = isObject(raw) ? raw : {};
  const listed = Array.isArray(config.newPolicyTypes) ? config.newPolicyTypes : [];
  const acknowledged = listed.filter((type): type is string => typeof type === 'string' && POLICY_TYPE_PATTERN.test(type));
  listed.forEach((type, i) => {
    if (typeof type !== 'string') return; // the schema says so
    const location = locator.value(['newPolicyTypes', i]);
    if (!POLICY_TYPE_PATTERN.test(type)) {
      problems.push({ location, message: `newPolicyTypes[${i}]: ${JSON.stringify(type)} is not written like a policy type (like SERVICE_CONTROL_POLICY)` });
      return;
    }
    const warning = newPolicyTypeWarning(type);
    if (warning) warnings.push({ location, message: warning });
  });
  for (const [name, spec] of Object.entries(isObject(config.policies) ? config.policies : {})) {
    if (!isObject(spec) || typeof spec.type !== 'string') continue;
    const problem = policyTypeProblem(spec.type, `policies.${name}.type`, acknowledged);
    if (problem) problems.push({ location: locator.value(['policies', name, 'type']), message: problem });
  }
  for (const type of Object.keys(isObject(config.limits) ? config.limits : {})) {
    if (type === IAM_ROLE_LIMIT_KEY) continue; // the quota of IAM roles, not a policy type
    const problem = policyTypeProblem(type, 'limits', acknowledged);
    if (problem) problems.push({ location: locator.key(['limits'], type), message: problem });
  }
  return { problems, warnings, acknowledged };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
