// Finding what a request names in the organization, failing with the NotFound error AWS returns for that kind
// of resource. Used by handlers and by the rules, which check against the state the request would change.

import type { TargetType } from '../aws/ids.js';
import { AwsError } from './errors.js';
import { targetTypeOf, type Account, type OrgData, type Policy } from './state.js';

/** The organization itself: every call but CreateOrganization fails this way until one exists. */
export function organization(data: OrgData | undefined): OrgData {
  if (!data) {
    throw new AwsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  }
  return data;
}

export function policyIn(data: OrgData, policyId: string): Policy {
  const policy = data.policies.get(policyId);
  if (!policy) throw new AwsError('PolicyNotFoundException', `We can't find a policy with the PolicyId that you specified.`);
  return policy;
}

export function targetIn(data: OrgData, targetId: string): TargetType {
  const type = targetTypeOf(data, targetId);
  if (!type) throw new AwsError('TargetNotFoundException', `We can't find a root, OU, account, or policy with the TargetId that you specified.`);
  return type;
}

/** Tags go on roots, OUs, accounts and policies. */
export function taggableIn(data: OrgData, resourceId: string): string {
  if (!targetTypeOf(data, resourceId) && !data.policies.has(resourceId)) {
    throw new AwsError('TargetNotFoundException', `We can't find a resource with the ResourceId that you specified.`);
  }
  return resourceId;
}

/** A root or OU. MoveAccount names the error after the parameter (Source…, Destination…), hence `error`. */
export function parentIn(data: OrgData, parentId: string, error = 'ParentNotFoundException'): void {
  if (parentId !== data.root.id && !data.ous.has(parentId)) {
    throw new AwsError(error, `We can't find a root or OU with the ParentId that you specified.`);
  }
}

export function rootIn(data: OrgData, rootId: string): void {
  if (rootId !== data.root.id) throw new AwsError('RootNotFoundException', `We can't find a root with the RootId that you specified.`);
}

export function accountIn(data: OrgData, accountId: string): Account {
  const account = data.accounts.get(accountId);
  if (!account) throw new AwsError('AccountNotFoundException', `We can't find an AWS account with the AccountId that you specified.`);
  return account;
}
