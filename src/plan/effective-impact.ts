// What a plan means for the accounts: the effective management policy of each account its changes reach, before
// and after, grouped by identical change, so that a reviewer reads "14 accounts under /Workloads: tag_value of
// costcenter gains Sandbox" instead of an attachment and a guess. Pure: it reads only the models it is given.

import stringify from 'safe-stable-stringify';
import { isAuthorizationType, type PolicyType } from '../aws/policy-types.js';
import { effectivePolicies } from '../effective/engine.js';
import { nameOf, ouPath, targetTypeOf, type OrgState, type TargetRef } from '../model/org-state.js';
import type { EffectiveScope } from '../read/effective-scope.js';
import type { DocumentChange, EffectiveChange, Plan, PlanWarning } from './plan.js';

/** Which accounts each management type's changes reach, as scopes for the reader. */
export function effectiveReach(plan: Plan, state: OrgState): EffectiveScope[] {
  const scopes = new Map<PolicyType, EffectiveScope>();
  const scopeOf = (type: PolicyType) => {
    if (!scopes.has(type)) scopes.set(type, { type, subtrees: [], accounts: [], policies: [] });
    return scopes.get(type)!;
  };
  for (const step of plan.steps) {
    if ((step.action === 'attach' || step.action === 'detach') && !isAuthorizationType(step.policy.type)) {
      const scope = scopeOf(step.policy.type);
      (step.target.type === 'ACCOUNT' ? scope.accounts : scope.subtrees).push(step.target.id);
    }
    if (step.action === 'update-policy' && step.content && !isAuthorizationType(step.policy.type) && state.policies.has(step.policy.key)) {
      scopeOf(step.policy.type).policies.push(step.policy.key);
    }
  }
  return [...scopes.values()];
}

/** The changes of the accounts' effective policies of `type` from `before` to `after`, grouped. */
export function effectiveImpact(before: OrgState, after: OrgState, type: PolicyType, accounts: string[]): EffectiveChange[] {
  const was = effectivePolicies(before, accounts, type);
  const will = effectivePolicies(after, accounts, type);
  const groups = new Map<string, { ids: string[]; change: Omit<EffectiveChange, 'accounts' | 'under'> }>();
  for (const id of accounts) {
    const from = was.get(id)!;
    const to = will.get(id)!;
    const changes = documentChanges(from.document ?? {}, to.document ?? {});
    if (changes.length === 0 && to.validationErrors.length === 0 && (from.document === null) === (to.document === null)) continue;
    const key = stringify([from.document, to.document, to.validationErrors.map((e) => [e.errorCode, e.pathToError]), to.conflicts.map((c) => [c.targetId, c.path])]);
    const group = groups.get(key);
    if (group) group.ids.push(id);
    else groups.set(key, { ids: [id], change: { policyType: type, before: from.document, after: to.document, changes, validationErrors: to.validationErrors, conflicts: to.conflicts } });
  }
  return [...groups.values()]
    .map(({ ids, change }) => ({
      ...change,
      // By name, whatever order the tree was read in: the same organization always gives the same plan.
      accounts: ids.map((id) => targetOf(after, id)).sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id)),
      under: targetOf(after, commonAncestor(after, ids)),
    }))
    .sort((a, b) => b.accounts.length - a.accounts.length || a.under.label.localeCompare(b.under.label));
}

function targetOf(state: OrgState, id: string): TargetRef {
  const type = targetTypeOf(state, id) ?? 'ACCOUNT';
  const label = (type === 'ORGANIZATIONAL_UNIT' ? ouPath(state, id) : undefined) ?? nameOf(state, id) ?? id;
  return { id, type, label };
}

/** The deepest node whose subtree holds every one of the accounts. */
function commonAncestor(state: OrgState, accounts: string[]): string {
  const pathOf = (id: string) => {
    const path: string[] = [];
    for (let node: string | undefined = id; node !== undefined; node = state.accounts.get(node)?.parentId ?? state.ous.get(node)?.parentId) path.unshift(node);
    return path;
  };
  const paths = accounts.map(pathOf);
  let common = paths[0];
  for (const path of paths.slice(1)) common = common.filter((node, i) => path[i] === node);
  // One account is its own place; several meet at an OU or the root.
  return accounts.length === 1 ? accounts[0] : (common.at(-1) ?? state.root.id);
}

/** What differs between two documents, key by key; lists change by the values they gain and lose. */
export function documentChanges(before: unknown, after: unknown, path: string[] = []): DocumentChange[] {
  const at = path.join('.');
  if (isObject(before) && isObject(after)) {
    const out: DocumentChange[] = [];
    // A container that appears or goes is told by its leaves: "tag_value gains …", not one line of JSON.
    const empty = (value: unknown) => (isObject(value) ? {} : Array.isArray(value) ? [] : undefined);
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const from = key in before ? before[key] : empty(after[key]);
      const to = key in after ? after[key] : empty(before[key]);
      if (from === undefined) out.push({ path: [...path, key].join('.'), change: 'added', value: to });
      else if (to === undefined) out.push({ path: [...path, key].join('.'), change: 'removed', value: from });
      else out.push(...documentChanges(from, to, [...path, key]));
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const has = (list: unknown[], value: unknown) => list.some((v) => stringify(v) === stringify(value));
    const gains = after.filter((v) => !has(before, v));
    const loses = before.filter((v) => !has(after, v));
    return [...(gains.length ? [{ path: at, change: 'gains' as const, values: gains }] : []), ...(loses.length ? [{ path: at, change: 'loses' as const, values: loses }] : [])];
  }
  return stringify(before) === stringify(after) ? [] : [{ path: at, change: 'changed', from: before, to: after }];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The warnings a reviewer needs from the effective changes: predicted invalid documents, order-dependent assigns. */
export function effectiveWarnings(changes: EffectiveChange[], state: OrgState): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const seen = new Set<string>();
  for (const change of changes) {
    for (const error of change.validationErrors) {
      warnings.push({ code: 'effective-invalid', policyType: change.policyType, targets: change.accounts, errorCode: error.errorCode, error: error.errorMessage, path: error.pathToError });
    }
    for (const conflict of change.conflicts) {
      const key = `${change.policyType}\0${conflict.targetId}\0${conflict.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      warnings.push({
        code: 'assign-order-conflict',
        policyType: change.policyType,
        target: targetOf(state, conflict.targetId),
        path: conflict.path,
        policy: conflict.winner.name,
        others: conflict.others.map((p) => p.name),
      });
    }
  }
  return warnings;
}
