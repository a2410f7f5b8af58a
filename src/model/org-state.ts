// The organization as reconcile knows it: one typed model that the reader fills, a snapshot serializes, the
// planner and simulator reason about, and the twin can be seeded from.
//
// A model is often partial: `plan` reads only what org.yaml needs. So it says what it covers: which targets'
// attachments (per type) were read, which policies' content, which policies' complete target lists, whether the
// whole tree is in it, and which targets the request named. A reader of the model must look only at what it
// covers; `coverage` is how it knows.

import type { TargetType } from '../aws/ids.js';
import type { PolicyType } from '../aws/policy-types.js';

/** A policy type's status on the root, as ListRoots reports it. */
export type PolicyTypeStatus = 'ENABLED' | 'PENDING_ENABLE' | 'PENDING_DISABLE';

export interface OrgPolicy {
  id: string;
  name: string;
  type: PolicyType;
  description: string;
  awsManaged: boolean;
  /** The stored text, exactly as AWS holds it; undefined when it was not read. */
  content?: string;
}

export interface OrgOu {
  id: string;
  /** Undefined when the OU's existence is known but its name was not read. */
  name?: string;
  /** Undefined when the OU was seen (e.g. as a policy's target) without its place in the tree. */
  parentId?: string;
}

export interface OrgAccount {
  id: string;
  /** Undefined when the account's existence is known but its name was not read. */
  name?: string;
  email?: string;
  parentId?: string;
}

/** A root, OU or account, as org.yaml named it and as output shows it. */
export interface TargetRef {
  id: string;
  type: TargetType;
  /** The OU path or account name org.yaml used, else AWS's name where known, else the id. */
  label: string;
}

export interface Coverage {
  /** Every OU and account is in the model, each with its parent. */
  tree: boolean;
  /** The policy types whose every policy is in `policies`. */
  policyTypes: PolicyType[];
  /** How many roots, OUs and accounts the organization has, when the read learned it. */
  targetCount?: number;
  /** The targets the read request named (org.yaml keys such as `/Workloads` or `sandbox-1`), resolved. */
  named: Map<string, TargetRef>;
}

/** One IAM role of one account, as read. */
export type IamRoleState =
  | { exists: false }
  | {
      exists: true;
      /** Undefined until read (GetRole): it is read only for roles a plan would change. */
      path?: string;
      /** The ARNs of its attached managed policies, in the order IAM lists them. */
      attachedPolicyArns: string[];
    };

/** What was read of one account's IAM. */
export interface AccountIam {
  /** The roles read, by name; a role not here was not read. */
  roles: Map<string, IamRoleState>;
  /** Customer-managed policy ARNs looked up (GetPolicy), and whether each exists. */
  policies: Map<string, boolean>;
}

/**
 * The IAM part of the model: per account, the roles org.yaml names. Its coverage is its keys: an account not in
 * `accounts` was not read (or could not be: `unreachable` says why).
 */
export interface IamState {
  /** Which entry of org.yaml's iamRoles (by index) decides each role of each selected account: id → role → entry. */
  selected: Map<string, Map<string, number>>;
  accounts: Map<string, AccountIam>;
  /** Accounts whose IAM could not be reached: the role that could not be assumed, and AWS's error. */
  unreachable: Map<string, { roleArn: string; error: string }>;
}

export interface OrgState {
  organization: { id: string; managementAccountId: string };
  root: { id: string; name: string };
  /** Policy types on the root with their status; a type not here is not enabled. */
  policyTypes: Map<PolicyType, PolicyTypeStatus>;
  ous: Map<string, OrgOu>;
  accounts: Map<string, OrgAccount>;
  /** Every policy of the covered types (`coverage.policyTypes`), by id. */
  policies: Map<string, OrgPolicy>;
  /**
   * Direct attachments (policy ids, in attachment order) of each covered target, per covered type. A target or
   * type missing here was not read; an empty list was read and is empty.
   */
  attachments: Map<string, Map<PolicyType, string[]>>;
  /** Complete target lists of these policies (only these may be known to be detached everywhere). */
  policyTargets: Map<string, string[]>;
  /** The accounts' IAM roles, when org.yaml names any (iamRoles); undefined when IAM was not read. */
  iam?: IamState;
  coverage: Coverage;
}

/**
 * The types that count as enabled: ENABLED, or on their way (PENDING_ENABLE: apply waits for it). A type being
 * disabled (PENDING_DISABLE) does not: its attachments are going away, and a plan must enable it again.
 */
export function enabledTypes(policyTypes: ReadonlyMap<PolicyType, PolicyTypeStatus>): PolicyType[] {
  return [...policyTypes].filter(([, status]) => status === 'ENABLED' || status === 'PENDING_ENABLE').map(([type]) => type);
}

export function isEnabled(state: OrgState, type: PolicyType): boolean {
  return enabledTypes(state.policyTypes).includes(type);
}

export function targetTypeOf(state: OrgState, id: string): TargetType | undefined {
  if (id === state.root.id) return 'ROOT';
  if (state.ous.has(id)) return 'ORGANIZATIONAL_UNIT';
  if (state.accounts.has(id)) return 'ACCOUNT';
  return undefined;
}

/** AWS's name for a target where the model has it. */
export function nameOf(state: OrgState, id: string): string | undefined {
  if (id === state.root.id) return state.root.name;
  return state.ous.get(id)?.name ?? state.accounts.get(id)?.name;
}

/** The path of OU names from the root, when every OU on it is in the model and no name on it has a "/". */
export function ouPath(state: OrgState, ouId: string): string | undefined {
  const names: string[] = [];
  for (let id: string | undefined = ouId; id !== state.root.id; ) {
    const ou: OrgOu | undefined = id === undefined ? undefined : state.ous.get(id);
    if (!ou || ou.parentId === undefined || ou.name === undefined || ou.name.includes('/')) return undefined;
    names.unshift(ou.name);
    id = ou.parentId;
  }
  return '/' + names.join('/');
}

/** The OUs whose parent is known, parents before children, siblings by id: the order to create them in. */
export function ousParentsFirst(state: OrgState): OrgOu[] {
  const byParent = new Map<string, OrgOu[]>();
  for (const ou of state.ous.values()) if (ou.parentId !== undefined) byParent.set(ou.parentId, [...(byParent.get(ou.parentId) ?? []), ou]);
  const out: OrgOu[] = [];
  const visit = (parentId: string) => {
    for (const ou of (byParent.get(parentId) ?? []).sort((a, b) => a.id.localeCompare(b.id))) {
      out.push(ou);
      visit(ou.id);
    }
  };
  visit(state.root.id);
  return out;
}

/** A deep copy: the simulator changes its copy, never the model it was given. */
export function cloneState(state: OrgState): OrgState {
  return {
    organization: { ...state.organization },
    root: { ...state.root },
    policyTypes: new Map(state.policyTypes),
    ous: new Map([...state.ous].map(([id, ou]) => [id, { ...ou }])),
    accounts: new Map([...state.accounts].map(([id, a]) => [id, { ...a }])),
    policies: new Map([...state.policies].map(([id, p]) => [id, { ...p }])),
    attachments: new Map([...state.attachments].map(([id, byType]) => [id, new Map([...byType].map(([t, ids]) => [t, [...ids]]))])),
    policyTargets: new Map([...state.policyTargets].map(([id, targets]) => [id, [...targets]])),
    ...(state.iam ? { iam: cloneIam(state.iam) } : {}),
    coverage: {
      ...state.coverage,
      policyTypes: [...state.coverage.policyTypes],
      named: new Map([...state.coverage.named].map(([key, t]) => [key, { ...t }])),
    },
  };
}

function cloneIam(iam: IamState): IamState {
  return {
    accounts: new Map(
      [...iam.accounts].map(([id, account]) => [
        id,
        {
          roles: new Map([...account.roles].map(([name, role]) => [name, role.exists ? { ...role, attachedPolicyArns: [...role.attachedPolicyArns] } : role])),
          policies: new Map(account.policies),
        },
      ]),
    ),
    selected: new Map([...iam.selected].map(([id, roles]) => [id, new Map(roles)])),
    unreachable: new Map([...iam.unreachable].map(([id, why]) => [id, { ...why }])),
  };
}
