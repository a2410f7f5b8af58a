// Names for the targets a plan touches that org.yaml lists by id: one Describe call per such target, made only
// for targets that have steps, so a plan with nothing to do for them costs nothing.

import { DescribeAccountCommand, DescribeOrganizationalUnitCommand, type Account, type OrganizationalUnit } from '@aws-sdk/client-organizations';
import type { Plan, TargetRef } from '../plan/plan.js';
import type { OrganizationsApi } from './api.js';

export async function nameTargets(api: OrganizationsApi, plan: Plan): Promise<void> {
  const unnamed = new Map<string, TargetRef[]>();
  for (const step of plan.steps) {
    if ((step.action === 'attach' || step.action === 'detach') && step.target.label === step.target.id && step.target.type !== 'ROOT') {
      unnamed.set(step.target.id, [...(unnamed.get(step.target.id) ?? []), step.target]);
    }
  }
  await Promise.all(
    [...unnamed].map(async ([id, refs]) => {
      const name =
        refs[0].type === 'ACCOUNT'
          ? (await api.send<{ Account?: Account }>(new DescribeAccountCommand({ AccountId: id }))).Account?.Name
          : (await api.send<{ OrganizationalUnit?: OrganizationalUnit }>(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id })))
              .OrganizationalUnit?.Name;
      if (name) for (const ref of refs) ref.label = name;
    }),
  );
}
