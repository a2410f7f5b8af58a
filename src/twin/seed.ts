// Seeding the twin without going through the API: an organization described in a YAML/JSON fixture, or a large
// synthetic one. Both build the state with the same changes the API makes, and the fixture is checked against
// the same rules (content size, attachment limits), so a seed cannot describe an organization AWS would refuse.
// The accounts' IAM (roles, their policies, OrganizationAccountAccessRole) is seeded last, by iam/seed.ts.

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_POLICIES, KNOWN_POLICY_TYPES, defaultPolicyByName, limitsFor, type LimitOverrides } from '../aws/policy-types.js';
import { ACCOUNT_ID, ORGANIZATION_ID, OU_ID, POLICY_ID, ROOT_ID } from '../aws/ids.js';
import { AwsError } from './errors.js';
import { FixtureError } from './fixture-error.js';
import { seedIam, type AccountIamSeed, type FixtureIamPolicy, type FixtureRole } from './iam/seed.js';
import { accountArn, newAccountId, newOuId, newPolicyId, ouArn, policyArn } from './ids.js';
import { createOrganizationData } from './new-organization.js';
import { MAX_OU_DEPTH, checkAttach, checkPolicyContent } from './rules.js';
import { seededRandom, type Random } from './random.js';
import { applyChange, attachedOfType, type OrgData } from './state.js';

export interface FixtureAccount {
  name: string;
  id?: string;
  email?: string;
  /** Exact direct attachments, by policy name or id. A type not mentioned keeps its default (FullAWSAccess…). */
  policies?: string[];
  /** IAM roles in the account. */
  roles?: FixtureRole[];
  /** false: a member account without OrganizationAccountAccessRole (which it otherwise gets, as AWS creates it). */
  organizationAccountAccessRole?: boolean;
}

export interface FixtureOu {
  name: string;
  id?: string;
  policies?: string[];
  ous?: FixtureOu[];
  accounts?: FixtureAccount[];
}

export interface FixturePolicy {
  name: string;
  type: string;
  description?: string;
  id?: string;
  /** A JSON document, or its text exactly as it should be stored. */
  content: unknown;
}

export interface Fixture {
  organization?: { id?: string; rootId?: string; managementAccountId?: string; managementAccountName?: string };
  enabledPolicyTypes?: string[];
  policies?: FixturePolicy[];
  root?: { policies?: string[]; ous?: FixtureOu[]; accounts?: FixtureAccount[] };
  /** Customer-managed IAM policies, each in the account it names. */
  iamPolicies?: FixtureIamPolicy[];
}

export { FixtureError };
export type { FixtureIamPolicy, FixtureRole };

/** Loads a fixture file (YAML or JSON) into an organization. */
export function loadFixtureFile(path: string, options: { limits?: LimitOverrides; seed?: number } = {}): OrgData {
  let fixture: unknown;
  try {
    fixture = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new FixtureError(`${path}: ${(err as Error).message}`);
  }
  try {
    return buildFixture((fixture ?? {}) as Fixture, options);
  } catch (err) {
    throw new FixtureError(`${path}: ${err instanceof FixtureError ? err.reason : (err as Error).message}`);
  }
}

export function buildFixture(fixture: Fixture, options: { limits?: LimitOverrides; seed?: number } = {}): OrgData {
  const random = seededRandom(options.seed ?? 1);
  const limits = options.limits ?? {};
  const org = fixture.organization ?? {};
  if (org.id !== undefined && !ORGANIZATION_ID.test(org.id)) throw new FixtureError(`organization id ${org.id} is not valid`);
  if (org.rootId !== undefined && !ROOT_ID.test(org.rootId)) throw new FixtureError(`root id ${org.rootId} is not valid`);
  if (org.managementAccountId !== undefined && !ACCOUNT_ID.test(String(org.managementAccountId))) {
    throw new FixtureError(`management account id ${org.managementAccountId} is not 12 digits`);
  }
  const data = createOrganizationData(random, {
    id: org.id,
    rootId: org.rootId,
    managementAccountId: org.managementAccountId === undefined ? undefined : String(org.managementAccountId),
    managementAccountName: org.managementAccountName,
  });
  for (const type of fixture.enabledPolicyTypes ?? []) {
    if (!KNOWN_POLICY_TYPES.includes(type)) throw new FixtureError(`unknown policy type ${type}`);
    applyChange(data, { kind: 'enableType', type, readyAt: 0 });
  }

  const policyIds = new Map<string, string>();
  for (const policy of Object.values(DEFAULT_POLICIES)) policyIds.set(policy.name, policy.id);
  for (const p of fixture.policies ?? []) {
    if (!p?.name || !p.type) throw new FixtureError('every policy needs a name and a type');
    if (!KNOWN_POLICY_TYPES.includes(p.type)) throw new FixtureError(`policy ${p.name}: unknown type ${p.type}`);
    if (policyIds.has(p.name)) throw new FixtureError(`policy ${p.name} is defined twice`);
    const content = typeof p.content === 'string' ? p.content : JSON.stringify(p.content);
    asFixtureError(`policy ${p.name}`, () => checkPolicyContent(p.type, content, limits));
    const id = p.id ?? newPolicyId(random, data);
    if (!POLICY_ID.test(id)) throw new FixtureError(`policy ${p.name}: id ${id} is not valid`);
    applyChange(data, {
      kind: 'putPolicy',
      policy: { id, name: p.name, description: p.description ?? '', type: p.type, awsManaged: false, content, arn: policyArn(data.organization, p.type, id) },
    });
    policyIds.set(p.name, id);
  }

  const root = fixture.root ?? {};
  const seenNames = new Set<string>();
  const iamSeeds: AccountIamSeed[] = [];
  const addAccounts = (parentId: string, accounts: FixtureAccount[] | undefined) => {
    for (const a of accounts ?? []) {
      const id = a.id === undefined ? newAccountId(random, data) : String(a.id);
      iamSeeds.push({ id, roles: a.roles, organizationAccountAccessRole: a.organizationAccountAccessRole });
      if (!ACCOUNT_ID.test(id)) throw new FixtureError(`account ${a.name}: id ${id} is not 12 digits`);
      if (id === data.organization.managementAccountId) {
        // The management account already exists under the root; the fixture may move and rename it.
        const existing = data.accounts.get(id)!;
        applyChange(data, { kind: 'moveAccount', accountId: id, parentId });
        data.accounts.set(id, { ...existing, parentId, name: a.name ?? existing.name });
      } else {
        if (data.accounts.has(id)) throw new FixtureError(`account ${id} is listed twice`);
        applyChange(data, {
          kind: 'putAccount',
          account: { id, name: a.name, email: a.email ?? `${id}@example.com`, parentId, arn: accountArn(data.organization, id), joinedTimestamp: Date.UTC(2021, 0, 1) },
        });
      }
      setAttachments(data, id, a.policies, policyIds, limits);
    }
  };
  const addOus = (parentId: string, ous: FixtureOu[] | undefined, depth: number) => {
    for (const o of ous ?? []) {
      if (depth > MAX_OU_DEPTH) throw new FixtureError(`OU ${o.name} is nested deeper than AWS allows (${MAX_OU_DEPTH} levels)`);
      const key = `${parentId}/${o.name}`;
      if (seenNames.has(key)) throw new FixtureError(`two OUs named ${o.name} under one parent`);
      seenNames.add(key);
      const id = o.id ?? newOuId(random, data);
      if (!OU_ID.test(id) || data.ous.has(id)) throw new FixtureError(`OU ${o.name}: id ${id} is not valid or is used twice`);
      applyChange(data, { kind: 'putOu', ou: { id, name: o.name, parentId, arn: ouArn(data.organization, id) } });
      setAttachments(data, id, o.policies, policyIds, limits);
      addOus(id, o.ous, depth + 1);
      addAccounts(id, o.accounts);
    }
  };
  setAttachments(data, data.root.id, root.policies, policyIds, limits);
  addOus(data.root.id, root.ous, 1);
  addAccounts(data.root.id, root.accounts);
  seedIam(data, random, iamSeeds, fixture.iamPolicies);
  return data;
}

function asFixtureError(what: string, check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof AwsError) throw new FixtureError(`${what}: ${err.type}${err.reason ? ` (${err.reason})` : ''}: ${err.message}`);
    throw err;
  }
}

/**
 * Sets a target's direct attachments to `names` for every type they mention; types not mentioned keep what the
 * target has (its default policy, if the type is enabled).
 */
function setAttachments(
  data: OrgData,
  targetId: string,
  names: string[] | undefined,
  policyIds: Map<string, string>,
  limits: LimitOverrides,
): void {
  if (!names) return;
  const ids = names.map((name) => {
    const id = policyIds.get(name) ?? (POLICY_ID.test(name) && data.policies.has(name) ? name : undefined);
    if (!id) throw new FixtureError(`${targetId}: unknown policy ${name}`);
    return id;
  });
  const types = new Set(ids.map((id) => data.policies.get(id)!.type));
  for (const type of types) {
    for (const current of attachedOfType(data, targetId, type)) {
      if (!ids.includes(current) && defaultPolicyByName(data.policies.get(current)!.name)?.policy.detachable !== false) {
        applyChange(data, { kind: 'detach', policyId: current, targetId });
      }
    }
  }
  for (const id of ids) {
    if (attachedOfType(data, targetId, data.policies.get(id)!.type).includes(id)) continue;
    asFixtureError(`${targetId}`, () => checkAttach(data, id, targetId, 0, limits));
    applyChange(data, { kind: 'attach', policyId: id, targetId });
  }
  for (const type of types) {
    const { minAttachments } = limitsFor(type, limits);
    if (attachedOfType(data, targetId, type).length < minAttachments) {
      throw new FixtureError(`${targetId}: needs at least ${minAttachments} ${type} attached`);
    }
  }
}

export interface SyntheticOptions {
  accounts: number;
  ous: number;
  /** Customer-managed SCPs to create and attach. */
  customerPolicies?: number;
  /** Each customer policy is attached to this many targets (OUs mostly, some accounts). */
  targetsPerPolicy?: number;
  seed?: number;
  limits?: LimitOverrides;
  /** IAM roles to create in every account, trusting the management account (members also get OrganizationAccountAccessRole). */
  roles?: { name: string; policies: string[] }[];
}

/**
 * A large organization for benchmarks: SCPs enabled (so FullAWSAccess is everywhere), an OU tree at most five
 * deep, accounts spread over the OUs, customer SCPs attached to a few targets each within the limits, and in
 * every account the IAM roles asked for.
 */
export function generateOrganization(options: SyntheticOptions): OrgData {
  const random = seededRandom(options.seed ?? 7);
  const data = createOrganizationData(random, { id: 'o-synthetic01', rootId: 'r-synt', managementAccountId: '100000000000' });
  applyChange(data, { kind: 'enableType', type: 'SERVICE_CONTROL_POLICY', readyAt: 0 });
  const ouIds: string[] = [];
  const depthOf = new Map<string, number>([[data.root.id, 0]]);
  for (let i = 0; i < options.ous; i++) {
    const candidates = ouIds.length === 0 || random() < 0.1 ? [data.root.id] : ouIds;
    let parentId = candidates[Math.floor(random() * candidates.length)];
    if (depthOf.get(parentId)! >= MAX_OU_DEPTH) parentId = data.root.id;
    const id = newOuId(random, data);
    applyChange(data, { kind: 'putOu', ou: { id, name: `ou-${i}`, parentId, arn: ouArn(data.organization, id) } });
    depthOf.set(id, depthOf.get(parentId)! + 1);
    ouIds.push(id);
  }
  const accountIds: string[] = [];
  for (let i = 1; i < options.accounts; i++) {
    const parentId = ouIds.length ? ouIds[Math.floor(random() * ouIds.length)] : data.root.id;
    const id = String(100000000000 + i);
    applyChange(data, {
      kind: 'putAccount',
      account: { id, name: `account-${i}`, email: `account-${i}@example.com`, parentId, arn: accountArn(data.organization, id), joinedTimestamp: Date.UTC(2022, 0, 1) },
    });
    accountIds.push(id);
  }
  const limits = options.limits ?? {};
  const { maxAttachments } = limitsFor('SERVICE_CONTROL_POLICY', limits);
  const perPolicy = options.targetsPerPolicy ?? 3;
  for (let i = 0; i < (options.customerPolicies ?? 0); i++) {
    const id = `p-synth${String(i).padStart(4, '0')}`;
    const content = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: `Deny${i}`, Effect: 'Deny', Action: [`service${i}:*`], Resource: '*' }],
    });
    applyChange(data, {
      kind: 'putPolicy',
      policy: { id, name: `policy-${i}`, description: `Synthetic policy ${i}`, type: 'SERVICE_CONTROL_POLICY', awsManaged: false, content, arn: policyArn(data.organization, 'SERVICE_CONTROL_POLICY', id) },
    });
    for (let k = 0; k < perPolicy; k++) {
      const pool = random() < 0.7 && ouIds.length ? ouIds : accountIds.length ? accountIds : ouIds;
      const targetId = pick(random, pool);
      const attached = attachedOfType(data, targetId, 'SERVICE_CONTROL_POLICY');
      if (attached.length < maxAttachments && !attached.includes(id)) applyChange(data, { kind: 'attach', policyId: id, targetId });
    }
  }
  seedIam(data, random, [...data.accounts.keys()].map((id) => ({ id, roles: options.roles })));
  return data;
}

function pick<T>(random: Random, items: T[]): T {
  return items[Math.floor(random() * items.length)];
}
