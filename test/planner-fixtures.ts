// Builders for planner tests: desired and live states in memory, no server and no files.

import type { PolicyType } from '../src/aws/policy-types.js';
import type { DesiredConfig, DesiredPolicy, TargetEntry } from '../src/desired/config.js';
import type { OrgPolicy, OrgState, TargetRef } from '../src/model/org-state.js';

export const SCP = 'SERVICE_CONTROL_POLICY';
export const TAG = 'TAG_POLICY';

export function declared(name: string, type: PolicyType, document: unknown, extra: Partial<DesiredPolicy> = {}): DesiredPolicy {
  return {
    name,
    type,
    description: undefined,
    file: `policies/${name}.json`,
    document,
    content: JSON.stringify(document),
    formerNames: [],
    source: { file: 'org.yaml', line: 1, column: 1 },
    ...extra,
  };
}

export function config(
  policies: DesiredPolicy[],
  targets: Record<string, string[]>,
  extra: Partial<DesiredConfig> = {},
): DesiredConfig {
  const entries: TargetEntry[] = Object.entries(targets).map(([key, names], i) => ({
    key,
    selector: key === 'root' ? { kind: 'root' } : { kind: 'accountId', id: key },
    policies: names,
    source: { file: 'org.yaml', line: 10 + i, column: 3 },
  }));
  const types = new Set<PolicyType>(policies.map((p) => p.type));
  if (entries.length) types.add(SCP);
  return {
    file: 'org.yaml',
    organization: {},
    limits: {},
    policies: new Map(policies.map((p) => [p.name, p])),
    targets: entries,
    unlistedTargets: 'ignore',
    iamRoles: [],
    iamRoleLimits: { maxAttachments: 10 },
    newPolicyTypes: [],
    warnings: [],
    managedTypes: [...types].sort(),
    ...extra,
  };
}

export function livePolicy(id: string, name: string, type: PolicyType, document?: unknown, awsManaged = false): OrgPolicy {
  return { id, name, type, description: '', awsManaged, content: document === undefined ? undefined : typeof document === 'string' ? document : JSON.stringify(document) };
}

export const FAA = livePolicy('p-FullAWSAccess', 'FullAWSAccess', SCP, undefined, true);

/**
 * An organization model whose targets are the keys of `attachments` (account ids, or 'root' for the root), each
 * listed in org.yaml under the same key unless `unlisted` says otherwise.
 */
export function live(
  policies: OrgPolicy[],
  attachments: Record<string, Partial<Record<PolicyType, string[]>>>,
  options: { types?: PolicyType[]; unlisted?: string[]; policyTargets?: Record<string, string[]>; managedTypes?: PolicyType[] } = {},
): OrgState {
  const managed = options.managedTypes ?? [SCP, TAG];
  const named = new Map<string, TargetRef>();
  const accounts = new Map<string, { id: string; name: string }>();
  const byTarget = new Map<string, Map<PolicyType, string[]>>();
  for (const [key, byType] of Object.entries(attachments)) {
    const id = key === 'root' ? 'r-test' : key;
    const target: TargetRef = { id, type: key === 'root' ? 'ROOT' : 'ACCOUNT', label: key };
    if (key !== 'root') accounts.set(id, { id, name: key });
    if (!options.unlisted?.includes(key)) named.set(key, target);
    byTarget.set(id, new Map(managed.map((t) => [t, [...(byType[t] ?? [])]])));
  }
  return {
    organization: { id: 'o-testorg0001', managementAccountId: '111111111111' },
    root: { id: 'r-test', name: 'Root' },
    policyTypes: new Map((options.types ?? [SCP, TAG]).map((t) => [t, 'ENABLED'])),
    ous: new Map(),
    accounts,
    policies: new Map([FAA, ...policies].map((p) => [p.id, p])),
    attachments: byTarget,
    policyTargets: new Map(Object.entries(options.policyTargets ?? {})),
    coverage: { tree: false, policyTypes: managed, named },
  };
}

/**
 * A plan with every kind of step: enable a type, create, update (rename, description and content), attach,
 * detach, a swap at the maximum, and delete (prune); with warnings and a policy kept as undeclared.
 */
export function planWithEveryKindOfStep(): { desired: DesiredConfig; state: OrgState } {
  const deny = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });
  const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:*', 's3:*'], Resource: '*' }] };
  const policies = [
    livePolicy('p-allowlist1', 'AllowedServices', SCP, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:*'], Resource: '*' }] }),
    livePolicy('p-denyleave1', 'DenyLeave', SCP, deny('organizations:LeaveOrganization')),
    livePolicy('p-stray00001', 'Stray', SCP),
    livePolicy('p-keptaway01', 'KeptElsewhere', SCP),
  ];
  const desired = config(
    [
      declared('WorkloadsAllowList', SCP, allow, { formerNames: ['AllowedServices'], description: 'Services allowed in workloads' }),
      declared('DenyLeave', SCP, deny('organizations:LeaveOrganization')),
      declared('RegionGuard', SCP, deny('ec2:RunInstances'), { description: 'Keep to the EU' }),
      declared('CostCenterTags', TAG, { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' } } } }),
    ],
    {
      root: ['FullAWSAccess', 'DenyLeave', 'CostCenterTags'],
      '200000000001': ['WorkloadsAllowList', 'RegionGuard'],
      '200000000002': ['FullAWSAccess', 'DenyLeave', 'RegionGuard'],
    },
    { limits: { [SCP]: { maxAttachments: 3 } } },
  );
  const state = live(
    policies,
    {
      root: { [SCP]: ['p-FullAWSAccess', 'p-denyleave1'] },
      '200000000001': { [SCP]: ['p-FullAWSAccess', 'p-stray00001'] },
      '200000000002': { [SCP]: ['p-FullAWSAccess', 'p-denyleave1', 'p-stray00001'] },
    },
    { types: [SCP], policyTargets: { 'p-stray00001': ['200000000001', '200000000002'], 'p-keptaway01': ['299999999999'] } },
  );
  state.coverage.named.get('200000000001')!.label = 'workloads-1';
  return { desired, state };
}
