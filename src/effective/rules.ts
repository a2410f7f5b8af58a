// Type rules: what a management policy type adds on top of the generic merge, chosen by policy type. A type
// without rules of its own (Security Hub, Inspector, S3, a type AWS adds next month) gets the generic merge and
// the result says `rules: 'generic'`.

import type { PolicyType } from '../aws/policy-types.js';
import type { MergedNode } from './merge.js';
import { IDENTITY, type DocumentNormalizer } from './policy-node.js';
import type { EffectiveValidationError, RulesName } from './result.js';
import { TAG_RULES } from './tag-rules.js';
import { BACKUP_RULES } from './backup-rules.js';
import { CHATBOT_RULES } from './chatbot-rules.js';

export interface ValidationContext {
  /** The merged tree behind the document, to find which policies put something where. */
  root: MergedNode | undefined;
  /** Orders policy ids as they apply: root level first, attachment order within a level. */
  inOrder(ids: string[]): string[];
}

export interface TypeRules {
  name: RulesName;
  /** How policy keys and operands are read (case-insensitive keys, coerced values). */
  normalize: DocumentNormalizer;
  /** Fills in what AWS shows by default, on the rendered document (changed in place). */
  complete?(document: Record<string, unknown>): void;
  /** What AWS would report through ListEffectivePolicyValidationErrors. */
  validate?(document: Record<string, unknown>, context: ValidationContext): EffectiveValidationError[];
}

const generic = (name: RulesName): TypeRules => ({ name, normalize: IDENTITY });

// AI opt-out (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out_syntax.html)
// and declarative EC2 (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_declarative_syntax.html)
// need nothing beyond the generic merge: their settings are single values under fixed keys. They are named so
// that a reader of the result knows these types were recognised, not guessed at.
const RULES: Record<string, TypeRules> = {
  TAG_POLICY: TAG_RULES,
  BACKUP_POLICY: BACKUP_RULES,
  CHATBOT_POLICY: CHATBOT_RULES,
  AISERVICES_OPT_OUT_POLICY: generic('ai-opt-out'),
  DECLARATIVE_POLICY_EC2: generic('declarative-ec2'),
};

const GENERIC = generic('generic');

export function rulesFor(type: PolicyType): TypeRules {
  return RULES[type] ?? GENERIC;
}
