// The twin's organization as the product's model (OrgState): the inverse of from-state.ts. The twin answers
// DescribeEffectivePolicy by running the product's effective-policy engine on it, so the model is complete: the
// whole tree, every policy with its content, every target's attachments of every type in attachment order.

import { KNOWN_POLICY_TYPES, type PolicyType } from '../aws/policy-types.js';
import type { OrgState, PolicyTypeStatus } from '../model/org-state.js';
import { isTypeEnabled, type OrgData } from './state.js';

/** The organization at `now`: a type still PENDING_ENABLE then (see TwinOptions.enableDelayMs) says so. */
export function stateOfOrgData(data: OrgData, now = Date.now()): OrgState {
  const types = new Set<PolicyType>([...KNOWN_POLICY_TYPES, ...[...data.policies.values()].map((p) => p.type)]);
  const policyTypes = new Map<PolicyType, PolicyTypeStatus>();
  for (const type of data.policyTypes.keys()) policyTypes.set(type, isTypeEnabled(data, type, now) ? 'ENABLED' : 'PENDING_ENABLE');

  const attachments = new Map<string, Map<PolicyType, string[]>>();
  for (const [targetId, ids] of data.attachments) {
    const byType = new Map<PolicyType, string[]>([...types].map((type) => [type, []]));
    for (const id of ids) byType.get(data.policies.get(id)!.type)!.push(id);
    attachments.set(targetId, byType);
  }

  return {
    organization: { id: data.organization.id, managementAccountId: data.organization.managementAccountId },
    root: { id: data.root.id, name: data.root.name },
    policyTypes,
    ous: new Map([...data.ous.values()].map((ou) => [ou.id, { id: ou.id, name: ou.name, parentId: ou.parentId }])),
    accounts: new Map([...data.accounts.values()].map((a) => [a.id, { id: a.id, name: a.name, email: a.email, parentId: a.parentId }])),
    policies: new Map(
      [...data.policies.values()].map((p) => [
        p.id,
        { id: p.id, name: p.name, type: p.type, description: p.description, awsManaged: p.awsManaged, content: p.content },
      ]),
    ),
    attachments,
    policyTargets: new Map([...data.targetsByPolicy].map(([id, targets]) => [id, [...targets]])),
    coverage: {
      tree: true,
      policyTypes: [...types],
      targetCount: 1 + data.ous.size + data.accounts.size,
      named: new Map(),
    },
  };
}
