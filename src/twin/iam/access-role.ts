// OrganizationAccountAccessRole: the role AWS Organizations creates in every account it creates, trusting the
// management account and with AdministratorAccess attached; the usual way into a member account's IAM.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html

import type { Random } from '../random.js';
import type { OrgData } from '../state.js';
import { ADMINISTRATOR_ACCESS_ARN } from './managed-policies.js';
import { newRole, type IamRole } from './state.js';
import { trustDocumentFor } from './trust.js';

export const ACCESS_ROLE_NAME = 'OrganizationAccountAccessRole';

export function newAccessRole(random: Random, data: OrgData, accountId: string, createDate: number): IamRole {
  const role = newRole(random, accountId, {
    name: ACCESS_ROLE_NAME,
    assumeRolePolicyDocument: trustDocumentFor([data.organization.managementAccountId]),
    createDate,
  });
  role.attachedPolicies.push(ADMINISTRATOR_ACCESS_ARN);
  return role;
}
