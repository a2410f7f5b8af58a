// org.yaml's `iamRoles`: which accounts, which roles, and the exact managed policies of each, checked offline.
// What needs the organization (names, OUs, an account selected twice by way of an OU) is checked at plan time.

import { ACCOUNT_ID, OU_ID } from '../aws/ids.js';
import {
  ARN_VARIABLE,
  ARN_VARIABLES,
  DEFAULT_MEMBER_ROLE,
  IAM_ROLE_QUOTA,
  PARTITION,
  isServiceRolePolicyArn,
  parseManagedPolicyArn,
  substituteArn,
} from '../aws/iam.js';
import type { AccountSelector, IamRoleEntry, IamRoleSpec, OuSelector, Selected } from './config.js';
import type { Locator, Path } from './locator.js';
import type { Problem } from './problems.js';

export interface RawIamRoleEntry {
  accounts?: 'all' | string[];
  ous?: string[];
  exceptAccounts?: string[];
  memberRole?: string;
  ifRoleMissing?: 'error' | 'skip';
  roles: Record<string, string[]>;
}

/** The entries of `iamRoles`, each checked; problems are added to `problems`. */
export function iamRoleEntries(raw: RawIamRoleEntry[] | undefined, maxAttachments: number, locator: Locator, problems: Problem[]): IamRoleEntry[] {
  const entries = (raw ?? []).map((spec, i) => iamRoleEntry(spec, ['iamRoles', i], maxAttachments, locator, problems));
  problems.push(...accountsSelectedTwice(entries));
  return entries;
}

function iamRoleEntry(spec: RawIamRoleEntry, at: Path, maxAttachments: number, locator: Locator, problems: Problem[]): IamRoleEntry {
  const source = locator.value(at);
  if (spec.accounts === undefined && spec.ous === undefined) {
    problems.push({ location: source, message: 'this iamRoles entry selects no account: give accounts (all, or a list) or ous' });
  }
  const accounts = spec.accounts === 'all' ? 'all' : accountRefs(spec.accounts ?? [], [...at, 'accounts'], locator, problems);
  const ous = (spec.ous ?? []).flatMap((key, i): Selected<OuSelector>[] => {
    const location = locator.value([...at, 'ous', i]);
    if (OU_ID.test(key)) return [{ key, selector: { kind: 'ouId', id: key }, source: location }];
    const path = key.split('/').slice(1);
    if (path.some((segment) => segment.length === 0)) {
      problems.push({ location, message: `OU path ${key} has an empty segment (write /Parent/Child)` });
      return [];
    }
    return [{ key, selector: { kind: 'ouPath', path }, source: location }];
  });
  const roles = Object.entries(spec.roles ?? {}).map(([name, arns]): IamRoleSpec => {
    const roleSource = locator.key([...at, 'roles'], name);
    arns.forEach((arn, j) => {
      const problem = policyArnProblem(arn);
      if (problem) problems.push({ location: locator.value([...at, 'roles', name, j]), message: problem });
    });
    if (arns.length > maxAttachments) {
      problems.push({
        location: roleSource,
        message:
          `${name} lists ${arns.length} managed policies; at most ${maxAttachments} may be attached to one role` +
          (maxAttachments < IAM_ROLE_QUOTA.highestMaxAttachments ? ' (raise limits.IAM_ROLE.maxAttachments once AWS has raised the quota)' : ''),
      });
    }
    return { name, policyArns: arns, source: roleSource };
  });
  return {
    accounts,
    ous,
    exceptAccounts: accountRefs(spec.exceptAccounts ?? [], [...at, 'exceptAccounts'], locator, problems),
    memberRole: spec.memberRole ?? DEFAULT_MEMBER_ROLE,
    ifRoleMissing: spec.ifRoleMissing ?? 'error',
    roles,
    source,
  };
}

function accountRefs(keys: string[], at: Path, locator: Locator, problems: Problem[]): Selected<AccountSelector>[] {
  return keys.flatMap((key, i): Selected<AccountSelector>[] => {
    const source = locator.value([...at, i]);
    if (ACCOUNT_ID.test(key)) return [{ key, selector: { kind: 'accountId', id: key }, source }];
    if (/^\d+$/.test(key)) {
      problems.push({ location: source, message: `account id ${key} is not 12 digits` });
      return [];
    }
    return [{ key, selector: { kind: 'accountName', name: key }, source }];
  });
}

/** The managed policy ARNs `role` lists, for one account: ${Partition} and ${AccountId} substituted. */
export function policyArnsFor(role: IamRoleSpec, accountId: string): string[] {
  return role.policyArns.map((arn) => substituteArn(arn, { Partition: PARTITION, AccountId: accountId }));
}

/** Why `arn` cannot name a managed policy for every selected account; undefined when it can. */
export function policyArnProblem(arn: string): string | undefined {
  for (const [, name] of arn.matchAll(ARN_VARIABLE)) {
    if (!(ARN_VARIABLES as readonly string[]).includes(name)) {
      return `\${${name}} is not a variable reconcile knows in a policy ARN; use ${ARN_VARIABLES.map((v) => `\${${v}}`).join(' or ')}`;
    }
  }
  // Placeholder values of the right shape: what remains must be a managed policy ARN in every account.
  const parsed = parseManagedPolicyArn(substituteArn(arn, { Partition: 'aws', AccountId: '123456789012' }));
  if (!parsed) {
    return `${JSON.stringify(arn)} is not a managed policy ARN (like arn:aws:iam::aws:policy/ReadOnlyAccess or arn:\${Partition}:iam::\${AccountId}:policy/Name)`;
  }
  if (isServiceRolePolicyArn(parsed)) {
    return `${arn} is for service-linked roles only: IAM refuses to attach it to any other role (PolicyNotAttachable)`;
  }
  return undefined;
}

/**
 * An account selected by two entries for the same role, where that is certain offline: by id in both, or by id in
 * one and `accounts: all` (without exceptions by name) in the other. Names and OUs are checked at plan time.
 */
function accountsSelectedTwice(entries: IamRoleEntry[]): Problem[] {
  const problems: Problem[] = [];
  const roleNames = new Set(entries.flatMap((e) => e.roles.map((r) => r.name)));
  for (const role of roleNames) {
    const withRole = entries.filter((e) => e.roles.some((r) => r.name === role));
    const firstById = new Map<string, Selected<AccountSelector>>();
    let firstAll: IamRoleEntry | undefined;
    for (const entry of withRole) {
      if (entry.accounts === 'all') {
        if (firstAll) problems.push({ location: entry.source, message: `every account is already selected for ${role} by the entry at line ${firstAll.source.line}` });
        firstAll ??= entry;
        continue;
      }
      for (const account of entry.accounts) {
        if (account.selector.kind !== 'accountId') continue;
        const first = firstById.get(account.selector.id);
        if (first) {
          problems.push({ location: account.source, message: `${account.key} is already selected for ${role} at line ${first.source.line}; an account's role has one list of policies` });
        } else firstById.set(account.selector.id, account);
      }
    }
    if (!firstAll || firstAll.exceptAccounts.some((e) => e.selector.kind === 'accountName')) continue;
    const excepted = new Set(firstAll.exceptAccounts.map((e) => (e.selector.kind === 'accountId' ? e.selector.id : '')));
    for (const account of firstById.values()) {
      if (account.selector.kind !== 'accountId' || excepted.has(account.selector.id)) continue;
      problems.push({ location: account.source, message: `${account.key} is already selected for ${role} by accounts: all at line ${firstAll.source.line}; add it to that entry's exceptAccounts or remove it here` });
    }
  }
  return problems;
}
