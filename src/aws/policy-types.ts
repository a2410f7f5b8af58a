// AWS Organizations policy types and their quotas, as documented by AWS: policy types
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies.html) and their quotas
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
// Policy types are an open set: AWS adds new ones, so unknown types get the conservative defaults below
// instead of being rejected.

export type PolicyType = string;

export const SCP = 'SERVICE_CONTROL_POLICY';
export const RCP = 'RESOURCE_CONTROL_POLICY';

export interface PolicyTypeLimits {
  /** Fewest direct attachments of this type a root, OU or account may hold. */
  minAttachments: number;
  /** Most direct attachments of this type a root, OU or account may hold. */
  maxAttachments: number;
  /** Largest policy document, in characters as sent. */
  maxSize: number;
  /** Most policies of this type in one organization. */
  maxPolicies: number;
}

const MANAGEMENT_DEFAULTS: PolicyTypeLimits = { minAttachments: 0, maxAttachments: 10, maxSize: 10_000, maxPolicies: 1_000 };

const LIMITS: Record<string, PolicyTypeLimits> = {
  [SCP]: { minAttachments: 1, maxAttachments: 10, maxSize: 10_240, maxPolicies: 10_000 },
  [RCP]: { minAttachments: 1, maxAttachments: 5, maxSize: 5_120, maxPolicies: 2_000 },
  TAG_POLICY: MANAGEMENT_DEFAULTS,
  BACKUP_POLICY: MANAGEMENT_DEFAULTS,
  DECLARATIVE_POLICY_EC2: MANAGEMENT_DEFAULTS,
  SECURITYHUB_POLICY: MANAGEMENT_DEFAULTS,
  CHATBOT_POLICY: { ...MANAGEMENT_DEFAULTS, maxAttachments: 5 },
  AISERVICES_OPT_OUT_POLICY: { ...MANAGEMENT_DEFAULTS, maxAttachments: 5, maxSize: 2_500 },
  INSPECTOR_POLICY: MANAGEMENT_DEFAULTS,
  UPGRADE_ROLLOUT_POLICY: MANAGEMENT_DEFAULTS,
  BEDROCK_POLICY: MANAGEMENT_DEFAULTS,
  S3_POLICY: MANAGEMENT_DEFAULTS,
  NETWORK_SECURITY_DIRECTOR_POLICY: MANAGEMENT_DEFAULTS,
};

/** The policy types AWS documents today. Anything else is still accepted as an open string by the tool. */
export const KNOWN_POLICY_TYPES: readonly PolicyType[] = Object.keys(LIMITS);

export function defaultLimits(type: PolicyType): PolicyTypeLimits {
  return LIMITS[type] ?? MANAGEMENT_DEFAULTS;
}

/** Limits with per-type overrides applied (org.yaml `limits:`, or a twin's configuration). */
export type LimitOverrides = Record<PolicyType, Partial<PolicyTypeLimits>>;

export function limitsFor(type: PolicyType, overrides: LimitOverrides = {}): PolicyTypeLimits {
  return { ...defaultLimits(type), ...overrides[type] };
}

/** An AWS-managed policy that AWS attaches everywhere when its type is enabled. */
export interface DefaultPolicy {
  id: string;
  name: string;
  description: string;
  content: string;
  /** RCPFullAWSAccess can never be detached; FullAWSAccess can once another SCP holds the minimum. */
  detachable: boolean;
}

export const DEFAULT_POLICIES: Record<string, DefaultPolicy> = {
  [SCP]: {
    id: 'p-FullAWSAccess',
    name: 'FullAWSAccess',
    description: 'Allows access to every operation',
    content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    detachable: true,
  },
  [RCP]: {
    id: 'p-RCPFullAWSAccess',
    name: 'RCPFullAWSAccess',
    description: 'Allows access to every operation',
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
    }),
    detachable: false,
  },
};

export function defaultPolicyOf(type: PolicyType): DefaultPolicy | undefined {
  return DEFAULT_POLICIES[type];
}

export function defaultPolicyByName(name: string): { type: PolicyType; policy: DefaultPolicy } | undefined {
  for (const [type, policy] of Object.entries(DEFAULT_POLICIES)) if (policy.name === name) return { type, policy };
  return undefined;
}

/** Authorization policies (SCP, RCP) have no effective-policy view; every other type is a management policy. */
export function isAuthorizationType(type: PolicyType): boolean {
  return type === SCP || type === RCP;
}
