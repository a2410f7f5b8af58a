// Reading the IAM roles org.yaml names (iamRoles) into the model, with the fewest calls: the accounts each entry
// selects come from the tree (ListAccounts for `all` and names, the OUs' children for `ous`); then, per account,
// one ListAttachedRolePolicies per role (IAM reports a missing role there as NoSuchEntity). Only for a role whose
// policies differ from org.yaml's, GetRole reads its path (a service-linked role cannot be changed) and GetPolicy
// whether each customer-managed policy to attach exists: an organization already in line costs one call per role.

import type { AccountSelector, IamRoleEntry, Selected } from '../desired/config.js';
import { policyArnsFor } from '../desired/iam-roles.js';
import { ConfigError, type Problem } from '../desired/problems.js';
import type { AccountIam, IamState, OrgState } from '../model/org-state.js';
import { DEFAULT_MEMBER_ROLE, parseManagedPolicyArn } from '../aws/iam.js';
import { AccountUnreachable, type AccountAccess, type IamSource } from './iam-source.js';
import { mapBounded } from './parallel.js';
import { resolveEntry } from './resolve.js';
import type { LazyTree } from './tree.js';

export interface IamReadOptions {
  /** Accounts read at once. */
  parallelAccounts: number;
}

/** Sensible on a 2-vCPU runner: IAM's per-account rates, not the CPU, bound a read. */
export const DEFAULT_PARALLEL_ACCOUNTS = 4;

/** How the reader reaches `accountId`: the caller's own credentials in the management account. */
export function accessFor(state: OrgState, accountId: string, entry: IamRoleEntry): AccountAccess {
  return accountId === state.organization.managementAccountId ? { accountId } : { accountId, memberRole: entry.memberRole };
}

/** Reads the roles `entries` (org.yaml's iamRoles) name into `state.iam`; throws ConfigError for selections that do not resolve. */
export async function readIam(source: IamSource, tree: LazyTree, state: OrgState, entries: IamRoleEntry[], options: IamReadOptions): Promise<IamState> {
  const selected = await selectRoles(entries, tree);
  const iam: IamState = { selected, accounts: new Map(), unreachable: new Map() };
  state.iam = iam;
  await mapBounded([...selected], options.parallelAccounts, async ([accountId, roles]) => {
    const account: AccountIam = { roles: new Map(), policies: new Map() };
    try {
      for (const [roleName, index] of roles) {
        const entry = entries[index];
        await readRole(source, accessFor(state, accountId, entry), account, roleName, policyArnsFor(entry.roles.find((r) => r.name === roleName)!, accountId));
      }
      iam.accounts.set(accountId, account);
    } catch (err) {
      if (!(err instanceof AccountUnreachable)) throw err;
      iam.unreachable.set(accountId, { roleArn: err.roleArn, error: err.error });
    }
  });
  return iam;
}

/** Where nothing in org.yaml is: an entry built by reconcile itself, not read from a file. */
const NOWHERE = { file: '(reconcile)', line: 1, column: 1 };

/** The roles `names` in every account (import --iam-roles, snapshot --iam-roles): missing ones as missing. */
export function readRolesInEveryAccount(source: IamSource, tree: LazyTree, state: OrgState, names: string[], options: IamReadOptions): Promise<IamState> {
  const everyAccount: IamRoleEntry = {
    accounts: 'all',
    ous: [],
    exceptAccounts: [],
    memberRole: DEFAULT_MEMBER_ROLE,
    ifRoleMissing: 'skip',
    roles: names.map((name) => ({ name, policyArns: [], source: NOWHERE })),
    source: NOWHERE,
  };
  return readIam(source, tree, state, [everyAccount], options);
}

async function readRole(source: IamSource, access: AccountAccess, account: AccountIam, roleName: string, desired: string[]): Promise<void> {
  const attached = await source.attachedPolicies(access, roleName);
  if (!attached) {
    account.roles.set(roleName, { exists: false });
    return;
  }
  const toAttach = desired.filter((arn) => !attached.includes(arn));
  if (toAttach.length === 0 && attached.length === desired.length) {
    account.roles.set(roleName, { exists: true, attachedPolicyArns: attached });
    return;
  }
  const role = await source.role(access, roleName);
  // Deleted between the two calls: as missing as if the first had said so.
  if (!role) {
    account.roles.set(roleName, { exists: false });
    return;
  }
  account.roles.set(roleName, { exists: true, path: role.path, attachedPolicyArns: attached });
  for (const arn of toAttach) {
    if (parseManagedPolicyArn(arn)?.account === 'aws' || account.policies.has(arn)) continue;
    account.policies.set(arn, await source.policyExists(access, arn));
  }
}

/**
 * Each selected account's roles, with the entry that decides each. An account selected by two entries for the
 * same role is an error at the line of the second selection.
 */
async function selectRoles(entries: IamRoleEntry[], tree: LazyTree): Promise<Map<string, Map<string, number>>> {
  const problems: Problem[] = [];
  const selected = new Map<string, Map<string, number>>();
  const selectedAt = new Map<string, Problem['location']>();
  const resolveAccount = async (ref: Selected<AccountSelector>): Promise<string | undefined> => {
    const resolution = await resolveEntry({ key: ref.key, selector: ref.selector, policies: [], source: ref.source }, tree);
    if (!resolution.ok) problems.push(resolution.problem);
    return resolution.ok ? resolution.target.id : undefined;
  };
  for (const [index, entry] of entries.entries()) {
    const chosen = new Map<string, Problem['location']>();
    if (entry.accounts === 'all') for (const a of await tree.accounts()) chosen.set(a.id, entry.source);
    else {
      for (const ref of entry.accounts) {
        const id = await resolveAccount(ref);
        if (id) chosen.set(id, ref.source);
      }
    }
    for (const ou of entry.ous) {
      const resolution = await resolveEntry({ key: ou.key, selector: ou.selector, policies: [], source: ou.source }, tree);
      if (!resolution.ok) {
        problems.push(resolution.problem);
        continue;
      }
      for (const a of await tree.accountsBelow(resolution.target.id)) if (!chosen.has(a.id)) chosen.set(a.id, ou.source);
    }
    for (const ref of entry.exceptAccounts) {
      const id = await resolveAccount(ref);
      if (id) chosen.delete(id);
    }
    for (const [accountId, location] of chosen) {
      const roles = selected.get(accountId) ?? new Map<string, number>();
      selected.set(accountId, roles);
      for (const role of entry.roles) {
        const first = roles.get(role.name);
        if (first !== undefined) {
          const firstAt = selectedAt.get(`${accountId}\0${role.name}`)!;
          problems.push({ location, message: `account ${accountId} is selected for ${role.name} here and at line ${firstAt.line}; an account's role has one list of policies` });
          continue;
        }
        roles.set(role.name, index);
        selectedAt.set(`${accountId}\0${role.name}`, location);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return selected;
}
