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
  private readonly accountLists = new Map<string, Promise<OrgAccount[]>>();

  constructor(
    private readonly source: OrgSource,
    readonly rootId: string,
    /** The model being read: OUs and account names seen are recorded in it. */
    private readonly into: OrgState,
  ) {}

  children(parentId: string): Promise<OrgOu[]> {
    return readOnce(this.childLists, parentId, () => this.source.childOus(parentId), this.into.ous);
  }

  accounts(): Promise<OrgAccount[]> {
    this.accountList ??= this.source.accounts().then((accounts) => {
      for (const a of accounts) this.into.accounts.set(a.id, { ...this.into.accounts.get(a.id), ...a });
      return accounts;
    });
    return this.accountList;
  }

  /** The accounts directly under a root or OU. */
  accountsIn(parentId: string): Promise<OrgAccount[]> {
    return readOnce(this.accountLists, parentId, () => this.source.childAccounts(parentId), this.into.accounts);
  }

  /** Every account below a root or OU, at any depth. */
  async accountsBelow(parentId: string): Promise<OrgAccount[]> {
    const [accounts, ous] = await Promise.all([this.accountsIn(parentId), this.children(parentId)]);
    const deeper = await Promise.all(ous.map((ou) => this.accountsBelow(ou.id)));
    return [...accounts, ...deeper.flat()];
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

/** The children of `parentId`, read once (`lists` remembers the read) and recorded in the model (`into`). */
function readOnce<T extends { id: string }>(lists: Map<string, Promise<T[]>>, parentId: string, read: () => Promise<T[]>, into: Map<string, T>): Promise<T[]> {
  let list = lists.get(parentId);
  if (!list) {
    list = read().then((children) => {
      for (const child of children) into.set(child.id, { ...into.get(child.id), ...child });
      return children;
    });
    lists.set(parentId, list);
  }
  return list;
}
