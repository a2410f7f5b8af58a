// The generic merge of management policies, one level (root, an OU, the account) at a time, as AWS documents
// it for every management type:
// https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
// https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html
//
// Among the policies attached to one level (its peers), for each setting:
//   1. `@@assign` of the first-attached policy that assigns it wins ("evaluated based on the order in which
//      they were attached");
//   2. then every `@@append`, in attachment order, duplicates dropped — after the assign whatever the order;
//   3. then every `@@remove` — after the appends whatever the order.
// Each step happens only if the levels above still allow that operator on the setting; a forbidden operator is
// ignored, not an error (observed by AWS users: the policy attaches and the value stays). Then the peers'
// `@@operators_allowed_for_child_policies` intersect with what was already allowed, and bind every level below:
// a child can never loosen them.
//
// Controls on an object of keys (a container) do not reach the settings nested under it (observed: `@@none` on
// a container left the nested values open). What they do bind is adding new keys to it: the backup and AI
// opt-out pages say a container's `@@none` stops children adding plans or services, and that allowing
// `@@append` there lets them add one
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html,
// examples 3 and 4). So a key that is not there yet can be added only where `@@append` is allowed.
//
// Merged nodes are never changed once built: a level copies only the nodes its policies touch and shares the
// rest, so the result at an OU can serve every account below it.

import equal from 'fast-deep-equal';
import { ALL_OPERATORS, APPEND, ASSIGN, REMOVE, type PolicyNode } from './policy-node.js';
import type { AssignConflict, PolicyRef } from './result.js';

export interface MergedNode {
  /** The setting's value; undefined while nothing set it (or everything that set it was forbidden). */
  readonly value: unknown;
  /** Written somewhere as an object of keys: renders as an object (possibly `{}`) when it has no value. */
  readonly container: boolean;
  readonly children: ReadonlyMap<string, MergedNode> | undefined;
  /** The operators levels below may still use here. */
  readonly allowed: number;
  /** Policies that added this node or whose operators took effect on it, root first. */
  readonly sources: readonly string[];
}

/** One policy of a level with its part of the document at the node being merged. */
export interface Peer {
  policy: PolicyRef;
  node: PolicyNode;
}

/**
 * Merges one level's policies (in attachment order) into what the levels above produced. Returns the new
 * document root, or the inherited one when the level has no policies. Conflicting peer assigns go to
 * `conflicts`.
 */
export function mergeLevel(
  inherited: MergedNode | undefined,
  peers: readonly Peer[],
  targetId: string,
  conflicts: AssignConflict[],
): MergedNode | undefined {
  if (peers.length === 0) return inherited;
  return mergeNode(inherited, true, peers, [], targetId, conflicts);
}

function mergeNode(
  prev: MergedNode | undefined,
  canAdd: boolean,
  peers: readonly Peer[],
  path: string[],
  targetId: string,
  conflicts: AssignConflict[],
): MergedNode | undefined {
  if (!prev && !canAdd) return undefined;
  const allowed = prev?.allowed ?? ALL_OPERATORS;
  let value = prev?.value;
  const touched: string[] = prev ? [] : peers.map((p) => p.policy.id);

  if (allowed & ASSIGN) {
    const assigners = peers.filter((p) => p.node.assign !== undefined);
    if (assigners.length > 0) {
      const winner = assigners[0];
      value = winner.node.assign!.value;
      touched.push(winner.policy.id);
      const others = assigners.slice(1).filter((p) => !equal(p.node.assign!.value, value));
      if (others.length > 0) conflicts.push({ targetId, path: path.join('.'), winner: winner.policy, others: others.map((p) => p.policy) });
    }
  }
  if (allowed & APPEND) {
    for (const p of peers) {
      if (!p.node.append) continue;
      if (value === undefined) value = [];
      // `@@append` works on lists only; on a single value AWS refuses the policy, so there is nothing to add to.
      if (!Array.isArray(value)) continue;
      value = appendUnique(value, p.node.append);
      touched.push(p.policy.id);
    }
  }
  if (allowed & REMOVE) {
    for (const p of peers) {
      const removals = p.node.remove;
      // Removing from a setting nothing set leaves it unset; removing every value leaves [] (both observed).
      if (!removals || !Array.isArray(value)) continue;
      value = value.filter((v) => !removals.some((r) => equal(r, v)));
      touched.push(p.policy.id);
    }
  }

  let nextAllowed = allowed;
  let container = prev?.container ?? false;
  let children = prev?.children;
  const keys: string[] = [];
  for (const p of peers) {
    if (p.node.controls !== undefined) nextAllowed &= p.node.controls;
    if (!p.node.children) continue;
    container = true;
    for (const key of p.node.children.keys()) if (!keys.includes(key)) keys.push(key);
  }
  if (keys.length > 0) {
    const merged = new Map(children);
    for (const key of keys) {
      const childPeers: Peer[] = [];
      for (const p of peers) {
        const child = p.node.children?.get(key);
        if (child) childPeers.push({ policy: p.policy, node: child });
      }
      path.push(key);
      const node = mergeNode(merged.get(key), (allowed & APPEND) !== 0, childPeers, path, targetId, conflicts);
      path.pop();
      if (node) merged.set(key, node);
    }
    children = merged;
  }

  return {
    value,
    container,
    children,
    allowed: nextAllowed,
    sources: touched.length === 0 ? (prev?.sources ?? []) : uniqueConcat(prev?.sources ?? [], touched),
  };
}

function appendUnique(list: unknown[], items: unknown[]): unknown[] {
  const out = [...list];
  for (const item of items) if (!out.some((v) => equal(v, item))) out.push(item);
  return out;
}

function uniqueConcat(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const id of b) if (!out.includes(id)) out.push(id);
  return out;
}

/**
 * The document AWS shows: operators gone, `@@assign` unwrapped. A setting nothing set is left out; an object of
 * keys stays even when empty (observed: an empty tag rule `{}` still appears).
 */
export function render(node: MergedNode | undefined): Record<string, unknown> {
  const out = node ? renderNode(node) : undefined;
  return out !== null && typeof out === 'object' && !Array.isArray(out) ? (out as Record<string, unknown>) : {};
}

function renderNode(node: MergedNode): unknown {
  if (node.value !== undefined) return structuredClone(node.value);
  if (!node.container) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, child] of node.children ?? []) {
    const value = renderNode(child);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The merged node at a path of keys, if any. */
export function nodeAt(root: MergedNode | undefined, path: readonly string[]): MergedNode | undefined {
  let node = root;
  for (const key of path) node = node?.children?.get(key);
  return node;
}

/** Every policy that added or set anything at or under a node, in the order they first appear, root first. */
export function sourcesUnder(node: MergedNode): string[] {
  const out: string[] = [];
  const visit = (n: MergedNode) => {
    for (const id of n.sources) if (!out.includes(id)) out.push(id);
    for (const child of n.children?.values() ?? []) visit(child);
  };
  visit(node);
  return out;
}
