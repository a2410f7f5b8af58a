// The reader's source for the live organization: each read as one Organizations operation (all its pages), sent
// through OrganizationsApi so that it is rate-limited, retried and counted.

import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  type Account,
  type DescribeAccountCommandOutput,
  type DescribeOrganizationCommandOutput,
  type DescribeOrganizationalUnitCommandOutput,
  type DescribePolicyCommandOutput,
  type ListTargetsForPolicyCommandOutput,
  type OrganizationalUnit,
  type Parent,
  type PolicySummary,
  type PolicyType as SdkPolicyType,
  type Root,
} from '@aws-sdk/client-organizations';
import type { TargetType } from '../aws/ids.js';
import { MAX_RESULTS } from '../aws/pagination.js';
import type { PolicyType } from '../aws/policy-types.js';
import { userError } from '../diagnostics/diagnostic.js';
import type { OrgAccount, OrgOu, OrgPolicy, PolicyTypeStatus } from '../model/org-state.js';
import type { OrgSource, RootInfo } from '../read/source.js';
import { errorName, type OrganizationsApi } from './api.js';

/** ListRoots: the root and its policy types. Apply polls it too, while a type it enabled is pending. */
export async function readRoot(api: OrganizationsApi): Promise<RootInfo> {
  const roots = await api.listAll<Root>((NextToken) => new ListRootsCommand({ MaxResults: MAX_RESULTS, NextToken }), 'Roots');
  const root = roots[0];
  if (!root?.Id) throw userError('the organization has no root: is this account in an organization with all features enabled?');
  const policyTypes = new Map<PolicyType, PolicyTypeStatus>();
  for (const t of root.PolicyTypes ?? []) if (t.Type && t.Status) policyTypes.set(t.Type, t.Status as PolicyTypeStatus);
  return { id: root.Id, name: root.Name ?? 'Root', policyTypes };
}

export class ApiSource implements OrgSource {
  constructor(readonly api: OrganizationsApi) {}

  get calls(): Record<string, number> {
    return this.api.calls;
  }

  get retrying(): string | undefined {
    const retry = this.api.lastRetry;
    return retry && `${retry.operation}: ${retry.reason}`;
  }

  async organization() {
    const output = await this.api.send<DescribeOrganizationCommandOutput>(new DescribeOrganizationCommand({}));
    return { id: output.Organization!.Id!, managementAccountId: output.Organization!.MasterAccountId! };
  }

  root(): Promise<RootInfo> {
    return readRoot(this.api);
  }

  async policies(type: PolicyType): Promise<OrgPolicy[]> {
    const list = await this.api.listAll<PolicySummary>(
      (NextToken) => new ListPoliciesCommand({ Filter: type as SdkPolicyType, MaxResults: MAX_RESULTS, NextToken }),
      'Policies',
    );
    return list.map((p) => ({ id: p.Id!, name: p.Name!, type: p.Type!, description: p.Description ?? '', awsManaged: p.AwsManaged ?? false }));
  }

  async policyContent(policyId: string): Promise<string> {
    const output = await this.api.send<DescribePolicyCommandOutput>(new DescribePolicyCommand({ PolicyId: policyId }));
    return output.Policy?.Content ?? '';
  }

  async policyTargetsPage(policyId: string, next?: string) {
    const page = await this.api.send<ListTargetsForPolicyCommandOutput>(
      new ListTargetsForPolicyCommand({ PolicyId: policyId, MaxResults: MAX_RESULTS, NextToken: next }),
    );
    return {
      targets: (page.Targets ?? []).map((t) => ({ id: t.TargetId!, type: t.Type as TargetType, name: t.Name ?? t.TargetId! })),
      next: page.NextToken,
    };
  }

  async targetPolicies(targetId: string, type: PolicyType): Promise<string[] | undefined> {
    try {
      const list = await this.api.listAll<PolicySummary>(
        (NextToken) => new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: type as SdkPolicyType, MaxResults: MAX_RESULTS, NextToken }),
        'Policies',
      );
      return list.map((p) => p.Id!);
    } catch (err) {
      if (errorName(err) === 'TargetNotFoundException') return undefined;
      throw err;
    }
  }

  async childOus(parentId: string): Promise<OrgOu[]> {
    const list = await this.api.listAll<OrganizationalUnit>(
      (NextToken) => new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, MaxResults: MAX_RESULTS, NextToken }),
      'OrganizationalUnits',
    );
    return list.map((ou) => ({ id: ou.Id!, name: ou.Name!, parentId }));
  }

  async childAccounts(parentId: string): Promise<OrgAccount[]> {
    const list = await this.api.listAll<Account>(
      (NextToken) => new ListAccountsForParentCommand({ ParentId: parentId, MaxResults: MAX_RESULTS, NextToken }),
      'Accounts',
    );
    return list.map((a) => ({ id: a.Id!, name: a.Name ?? '', email: a.Email ?? '', parentId }));
  }

  async parentOf(childId: string): Promise<string> {
    const list = await this.api.listAll<Parent>((NextToken) => new ListParentsCommand({ ChildId: childId, MaxResults: MAX_RESULTS, NextToken }), 'Parents');
    return list[0].Id!;
  }

  async accounts(): Promise<OrgAccount[]> {
    const list = await this.api.listAll<Account>((NextToken) => new ListAccountsCommand({ MaxResults: MAX_RESULTS, NextToken }), 'Accounts');
    return list.map((a) => ({ id: a.Id!, name: a.Name ?? '' }));
  }

  async targetName(id: string, type: 'ACCOUNT' | 'ORGANIZATIONAL_UNIT'): Promise<string | undefined> {
    try {
      return type === 'ACCOUNT'
        ? ((await this.api.send<DescribeAccountCommandOutput>(new DescribeAccountCommand({ AccountId: id }))).Account?.Name ?? id)
        : ((await this.api.send<DescribeOrganizationalUnitCommandOutput>(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: id })))
            .OrganizationalUnit?.Name ?? id);
    } catch (err) {
      if (/NotFound/.test(errorName(err))) return undefined;
      throw err;
    }
  }
}
