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

export type UnlistedTargets = 'ignore' | 'default';

export interface DesiredConfig {
  file: string;
  organization: { id?: string; managementAccountId?: string };
  limits: LimitOverrides;
  policies: Map<string, DesiredPolicy>;
  targets: TargetEntry[];
  unlistedTargets: UnlistedTargets;
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
