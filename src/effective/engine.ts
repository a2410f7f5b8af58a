// The effective management policy of an account, computed offline from the organization model: what
// DescribeEffectivePolicy would return, merged from the root down through each OU to the account
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_effective.html).
//
// Management policies apply to the management account too (unlike SCPs), so it is merged like any account.
// The merge at an OU is the same for every account below it: it is computed once per OU and shared, which is
// what makes thousands of accounts cheap (`effectivePolicies`).

import type { TargetType } from '../aws/ids.js';
import { isAuthorizationType, type PolicyType } from '../aws/policy-types.js';
import { isEnabled, type OrgState } from '../model/org-state.js';
import { mergeLevel, render, type MergedNode, type Peer } from './merge.js';
import { readPolicyNode, type PolicyNode } from './policy-node.js';
import type { AssignConflict, Contributor, EffectiveResult } from './result.js';
import { rulesFor, type TypeRules } from './rules.js';

/** The merge down to one node of the tree, shared by everything below it. */
interface Level {
  root: MergedNode | undefined;
  contributors: readonly Contributor[];
  conflicts: readonly AssignConflict[];
  /** Policy ids in the order they applied: root first, attachment order within a level. */
  order: readonly string[];
}

const NOTHING: Level = { root: undefined, contributors: [], conflicts: [], order: [] };

/** One account's effective policy of a management type. */
export function effectivePolicy(state: OrgState, accountId: string, type: PolicyType): EffectiveResult {
  return effectivePolicies(state, [accountId], type).get(accountId)!;
}

/**
 * Several accounts' effective policies of one type, sharing the merge at every OU they have in common.
 * Throws (a programming error, not an AWS answer) for an authorization type, an account whose path to the root
 * is not in the model, or an attached policy whose content was not read.
 */
export function effectivePolicies(state: OrgState, accountIds: Iterable<string>, type: PolicyType): Map<string, EffectiveResult> {
  if (isAuthorizationType(type)) {
    throw new Error(`${type} is an authorization policy type: it has no effective policy (only management policy types do)`);
  }
  const engine = new Engine(state, type);
  const results = new Map<string, EffectiveResult>();
  for (const id of accountIds) results.set(id, engine.account(id));
  return results;
}

class Engine {
  private readonly rules: TypeRules;
  private readonly enabled: boolean;
  private readonly levels = new Map<string, Level>();
  private readonly parsed = new Map<string, PolicyNode>();

  constructor(
    private readonly state: OrgState,
    private readonly type: PolicyType,
  ) {
    this.rules = rulesFor(type);
    this.enabled = isEnabled(state, type);
  }

  account(accountId: string): EffectiveResult {
    const account = this.state.accounts.get(accountId);
    if (!account) throw new Error(`account ${accountId} is not in the organization model`);
    if (account.parentId === undefined) throw new Error(`account ${accountId} has no parent in the organization model`);
    const parent = this.container(account.parentId, [accountId]);
    if (!this.enabled) return { document: null, valid: true, contributors: [], validationErrors: [], conflicts: [], rules: this.rules.name };

    const level = this.extend(parent, accountId, 'ACCOUNT');
    const document = render(level.root);
    this.rules.complete?.(document);
    const position = new Map(level.order.map((id, i) => [id, i]));
    const validationErrors =
      this.rules.validate?.(document, {
        root: level.root,
        inOrder: (ids) => [...ids].sort((a, b) => (position.get(a) ?? Infinity) - (position.get(b) ?? Infinity)),
      }) ?? [];
    return {
      document,
      valid: validationErrors.length === 0,
      contributors: level.contributors.map((c) => ({ ...c, policies: c.policies.map((p) => ({ ...p })) })),
      validationErrors,
      conflicts: level.conflicts.map((c) => ({ ...c, winner: { ...c.winner }, others: c.others.map((p) => ({ ...p })) })),
      rules: this.rules.name,
    };
  }

  /** The merge down to the root or an OU, computed once. `below` is the path walked so far, to catch a loop. */
  private container(targetId: string, below: string[]): Level {
    const cached = this.levels.get(targetId);
    if (cached) return cached;
    if (below.includes(targetId)) throw new Error(`the organization model has a loop through ${targetId}`);
    let level: Level;
    if (targetId === this.state.root.id) {
      level = this.enabled ? this.extend(NOTHING, targetId, 'ROOT') : NOTHING;
    } else {
      const ou = this.state.ous.get(targetId);
      if (!ou) throw new Error(`${targetId}, on the path of ${below[0]} to the root, is not in the organization model`);
      if (ou.parentId === undefined) throw new Error(`OU ${targetId} has no parent in the organization model`);
      const parent = this.container(ou.parentId, [...below, targetId]);
      level = this.enabled ? this.extend(parent, targetId, 'ORGANIZATIONAL_UNIT') : NOTHING;
    }
    this.levels.set(targetId, level);
    return level;
  }

  private extend(parent: Level, targetId: string, targetType: TargetType): Level {
    const ids = this.state.attachments.get(targetId)?.get(this.type) ?? [];
    if (ids.length === 0) return parent;
    const peers = ids.map((id) => this.peer(id, targetId));
    const conflicts: AssignConflict[] = [...parent.conflicts];
    return {
      root: mergeLevel(parent.root, peers, targetId, conflicts),
      contributors: [...parent.contributors, { targetId, targetType, policies: peers.map((p) => p.policy) }],
      conflicts,
      order: [...parent.order, ...ids],
    };
  }

  private peer(policyId: string, targetId: string): Peer {
    const policy = this.state.policies.get(policyId);
    if (!policy) throw new Error(`policy ${policyId}, attached to ${targetId}, is not in the organization model`);
    let node = this.parsed.get(policyId);
    if (!node) {
      if (policy.content === undefined) throw new Error(`the content of policy ${policy.name} (${policyId}) was not read`);
      let document: unknown;
      try {
        document = JSON.parse(policy.content);
      } catch (err) {
        throw new Error(`the content of policy ${policy.name} (${policyId}) is not JSON: ${(err as Error).message}`);
      }
      node = readPolicyNode(document, this.rules.normalize);
      this.parsed.set(policyId, node);
    }
    return { policy: { id: policy.id, name: policy.name }, node };
  }
}
