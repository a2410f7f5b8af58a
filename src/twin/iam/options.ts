// How the twin's IAM and STS behave beyond AWS's defaults (TwinOptions.iam).

import type { Rate } from '../../aws/rate-limits.js';

export interface IamTwinOptions {
  /**
   * PoliciesPerRole per account id, for accounts whose quota was raised (AWS's default is 10, raisable on request);
   * GetAccountSummary reports it as AttachedPoliciesPerRoleQuota.
   */
  policiesPerRoleQuota?: Record<string, number>;
  /**
   * IAM list pages hold at most this many items, whatever MaxItems asks, while more remain: IAM may return fewer
   * items than asked with IsTruncated set, so clients must follow Marker until IsTruncated is false.
   */
  maxItemsPerPage?: number;
  /** Accounts none of whose roles AssumeRole grants (AccessDenied), whatever their trust policies say. */
  unassumableAccounts?: string[];
  /** Per-operation rates of IAM and STS that replace the twin's (query/rates.ts) when TwinOptions.throttle is on. */
  rates?: Record<string, Rate>;
}
