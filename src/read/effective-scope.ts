// What computing effective management policies needs beyond a plan's read: for the accounts concerned, their
// path to the root, the policies of the type attached at every level of it in attachment order, and those
// policies' content. Read into the same OrgState, with the fewest calls:
// - the accounts under an OU or the root: one walk of that subtree (ListOrganizationalUnitsForParent and
//   ListAccountsForParent per OU), which also gives every node's parent;
// - an account or OU named alone: its parents, one ListParents per level not yet known;
// - which policies of the type sit where: each policy's targets (ListTargetsForPolicy), which the plan's read often
//   has already; attachment order matters only where a node holds two or more, and only there is the node asked
//   directly (ListPoliciesForTarget lists in attachment order);
// - content: DescribePolicy for the policies on those paths whose content was not read.

import type { PolicyType } from '../aws/policy-types.js';
import { isEnabled, targetTypeOf, type OrgState } from '../model/org-state.js';
import { allPolicyTargets, type OrgSource } from './source.js';

export interface EffectiveScope {
  type: PolicyType;
  /** Roots and OUs whose every account is concerned. */
  subtrees: string[];
  /** Accounts concerned one by one. */
  accounts: string[];
  /** Policies whose every target (and every account below it) is concerned: their content changes. */
  policies: string[];
}

/** Reads what the scope needs into `state`; returns the accounts concerned. */
export async function readEffectiveScope(source: OrgSource, state: OrgState, scope: EffectiveScope): Promise<string[]> {
  const accounts = new Set(scope.accounts);
  const subtrees = new Set(scope.subtrees);
  await Promise.all(
    scope.policies.map(async (id) => {
      const known = state.policyTargets.get(id)?.map((target) => ({ id: target, type: targetTypeOf(state, target) }));
      const targets = known?.every((t) => t.type) ? known : await allPolicyTargets(source, id);
      state.policyTargets.set(id, targets.map((t) => t.id));
      for (const t of targets) (t.type === 'ACCOUNT' ? accounts : subtrees).add(t.id);
    }),
  );
  await Promise.all([...subtrees].map((id) => walkSubtree(source, state, id, accounts)));
  const nodes = await pathsToRoot(source, state, [...accounts]);
  if (!isEnabled(state, scope.type) || nodes.size === 0) return [...accounts];

  const policies = [...state.policies.values()].filter((p) => p.type === scope.type);
  await Promise.all(
    policies
      .filter((p) => !state.policyTargets.has(p.id))
      .map(async (p) => state.policyTargets.set(p.id, (await allPolicyTargets(source, p.id)).map((t) => t.id))),
  );
  const held = new Map<string, string[]>();
  for (const p of policies) for (const target of state.policyTargets.get(p.id)!) if (nodes.has(target)) held.set(target, [...(held.get(target) ?? []), p.id]);
  await Promise.all(
    [...nodes].map(async (node) => {
      const byType = state.attachments.get(node) ?? new Map<PolicyType, string[]>();
      state.attachments.set(node, byType);
      const ids = byType.get(scope.type) ?? held.get(node) ?? [];
      // A read policy by policy knows who holds what, not in which order: where order decides, ask the node.
      byType.set(scope.type, ids.length > 1 ? ((await source.targetPolicies(node, scope.type)) ?? ids) : ids);
    }),
  );
  const onPaths = new Set([...nodes].flatMap((node) => state.attachments.get(node)!.get(scope.type)!));
  await Promise.all(
    [...onPaths]
      .map((id) => state.policies.get(id)!)
      .filter((p) => p.content === undefined)
      .map(async (p) => {
        p.content = await source.policyContent(p.id);
      }),
  );
  return [...accounts];
}

/** Lists the policies of types the model does not cover yet (a type org.yaml does not manage). */
export async function readPolicyTypes(source: OrgSource, state: OrgState, types: PolicyType[]): Promise<void> {
  const missing = types.filter((type) => !state.coverage.policyTypes.includes(type));
  const lists = await Promise.all(missing.map((type) => source.policies(type)));
  for (const p of lists.flat()) state.policies.set(p.id, p);
  state.coverage.policyTypes.push(...missing);
}

/** Every OU and account below `parentId`, with its parent; the accounts join `accounts`. */
async function walkSubtree(source: OrgSource, state: OrgState, parentId: string, accounts: Set<string>): Promise<void> {
  const [ous, members] = await Promise.all([source.childOus(parentId), source.childAccounts(parentId)]);
  for (const a of members) {
    state.accounts.set(a.id, { ...state.accounts.get(a.id), ...a });
    accounts.add(a.id);
  }
  for (const ou of ous) state.ous.set(ou.id, { ...state.ous.get(ou.id), ...ou });
  await Promise.all(ous.map((ou) => walkSubtree(source, state, ou.id, accounts)));
}

/** The nodes on the accounts' paths to the root (the accounts included), learning the parents not yet known. */
async function pathsToRoot(source: OrgSource, state: OrgState, accounts: string[]): Promise<Set<string>> {
  const nodes = new Set<string>();
  const parents = new Map<string, Promise<string>>();
  const parentOf = (id: string): Promise<string> => {
    const known = state.accounts.get(id)?.parentId ?? state.ous.get(id)?.parentId;
    if (known !== undefined) return Promise.resolve(known);
    let asked = parents.get(id);
    if (!asked) {
      asked = source.parentOf(id).then((parentId) => {
        const map = state.accounts.has(id) ? state.accounts : state.ous;
        map.set(id, { ...map.get(id), id, parentId });
        return parentId;
      });
      parents.set(id, asked);
    }
    return asked;
  };
  await Promise.all(
    accounts.map(async (account) => {
      if (!state.accounts.has(account)) state.accounts.set(account, { id: account });
      for (let node = account; ; ) {
        nodes.add(node);
        if (node === state.root.id) return;
        const parentId = await parentOf(node);
        if (parentId !== state.root.id && !state.ous.has(parentId)) state.ous.set(parentId, { id: parentId });
        node = parentId;
      }
    }),
  );
  return nodes;
}
