// The twin's organization: plain data plus the changes that mutate it.
//
// Every write is expressed as a `Change` (plain data, ids already chosen) and applied with `applyChange`, which is
// deterministic. The server applies each change to the authoritative state at once and, when eventual consistency
// is simulated, to a lagging read replica later: both end up identical because the same changes are replayed.

import { DEFAULT_POLICIES, type PolicyType } from '../aws/policy-types.js';
import type { TargetType } from '../aws/ids.js';
import { awsManagedPolicyArn } from './ids.js';
import type { IamData } from './iam/state.js';

export interface Organization {
  id: string;
  arn: string;
  managementAccountId: string;
  managementAccountEmail: string;
}

export interface Root {
  id: string;
  name: string;
  arn: string;
}

export interface OrganizationalUnit {
  id: string;
  name: string;
  arn: string;
  parentId: string;
}

export interface Account {
  id: string;
  name: string;
  email: string;
  arn: string;
  parentId: string;
  joinedTimestamp: number;
}

export interface Policy {
  id: string;
  name: string;
  description: string;
  type: PolicyType;
  awsManaged: boolean;
  /** Exactly as sent: AWS stores and sizes the text it was given, whitespace included. */
  content: string;
  arn: string;
}

export interface PolicyTypeState {
  /** The type reports PENDING_ENABLE until this time (ms since epoch), ENABLED after. */
  readyAt: number;
}

export interface OrgData {
  organization: Organization;
  root: Root;
  policyTypes: Map<PolicyType, PolicyTypeState>;
  ous: Map<string, OrganizationalUnit>;
  accounts: Map<string, Account>;
  /** Children of each parent, in creation order. */
  childOus: Map<string, Set<string>>;
  childAccounts: Map<string, Set<string>>;
  policies: Map<string, Policy>;
  /** Direct attachments of each target, in attachment order (which decides precedence for management policies). */
  attachments: Map<string, string[]>;
  /** Targets of each policy, in attachment order. */
  targetsByPolicy: Map<string, Set<string>>;
  tags: Map<string, Map<string, string>>;
  /** Each account's IAM (iam/state.ts), written directly: not part of the changes replayed on the replica. */
  iam: IamData;
}

export type Change =
  | { kind: 'putOu'; ou: OrganizationalUnit }
  | { kind: 'putAccount'; account: Account }
  | { kind: 'moveAccount'; accountId: string; parentId: string }
  | { kind: 'putPolicy'; policy: Policy }
  | { kind: 'deletePolicy'; policyId: string }
  | { kind: 'attach'; policyId: string; targetId: string }
  | { kind: 'detach'; policyId: string; targetId: string }
  | { kind: 'enableType'; type: PolicyType; readyAt: number }
  | { kind: 'disableType'; type: PolicyType }
  | { kind: 'tag'; resourceId: string; tags: Record<string, string> }
  | { kind: 'untag'; resourceId: string; keys: string[] };

export function newOrgData(organization: Organization, root: Root, managementAccount: Account): OrgData {
  const data: OrgData = {
    organization,
    root,
    policyTypes: new Map(),
    ous: new Map(),
    accounts: new Map(),
    childOus: new Map([[root.id, new Set()]]),
    childAccounts: new Map([[root.id, new Set()]]),
    policies: new Map(),
    attachments: new Map([[root.id, []]]),
    targetsByPolicy: new Map(),
    tags: new Map(),
    iam: new Map(),
  };
  // AWS-managed policies exist in every organization, whether or not their type is enabled.
  for (const [type, policy] of Object.entries(DEFAULT_POLICIES)) {
    data.policies.set(policy.id, {
      id: policy.id,
      name: policy.name,
      description: policy.description,
      type,
      awsManaged: true,
      content: policy.content,
      arn: awsManagedPolicyArn(type, policy.id),
    });
    data.targetsByPolicy.set(policy.id, new Set());
  }
  applyChange(data, { kind: 'putAccount', account: managementAccount });
  return data;
}

export function targetTypeOf(data: OrgData, targetId: string): TargetType | undefined {
  if (targetId === data.root.id) return 'ROOT';
  if (data.ous.has(targetId)) return 'ORGANIZATIONAL_UNIT';
  if (data.accounts.has(targetId)) return 'ACCOUNT';
  return undefined;
}

export function targetName(data: OrgData, targetId: string): string {
  if (targetId === data.root.id) return data.root.name;
  return data.ous.get(targetId)?.name ?? data.accounts.get(targetId)?.name ?? targetId;
}

export function targetArn(data: OrgData, targetId: string): string {
  if (targetId === data.root.id) return data.root.arn;
  return data.ous.get(targetId)?.arn ?? data.accounts.get(targetId)?.arn ?? '';
}

export function isTypeEnabled(data: OrgData, type: PolicyType, now: number): boolean {
  const state = data.policyTypes.get(type);
  return state !== undefined && state.readyAt <= now;
}

export function attachedOfType(data: OrgData, targetId: string, type: PolicyType): string[] {
  return (data.attachments.get(targetId) ?? []).filter((id) => data.policies.get(id)?.type === type);
}

/** Attaches each enabled type's default policy (FullAWSAccess, RCPFullAWSAccess) to a new target, as AWS does. */
function attachDefaults(data: OrgData, targetId: string): void {
  for (const [type, policy] of Object.entries(DEFAULT_POLICIES)) {
    if (data.policyTypes.has(type)) attach(data, policy.id, targetId);
  }
}

function attach(data: OrgData, policyId: string, targetId: string): void {
  const list = data.attachments.get(targetId) ?? [];
  if (list.includes(policyId)) return;
  list.push(policyId);
  data.attachments.set(targetId, list);
  data.targetsByPolicy.get(policyId)?.add(targetId);
}

function detach(data: OrgData, policyId: string, targetId: string): void {
  const list = data.attachments.get(targetId);
  if (list) data.attachments.set(targetId, list.filter((id) => id !== policyId));
  data.targetsByPolicy.get(policyId)?.delete(targetId);
}

function allTargetIds(data: OrgData): string[] {
  return [data.root.id, ...data.ous.keys(), ...data.accounts.keys()];
}

export function applyChange(data: OrgData, change: Change): void {
  switch (change.kind) {
    case 'putOu': {
      const isNew = !data.ous.has(change.ou.id);
      data.ous.set(change.ou.id, change.ou);
      if (isNew) {
        data.childOus.get(change.ou.parentId)?.add(change.ou.id);
        data.childOus.set(change.ou.id, new Set());
        data.childAccounts.set(change.ou.id, new Set());
        data.attachments.set(change.ou.id, []);
        attachDefaults(data, change.ou.id);
      }
      return;
    }
    case 'putAccount': {
      const isNew = !data.accounts.has(change.account.id);
      data.accounts.set(change.account.id, change.account);
      if (isNew) {
        data.childAccounts.get(change.account.parentId)?.add(change.account.id);
        data.attachments.set(change.account.id, []);
        attachDefaults(data, change.account.id);
      }
      return;
    }
    case 'moveAccount': {
      const account = data.accounts.get(change.accountId);
      if (!account) return;
      data.childAccounts.get(account.parentId)?.delete(account.id);
      data.childAccounts.get(change.parentId)?.add(account.id);
      data.accounts.set(account.id, { ...account, parentId: change.parentId });
      return;
    }
    case 'putPolicy':
      data.policies.set(change.policy.id, change.policy);
      if (!data.targetsByPolicy.has(change.policy.id)) data.targetsByPolicy.set(change.policy.id, new Set());
      return;
    case 'deletePolicy':
      data.policies.delete(change.policyId);
      data.targetsByPolicy.delete(change.policyId);
      return;
    case 'attach':
      attach(data, change.policyId, change.targetId);
      return;
    case 'detach':
      detach(data, change.policyId, change.targetId);
      return;
    case 'enableType': {
      data.policyTypes.set(change.type, { readyAt: change.readyAt });
      const policy = DEFAULT_POLICIES[change.type];
      if (policy) for (const targetId of allTargetIds(data)) attach(data, policy.id, targetId);
      return;
    }
    case 'disableType': {
      data.policyTypes.delete(change.type);
      for (const [policyId, policy] of data.policies) {
        if (policy.type !== change.type) continue;
        for (const targetId of [...(data.targetsByPolicy.get(policyId) ?? [])]) detach(data, policyId, targetId);
      }
      return;
    }
    case 'tag': {
      const tags = data.tags.get(change.resourceId) ?? new Map<string, string>();
      for (const [key, value] of Object.entries(change.tags)) tags.set(key, value);
      data.tags.set(change.resourceId, tags);
      return;
    }
    case 'untag':
      for (const key of change.keys) data.tags.get(change.resourceId)?.delete(key);
      return;
  }
}
