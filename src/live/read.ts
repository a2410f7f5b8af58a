// Reading the live organization: only what the plan needs, with the fewest calls.
//
// What is read:
// - DescribeOrganization (guards, ids) and ListRoots (enabled policy types).
// - ListPolicies for each managed type; DescribePolicy only for the policies org.yaml declares.
// - Only the OU paths and account names org.yaml uses: one ListOrganizationalUnitsForParent walk per path
//   prefix, and ListAccounts only when an account is named rather than numbered.
// - Attachments, per managed type, whichever way costs fewer calls:
//   * target-first, ListPoliciesForTarget for each listed target: exactly one call per target;
//   * policy-first, ListTargetsForPolicy for each customer policy: at least one call per policy, and it also
//     finds the targets org.yaml does not list (needed for `unlistedTargets: default` and --prune).
//   With policy-first, whether a target carries the type's AWS-managed default (FullAWSAccess) is still
//   unknown, and FullAWSAccess is usually attached to every target: listing it costs ⌈targets/20⌉ calls, asking
//   each target costs one call per target. Which is cheaper depends on the organization's size, which no call
//   tells in advance; so its targets are paged only while the pages read stay fewer than the targets still
//   unknown, and the rest are asked directly. That costs at most twice the cheaper way, and matches it
//   when either is much cheaper. RCPFullAWSAccess can never be detached, so it needs no read.

import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  type Account,
  type DescribeOrganizationCommandOutput,
  type DescribePolicyCommandOutput,
  type ListTargetsForPolicyCommandOutput,
  type OrganizationalUnit,
  type PolicySummary,
  type PolicyType as SdkPolicyType,
  type PolicyTargetSummary,
  type Root,
} from '@aws-sdk/client-organizations';
import { ACCOUNT_ID, type TargetType } from '../aws/ids.js';
import { DEFAULT_POLICIES, RCP, type PolicyType } from '../aws/policy-types.js';
import type { DesiredConfig, TargetEntry } from '../desired/config.js';
import { ConfigError, type Problem } from '../desired/problems.js';
import { errorName, type OrganizationsApi } from './api.js';
import { OuTree } from './ou-tree.js';
import type { LivePolicy, LiveState, LiveTarget, PolicyTypeStatus } from './state.js';

const PAGE = 20;

export interface ReadOptions {
  /** Also read the targets of undeclared policies, so the planner can tell which may be deleted. */
  prune: boolean;
  /** Read the content of every customer policy, not only of those org.yaml declares (for import). */
  describeAll?: boolean;
}

export async function readLive(api: OrganizationsApi, config: DesiredConfig, options: ReadOptions): Promise<LiveState> {
  const [orgOutput, roots] = await Promise.all([
    api.send<DescribeOrganizationCommandOutput>(new DescribeOrganizationCommand({})),
    api.listAll<Root>((NextToken) => new ListRootsCommand({ MaxResults: PAGE, NextToken }), 'Roots'),
  ]);
  const organization = orgOutput.Organization!;
  const root = roots[0];
  if (!root?.Id) throw new Error('the organization has no root');
  const policyTypes = new Map<PolicyType, PolicyTypeStatus>();
  for (const t of root.PolicyTypes ?? []) if (t.Type && t.Status) policyTypes.set(t.Type, t.Status as PolicyTypeStatus);

  const reader = new Reader(api, config, root, policyTypes);
  const [policies] = await Promise.all([reader.readPolicies(), reader.resolveTargets()]);
  await Promise.all([reader.describePolicies(policies, options.describeAll ?? false), reader.readAttachments(policies, options)]);
  await reader.confirmListedTargets();
  reader.throwProblems();

  return {
    organization: { id: organization.Id!, managementAccountId: organization.MasterAccountId! },
    root: { id: root.Id, name: root.Name ?? 'Root' },
    policyTypes,
    policies,
    resolved: reader.resolved,
    targets: reader.targets,
    attachments: reader.attachments,
    policyTargets: reader.policyTargets,
    unlistedTargetCount: reader.unlistedTargetCount,
  };
}

class Reader {
  readonly resolved = new Map<string, LiveTarget>();
  readonly targets = new Map<string, LiveTarget>();
  readonly attachments = new Map<string, Map<PolicyType, string[]>>();
  readonly policyTargets = new Map<string, string[]>();
  unlistedTargetCount: number | undefined;
  private readonly problems: Problem[] = [];
  /** Listed targets whose existence a read has shown. */
  private readonly confirmed = new Set<string>();
  private accounts: Promise<Account[]> | undefined;

  private readonly tree: OuTree;

  constructor(
    private readonly api: OrganizationsApi,
    private readonly config: DesiredConfig,
    private readonly root: Root,
    private readonly policyTypes: Map<PolicyType, PolicyTypeStatus>,
  ) {
    this.tree = new OuTree(api, root.Id!);
  }

  throwProblems(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }

  async readPolicies(): Promise<LivePolicy[]> {
    const lists = await Promise.all(
      this.config.managedTypes.map((type) =>
        this.api.listAll<PolicySummary>((NextToken) => new ListPoliciesCommand({ Filter: type as SdkPolicyType, MaxResults: PAGE, NextToken }), 'Policies'),
      ),
    );
    return lists.flat().map((p) => ({
      id: p.Id!,
      name: p.Name!,
      type: p.Type!,
      description: p.Description ?? '',
      awsManaged: p.AwsManaged ?? false,
    }));
  }

  /** DescribePolicy for each declared policy found live (by name, or by a former name), or for all of them. */
  async describePolicies(policies: LivePolicy[], all: boolean): Promise<void> {
    const wanted = new Set<string>();
    for (const declared of this.config.policies.values()) {
      for (const name of [declared.name, ...declared.formerNames]) wanted.add(`${declared.type}\0${name}`);
    }
    await Promise.all(
      policies
        .filter((p) => !p.awsManaged && (all || wanted.has(`${p.type}\0${p.name}`)))
        .map(async (p) => {
          const output = await this.api.send<DescribePolicyCommandOutput>(new DescribePolicyCommand({ PolicyId: p.id }));
          p.content = output.Policy?.Content ?? '';
        }),
    );
  }

  // ---- targets -------------------------------------------------------------------------------------------

  async resolveTargets(): Promise<void> {
    await Promise.all(this.config.targets.map((entry) => this.resolve(entry)));
  }

  private async resolve(entry: TargetEntry): Promise<void> {
    const selector = entry.selector;
    const found = (id: string, type: TargetType, label: string) => {
      const target = { id, type, label };
      this.resolved.set(entry.key, target);
      this.targets.set(id, target);
    };
    switch (selector.kind) {
      case 'root':
        this.confirmed.add(this.root.Id!);
        return found(this.root.Id!, 'ROOT', 'Root');
      case 'ouId':
        return found(selector.id, 'ORGANIZATIONAL_UNIT', selector.id);
      case 'accountId':
        return found(selector.id, 'ACCOUNT', selector.id);
      case 'ouPath': {
        let parentId = this.root.Id!;
        for (let depth = 0; depth < selector.path.length; depth++) {
          const children = await this.tree.children(parentId);
          const child = children.find((ou) => ou.Name === selector.path[depth]);
          if (!child) {
            const at = '/' + selector.path.slice(0, depth).join('/');
            const known = children.map((ou) => ou.Name).join(', ') || 'none';
            this.problems.push({
              location: entry.source,
              message: `no OU named ${selector.path[depth]} under ${depth === 0 ? 'the root' : at} (its OUs: ${known})`,
            });
            return;
          }
          parentId = child.Id!;
        }
        this.confirmed.add(parentId);
        return found(parentId, 'ORGANIZATIONAL_UNIT', entry.key);
      }
      case 'accountName': {
        this.accounts ??= this.api.listAll<Account>((NextToken) => new ListAccountsCommand({ MaxResults: PAGE, NextToken }), 'Accounts');
        const matches = (await this.accounts).filter((a) => a.Name === selector.name);
        if (matches.length !== 1) {
          this.problems.push({
            location: entry.source,
            message:
              matches.length === 0
                ? `no account named ${selector.name} in the organization`
                : `account name ${selector.name} is not unique (${matches.map((a) => a.Id).join(', ')}): list the account by id`,
          });
          return;
        }
        this.confirmed.add(matches[0].Id!);
        return found(matches[0].Id!, 'ACCOUNT', selector.name);
      }
    }
  }

  /** Listed by id and seen by no read: ask AWS whether it exists (and learn its name on the way). */
  async confirmListedTargets(): Promise<void> {
    await Promise.all(
      [...this.resolved.entries()]
        .filter(([, target]) => !this.confirmed.has(target.id))
        .map(async ([key, target]) => {
          try {
            const name =
              target.type === 'ACCOUNT'
                ? (await this.api.send<{ Account?: Account }>(new DescribeAccountCommand({ AccountId: target.id }))).Account?.Name
                : (await this.api.send<{ OrganizationalUnit?: OrganizationalUnit }>(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: target.id })))
                    .OrganizationalUnit?.Name;
            if (name) target.label = `${name}`;
          } catch (err) {
            if (!/NotFound/.test(errorName(err))) throw err;
            this.notFound(key);
          }
        }),
    );
  }

  private notFound(key: string): void {
    const entry = this.config.targets.find((e) => e.key === key)!;
    const what = ACCOUNT_ID.test(key) ? 'account' : 'OU';
    this.problems.push({ location: entry.source, message: `no ${what} ${key} in the organization` });
  }

  // ---- attachments ---------------------------------------------------------------------------------------

  async readAttachments(policies: LivePolicy[], options: ReadOptions): Promise<void> {
    const listed = [...new Set([...this.resolved.values()].map((t) => t.id))];
    const byDefault = this.config.unlistedTargets === 'default';
    const enabled = this.config.managedTypes.filter((type) => this.policyTypes.has(type));
    const customerOf = (type: PolicyType) => policies.filter((p) => p.type === type && !p.awsManaged);
    // Policy-first when it must find unlisted targets, or when it is cheaper: each policy costs at least one call.
    const policyFirst = new Set(enabled.filter((type) => byDefault || customerOf(type).length < listed.length));

    // Every known target starts with no attachments of any managed type; reads fill them in.
    const seed = (id: string) => {
      if (!this.attachments.has(id)) this.attachments.set(id, new Map(this.config.managedTypes.map((t) => [t, []])));
      return this.attachments.get(id)!;
    };
    for (const id of listed) seed(id);

    const discovered = new Map<string, LiveTarget>();
    const customerHits = new Map<PolicyType, Map<string, string[]>>();
    await Promise.all(
      [...policyFirst].map(async (type) => {
        const hits = new Map<string, string[]>();
        customerHits.set(type, hits);
        await Promise.all(
          customerOf(type).map(async (policy) => {
            const targets = await this.targetsOf(policy.id);
            for (const t of targets) {
              hits.set(t.TargetId!, [...(hits.get(t.TargetId!) ?? []), policy.id]);
              discovered.set(t.TargetId!, { id: t.TargetId!, type: t.Type as TargetType, label: t.Name ?? t.TargetId! });
            }
          }),
        );
      }),
    );

    const listedSet = new Set(listed);
    if (byDefault) {
      for (const [id, target] of discovered) if (!listedSet.has(id)) this.targets.set(id, target);
    }
    const relevant = [...this.targets.keys()];
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
        if (holders.complete) {
          for (const id of relevant) if (holders.seen.has(id)) seed(id).get(type)!.unshift(defaultPolicy.id);
          if (type === 'SERVICE_CONTROL_POLICY') this.countUnlisted(hits, holders.seen, listedSet);
          for (const id of listed) if (holders.seen.has(id)) this.confirmed.add(id);
        } else {
          for (const id of relevant) if (holders.seen.has(id)) seed(id).get(type)!.unshift(defaultPolicy.id);
          await Promise.all([...unknown].map((id) => this.readTargetFirst(id, type)));
        }
      }),
    );

    if (options.prune) {
      await Promise.all(
        policies
          .filter((p) => !p.awsManaged && !this.policyTargets.has(p.id) && !this.isDeclared(p))
          .map((p) => this.targetsOf(p.id)),
      );
    }
  }

  private isDeclared(policy: LivePolicy): boolean {
    for (const declared of this.config.policies.values()) {
      if (declared.type === policy.type && (declared.name === policy.name || declared.formerNames.includes(policy.name))) return true;
    }
    return false;
  }

  private async targetsOf(policyId: string): Promise<PolicyTargetSummary[]> {
    const targets = await this.api.listAll<PolicyTargetSummary>(
      (NextToken) => new ListTargetsForPolicyCommand({ PolicyId: policyId, MaxResults: PAGE, NextToken }),
      'Targets',
    );
    this.policyTargets.set(policyId, targets.map((t) => t.TargetId!));
    return targets;
  }

  /**
   * Pages the targets of an AWS-managed default policy while that stays cheaper than asking the targets still
   * unknown one by one. Removes from `unknown` every target it sees.
   */
  private async pageDefaultTargets(policyId: string, unknown: Set<string>): Promise<{ seen: Set<string>; complete: boolean }> {
    const seen = new Set<string>();
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page: ListTargetsForPolicyCommandOutput = await this.api.send(
        new ListTargetsForPolicyCommand({ PolicyId: policyId, MaxResults: PAGE, NextToken: nextToken }),
      );
      pages++;
      for (const t of page.Targets ?? []) {
        seen.add(t.TargetId!);
        unknown.delete(t.TargetId!);
      }
      nextToken = page.NextToken;
      if (nextToken && pages >= unknown.size) return { seen, complete: false };
    } while (nextToken);
    this.policyTargets.set(policyId, [...seen]);
    return { seen, complete: true };
  }

  private async readTargetFirst(targetId: string, type: PolicyType): Promise<void> {
    try {
      const policies = await this.api.listAll<PolicySummary>(
        (NextToken) => new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: type as SdkPolicyType, MaxResults: PAGE, NextToken }),
        'Policies',
      );
      this.attachments.get(targetId)!.set(type, policies.map((p) => p.Id!));
      this.confirmed.add(targetId);
    } catch (err) {
      if (errorName(err) !== 'TargetNotFoundException') throw err;
      const key = [...this.resolved.entries()].find(([, t]) => t.id === targetId)?.[0];
      if (key) {
        this.notFound(key);
        this.confirmed.add(targetId);
      }
    }
  }

  /** With every SCP's targets read, every target in the organization is known: each holds at least one SCP. */
  private countUnlisted(customerHits: Map<string, string[]>, defaultHolders: Set<string>, listed: Set<string>): void {
    const all = new Set([...customerHits.keys(), ...defaultHolders]);
    let unlisted = 0;
    for (const id of all) if (!listed.has(id)) unlisted++;
    this.unlistedTargetCount = unlisted;
  }
}
