// AWS's facts about IAM roles and their managed policies, shared by org.yaml's validation, the reader and the
// planner. Quotas: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
// Identifiers: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html

/** The key under org.yaml's `limits` for the managed policies of one role (not an Organizations policy type). */
export const IAM_ROLE_LIMIT_KEY = 'IAM_ROLE';

export const IAM_ROLE_QUOTA = {
  /** Managed policies attached to one role: AWS's default quota, raisable per account on request. */
  defaultMaxAttachments: 10,
  /** The highest AWS raises that quota to. */
  highestMaxAttachments: 20,
} as const;

/** The role AWS Organizations creates in every account it creates, and the one reconcile assumes by default. */
export const DEFAULT_MEMBER_ROLE = 'OrganizationAccountAccessRole';

/** Role and policy names: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
export const IAM_NAME = /^[\w+=,.@-]+$/;
export const ROLE_NAME_MAX = 64;

/** Service-linked roles live under this path; IAM refuses to change their policies (UnmodifiableEntity). */
export const SERVICE_LINKED_ROLE_PATH = '/aws-service-role/';

/**
 * A managed policy ARN: partition, account (`aws` for AWS-managed policies), path and name. Only the commercial,
 * China and GovCloud partitions hold IAM.
 */
const POLICY_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(aws|\d{12}):policy(\/(?:[\u0021-\u007E]+\/)?)([\w+=,.@-]{1,128})$/;
export const POLICY_ARN_MAX = 2048;

export interface PolicyArn {
  partition: string;
  /** The 12-digit account that owns a customer-managed policy, or `aws`. */
  account: string;
  path: string;
  name: string;
}

export function parseManagedPolicyArn(arn: string): PolicyArn | undefined {
  if (arn.length > POLICY_ARN_MAX) return undefined;
  const m = POLICY_ARN.exec(arn);
  return m ? { partition: m[1], account: m[2], path: m[3], name: m[4] } : undefined;
}

/**
 * AWS-managed policies under /aws-service-role/ are for service-linked roles only: IAM refuses to attach them to
 * any other role (PolicyNotAttachable, https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html).
 */
export function isServiceRolePolicyArn(arn: PolicyArn): boolean {
  return arn.account === 'aws' && arn.path.startsWith(SERVICE_LINKED_ROLE_PATH);
}

/** The partition reconcile plans for: ${Partition} in org.yaml's ARNs becomes this. */
export const PARTITION = 'aws';

/** The variables org.yaml may write in a policy ARN, substituted per account. */
export const ARN_VARIABLES = ['Partition', 'AccountId'] as const;
export type ArnVariable = (typeof ARN_VARIABLES)[number];

/** `${Name}` in an ARN template. */
export const ARN_VARIABLE = /\$\{([^}]*)\}/g;

/** `template` with each known variable replaced. */
export function substituteArn(template: string, values: Record<ArnVariable, string>): string {
  return template.replace(ARN_VARIABLE, (whole, name: string) => ((ARN_VARIABLES as readonly string[]).includes(name) ? values[name as ArnVariable] : whole));
}

/** The role ARN of `name` in `accountId` (member roles are assumed by ARN; path "/" as Organizations creates them). */
export const roleArnOf = (partition: string, accountId: string, name: string) => `arn:${partition}:iam::${accountId}:role/${name}`;
