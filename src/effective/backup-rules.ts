// Backup policies (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html):
// `plans.<name>.{regions, rules.<rule>.{…, copy_actions.<arn>…}, selections.tags.<name>…, advanced_backup_settings}`.
// Plans, rules, selections and copy actions are maps, so the generic merge already merges them by name, and
// `$account` is left as written (observed: it stays literal in the effective document).
//
// What is particular is that AWS checks the merged plan. An effective plan that fails the check is reported by
// ListEffectivePolicyValidationErrors (for example ELEMENTS_TOO_MANY,
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_EffectivePolicyValidationError.html)
// and the account keeps its last valid document. The check known here is the one AWS users have seen fail:
// more than 10 rules in one plan. AWS's wording of the message is not documented; ours says the same thing.

import { nodeAt, sourcesUnder } from './merge.js';
import { IDENTITY, isObject } from './policy-node.js';
import type { EffectiveValidationError } from './result.js';
import type { TypeRules } from './rules.js';

export const MAX_RULES_PER_PLAN = 10;

export const BACKUP_RULES: TypeRules = {
  name: 'backup',
  normalize: IDENTITY,
  validate(document, context) {
    const errors: EffectiveValidationError[] = [];
    const plans = document.plans;
    if (!isObject(plans)) return errors;
    for (const [plan, body] of Object.entries(plans)) {
      if (!isObject(body) || !isObject(body.rules)) continue;
      const count = Object.keys(body.rules).length;
      if (count <= MAX_RULES_PER_PLAN) continue;
      const path = ['plans', plan, 'rules'];
      const node = nodeAt(context.root, path);
      errors.push({
        errorCode: 'ELEMENTS_TOO_MANY',
        errorMessage: `Backup plan ${plan} has ${count} rules; a plan can have at most ${MAX_RULES_PER_PLAN}.`,
        pathToError: path.join('.'),
        contributingPolicies: node ? context.inOrder(sourcesUnder(node)) : [],
      });
    }
    return errors;
  },
};
