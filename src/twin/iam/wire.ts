// The shapes IAM returns, built from the twin's state. IAM returns a role's trust policy URL-encoded (RFC 3986),
// as it returns every policy document.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html

import type { XmlValue } from '../query/xml.js';
import type { IamAccount, IamPolicy, IamRole } from './state.js';

export const roleWire = (role: IamRole): Record<string, XmlValue> => ({
  Path: role.path,
  RoleName: role.name,
  RoleId: role.id,
  Arn: role.arn,
  CreateDate: new Date(role.createDate),
  AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
  Description: role.description,
  MaxSessionDuration: role.maxSessionDuration,
});

/** Attachments of a policy in one account: AWS-managed policies are counted per account too. */
export function attachmentCount(ns: IamAccount, arn: string): number {
  let count = 0;
  for (const role of ns.roles.values()) if (role.attachedPolicies.includes(arn)) count++;
  return count;
}

/** A managed policy as GetPolicy returns it; CreatePolicy's answer leaves the description out. */
export function policyWire(ns: IamAccount, policy: IamPolicy, options: { withDescription: boolean }): Record<string, XmlValue> {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: 'v1',
    AttachmentCount: attachmentCount(ns, policy.arn),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: options.withDescription ? policy.description : undefined,
    CreateDate: new Date(policy.createDate),
    UpdateDate: new Date(policy.updateDate),
  };
}
