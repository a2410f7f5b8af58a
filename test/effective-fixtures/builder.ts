// Builds an OrgState in memory for the effective-policy tests: a tree, named policies with their documents,
// and attachments in attachment order. No twin, no files.

import type { PolicyType } from '../../src/aws/policy-types.js';
import type { OrgState } from '../../src/model/org-state.js';
import type { AssignConflict, EffectiveValidationError, RulesName } from '../../src/effective/result.js';

export const ROOT = 'r-ex01';
export const MANAGEMENT = '100000000000';

export interface OrgFixture {
  /** The type whose policies these are; enabled unless `enabled` says otherwise. */
  type: PolicyType;
  enabled?: PolicyType[];
  /** OU id → parent id (ROOT or another OU). */
  ous?: Record<string, string>;
  /** Account id → parent id. The management account is added under the root unless listed. */
  accounts: Record<string, string>;
  /** Policy name → document (an object, or text kept as written). */
  policies: Record<string, unknown>;
  /** Target id → policy names, in attachment order. */
  attachments: Record<string, string[]>;
}

export interface Expected {
  document: Record<string, unknown> | null;
  valid?: boolean;
  conflicts?: AssignConflict[];
  /** Compared without the message, whose wording AWS does not document. */
  validationErrors?: Omit<EffectiveValidationError, 'errorMessage'>[];
  contributors?: { targetId: string; policies: string[] }[];
}

export interface GoldenCase {
  name: string;
  /** Where the expectation comes from: an AWS page, or the observed behaviour the reference records. */
  source: string;
  org: OrgFixture;
  rules: RulesName;
  expect: Record<string, Expected>;
}

/** Policy ids follow AWS's pattern (p- and 8 or more letters, digits or _). */
export function policyId(name: string): string {
  return `p-${name.padEnd(8, '0')}`;
}

export function ref(name: string): { id: string; name: string } {
  return { id: policyId(name), name };
}

export function buildState(f: OrgFixture): OrgState {
  const enabled = f.enabled ?? [f.type];
  const accounts: Record<string, string> = { [MANAGEMENT]: ROOT, ...f.accounts };
  const attachments = new Map<string, Map<PolicyType, string[]>>();
  for (const [target, names] of Object.entries(f.attachments)) {
    attachments.set(target, new Map([[f.type, names.map(policyId)]]));
  }
  return {
    organization: { id: 'o-exampleorg1', managementAccountId: MANAGEMENT },
    root: { id: ROOT, name: 'Root' },
    policyTypes: new Map(enabled.map((t) => [t, 'ENABLED' as const])),
    ous: new Map(Object.entries(f.ous ?? {}).map(([id, parentId]) => [id, { id, name: id, parentId }])),
    accounts: new Map(Object.entries(accounts).map(([id, parentId]) => [id, { id, name: `account-${id}`, parentId }])),
    policies: new Map(
      Object.entries(f.policies).map(([name, document]) => [
        policyId(name),
        {
          id: policyId(name),
          name,
          type: f.type,
          description: '',
          awsManaged: false,
          content: typeof document === 'string' ? document : JSON.stringify(document),
        },
      ]),
    ),
    attachments,
    policyTargets: new Map(),
    coverage: { tree: true, policyTypes: [...enabled], named: new Map() },
  };
}
