// The Organizations operations the twin serves, assembled from the handlers by concern (handlers/), and the
// classes of operation the server's faults and consistency model need to tell apart.

import type { Handlers } from './context.js';
import { ATTACHMENT_OPERATIONS } from './handlers/attachments.js';
import { EFFECTIVE_POLICY_OPERATIONS } from './handlers/effective-policies.js';
import { ORGANIZATION_OPERATIONS } from './handlers/organization.js';
import { POLICY_OPERATIONS } from './handlers/policies.js';
import { POLICY_TYPE_OPERATIONS } from './handlers/policy-types.js';
import { TAG_OPERATIONS } from './handlers/tags.js';
import { TREE_OPERATIONS } from './handlers/tree.js';

export const OPERATIONS: Handlers = {
  ...ORGANIZATION_OPERATIONS,
  ...TREE_OPERATIONS,
  ...POLICY_OPERATIONS,
  ...ATTACHMENT_OPERATIONS,
  ...POLICY_TYPE_OPERATIONS,
  ...TAG_OPERATIONS,
  ...EFFECTIVE_POLICY_OPERATIONS,
};

/** Operations that change policies: AWS can refuse them with ConcurrentModification or PolicyChangesInProgress. */
export const POLICY_WRITES = new Set(['CreatePolicy', 'UpdatePolicy', 'DeletePolicy', 'AttachPolicy', 'DetachPolicy']);

/** Every operation but List* and Describe* changes the organization; writes always see the current state. */
export function isWrite(operation: string): boolean {
  return !/^(List|Describe)/.test(operation);
}
