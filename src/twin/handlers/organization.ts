// The organization itself: creating it and describing it.

import type { Handlers } from '../context.js';
import { AwsError, invalidInput } from '../errors.js';
import { newManagementAccountId } from '../ids.js';
import { organization } from '../lookups.js';
import { createOrganizationData } from '../new-organization.js';
import { organizationWire } from '../wire.js';

export const ORGANIZATION_OPERATIONS: Handlers = {
  DescribeOrganization: (ctx) => ({ Organization: organizationWire(organization(ctx.view)) }),

  CreateOrganization: (ctx, input) => {
    if (ctx.state) throw new AwsError('AlreadyInOrganizationException', 'This account is already a member of an organization.');
    const featureSet = input.FeatureSet ?? 'ALL';
    if (featureSet !== 'ALL') throw invalidInput('INVALID_ENUM', 'The twin models only the ALL feature set.');
    const data = createOrganizationData(ctx.random, { managementAccountId: newManagementAccountId(ctx.random) });
    ctx.createOrganization(data);
    return { Organization: organizationWire(data) };
  },
};
