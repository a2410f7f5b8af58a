// The shapes AWS returns, built from the twin's state. Timestamps go out in seconds, as the JSON protocol sends
// them; the state keeps milliseconds.

import { accountArn } from './ids.js';
import { targetArn, targetName, targetTypeOf, type Account, type OrgData, type OrganizationalUnit, type Policy } from './state.js';

export const policySummary = (p: Policy) => ({
  Id: p.id,
  Arn: p.arn,
  Name: p.name,
  Description: p.description,
  Type: p.type,
  AwsManaged: p.awsManaged,
});

/** A policy with its document, as DescribePolicy, CreatePolicy and UpdatePolicy return it. */
export const policyWire = (p: Policy) => ({ PolicySummary: policySummary(p), Content: p.content });

export const ouWire = (ou: OrganizationalUnit) => ({ Id: ou.id, Arn: ou.arn, Name: ou.name });

export const accountWire = (a: Account) => ({
  Id: a.id,
  Arn: a.arn,
  Email: a.email,
  Name: a.name,
  Status: 'ACTIVE',
  State: 'ACTIVE',
  JoinedMethod: 'CREATED',
  JoinedTimestamp: a.joinedTimestamp / 1000,
});

/** A policy type reports PENDING_ENABLE for a while after EnablePolicyType (see TwinOptions.enableDelayMs). */
export function rootWire(data: OrgData, now: number) {
  return {
    Id: data.root.id,
    Arn: data.root.arn,
    Name: data.root.name,
    PolicyTypes: [...data.policyTypes].map(([type, s]) => ({
      Type: type,
      Status: s.readyAt <= now ? 'ENABLED' : 'PENDING_ENABLE',
    })),
  };
}

export function organizationWire(data: OrgData) {
  const org = data.organization;
  return {
    Id: org.id,
    Arn: org.arn,
    FeatureSet: 'ALL',
    MasterAccountArn: accountArn(org, org.managementAccountId),
    MasterAccountId: org.managementAccountId,
    MasterAccountEmail: org.managementAccountEmail,
    AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
  };
}

/** A target of a policy, as ListTargetsForPolicy returns it. */
export function targetWire(data: OrgData, targetId: string) {
  return {
    TargetId: targetId,
    Arn: targetArn(data, targetId),
    Name: targetName(data, targetId),
    Type: targetTypeOf(data, targetId),
  };
}

/** Account creation is asynchronous on AWS; the twin completes it at once, so the status is final. */
export function createAccountStatusWire(requestId: string, account: Account, now: number) {
  return {
    Id: requestId,
    AccountName: account.name,
    State: 'SUCCEEDED',
    AccountId: account.id,
    RequestedTimestamp: now / 1000,
    CompletedTimestamp: now / 1000,
  };
}

/** An account's place in the organization, as AWS writes a Path: `o-…/r-…/ou-…/…/<account id>/`. */
export function accountPath(data: OrgData, accountId: string): string {
  const ids = [accountId];
  for (let id = data.accounts.get(accountId)!.parentId; id !== data.root.id; id = data.ous.get(id)!.parentId) ids.unshift(id);
  return `${data.organization.id}/${data.root.id}/${ids.join('/')}/`;
}

/** DescribeEffectivePolicy's EffectivePolicy: the document as a compact JSON string, as AWS returns it. */
export function effectivePolicyWire(accountId: string, type: string, document: Record<string, unknown>, updatedAt: number) {
  return { PolicyContent: JSON.stringify(document), LastUpdatedTimestamp: updatedAt / 1000, TargetId: accountId, PolicyType: type };
}
