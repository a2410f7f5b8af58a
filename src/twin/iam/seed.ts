// Seeding the accounts' IAM without going through the API: customer-managed policies, roles with their trust and
// their attached policies, and OrganizationAccountAccessRole in every member account as AWS creates it. Every write
// goes through the same checked writes as the API (writes.ts), so a seed cannot hold what IAM would refuse; only
// service-linked roles, which AWS alone creates, are allowed here and not through the API.

import { FixtureError } from '../fixture-error.js';
import { QueryError } from '../query/errors.js';
import type { Random } from '../random.js';
import type { OrgData } from '../state.js';
import { ACCESS_ROLE_NAME, newAccessRole } from './access-role.js';
import { awsManagedPolicyByName } from './managed-policies.js';
import { IAM_QUOTAS, policyIn } from './rules.js';
import { emptyNamespace, putRole, type IamAccount } from './state.js';
import { trustDocumentFor } from './trust.js';
import { addPolicy, addRole, attachPolicy } from './writes.js';

export interface FixtureRole {
  name: string;
  /** "/" by default; /aws-service-role/<service principal>/ makes a service-linked role. */
  path?: string;
  description?: string;
  /** Managed policies to attach: ARNs, or names of AWS-managed policies (ReadOnlyAccess…). */
  policies?: string[];
  /**
   * Principals the role trusts: account ids, ARNs of users and roles, or service principals. By default the
   * management account, or for a service-linked role its service.
   */
  trust?: string[];
}

export interface FixtureIamPolicy {
  /** The account's id, or its name. */
  account: string;
  name: string;
  path?: string;
  description?: string;
  /** A JSON document or its text; by default one that allows reading S3 objects. */
  document?: unknown;
}

/** What seeding needs to know of one account. */
export interface AccountIamSeed {
  id: string;
  roles?: FixtureRole[];
  /** false: the member account has no OrganizationAccountAccessRole (it was invited, or the role was deleted). */
  organizationAccountAccessRole?: boolean;
}

/** Seeded entities are dated like seeded accounts, so that a seed always builds the same state. */
const SEEDED = Date.UTC(2021, 0, 1);

const DEFAULT_DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

function asFixtureError<T>(what: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    if (err instanceof QueryError) throw new FixtureError(`${what}: ${err.code}: ${err.message}`);
    throw err;
  }
}

/**
 * Gives every account of `data` its IAM namespace: the policies of `policies`, then for each account of `accounts`
 * its roles, and OrganizationAccountAccessRole in every member account unless it says otherwise or defines a role
 * of that name itself.
 */
export function seedIam(data: OrgData, random: Random, accounts: AccountIamSeed[], policies: FixtureIamPolicy[] = []): void {
  for (const id of data.accounts.keys()) if (!data.iam.has(id)) data.iam.set(id, emptyNamespace());
  for (const p of policies) {
    if (!p?.name || p.account === undefined) throw new FixtureError('every IAM policy needs an account and a name');
    const accountId = accountNamed(data, p.account);
    const document = p.document === undefined ? DEFAULT_DOCUMENT : typeof p.document === 'string' ? p.document : JSON.stringify(p.document);
    asFixtureError(`IAM policy ${p.name} in ${accountId}`, () =>
      addPolicy(random, data.iam.get(accountId)!, accountId, { name: p.name, path: p.path, description: p.description, document, createDate: SEEDED }),
    );
  }
  const seeds = new Map(accounts.map((a) => [a.id, a]));
  for (const accountId of data.accounts.keys()) {
    const seed = seeds.get(accountId);
    const ns = data.iam.get(accountId)!;
    const definesAccessRole = seed?.roles?.some((r) => r?.name?.toLowerCase() === ACCESS_ROLE_NAME.toLowerCase());
    if (accountId !== data.organization.managementAccountId && seed?.organizationAccountAccessRole !== false && !definesAccessRole) {
      putRole(ns, newAccessRole(random, data, accountId, SEEDED));
    }
    for (const role of seed?.roles ?? []) seedRole(data, random, ns, accountId, role);
  }
}

function seedRole(data: OrgData, random: Random, ns: IamAccount, accountId: string, spec: FixtureRole): void {
  const what = `role ${spec.name} in ${accountId}`;
  if (!spec?.name) throw new FixtureError(`${accountId}: every role needs a name`);
  const service = /^\/aws-service-role\/([^/]+)\//.exec(spec.path ?? '')?.[1];
  const trust = spec.trust ?? [service ?? data.organization.managementAccountId];
  const role = asFixtureError(what, () =>
    addRole(random, ns, accountId, { name: spec.name, path: spec.path, description: spec.description, assumeRolePolicyDocument: trustDocumentFor(trust), createDate: SEEDED }),
  );
  for (const name of spec.policies ?? []) {
    const arn = name.startsWith('arn:') ? name : awsManagedPolicyByName(name)?.arn;
    if (!arn) throw new FixtureError(`${what}: unknown AWS-managed policy ${name} (name customer-managed policies by ARN)`);
    asFixtureError(what, () => attachPolicy(role, policyIn(ns, accountId, arn), IAM_QUOTAS.policiesPerRole));
  }
}

function accountNamed(data: OrgData, account: string): string {
  if (data.accounts.has(String(account))) return String(account);
  const named = [...data.accounts.values()].filter((a) => a.name === account);
  if (named.length !== 1) throw new FixtureError(`IAM policy for account ${account}: ${named.length ? 'more than one account has that name' : 'no such account'}`);
  return named[0].id;
}
