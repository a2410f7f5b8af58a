// IAM's rules for roles and managed policies: what must exist, what may be changed, what may be attached to what,
// and the account's quotas. The API checks them before it writes; seeding checks a fixture against the same ones.
// Quotas: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
// Errors: https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html

import { QueryError } from '../query/errors.js';
import type { Pattern, StringRule } from '../query/input.js';
import { parsePolicyArn } from './ids.js';
import { awsManagedPolicy, isServiceRolePolicy } from './managed-policies.js';
import { findRole, type IamAccount, type IamPolicy, type IamRole } from './state.js';

export const IAM_QUOTAS = {
  /** Managed policies attached to one role; raisable per account (IamTwinOptions.policiesPerRoleQuota). */
  policiesPerRole: 10,
  rolesPerAccount: 1000,
  customerPoliciesPerAccount: 1500,
  /** Characters of a managed policy document, white space not counted. */
  policySize: 6144,
  /** Characters of a role's trust policy, white space not counted. */
  trustPolicySize: 2048,
} as const;

// Members as IAM's API model constrains them. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
const NAME: Pattern = { test: (v) => /^[\w+=,.@-]+$/.test(v), source: '[\\w+=,.@-]+' };
const PATH: Pattern = { test: (v) => /^\/$|^\/[\u0021-\u007E]+\/$/.test(v), source: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' };
export const MEMBERS = {
  roleName: { min: 1, max: 64, pattern: NAME },
  policyName: { min: 1, max: 128, pattern: NAME },
  path: { min: 1, max: 512, pattern: PATH },
  pathPrefix: { min: 1, max: 512, pattern: { test: (v) => /^\/[\u0021-\u007F]*$/.test(v), source: '\\u002F[\\u0021-\\u007F]*' } },
  description: { max: 1000 },
  document: { min: 1, max: 131072 },
  policyArn: { min: 20, max: 2048 },
} satisfies Record<string, StringRule>;

const noSuchEntity = (message: string) => new QueryError('NoSuchEntity', message, 404);
export const limitExceeded = (quota: string, value: number) => new QueryError('LimitExceeded', `Cannot exceed quota for ${quota}: ${value}`, 409);

export const isServiceLinked = (role: IamRole) => role.path.startsWith('/aws-service-role/');

export function roleIn(ns: IamAccount, name: string): IamRole {
  const role = findRole(ns, name);
  if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return role;
}

/**
 * A managed policy a role in `accountId` may name: AWS-managed, or customer-managed in the same account. A string
 * that is no policy ARN is InvalidInput; an ARN of no such policy is NoSuchEntity.
 */
export function policyIn(ns: IamAccount, accountId: string, arn: string): IamPolicy {
  const parsed = parsePolicyArn(arn);
  if (!parsed) throw new QueryError('InvalidInput', `ARN ${arn} is not valid.`);
  const policy = parsed.account === 'aws' ? awsManagedPolicy(arn) : parsed.account === accountId ? ns.policies.get(parsed.name.toLowerCase()) : undefined;
  if (!policy || policy.arn !== arn) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return policy;
}

/** Service-linked roles belong to their service: IAM refuses to change their policies. */
export function checkModifiable(role: IamRole): void {
  if (isServiceLinked(role)) {
    throw new QueryError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`);
  }
}

/** Whether `policy` may join `role`'s attachments (an attachment already there is not checked again). */
export function checkAttachable(role: IamRole, policy: IamPolicy, quota: number): void {
  if (isServiceRolePolicy(policy) && !isServiceLinked(role)) {
    throw new QueryError('PolicyNotAttachable', 'Cannot attach a Service Role Policy to a Customer Role.');
  }
  if (!role.attachedPolicies.includes(policy.arn) && role.attachedPolicies.length >= quota) throw limitExceeded('PoliciesPerRole', quota);
}

/** Detaching a policy that is not attached is NoSuchEntity, as for a policy that does not exist. */
export function checkAttached(role: IamRole, arn: string): void {
  if (!role.attachedPolicies.includes(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
}

/** Policy sizes count every character but white space. */
export const policySize = (document: string) => document.replace(/\s/g, '').length;

/** A customer-managed policy document: JSON with statements, within the size quota. */
export function checkPolicyDocument(document: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw new QueryError('MalformedPolicyDocument', 'Syntax errors in policy.');
  }
  if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed)) {
    throw new QueryError('MalformedPolicyDocument', 'Policy document must contain a Statement.');
  }
  if (policySize(document) > IAM_QUOTAS.policySize) throw limitExceeded('PolicySize', IAM_QUOTAS.policySize);
}

export function checkNewRole(ns: IamAccount, name: string): void {
  if (findRole(ns, name)) throw new QueryError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
  if (ns.roles.size >= IAM_QUOTAS.rolesPerAccount) throw limitExceeded('RolesPerAccount', IAM_QUOTAS.rolesPerAccount);
}

export function checkNewPolicy(ns: IamAccount, name: string): void {
  if (ns.policies.has(name.toLowerCase())) {
    throw new QueryError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`, 409);
  }
  if (ns.policies.size >= IAM_QUOTAS.customerPoliciesPerAccount) throw limitExceeded('PoliciesPerAccount', IAM_QUOTAS.customerPoliciesPerAccount);
}
