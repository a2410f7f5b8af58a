// Snapshots: an OrgState saved to a file (`reconcile snapshot --out live.json`), so that plans can be made
// without credentials (`plan --state live.json`) and apply can be rehearsed in the twin.
//
// Format `reconcile/snapshot`, version 2 (JSON), a serialized OrgState:
//   takenAt        ISO time the read finished
//   organization   { id, managementAccountId }
//   root           { id, name }
//   policyTypes    [{ type, status }]                       the types on the root
//   ous            [{ id, name, parentId }]                 every OU, parents before children
//   accounts       [{ id, name, email, parentId }]          every account
//   policies       [{ id, name, type, description, awsManaged, content }]   every policy of every type on the root
//   attachments    { <targetId>: { <type>: [<policyId>, …] } }   direct attachments per target and type
//   coverage       { tree, policyTypes, targetCount }       what the model covers (a snapshot covers everything)
//   iam            optional (snapshot --iam-roles): { roles: [<name>, …], accounts: { <accountId>: { <role>:
//                  { path?, attachedPolicyArns } | null } }, unreachable: { <accountId>: { roleArn, error } } }
//                  the roles named, in every account (null: the account has no such role)
//
// Version 1 (reconcile 0.1) had root.policyTypes and one attachment list per target; it still loads.

import { readFileSync, writeFileSync } from 'node:fs';
import type { PolicyType } from '../aws/policy-types.js';
import { ReconcileError } from '../diagnostics/diagnostic.js';
import { ousParentsFirst, type IamState, type OrgState, type PolicyTypeStatus } from './org-state.js';

export const SNAPSHOT_FORMAT = 'reconcile/snapshot';
export const SNAPSHOT_VERSION = 2;

export interface SnapshotFile {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  takenAt: string;
  organization: { id: string; managementAccountId: string };
  root: { id: string; name: string };
  policyTypes: { type: PolicyType; status: PolicyTypeStatus }[];
  ous: { id: string; name: string; parentId: string }[];
  accounts: { id: string; name: string; email: string; parentId: string }[];
  policies: { id: string; name: string; type: PolicyType; description: string; awsManaged: boolean; content: string }[];
  attachments: Record<string, Record<PolicyType, string[]>>;
  coverage: { tree: boolean; policyTypes: PolicyType[]; targetCount?: number };
  iam?: IamSnapshot;
}

/** The IAM roles a snapshot holds: the roles named, as read in every account. */
export interface IamSnapshot {
  roles: string[];
  accounts: Record<string, Record<string, { path?: string; attachedPolicyArns: string[] } | null>>;
  unreachable: Record<string, { roleArn: string; error: string }>;
}

/** What version 1 files hold. */
interface SnapshotV1 {
  takenAt: string;
  organization: { id: string; managementAccountId: string };
  root: { id: string; name: string; policyTypes: { type: string; status: string }[] };
  ous: { id: string; name: string; parentId: string }[];
  accounts: { id: string; name: string; email: string; parentId: string }[];
  policies: { id: string; name: string; type: string; description: string; awsManaged: boolean; content: string }[];
  attachments: Record<string, string[]>;
}

export class SnapshotError extends ReconcileError {
  constructor(message: string) {
    super(message);
  }
}

export interface Snapshot {
  takenAt: string;
  state: OrgState;
  /** The IAM roles it holds, when taken with --iam-roles. */
  iam?: IamSnapshot;
}

/** The IAM roles `names` of `iam` (read in every account), as a snapshot holds them. */
export function iamSnapshotOf(iam: IamState, names: string[]): IamSnapshot {
  const byId = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => a.localeCompare(b));
  return {
    roles: [...names],
    accounts: Object.fromEntries(
      byId([...iam.accounts]).map(([id, account]) => [
        id,
        Object.fromEntries(
          names.map((name) => {
            const role = account.roles.get(name);
            return [name, role?.exists ? { ...(role.path ? { path: role.path } : {}), attachedPolicyArns: [...role.attachedPolicyArns] } : null];
          }),
        ),
      ]),
    ),
    unreachable: Object.fromEntries(byId([...iam.unreachable]).map(([id, why]) => [id, { ...why }])),
  };
}

/** The file form of a complete state: stable order, so two snapshots of the same organization are the same file. */
export function serializeSnapshot(state: OrgState, takenAt: string, iam?: IamSnapshot): SnapshotFile {
  if (!state.coverage.tree) throw new Error('internal: only a complete organization is saved as a snapshot');
  const byId = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    takenAt,
    organization: { ...state.organization },
    root: { ...state.root },
    policyTypes: [...state.policyTypes].map(([type, status]) => ({ type, status })),
    ous: ousParentsFirst(state).map((ou) => ({ id: ou.id, name: ou.name ?? '', parentId: ou.parentId! })),
    accounts: byId([...state.accounts.values()]).map((a) => ({ id: a.id, name: a.name ?? '', email: a.email ?? '', parentId: a.parentId! })),
    policies: byId([...state.policies.values()]).map((p) => ({ ...p, content: p.content ?? '' })),
    attachments: Object.fromEntries(
      [...state.attachments]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([id, byType]) => [id, Object.fromEntries([...byType].sort(([a], [b]) => a.localeCompare(b)))]),
    ),
    coverage: { tree: true, policyTypes: [...state.coverage.policyTypes], targetCount: state.coverage.targetCount },
    ...(iam ? { iam } : {}),
  };
}

export function saveSnapshot(path: string, state: OrgState, takenAt = new Date().toISOString(), iam?: IamSnapshot): SnapshotFile {
  const file = serializeSnapshot(state, takenAt, iam);
  writeFileSync(path, JSON.stringify(file, null, 2) + '\n');
  return file;
}

export function loadSnapshot(path: string): Snapshot {
  let file: Partial<SnapshotFile>;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as Partial<SnapshotFile>;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ? `cannot be read (${(err as NodeJS.ErrnoException).code})` : 'is not valid JSON';
    throw new SnapshotError(`the snapshot ${path} ${reason}`);
  }
  if (file?.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`${path} is not a snapshot written by reconcile snapshot`);
  if (typeof file.version !== 'number' || file.version > SNAPSHOT_VERSION) {
    throw new SnapshotError(`${path} was written by a newer reconcile (snapshot format ${file.version}); this one reads format ${SNAPSHOT_VERSION}`);
  }
  const required = file.version === 1 ? ['organization', 'root', 'ous', 'accounts', 'policies', 'attachments'] : ['organization', 'root', 'policyTypes', 'ous', 'accounts', 'policies', 'attachments', 'coverage'];
  for (const key of required) {
    if (!(file as Record<string, unknown>)[key]) throw new SnapshotError(`${path} is incomplete: it has no ${key}`);
  }
  const current = file.version === 1 ? upgradeV1(file as unknown as SnapshotV1, path) : (file as SnapshotFile);
  return { takenAt: current.takenAt, state: stateOf(current, path), ...(current.iam ? { iam: current.iam } : {}) };
}

/** Version 1 kept one attachment list per target: split it by the type of each policy. */
function upgradeV1(v1: SnapshotV1, path: string): SnapshotFile {
  const typeOf = new Map(v1.policies.map((p) => [p.id, p.type]));
  const types = v1.root.policyTypes.map((t) => t.type);
  const targets = [v1.root.id, ...v1.ous.map((o) => o.id), ...v1.accounts.map((a) => a.id)];
  const attachments: Record<string, Record<PolicyType, string[]>> = {};
  for (const id of targets) attachments[id] = Object.fromEntries(types.map((t) => [t, []]));
  for (const [targetId, policyIds] of Object.entries(v1.attachments)) {
    for (const policyId of policyIds) {
      const type = typeOf.get(policyId);
      if (!type) throw new SnapshotError(`${path}: the snapshot attaches ${policyId}, which it does not list`);
      (attachments[targetId] ??= {})[type] ??= [];
      attachments[targetId][type].push(policyId);
    }
  }
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    takenAt: v1.takenAt,
    organization: v1.organization,
    root: { id: v1.root.id, name: v1.root.name },
    policyTypes: v1.root.policyTypes.map((t) => ({ type: t.type, status: t.status as PolicyTypeStatus })),
    ous: v1.ous,
    accounts: v1.accounts,
    policies: v1.policies,
    attachments,
    coverage: { tree: true, policyTypes: types, targetCount: targets.length },
  };
}

function stateOf(file: SnapshotFile, path: string): OrgState {
  const state: OrgState = {
    organization: { ...file.organization },
    root: { ...file.root },
    policyTypes: new Map(file.policyTypes.map((t) => [t.type, t.status])),
    ous: new Map(file.ous.map((ou) => [ou.id, { ...ou }])),
    accounts: new Map(file.accounts.map((a) => [a.id, { ...a }])),
    policies: new Map(file.policies.map((p) => [p.id, { ...p }])),
    attachments: new Map(),
    policyTargets: new Map(file.policies.map((p) => [p.id, []])),
    coverage: { tree: file.coverage.tree, policyTypes: [...file.coverage.policyTypes], targetCount: file.coverage.targetCount, named: new Map() },
  };
  const known = new Set([state.root.id, ...state.ous.keys(), ...state.accounts.keys()]);
  for (const [targetId, byType] of Object.entries(file.attachments)) {
    if (!known.has(targetId)) throw new SnapshotError(`${path}: the snapshot attaches policies to ${targetId}, which it does not list`);
    for (const ids of Object.values(byType)) {
      for (const id of ids) {
        if (!state.policies.has(id)) throw new SnapshotError(`${path}: the snapshot attaches ${id}, which it does not list`);
        state.policyTargets.get(id)!.push(targetId);
      }
    }
    state.attachments.set(targetId, new Map(Object.entries(byType).map(([type, ids]) => [type, [...ids]])));
  }
  return state;
}
