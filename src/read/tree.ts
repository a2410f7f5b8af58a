// The OU tree and the accounts, read lazily: each parent's child OUs, each child's parent and the account list are
// asked for once, and only when a path or a name that org.yaml uses (or that import writes) needs them. What it
// learns goes into the model being read, so the model shows the part of the tree the read saw.

import type { OrgAccount, OrgOu, OrgState } from '../model/org-state.js';
import type { OrgSource } from './source.js';

/** What target resolution needs to know about the tree. */
export interface TreeLookup {
  readonly rootId: string;
  /** The OUs directly under a root or OU. */
  children(parentId: string): Promise<OrgOu[]>;
  /** Every account, with its name. */
  accounts(): Promise<OrgAccount[]>;
}

export class LazyTree implements TreeLookup {
  private readonly childLists = new Map<string, Promise<OrgOu[]>>();
  private readonly parents = new Map<string, Promise<string>>();
  private accountList: Promise<OrgAccount[]> | undefined;

  constructor(
    private readonly source: OrgSource,
    readonly rootId: string,
    /** The model being read: OUs and account names seen are recorded in it. */
    private readonly into: OrgState,
  ) {}

  children(parentId: string): Promise<OrgOu[]> {
    let list = this.childLists.get(parentId);
    if (!list) {
      list = this.source.childOus(parentId).then((ous) => {
        for (const ou of ous) this.into.ous.set(ou.id, { ...this.into.ous.get(ou.id), ...ou });
        return ous;
      });
      this.childLists.set(parentId, list);
    }
    return list;
  }

  accounts(): Promise<OrgAccount[]> {
    this.accountList ??= this.source.accounts().then((accounts) => {
      for (const a of accounts) this.into.accounts.set(a.id, { ...this.into.accounts.get(a.id), ...a });
      return accounts;
    });
    return this.accountList;
  }

  private parentOf(id: string): Promise<string> {
    let parent = this.parents.get(id);
    if (!parent) {
      parent = this.source.parentOf(id);
      this.parents.set(id, parent);
    }
    return parent;
  }

  /** The path of names from the root, or undefined when a name on it has a "/" (the path would be ambiguous). */
  async path(ouId: string): Promise<string | undefined> {
    const names: string[] = [];
    for (let id = ouId; id !== this.rootId; ) {
      const parentId = await this.parentOf(id);
      const name = (await this.children(parentId)).find((ou) => ou.id === id)?.name;
      if (!name || name.includes('/')) return undefined;
      names.unshift(name);
      id = parentId;
    }
    return '/' + names.join('/');
  }
}
