// The reads of one event's handling, each made once: working out what the event concerns (facts.ts) and reading
// the organization for the plan (the reader) ask for some of the same things (the root, the policy lists, a
// target's name), within moments of each other. The organization's id and management account never change, so
// they are read once per process.

import type { PolicyType } from '../aws/policy-types.js';
import type { OrgAccount, OrgOu, OrgPolicy } from '../model/org-state.js';
import type { OrgSource, PolicyTarget, RootInfo } from '../read/source.js';

export class CachingSource implements OrgSource {
  private rootInfo: Promise<RootInfo> | undefined;
  private readonly policyLists = new Map<PolicyType, Promise<OrgPolicy[]>>();
  private readonly names = new Map<string, Promise<string | undefined>>();
  private readonly parents = new Map<string, Promise<string>>();

  constructor(
    private readonly source: OrgSource,
    private readonly organizationOnce: () => Promise<{ id: string; managementAccountId: string }>,
  ) {}

  get calls(): Record<string, number> {
    return this.source.calls;
  }

  get retrying(): string | undefined {
    return this.source.retrying;
  }

  organization() {
    return this.organizationOnce();
  }

  root(): Promise<RootInfo> {
    this.rootInfo ??= this.source.root();
    return this.rootInfo;
  }

  policies(type: PolicyType): Promise<OrgPolicy[]> {
    let list = this.policyLists.get(type);
    if (!list) {
      list = this.source.policies(type);
      this.policyLists.set(type, list);
    }
    // The reader keeps and fills in what it is given (content): each caller gets its own objects.
    return list.then((policies) => policies.map((p) => ({ ...p })));
  }

  policyContent(policyId: string): Promise<string> {
    return this.source.policyContent(policyId);
  }

  policyTargetsPage(policyId: string, next?: string): Promise<{ targets: PolicyTarget[]; next?: string }> {
    return this.source.policyTargetsPage(policyId, next);
  }

  targetPolicies(targetId: string, type: PolicyType): Promise<string[] | undefined> {
    return this.source.targetPolicies(targetId, type);
  }

  childOus(parentId: string): Promise<OrgOu[]> {
    return this.source.childOus(parentId);
  }

  childAccounts(parentId: string): Promise<OrgAccount[]> {
    return this.source.childAccounts(parentId);
  }

  parentOf(childId: string): Promise<string> {
    let parent = this.parents.get(childId);
    if (!parent) {
      parent = this.source.parentOf(childId);
      this.parents.set(childId, parent);
    }
    return parent;
  }

  accounts(): Promise<OrgAccount[]> {
    return this.source.accounts();
  }

  targetName(id: string, type: 'ACCOUNT' | 'ORGANIZATIONAL_UNIT'): Promise<string | undefined> {
    let name = this.names.get(id);
    if (!name) {
      name = this.source.targetName(id, type);
      this.names.set(id, name);
    }
    return name;
  }
}
