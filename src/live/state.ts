// What the reader learns about the live organization: only what the plan needs (see read.ts for what is read
// and why). Policies are identified by id, targets by id.

import type { TargetType } from '../aws/ids.js';
import type { PolicyType } from '../aws/policy-types.js';

export interface LivePolicy {
  id: string;
  name: string;
  type: PolicyType;
  description: string;
  awsManaged: boolean;
  /** The stored text; read (DescribePolicy) only for policies org.yaml declares. */
  content?: string;
}

export interface LiveTarget {
  id: string;
  type: TargetType;
  /** How to show it: the OU path or account name where known, else AWS's name, else the id. */
  label: string;
}

export type PolicyTypeStatus = 'ENABLED' | 'PENDING_ENABLE' | 'PENDING_DISABLE';

export interface LiveState {
  organization: { id: string; managementAccountId: string };
  root: { id: string; name: string };
  policyTypes: Map<PolicyType, PolicyTypeStatus>;
  /** Every policy of the managed types. */
  policies: LivePolicy[];
  /** The target each org.yaml entry (by key) resolves to. */
  resolved: Map<string, LiveTarget>;
  /** Targets whose attachments were read, listed or not. */
  targets: Map<string, LiveTarget>;
  /** Direct attachments (policy ids, in attachment order) of each read target, per managed type. */
  attachments: Map<string, Map<PolicyType, string[]>>;
  /** Complete target lists of the policies that were read policy-first. */
  policyTargets: Map<string, string[]>;
  /** How many targets exist that org.yaml does not list, when the read happened to learn it. */
  unlistedTargetCount: number | undefined;
}
