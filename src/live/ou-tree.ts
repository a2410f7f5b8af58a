// The OU tree, read lazily: each parent's children and each OU's parent are asked for once, and only when a
// path that org.yaml uses (or that import writes) goes through them.

import {
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  type OrganizationalUnit,
  type Parent,
} from '@aws-sdk/client-organizations';
import type { OrganizationsApi } from './api.js';

const PAGE = 20;

export class OuTree {
  private readonly childLists = new Map<string, Promise<OrganizationalUnit[]>>();
  private readonly parents = new Map<string, Promise<Parent>>();

  constructor(
    private readonly api: OrganizationsApi,
    private readonly rootId: string,
  ) {}

  children(parentId: string): Promise<OrganizationalUnit[]> {
    let list = this.childLists.get(parentId);
    if (!list) {
      list = this.api.listAll<OrganizationalUnit>(
        (NextToken) => new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, MaxResults: PAGE, NextToken }),
        'OrganizationalUnits',
      );
      this.childLists.set(parentId, list);
    }
    return list;
  }

  private parentOf(id: string): Promise<Parent> {
    let parent = this.parents.get(id);
    if (!parent) {
      parent = this.api
        .listAll<Parent>((NextToken) => new ListParentsCommand({ ChildId: id, MaxResults: PAGE, NextToken }), 'Parents')
        .then((list) => list[0]);
      this.parents.set(id, parent);
    }
    return parent;
  }

  /** The path of names from the root, or undefined when a name on it has a "/" (the path would be ambiguous). */
  async path(ouId: string): Promise<string | undefined> {
    const names: string[] = [];
    for (let id = ouId; id !== this.rootId; ) {
      const parent = await this.parentOf(id);
      const name = (await this.children(parent.Id!)).find((ou) => ou.Id === id)?.Name;
      if (!name || name.includes('/')) return undefined;
      names.unshift(name);
      id = parent.Id!;
    }
    return '/' + names.join('/');
  }
}
