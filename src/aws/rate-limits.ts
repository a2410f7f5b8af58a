// AWS's documented request-rate quotas for Organizations (token buckets, per calling account), from "Quotas for AWS
// Organizations", throttling limits: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
// Where the per-organization bucket is tighter, it is the one used, since a single caller is held to both.
// Operations AWS documents no rate for get a conservative guess, marked as such.

export interface Rate {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: how many calls may go at once after a quiet spell. */
  burst: number;
}

const POLICY_WRITE: Rate = { perSecond: 2, burst: 3 };
const POLICY_LIST: Rate = { perSecond: 5, burst: 8 };
const TREE_LIST: Rate = { perSecond: 5, burst: 8 };

export const AWS_RATE_LIMITS: Record<string, Rate> = {
  CreatePolicy: POLICY_WRITE,
  DeletePolicy: POLICY_WRITE,
  AttachPolicy: POLICY_WRITE,
  DetachPolicy: POLICY_WRITE,
  UpdatePolicy: POLICY_WRITE,
  DescribePolicy: { perSecond: 2, burst: 2 },
  ListPolicies: POLICY_LIST,
  ListPoliciesForTarget: POLICY_LIST,
  ListTargetsForPolicy: POLICY_LIST,
  EnablePolicyType: { perSecond: 1, burst: 1 },
  DisablePolicyType: { perSecond: 1, burst: 1 },
  ListRoots: { perSecond: 1, burst: 2 },
  ListChildren: { perSecond: 6, burst: 10 },
  ListParents: TREE_LIST,
  ListAccountsForParent: TREE_LIST,
  ListOrganizationalUnitsForParent: TREE_LIST,
  ListAccounts: { perSecond: 8, burst: 12 },
  DescribeOrganization: { perSecond: 1, burst: 2 },
  ListTagsForResource: { perSecond: 10, burst: 15 },
};

/** Not documented by AWS: assumed as tight as the documented calls of the same kind. */
const UNDOCUMENTED_READ: Rate = { perSecond: 5, burst: 8 };
const UNDOCUMENTED_WRITE: Rate = { perSecond: 2, burst: 3 };

export function awsRateOf(operation: string): Rate {
  return AWS_RATE_LIMITS[operation] ?? (/^(List|Describe)/.test(operation) ? UNDOCUMENTED_READ : UNDOCUMENTED_WRITE);
}

// IAM and STS throttle with token buckets per API and per calling account, and answer Throttling past them; AWS
// does not publish the numbers per API (https://repost.aws/knowledge-center/iam-sts-throttling-error). These are
// assumptions, on the safe side: IAM writes tighter than its reads, STS looser still.
const IAM_READ: Rate = { perSecond: 20, burst: 40 };
const IAM_WRITE: Rate = { perSecond: 10, burst: 15 };
export const STS_RATE: Rate = { perSecond: 100, burst: 200 };

/** The rate of an IAM operation, per account. */
export function iamRateOf(operation: string): Rate {
  return /^(Get|List)/.test(operation) ? IAM_READ : IAM_WRITE;
}
