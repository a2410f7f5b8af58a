// Which root, OU or account each org.yaml entry names: a function of the entry and a tree lookup, so the same
// rules hold whether the tree comes from the live API or from a model already in memory.

import type { TargetEntry } from '../desired/config.js';
import type { Problem } from '../desired/problems.js';
import type { TargetRef } from '../model/org-state.js';
import type { TreeLookup } from './tree.js';

export type Resolution =
  /** `confirmed`: a read showed the target exists; entries by id are not confirmed until one does. */
  | { ok: true; target: TargetRef; confirmed: boolean }
  | { ok: false; problem: Problem };

export async function resolveEntry(entry: TargetEntry, tree: TreeLookup): Promise<Resolution> {
  const selector = entry.selector;
  const fail = (message: string): Resolution => ({ ok: false, problem: { location: entry.source, message } });
  switch (selector.kind) {
    case 'root':
      return { ok: true, target: { id: tree.rootId, type: 'ROOT', label: 'Root' }, confirmed: true };
    case 'ouId':
      return { ok: true, target: { id: selector.id, type: 'ORGANIZATIONAL_UNIT', label: selector.id }, confirmed: false };
    case 'accountId':
      return { ok: true, target: { id: selector.id, type: 'ACCOUNT', label: selector.id }, confirmed: false };
    case 'ouPath': {
      let parentId = tree.rootId;
      for (let depth = 0; depth < selector.path.length; depth++) {
        const children = await tree.children(parentId);
        const child = children.find((ou) => ou.name === selector.path[depth]);
        if (!child) {
          const at = '/' + selector.path.slice(0, depth).join('/');
          const known = children.map((ou) => ou.name).join(', ') || 'none';
          return fail(`no OU named ${selector.path[depth]} under ${depth === 0 ? 'the root' : at} (its OUs: ${known})`);
        }
        parentId = child.id;
      }
      return { ok: true, target: { id: parentId, type: 'ORGANIZATIONAL_UNIT', label: entry.key }, confirmed: true };
    }
    case 'accountName': {
      const matches = (await tree.accounts()).filter((a) => a.name === selector.name);
      if (matches.length === 0) return fail(`no account named ${selector.name} in the organization`);
      if (matches.length > 1) {
        return fail(`account name ${selector.name} is not unique (${matches.map((a) => a.id).join(', ')}): list the account by id`);
      }
      return { ok: true, target: { id: matches[0].id, type: 'ACCOUNT', label: selector.name }, confirmed: true };
    }
  }
}

/** The problem for an entry by id that names nothing in the organization. */
export function notFoundProblem(entry: TargetEntry): Problem {
  const what = entry.selector.kind === 'accountId' ? 'account' : 'OU';
  return { location: entry.source, message: `no ${what} ${entry.key} in the organization` };
}
