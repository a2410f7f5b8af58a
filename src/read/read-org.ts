// Reading the organization into an OrgState: only what the request asks for, with the fewest calls.
//
// A scoped read (plan, apply, import):
// - DescribeOrganization (guards, ids) and ListRoots (enabled policy types).
// - ListPolicies for each requested type; DescribePolicy only for the policies the request names.
// - Only the OU paths and account names the targets use: one ListOrganizationalUnitsForParent walk per path
//   prefix, and ListAccounts only when an account is named rather than numbered.
// - Attachments, per type, whichever way costs fewer calls:
//   * target-first, ListPoliciesForTarget for each listed target: exactly one call per target;
//   * policy-first, ListTargetsForPolicy for each customer policy: at least one call per policy, and it also
//     finds the targets the request does not list (needed for `deviating` and for --prune).
//   With policy-first, whether a target carries the type's AWS-managed default (FullAWSAccess) is still
//   unknown, and FullAWSAccess is usually attached to every target: listing it costs ⌈targets/20⌉ calls, asking
//   each target costs one call per target. Which is cheaper depends on the organization's size, which no call
//   tells in advance; so its targets are paged only while the pages read stay fewer than the targets still
//   unknown, and the rest are asked directly. That costs at most twice the cheaper way, and matches it
//   when either is much cheaper. RCPFullAWSAccess can never be detached, so it needs no read.
//
// Reading everything (snapshot) walks the whole tree and reads every policy of every enabled type with its
// content and its targets.

import type { TargetType } from '../aws/ids.js';
import { DEFAULT_POLICIES, RCP, SCP, defaultPolicyByName, type PolicyType } from '../aws/policy-types.js';
import type { TargetEntry } from '../desired/config.js';
import { ConfigError, type Problem } from '../desired/problems.js';
import { isEnabled, type OrgPolicy, type OrgState, type TargetRef } from '../model/org-state.js';
import type { ReadRequest, ScopedRequest } from './request.js';
import { notFoundProblem, resolveEntry } from './resolve.js';
import { allPolicyTargets, type OrgSource, type PolicyTarget } from './source.js';
import { LazyTree } from './tree.js';

export async function readOrg(source: OrgSource, request: ReadRequest): Promise<OrgState> {
  const [organization, root] = await Promise.all([source.organization(), source.root()]);
  const state: OrgState = {
    organization,
    root: { id: root.id, name: root.name },
    policyTypes: root.policyTypes,
    ous: new Map(),
    accounts: new Map(),
    policies: new Map(),
    attachments: new Map(),
    policyTargets: new Map(),
    coverage: { tree: false, policyTypes: [], named: new Map() },
  };
  if (request.kind === 'everything') await readEverything(source, state);
  else await new ScopedReader(source, request, state).read();
  return state;
}

/** Notes a target the read saw, with its name where the read learned it. */
function recordTarget(state: OrgState, id: string, type: TargetType, name?: string): void {
  if (type === 'ROOT') return;
  const known = type === 'ACCOUNT' ? state.accounts : state.ous;
  const current = known.get(id);
  known.set(id, { ...current, id, ...(name !== undefined ? { name } : {}) });
}

class ScopedReader {
  private readonly problems: Problem[] = [];
  /** Listed targets whose existence a read has shown. */
  private readonly confirmed = new Set<string>();
  /** Targets whose attachments are read: the listed ones, and with `deviating` those found to deviate. */
  private readonly covered = new Map<string, TargetType>();
  /** The entries that name each target (two entries naming one target is the planner's to refuse). */
  private readonly entriesOf = new Map<string, TargetEntry[]>();
  private readonly tree: LazyTree;

  constructor(
    private readonly source: OrgSource,
    private readonly request: ScopedRequest,
    private readonly state: OrgState,
  ) {
    this.tree = new LazyTree(source, state.root.id, state);
    state.coverage.policyTypes = [...request.types];
  }

  async read(): Promise<void> {
    // Attachments need both the policies (to choose how to read) and the resolved targets.
    const [policies] = await Promise.all([this.readPolicies(), this.resolveTargets()]);
    await Promise.all([this.describePolicies(policies), this.readAttachments(policies)]);
    await this.confirmListedTargets();
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    for (const [id, type] of this.covered) recordTarget(this.state, id, type);
  }

  private async readPolicies(): Promise<OrgPolicy[]> {
    const lists = await Promise.all(this.request.types.map((type) => this.source.policies(type)));
    const policies = lists.flat();
    for (const p of policies) this.state.policies.set(p.id, p);
    return policies;
  }

  private isNamed(policy: OrgPolicy): boolean {
    const content = this.request.content;
    return content.kind === 'all' || content.names.some((n) => n.type === policy.type && n.name === policy.name);
  }

  /** DescribePolicy for each customer policy the request names (by name, or by a former name), or for all. */
  private async describePolicies(policies: OrgPolicy[]): Promise<void> {
    await Promise.all(
      policies
        .filter((p) => !p.awsManaged && this.isNamed(p))
        .map(async (p) => {
          p.content = await this.source.policyContent(p.id);
        }),
    );
  }

  // ---- targets -------------------------------------------------------------------------------------------

  private async resolveTargets(): Promise<void> {
    await Promise.all(
      this.request.targets.map(async (entry) => {
        const resolution = await resolveEntry(entry, this.tree);
        if (!resolution.ok) {
          this.problems.push(resolution.problem);
          return;
        }
        const { target } = resolution;
        this.state.coverage.named.set(entry.key, target);
        this.entriesOf.set(target.id, [...(this.entriesOf.get(target.id) ?? []), entry]);
        this.covered.set(target.id, target.type);
        if (resolution.confirmed) this.confirmed.add(target.id);
      }),
    );
  }

  /** Listed by id and seen by no read: ask AWS whether it exists, and learn its name on the way. */
  private async confirmListedTargets(): Promise<void> {
    const unconfirmed = new Map<string, TargetRef>();
    for (const target of this.state.coverage.named.values()) if (!this.confirmed.has(target.id)) unconfirmed.set(target.id, target);
    await Promise.all(
      [...unconfirmed.values()].map(async (target) => {
        const name = await this.source.targetName(target.id, target.type as 'ACCOUNT' | 'ORGANIZATIONAL_UNIT');
        if (name === undefined) {
          this.notFound(target.id);
          return;
        }
        recordTarget(this.state, target.id, target.type, name);
        for (const entry of this.entriesOf.get(target.id) ?? []) this.state.coverage.named.get(entry.key)!.label = name;
      }),
    );
  }

  private readonly missing = new Set<string>();

  private notFound(id: string): void {
    if (this.missing.has(id)) return;
    this.missing.add(id);
    for (const entry of this.entriesOf.get(id) ?? []) {
      this.problems.push(notFoundProblem(entry));
      this.state.coverage.named.delete(entry.key);
    }
    this.covered.delete(id);
    this.state.attachments.delete(id);
  }

  // ---- attachments ---------------------------------------------------------------------------------------

  private async readAttachments(policies: OrgPolicy[]): Promise<void> {
    const listed = [...this.covered.keys()];
    const byDefault = this.request.deviating;
    const enabled = this.request.types.filter((type) => isEnabled(this.state, type));
    const customerOf = (type: PolicyType) => policies.filter((p) => p.type === type && !p.awsManaged);
    // Policy-first when it must find unlisted targets, or when it is cheaper: each policy costs at least one call.
    const policyFirst = new Set(enabled.filter((type) => byDefault || customerOf(type).length < listed.length));

    // Every covered target starts with no attachments of any requested type; reads fill them in.
    const seed = (id: string) => {
      let byType = this.state.attachments.get(id);
      if (!byType) {
        byType = new Map(this.request.types.map((t) => [t, []]));
        this.state.attachments.set(id, byType);
      }
      return byType;
    };
    for (const id of listed) seed(id);

    const discovered = new Map<string, PolicyTarget>();
    const customerHits = new Map<PolicyType, Map<string, string[]>>();
    await Promise.all(
      [...policyFirst].map(async (type) => {
        const hits = new Map<string, string[]>();
        customerHits.set(type, hits);
        await Promise.all(
          customerOf(type).map(async (policy) => {
            for (const t of await this.targetsOf(policy.id)) {
              hits.set(t.id, [...(hits.get(t.id) ?? []), policy.id]);
              discovered.set(t.id, t);
            }
          }),
        );
      }),
    );

    const listedSet = new Set(listed);
    if (byDefault) {
      for (const [id, t] of discovered) if (!listedSet.has(id)) this.covered.set(id, t.type);
    }
    const relevant = [...this.covered.keys()];
    for (const id of relevant) seed(id);
    for (const id of listed) if (discovered.has(id)) this.confirmed.add(id);

    await Promise.all(
      enabled.map(async (type) => {
        if (!policyFirst.has(type)) {
          await Promise.all(listed.map((id) => this.readTargetFirst(id, type)));
          return;
        }
        const hits = customerHits.get(type)!;
        const unknown = new Set(relevant);
        for (const id of relevant) seed(id).set(type, [...(hits.get(id) ?? [])]);
        const defaultPolicy = DEFAULT_POLICIES[type];
        if (!defaultPolicy) return;
        if (type === RCP) {
          for (const id of relevant) seed(id).get(type)!.unshift(defaultPolicy.id);
          return;
        }
        const holders = await this.pageDefaultTargets(defaultPolicy.id, unknown);
        for (const id of relevant) if (holders.seen.has(id)) seed(id).get(type)!.unshift(defaultPolicy.id);
        if (holders.complete) {
          if (type === SCP) this.countTargets(hits, holders.seen);
          for (const id of listed) if (holders.seen.has(id)) this.confirmed.add(id);
        } else {
          await Promise.all([...unknown].map((id) => this.readTargetFirst(id, type)));
        }
      }),
    );

    if (this.request.unnamedPolicyTargets) {
      await Promise.all(
        policies.filter((p) => !p.awsManaged && !this.state.policyTargets.has(p.id) && !this.isNamed(p)).map((p) => this.targetsOf(p.id)),
      );
    }
  }

  private async targetsOf(policyId: string): Promise<PolicyTarget[]> {
    const targets = await allPolicyTargets(this.source, policyId);
    this.state.policyTargets.set(policyId, targets.map((t) => t.id));
    for (const t of targets) recordTarget(this.state, t.id, t.type, t.name);
    return targets;
  }

  /**
   * Pages the targets of an AWS-managed default policy while that stays cheaper than asking the targets still
   * unknown one by one. Removes from `unknown` every target it sees.
   */
  private async pageDefaultTargets(policyId: string, unknown: Set<string>): Promise<{ seen: Set<string>; complete: boolean }> {
    const seen = new Set<string>();
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await this.source.policyTargetsPage(policyId, next);
      pages++;
      for (const t of page.targets) {
        seen.add(t.id);
        unknown.delete(t.id);
      }
      next = page.next;
      if (next && pages >= unknown.size) return { seen, complete: false };
    } while (next);
    this.state.policyTargets.set(policyId, [...seen]);
    return { seen, complete: true };
  }

  private async readTargetFirst(targetId: string, type: PolicyType): Promise<void> {
    const policies = await this.source.targetPolicies(targetId, type);
    this.confirmed.add(targetId);
    if (policies === undefined) this.notFound(targetId);
    else this.state.attachments.get(targetId)?.set(type, policies);
  }

  /** With every SCP's targets read, every target in the organization is known: each holds at least one SCP. */
  private countTargets(customerHits: Map<string, string[]>, defaultHolders: Set<string>): void {
    this.state.coverage.targetCount = new Set([...customerHits.keys(), ...defaultHolders]).size;
  }
}

/** The whole organization, for a snapshot: every OU and account, every policy of every type on the root. */
async function readEverything(source: OrgSource, state: OrgState): Promise<void> {
  const types = [...state.policyTypes.keys()];
  const walk = async (parentId: string): Promise<void> => {
    const [ous, accounts] = await Promise.all([source.childOus(parentId), source.childAccounts(parentId)]);
    for (const a of accounts) state.accounts.set(a.id, a);
    for (const ou of ous) state.ous.set(ou.id, ou);
    await Promise.all(ous.map((ou) => walk(ou.id)));
  };
  const readPolicies = async () => {
    const policies = (await Promise.all(types.map((type) => source.policies(type)))).flat();
    await Promise.all(
      policies.map(async (p) => {
        // AWS-managed content is AWS's and known: DescribePolicy, the slowest call (2/s), only for the others.
        const known = p.awsManaged ? defaultPolicyByName(p.name)?.policy.content : undefined;
        const [content, targets] = await Promise.all([known ?? source.policyContent(p.id), allPolicyTargets(source, p.id)]);
        state.policies.set(p.id, { ...p, content });
        state.policyTargets.set(p.id, targets.map((t) => t.id));
      }),
    );
  };
  await Promise.all([walk(state.root.id), readPolicies()]);

  // Attachments per target and type, from the policies' target lists. Their order on a target is not something
  // ListTargetsForPolicy tells: policies are put in id order (of code units, as format 1 snapshots have them), so the
  // same organization gives the same model.
  const targets = [state.root.id, ...state.ous.keys(), ...state.accounts.keys()];
  for (const id of targets) state.attachments.set(id, new Map(types.map((t) => [t, []])));
  for (const policy of [...state.policies.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    for (const targetId of state.policyTargets.get(policy.id) ?? []) state.attachments.get(targetId)?.get(policy.type)?.push(policy.id);
  }
  state.coverage = { tree: true, policyTypes: types, targetCount: targets.length, named: new Map() };
}
