// The reader's source for an organization already in memory (a snapshot): answers every read from a complete
// OrgState, with no network and no rate limit, so an offline plan costs milliseconds and is the very plan the
// reader makes against the live organization.

import { MAX_RESULTS } from '../aws/pagination.js';
import type { PolicyType } from '../aws/policy-types.js';
import { nameOf, targetTypeOf, type OrgAccount, type OrgOu, type OrgPolicy, type OrgState } from '../model/org-state.js';
import type { OrgSource, PolicyTarget, RootInfo } from './source.js';

export class StateSource implements OrgSource {
  /** No call leaves the process. */
  readonly calls: Record<string, number> = {};

  constructor(private readonly state: OrgState) {
    if (!state.coverage.tree) throw new Error('internal: a state source needs a complete organization');
  }

  async organization() {
    return { ...this.state.organization };
  }

  async root(): Promise<RootInfo> {
    return { ...this.state.root, policyTypes: new Map(this.state.policyTypes) };
  }

  async policies(type: PolicyType): Promise<OrgPolicy[]> {
    return [...this.state.policies.values()].filter((p) => p.type === type).map(({ content: _content, ...summary }) => summary);
  }

  async policyContent(policyId: string): Promise<string> {
    return this.state.policies.get(policyId)?.content ?? '';
  }

  async policyTargetsPage(policyId: string, next?: string) {
    const all = this.state.policyTargets.get(policyId) ?? [];
    const offset = next === undefined ? 0 : Number(next);
    const targets: PolicyTarget[] = all
      .slice(offset, offset + MAX_RESULTS)
      .map((id) => ({ id, type: targetTypeOf(this.state, id)!, name: nameOf(this.state, id) ?? id }));
    return { targets, next: offset + MAX_RESULTS < all.length ? String(offset + MAX_RESULTS) : undefined };
  }

  async targetPolicies(targetId: string, type: PolicyType): Promise<string[] | undefined> {
    if (!targetTypeOf(this.state, targetId)) return undefined;
    return [...(this.state.attachments.get(targetId)?.get(type) ?? [])];
  }

  async childOus(parentId: string): Promise<OrgOu[]> {
    return [...this.state.ous.values()].filter((ou) => ou.parentId === parentId).map((ou) => ({ ...ou }));
  }

  async childAccounts(parentId: string): Promise<OrgAccount[]> {
    return [...this.state.accounts.values()].filter((a) => a.parentId === parentId).map((a) => ({ ...a }));
  }

  async parentOf(childId: string): Promise<string> {
    return (this.state.ous.get(childId) ?? this.state.accounts.get(childId))!.parentId!;
  }

  async accounts(): Promise<OrgAccount[]> {
    return [...this.state.accounts.values()].map((a) => ({ id: a.id, name: a.name ?? '' }));
  }

  async targetName(id: string): Promise<string | undefined> {
    return nameOf(this.state, id);
  }
}
