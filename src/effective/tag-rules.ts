// Tag policies (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_example-tag-policies.html):
// `{"tags": {"<policy key>": {"tag_key", "tag_value", "enforced_for", "report_required_tag_for"}}}`.
//
// The docs: the policy key is case-insensitive, and a tag key whose case treatment is not defined is lowercase.
// Observed by AWS users in DescribeEffectivePolicy answers:
// - policy keys merge case-insensitively across levels and come back lowercased;
// - a rule without `tag_key` gets the lowercased policy key; without `tag_value` it gets `["*"]` (any value);
//   an empty rule `{}` still appears, with both defaults;
// - `tag_value` items become strings, then duplicates go;
// - removing every value leaves `[]`, not the default.

import { isObject } from './policy-node.js';
import type { TypeRules } from './rules.js';

const isTagValue = (path: readonly string[]) => path.length === 3 && path[0] === 'tags' && path[2] === 'tag_value';

function asString(item: unknown): string {
  return typeof item === 'string' ? item : typeof item === 'object' ? JSON.stringify(item) : String(item);
}

export const TAG_RULES: TypeRules = {
  name: 'tag',
  normalize: {
    key: (path, key) => (path.length === 1 && path[0] === 'tags' ? key.toLowerCase() : key),
    // Coerced before the merge, so that `@@remove: [100]` removes the "100" another policy assigned.
    operand: (path, value) => (isTagValue(path) && Array.isArray(value) ? value.map(asString) : value),
  },
  complete(document) {
    const tags = document.tags;
    if (!isObject(tags)) return;
    for (const [policyKey, rule] of Object.entries(tags)) {
      if (!isObject(rule)) continue;
      if (rule.tag_key === undefined) rule.tag_key = policyKey;
      if (rule.tag_value === undefined) rule.tag_value = ['*'];
      else if (Array.isArray(rule.tag_value)) rule.tag_value = [...new Set(rule.tag_value.map(asString))];
    }
  },
};
