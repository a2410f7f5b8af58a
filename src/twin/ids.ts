// Ids and ARNs for resources the twin creates. Every ARN format lives here, so the API, seeding and the state
// cannot disagree on them. New ids come from the twin's seeded random source, so a seed reproduces them.

import type { PolicyType } from '../aws/policy-types.js';
import { randomString, type Random } from './random.js';
import type { OrgData, Organization } from './state.js';

// ---- ARNs ------------------------------------------------------------------------------------------------------

/** What an organization's ARNs are built from. */
export type ArnScope = Pick<Organization, 'id' | 'managementAccountId'>;

// AWS scopes an organization's ARNs to its management account.
const prefix = (org: ArnScope) => `arn:aws:organizations::${org.managementAccountId}`;

export const organizationArn = (org: ArnScope) => `${prefix(org)}:organization/${org.id}`;
export const rootArn = (org: ArnScope, rootId: string) => `${prefix(org)}:root/${org.id}/${rootId}`;
export const ouArn = (org: ArnScope, ouId: string) => `${prefix(org)}:ou/${org.id}/${ouId}`;
export const accountArn = (org: ArnScope, accountId: string) => `${prefix(org)}:account/${org.id}/${accountId}`;

export function policyArn(org: ArnScope, type: PolicyType, policyId: string): string {
  return `${prefix(org)}:policy/${org.id}/${type.toLowerCase()}/${policyId}`;
}

/** AWS-managed policies (FullAWSAccess…) belong to no organization: their ARNs are the same everywhere. */
export function awsManagedPolicyArn(type: PolicyType, policyId: string): string {
  return `arn:aws:organizations::aws:policy/${type.toLowerCase()}/${policyId}`;
}

// ---- new ids -----------------------------------------------------------------------------------------------------

export const newOrganizationId = (random: Random) => `o-${randomString(random, 10)}`;
export const newRootId = (random: Random) => `r-${randomString(random, 4)}`;

/** The management account's id, drawn before the organization exists, so there is nothing it could collide with. */
export function newManagementAccountId(random: Random): string {
  return `${1 + Math.floor(random() * 9)}${randomString(random, 11, '0123456789')}`;
}

export function newAccountId(random: Random, data: OrgData): string {
  for (;;) {
    const id = randomString(random, 12, '0123456789');
    if (!data.accounts.has(id) && id[0] !== '0') return id;
  }
}

/** OU ids carry their root's id, as AWS's do. */
export function newOuId(random: Random, data: OrgData): string {
  const rootPart = data.root.id.slice(2);
  for (;;) {
    const id = `ou-${rootPart}-${randomString(random, 8)}`;
    if (!data.ous.has(id)) return id;
  }
}

export function newPolicyId(random: Random, data: OrgData): string {
  for (;;) {
    const id = `p-${randomString(random, 8)}`;
    if (!data.policies.has(id)) return id;
  }
}

/** The id of a CreateAccount request, which AWS reports in CreateAccountStatus. */
export const newCreateAccountRequestId = (random: Random) => `car-${randomString(random, 8)}`;
