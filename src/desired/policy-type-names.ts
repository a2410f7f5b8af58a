// Policy type names in org.yaml. AWS adds types every few months, so the set stays open, but a type this release
// does not know is far more often a typo than a new type: it is an error with a suggestion, unless org.yaml
// acknowledges it under `newPolicyTypes`.

import { KNOWN_POLICY_TYPES, type PolicyType } from '../aws/policy-types.js';
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
  if (suggestion) return `${where} ${JSON.stringify(type)} is not a policy type; did you mean ${suggestion}?`;
  const known = `${where} must be one of ${KNOWN_POLICY_TYPES.join(', ')}`;
  if (!POLICY_TYPE_PATTERN.test(type)) return `${known}, not ${JSON.stringify(type)}`;
  return `${known}; if AWS added ${type} after this release of reconcile, acknowledge it in org.yaml with newPolicyTypes: [${type}]`;
}

/** Why an entry of newPolicyTypes is suspicious (a warning: the acknowledgement is the user's to make). */
export function newPolicyTypeWarning(type: string): string | undefined {
  if (KNOWN_POLICY_TYPES.includes(type)) return `newPolicyTypes lists ${type}, which this release of reconcile knows; it need not be listed`;
  const suggestion = suggestPolicyType(type);
  if (suggestion) return `newPolicyTypes lists ${type}, which looks like a misspelling of ${suggestion}; AWS would refuse a type it does not have`;
  return undefined;
}
