// What to read: a pure description, derived from org.yaml (plan, apply), from a choice of types (import), or
// "everything" (snapshot). The reader turns it into calls; the planner states its needs as the request for its
// org.yaml and checks that the model it is given covers them (`uncovered`), instead of trusting that it does.

import type { PolicyType } from '../aws/policy-types.js';
import type { DesiredConfig, TargetEntry } from '../desired/config.js';
import { isEnabled, type OrgState } from '../model/org-state.js';

export interface PolicyName {
  type: PolicyType;
  name: string;
}

export interface ScopedRequest {
  kind: 'scoped';
  /** Policy types whose policies are listed and whose attachments are read. */
  types: PolicyType[];
  /** Targets to resolve and whose attachments to read. */
  targets: TargetEntry[];
  /** Policies whose content is read: these names, or every customer policy. */
  content: { kind: 'named'; names: PolicyName[] } | { kind: 'all' };
  /** Also find every target whose attachments differ from its types' defaults (unlistedTargets: default, import). */
  deviating: boolean;
  /** Also read the complete target lists of customer policies that `content.names` does not name (--prune). */
  unnamedPolicyTargets: boolean;
}

/** The whole organization: the tree, every policy of every enabled type with content, every attachment. */
export interface EverythingRequest {
  kind: 'everything';
}

export type ReadRequest = ScopedRequest | EverythingRequest;

/** Declared policies by their name and every former name: the live policies org.yaml may own. */
function declaredNames(config: DesiredConfig): PolicyName[] {
  return [...config.policies.values()].flatMap((p) => [p.name, ...p.formerNames].map((name) => ({ type: p.type, name })));
}

/** What `plan` reads for an org.yaml. */
export function requestFor(config: DesiredConfig, options: { prune: boolean }): ScopedRequest {
  return {
    kind: 'scoped',
    types: config.managedTypes,
    targets: config.targets,
    content: { kind: 'named', names: declaredNames(config) },
    deviating: config.unlistedTargets === 'default',
    unnamedPolicyTargets: options.prune,
  };
}

/** What the model lacks of what `request` asks for: empty when it covers it. */
export function uncovered(state: OrgState, request: ScopedRequest): string[] {
  const gaps: string[] = [];
  for (const type of request.types) {
    if (!state.coverage.policyTypes.includes(type)) gaps.push(`the policies of ${type}`);
  }
  const enabled = request.types.filter((type) => isEnabled(state, type));
  for (const entry of request.targets) {
    const target = state.coverage.named.get(entry.key);
    if (!target) {
      gaps.push(`the target ${entry.key}`);
      continue;
    }
    for (const type of enabled) if (!state.attachments.get(target.id)?.has(type)) gaps.push(`the ${type} attachments of ${entry.key}`);
  }
  const named = new Set(request.content.kind === 'named' ? request.content.names.map((n) => `${n.type}\0${n.name}`) : []);
  for (const policy of state.policies.values()) {
    if (policy.awsManaged || !request.types.includes(policy.type)) continue;
    const isNamed = request.content.kind === 'all' || named.has(`${policy.type}\0${policy.name}`);
    if (isNamed && policy.content === undefined) gaps.push(`the content of ${policy.name}`);
    if (!isNamed && request.unnamedPolicyTargets && !state.policyTargets.has(policy.id)) gaps.push(`the targets of ${policy.name}`);
  }
  return gaps;
}
