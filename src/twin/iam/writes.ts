// The writes to an account's IAM, each checked against IAM's rules first: shared by the API and by seeding, so a
// seed cannot hold what the API would refuse (service-linked roles aside, which only AWS creates: the API refuses
// their path before it gets here).

import type { Random } from '../random.js';
import { checkMember } from '../query/input.js';
import { customerPolicyArn, newIamPolicyId } from './ids.js';
import { IAM_QUOTAS, MEMBERS, checkAttachable, checkNewPolicy, checkNewRole, checkPolicyDocument, limitExceeded, policySize } from './rules.js';
import { newRole, putRole, type IamAccount, type IamPolicy, type IamRole, type NewRole } from './state.js';
import { checkTrustDocument } from './trust.js';

export function addRole(random: Random, ns: IamAccount, accountId: string, spec: NewRole): IamRole {
  checkMember(spec.name, 'RoleName', MEMBERS.roleName);
  if (spec.path !== undefined) checkMember(spec.path, 'Path', MEMBERS.path);
  if (spec.description !== undefined) checkMember(spec.description, 'Description', MEMBERS.description);
  checkMember(spec.assumeRolePolicyDocument, 'AssumeRolePolicyDocument', MEMBERS.document);
  checkTrustDocument(spec.assumeRolePolicyDocument);
  if (policySize(spec.assumeRolePolicyDocument) > IAM_QUOTAS.trustPolicySize) throw limitExceeded('ACLSizePerRole', IAM_QUOTAS.trustPolicySize);
  checkNewRole(ns, spec.name);
  const role = newRole(random, accountId, spec);
  putRole(ns, role);
  return role;
}

export interface NewPolicy {
  name: string;
  path?: string;
  description?: string;
  document: string;
  createDate: number;
}

export function addPolicy(random: Random, ns: IamAccount, accountId: string, spec: NewPolicy): IamPolicy {
  checkMember(spec.name, 'PolicyName', MEMBERS.policyName);
  if (spec.path !== undefined) checkMember(spec.path, 'Path', MEMBERS.path);
  if (spec.description !== undefined) checkMember(spec.description, 'Description', MEMBERS.description);
  checkMember(spec.document, 'PolicyDocument', MEMBERS.document);
  checkPolicyDocument(spec.document);
  checkNewPolicy(ns, spec.name);
  const path = spec.path ?? '/';
  const policy: IamPolicy = {
    name: spec.name,
    path,
    id: newIamPolicyId(random),
    arn: customerPolicyArn(accountId, path, spec.name),
    description: spec.description,
    document: spec.document,
    createDate: spec.createDate,
    updateDate: spec.createDate,
  };
  ns.policies.set(spec.name.toLowerCase(), policy);
  return policy;
}

/** Attaches `policy` unless it already is (IAM answers success and changes nothing); says whether it changed. */
export function attachPolicy(role: IamRole, policy: IamPolicy, quota: number): boolean {
  checkAttachable(role, policy, quota);
  if (role.attachedPolicies.includes(policy.arn)) return false;
  role.attachedPolicies.push(policy.arn);
  return true;
}
