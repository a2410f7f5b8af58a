// A fresh organization: its root and its management account, as CreateOrganization makes it. Shared by the
// CreateOrganization call and by seeding, which starts from the same organization and adds to it.

import type { Random } from './random.js';
import { accountArn, newManagementAccountId, newOrganizationId, newRootId, organizationArn, rootArn } from './ids.js';
import { newOrgData, type OrgData } from './state.js';

export interface NewOrganizationOptions {
  id?: string;
  rootId?: string;
  managementAccountId?: string;
  managementAccountName?: string;
  managementAccountEmail?: string;
}

/** Ids not given are drawn from `random`, in the order organization, management account, root. */
export function createOrganizationData(random: Random, options: NewOrganizationOptions): OrgData {
  const id = options.id ?? newOrganizationId(random);
  const managementAccountId = options.managementAccountId ?? newManagementAccountId(random);
  const rootId = options.rootId ?? newRootId(random);
  const org = { id, managementAccountId };
  const email = options.managementAccountEmail ?? `management@${id}.example.com`;
  return newOrgData(
    { id, arn: organizationArn(org), managementAccountId, managementAccountEmail: email },
    { id: rootId, name: 'Root', arn: rootArn(org, rootId) },
    {
      id: managementAccountId,
      name: options.managementAccountName ?? 'management',
      email,
      parentId: rootId,
      arn: accountArn(org, managementAccountId),
      joinedTimestamp: Date.UTC(2020, 0, 1),
    },
  );
}
