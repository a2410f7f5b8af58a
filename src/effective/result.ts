// What the effective-policy engine answers for one account and one management policy type: the document AWS's
// DescribeEffectivePolicy would return, where it came from, what AWS would report as invalid, and where the
// answer depends on the order in which policies were attached.

import type { TargetType } from '../aws/ids.js';

export interface PolicyRef {
  id: string;
  name: string;
}

/** The policies of the type attached directly to one level of the account's path, in attachment order. */
export interface Contributor {
  targetId: string;
  targetType: TargetType;
  policies: PolicyRef[];
}

/**
 * One entry of ListEffectivePolicyValidationErrors, in our casing
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_EffectivePolicyValidationError.html).
 */
export interface EffectiveValidationError {
  errorCode: string;
  errorMessage: string;
  /** Where in the effective document, as keys joined with "." (AWS's exact path syntax is not documented). */
  pathToError: string;
  /** Ids of the policies that put something under that path, root first. */
  contributingPolicies: string[];
}

/**
 * Peers on one node (root, OU or account) that `@@assign` different values to one setting. AWS takes the
 * first-attached policy's value, so detaching and re-attaching a policy would change the result.
 */
export interface AssignConflict {
  targetId: string;
  /** The setting, as keys joined with ".". */
  path: string;
  winner: PolicyRef;
  others: PolicyRef[];
}

/** Which type-specific rules ran on top of the generic merge. */
export type RulesName = 'tag' | 'backup' | 'ai-opt-out' | 'chatbot' | 'declarative-ec2' | 'generic';

export interface EffectiveResult {
  /**
   * The effective document: operators stripped, `@@assign` unwrapped. `null` when the type is not enabled
   * (AWS: EffectivePolicyNotFoundException); `{}` when it is enabled and nothing applies.
   */
  document: Record<string, unknown> | null;
  /**
   * False when AWS would find the effective document invalid (see `validationErrors`). AWS then keeps the
   * account's last valid document, which cannot be known offline: `document` is still the merged one, so that
   * the caller can show what is wrong with it.
   */
  valid: boolean;
  /** Root first, then each OU down the path, then the account; only levels with a policy of the type. */
  contributors: Contributor[];
  validationErrors: EffectiveValidationError[];
  conflicts: AssignConflict[];
  rules: RulesName;
}
