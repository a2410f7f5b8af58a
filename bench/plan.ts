// Benchmark of `reconcile plan` against the twin throttled at AWS's documented rates, in a 5,000-account
// organization with 500 OUs, 100 customer SCPs and FullAWSAccess everywhere, for 30 listed targets and for
// `unlistedTargets: default`. Each prints the API calls per operation next to the fewest calls that case needs
// and the floor AWS's rate limits put on those calls (how both are computed is printed with them).

import { join } from 'node:path';
import { MAX_RESULTS as PAGE } from '../src/aws/pagination.js';
import { awsRateOf } from '../src/aws/rate-limits.js';
import { loadConfig } from '../src/desired/load.js';
import { planChange } from '../src/engine/plan.js';
import { ApiSource } from '../src/live/api-source.js';
import { OrganizationsApi } from '../src/live/api.js';
import { summarize } from '../src/plan/plan.js';
import { OrganizationsTwin } from '../src/twin/server.js';
import type { OrgData } from '../src/twin/state.js';
import { sdkClient, writeRepo } from '../test/helpers.js';

const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE));

/** An OU's path of names from the root. */
export function ouPath(org: OrgData, id: string): string {
  const names: string[] = [];
  for (let at = id; at !== org.root.id; at = org.ous.get(at)!.parentId) names.unshift(org.ous.get(at)!.name);
  return '/' + names.join('/');
}

function nameOf(org: OrgData, policyId: string): string {
  return org.policies.get(policyId)!.name;
}

export function scpNames(org: OrgData, targetId: string): string[] {
  return (org.attachments.get(targetId) ?? []).map((id) => nameOf(org, id));
}

export interface Case {
  title: string;
  /** A few words for tables. */
  name: string;
  yaml: string;
  /** The fewest calls per operation this case needs, with how they were counted. */
  minimum: Record<string, number>;
  explain: string[];
}

export function policyFiles(org: OrgData): { files: Record<string, string>; declarations: string } {
  const files: Record<string, string> = {};
  const lines: string[] = [];
  for (const p of org.policies.values()) {
    if (p.awsManaged) continue;
    files[`policies/${p.name}.json`] = JSON.stringify(JSON.parse(p.content), null, 2);
    lines.push(`  ${p.name}: { type: SERVICE_CONTROL_POLICY, file: policies/${p.name}.json }`);
  }
  return { files, declarations: lines.join('\n') };
}

/** Pages of ListOrganizationalUnitsForParent to walk the given OU paths: one list per distinct parent. */
function pathPages(org: OrgData, ouIds: string[]): number {
  const parents = new Set<string>();
  for (const id of ouIds) for (let at = id; at !== org.root.id; at = org.ous.get(at)!.parentId) parents.add(org.ous.get(at)!.parentId);
  let n = 0;
  for (const parent of parents) n += pages(org.childOus.get(parent)!.size);
  return n;
}

function baseMinimum(org: OrgData): Record<string, number> {
  const policies = [...org.policies.values()].filter((p) => p.type === 'SERVICE_CONTROL_POLICY');
  return {
    DescribeOrganization: 1,
    ListRoots: 1,
    ListPolicies: pages(policies.length),
    DescribePolicy: policies.filter((p) => !p.awsManaged).length,
  };
}

export function listedCase(org: OrgData): Case {
  const ous = [...org.ous.keys()].filter((_, i) => i % 50 === 7).slice(0, 9);
  const accounts = [...org.accounts.keys()].filter((_, i) => i % 250 === 3).slice(0, 20);
  const { files, declarations } = policyFiles(org);
  // Two accounts get one more SCP: a plan with a few steps, as in a typical pull request.
  const extra = [...org.policies.values()].find((p) => !p.awsManaged)!.name;
  const lines = [
    ...ous.map((id) => `    ${ouPath(org, id)}: [${scpNames(org, id).join(', ')}]`),
  ];
  const accountLines = accounts.map((id, i) => {
    const names = scpNames(org, id);
    if (i < 2 && !names.includes(extra)) names.push(extra);
    return `    "${id}": [${names.join(', ')}]`;
  });
  const yaml = `version: 1\npolicies:\n${declarations}\nattachments:\n  root: [${scpNames(org, org.root.id).join(', ')}]\n  ous:\n${lines.join('\n')}\n  accounts:\n${accountLines.join('\n')}\n`;
  Object.assign(files, { 'org.yaml': yaml });
  const minimum = {
    ...baseMinimum(org),
    ListOrganizationalUnitsForParent: pathPages(org, ous),
    ListPoliciesForTarget: 30,
    DescribeAccount: 2,
  };
  return {
    title: '30 listed targets (root, 9 OUs by path, 20 accounts by id), every customer policy declared',
    name: '30 listed targets',
    yaml: writeRepo(files),
    minimum,
    explain: [
      'DescribeOrganization and ListRoots once each; ListPolicies ⌈101/20⌉ pages; DescribePolicy once per declared policy (content is only in DescribePolicy);',
      'ListOrganizationalUnitsForParent: one list per distinct parent on the 9 paths, ⌈children/20⌉ pages each;',
      'attachments: 30 targets × 1 type = 30 ListPoliciesForTarget, against ≥ 101 + ⌈5,501/20⌉ calls policy-first;',
      'DescribeAccount: the 2 accounts with steps, listed by id, need a name in the plan.',
    ],
  };
}

export function defaultCase(org: OrgData): Case {
  const { files, declarations } = policyFiles(org);
  files['org.yaml'] = `version: 1\nunlistedTargets: default\npolicies:\n${declarations}\nattachments:\n  root: [FullAWSAccess]\n`;
  const customer = [...org.policies.values()].filter((p) => !p.awsManaged);
  const deviating = new Set<string>([org.root.id]);
  let customerPages = 0;
  for (const p of customer) {
    const targets = org.targetsByPolicy.get(p.id)!;
    customerPages += pages(targets.size);
    for (const t of targets) deviating.add(t);
  }
  // FullAWSAccess on the deviating targets: page its list k times and ask the rest directly; the best k.
  const order = [...org.targetsByPolicy.get('p-FullAWSAccess')!];
  const faaPages = pages(order.length);
  let best = deviating.size;
  const unresolved = new Set(deviating);
  for (let k = 1; k <= faaPages; k++) {
    for (const id of order.slice((k - 1) * PAGE, k * PAGE)) unresolved.delete(id);
    best = Math.min(best, k + (k === faaPages ? 0 : unresolved.size));
  }
  const directAsks = best; // counted below as ListTargetsForPolicy pages plus ListPoliciesForTarget calls
  return {
    title: `unlistedTargets: default (root listed), every customer policy declared; ${deviating.size} targets carry a customer SCP`,
    name: 'unlistedTargets: default',
    yaml: writeRepo(files),
    minimum: { ...baseMinimum(org), 'ListTargetsForPolicy + ListPoliciesForTarget': customerPages + directAsks },
    explain: [
      'DescribeOrganization, ListRoots, ListPolicies and DescribePolicy as above;',
      `every customer policy's targets (the only way to find deviating targets without a call per account): ${customerPages} ListTargetsForPolicy pages;`,
      `whether those ${deviating.size} targets hold FullAWSAccess: the best mix, knowing the answer in advance, of paging FullAWSAccess's ${order.length} targets`,
      `(${faaPages} pages) and asking targets directly: ${directAsks} calls (asking all: ${deviating.size}; paging all: ${faaPages}).`,
    ],
  };
}

/** The floor AWS's token buckets put on a set of calls: each operation's bucket drains independently. */
export function rateFloor(calls: Record<string, number>): { seconds: number; bottleneck: string } {
  let seconds = 0;
  let bottleneck = '';
  for (const [op, n] of Object.entries(calls)) {
    const ops = op.split(' + ');
    const rate = awsRateOf(ops[0]);
    const t = Math.max(0, (n - rate.burst * ops.length) / (rate.perSecond * ops.length));
    if (t > seconds) {
      seconds = t;
      bottleneck = op;
    }
  }
  return { seconds, bottleneck };
}

export async function planBenchmark(org: OrgData, c: Case): Promise<void> {
  console.log(`### ${c.title}\n`);
  const twin = new OrganizationsTwin({ organization: structuredClone(org), throttle: true });
  const endpoint = await twin.start();
  const client = sdkClient(endpoint);
  const api = new OrganizationsApi(client);
  const config = loadConfig(join(c.yaml, 'org.yaml'));
  const started = performance.now();
  const { plan } = await planChange(new ApiSource(api), config, false);
  const seconds = (performance.now() - started) / 1000;
  const s = summarize(plan);

  const made: Record<string, number> = {};
  for (const [op, n] of Object.entries(api.calls)) made[op] = n;
  const grouped = (calls: Record<string, number>) => {
    const out = { ...calls };
    if ('ListTargetsForPolicy + ListPoliciesForTarget' in c.minimum) {
      out['ListTargetsForPolicy + ListPoliciesForTarget'] = (out.ListTargetsForPolicy ?? 0) + (out.ListPoliciesForTarget ?? 0);
      delete out.ListTargetsForPolicy;
      delete out.ListPoliciesForTarget;
    }
    return out;
  };
  const ours = grouped(made);
  const ops = [...new Set([...Object.keys(ours), ...Object.keys(c.minimum)])].sort();
  console.log('| operation | calls made | fewest needed |');
  console.log('|---|---:|---:|');
  for (const op of ops) console.log(`| ${op} | ${ours[op] ?? 0} | ${c.minimum[op] ?? 0} |`);
  const total = Object.values(ours).reduce((a, b) => a + b, 0);
  const minimum = Object.values(c.minimum).reduce((a, b) => a + b, 0);
  console.log(`| **total** | **${total}** | **${minimum}** |\n`);
  const floor = rateFloor(c.minimum);
  const throttled = twin.callCounts('TooManyRequestsException');
  console.log(`plan wall time: ${seconds.toFixed(1)} s; rate-limit floor for the fewest calls: ${floor.seconds.toFixed(1)} s (${floor.bottleneck})`);
  console.log(`calls: ${((total / minimum - 1) * 100).toFixed(1)}% over the minimum; time: ${(seconds / floor.seconds).toFixed(2)}× the floor`);
  console.log(`throttled by the twin: ${JSON.stringify(throttled)}; retries: ${JSON.stringify(api.retries)}`);
  console.log(`plan: ${s.create} create, ${s.update} update, ${s.attach} attach, ${s.detach} detach; left alone: ${plan.leftAlone ?? 'not counted'}`);
  console.log('How the minimum was counted:');
  for (const line of c.explain) console.log(`  ${line}`);
  console.log('Floor: for each operation, (calls − burst) / rate at AWS\'s documented per-account rates; the slowest operation sets it.\n');
  client.destroy();
  await twin.stop();
}
