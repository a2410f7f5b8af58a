// The grammar of a policy document, per policy type, checked offline: a document AWS would refuse at CreatePolicy
// (MalformedPolicyDocumentException) is an error in `reconcile validate`, at its own line in the policy file,
// instead of a failed step halfway through an apply. A document that says something odd but legal
// ({"Statement": []}) is a warning.
//
// SCPs and RCPs: authorization-grammar.ts. Management policies: management-grammar.ts. A type newer than this
// release (newPolicyTypes) has no grammar here: only its being a JSON object is checked.

import { KNOWN_POLICY_TYPES, RCP, SCP, type PolicyType } from '../aws/policy-types.js';
import { checkAuthorizationPolicy } from './authorization-grammar.js';
import type { Locator } from './locator.js';
import { checkManagementPolicy } from './management-grammar.js';
import { Findings } from './policy-findings.js';

export function checkPolicyGrammar(type: PolicyType, document: Record<string, unknown>, locator: Locator): Findings {
  const findings = new Findings(locator);
  if (type === SCP || type === RCP) checkAuthorizationPolicy(type, document, findings);
  else if (KNOWN_POLICY_TYPES.includes(type)) checkManagementPolicy(type, document, findings);
  return findings;
}
