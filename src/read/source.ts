// Where the reader reads from: the reads it makes, one method each, as Organizations answers them. Two
// implementations: the live API (live/api-source.ts: HTTP, rate-limited, counted) and an organization already in
// memory (read/state-source.ts: a snapshot, for offline plans). The reader is the same code over both, so a plan
// from a snapshot is the plan the live organization would have given.

import type { TargetType } from '../aws/ids.js';
import type { PolicyType } from '../aws/policy-types.js';
import type { OrgAccount, OrgOu, OrgPolicy, PolicyTypeStatus } from '../model/org-state.js';

export interface RootInfo {
  id: string;
  name: string;
  policyTypes: Map<PolicyType, PolicyTypeStatus>;
}

export interface PolicyTarget {
  id: string;
  type: TargetType;
  name: string;
}

export interface OrgSource {
  /** Calls made, per operation (retries included). */
  readonly calls: Record<string, number>;
  /** What is being retried and why, while a retry is waited for (for progress lines). */
  readonly retrying?: string;
  organization(): Promise<{ id: string; managementAccountId: string }>;
  /** The root and its policy types with their status: the one reading of them. */
  root(): Promise<RootInfo>;
  /** Every policy of a type, without content. */
  policies(type: PolicyType): Promise<OrgPolicy[]>;
  /** A policy's stored text. */
  policyContent(policyId: string): Promise<string>;
  /** One page of a policy's targets; `next` continues it. */
  policyTargetsPage(policyId: string, next?: string): Promise<{ targets: PolicyTarget[]; next?: string }>;
  /** A target's direct attachments of a type (policy ids, in attachment order); undefined when no such target. */
  targetPolicies(targetId: string, type: PolicyType): Promise<string[] | undefined>;
  childOus(parentId: string): Promise<OrgOu[]>;
  childAccounts(parentId: string): Promise<OrgAccount[]>;
  parentOf(childId: string): Promise<string>;
  /** Every account in the organization, with its name. */
  accounts(): Promise<OrgAccount[]>;
  /** A target's name, asked directly; undefined when no such target. */
  targetName(id: string, type: 'ACCOUNT' | 'ORGANIZATIONAL_UNIT'): Promise<string | undefined>;
}

/** Every target of a policy: its pages followed to the end, through empty ones. */
export async function allPolicyTargets(source: OrgSource, policyId: string): Promise<PolicyTarget[]> {
  const out: PolicyTarget[] = [];
  let next: string | undefined;
  do {
    const page = await source.policyTargetsPage(policyId, next);
    out.push(...page.targets);
    next = page.next;
  } while (next);
  return out;
}
