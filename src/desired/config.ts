// What org.yaml declares, after validation: the desired state before any AWS lookup.

import type { LimitOverrides, PolicyType } from '../aws/policy-types.js';
import type { SourceLocation } from '../diagnostics/diagnostic.js';

export type { SourceLocation } from '../diagnostics/diagnostic.js';

export interface DesiredPolicy {
  name: string;
  type: PolicyType;
  /** Undefined when org.yaml leaves the description alone. */
  description: string | undefined;
  /** Path as written in org.yaml, relative to it. */
  file: string;
  /** The parsed document: what policies are compared by. */
  document: unknown;
  /** The minified text sent to AWS. */
  content: string;
  formerNames: string[];
  source: SourceLocation;
}

/** How org.yaml names a target; resolved to an id against the live organization. */
export type TargetSelector =
  | { kind: 'root' }
  | { kind: 'ouPath'; path: string[] }
  | { kind: 'ouId'; id: string }
  | { kind: 'accountId'; id: string }
  | { kind: 'accountName'; name: string };

export interface TargetEntry {
  /** The key as written in org.yaml ("root", "/Workloads/Prod", "sandbox-1", …). */
  key: string;
  selector: TargetSelector;
  /** Policy names in the order listed (attachment order matters for management policies). */
  policies: string[];
  source: SourceLocation;
}

/** How an iamRoles entry names an account: by id, or by its name when unique in the organization. */
export type AccountSelector = { kind: 'accountId'; id: string } | { kind: 'accountName'; name: string };

/** How an iamRoles entry names an OU: by path of names from the root, or by id. */
export type OuSelector = { kind: 'ouPath'; path: string[] } | { kind: 'ouId'; id: string };

export interface Selected<S> {
  /** As written in org.yaml ("sandbox-1", "/Workloads", …). */
  key: string;
  selector: S;
  source: SourceLocation;
}

/** One role of an iamRoles entry: its exact managed policies, as ARN templates (${Partition}, ${AccountId}). */
export interface IamRoleSpec {
  name: string;
  policyArns: string[];
  source: SourceLocation;
}

export type IfRoleMissing = 'error' | 'skip';

/** One entry of org.yaml's `iamRoles`: which accounts, and the managed policies of the roles named in each. */
export interface IamRoleEntry {
  /** `all`, or the accounts listed (empty when the entry selects by OU only). */
  accounts: 'all' | Selected<AccountSelector>[];
  /** Every account below these OUs, recursively. */
  ous: Selected<OuSelector>[];
  exceptAccounts: Selected<AccountSelector>[];
  /** The role reconcile assumes in member accounts. */
  memberRole: string;
  ifRoleMissing: IfRoleMissing;
  roles: IamRoleSpec[];
  source: SourceLocation;
}

export type UnlistedTargets = 'ignore' | 'default';

export interface DesiredConfig {
  file: string;
  organization: { id?: string; managementAccountId?: string };
  limits: LimitOverrides;
  policies: Map<string, DesiredPolicy>;
  targets: TargetEntry[];
  unlistedTargets: UnlistedTargets;
  /** The roles whose managed policies org.yaml decides, per selection of accounts; empty when it has no iamRoles. */
  iamRoles: IamRoleEntry[];
  /** Managed policies per role (`limits.IAM_ROLE.maxAttachments`, AWS's default quota otherwise). */
  iamRoleLimits: { maxAttachments: number };
  /** Types newer than this release that org.yaml acknowledges (`newPolicyTypes`). */
  newPolicyTypes: PolicyType[];
  /**
   * What deserves a word but does not stop the run (a limit above AWS's quota, one file declared twice), for the
   * commands to print; errors throw ConfigError instead.
   */
  warnings: { location: SourceLocation; message: string }[];
  /** The policy types this file manages: those of declared or listed policies, plus SCPs once a target is listed. */
  managedTypes: PolicyType[];
}
