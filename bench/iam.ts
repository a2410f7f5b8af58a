// Benchmark of `reconcile plan` for IAM roles: 2 roles in each of 1,000 accounts, already as org.yaml says, against
// the twin with Organizations, IAM and STS throttled at their rates. Prints the calls per operation next to the
// fewest that can do (ListAccounts' pages; 1 AssumeRole per member account; 1 ListAttachedRolePolicies per role and
// account, as one page holds them all) and the wall time next to the floor those calls put on it at their rates:
// ListAccounts' pages, then the AssumeRoles (STS's bucket; the accounts are known only once they are listed).
// Aim: calls within 10% of the minimum, wall time within 1.2× the floor.

import { STS_RATE, awsRateOf, type Rate } from '../src/aws/rate-limits.js';
import { MAX_RESULTS } from '../src/aws/pagination.js';
import { parseConfig } from '../src/desired/load.js';
import { planChange } from '../src/engine/plan.js';
import { ApiSource } from '../src/live/api-source.js';
import { OrganizationsApi } from '../src/live/api.js';
import { AwsIamSource } from '../src/live/iam-source.js';
import { OrganizationsTwin } from '../src/twin/server.js';
import { generateOrganization } from '../src/twin/seed.js';
import { MANAGEMENT_KEYS, sdkClient } from '../test/helpers.js';

const ACCOUNTS = 1_000;
const ROLES = [
  { name: 'ReadOnlyAudit', policies: ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/SecurityAudit'] },
  { name: 'BreakGlassAdmin', policies: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
];

/** Seconds `calls` take at `rate`, after its burst. */
const secondsAt = (calls: number, rate: Rate) => Math.max(0, calls - rate.burst) / rate.perSecond;

export async function iamBenchmark(): Promise<void> {
  console.log(`## reconcile plan for IAM roles: ${ROLES.length} roles in ${ACCOUNTS.toLocaleString('en')} accounts, IAM and STS throttled\n`);
  const org = generateOrganization({ accounts: ACCOUNTS, ous: 50, seed: 11, roles: ROLES });
  const yaml = `version: 1\niamRoles:\n  - accounts: all\n    roles:\n${ROLES.map((r) => `      ${r.name}: [${r.policies.join(', ')}]`).join('\n')}\n`;
  const twin = new OrganizationsTwin({ organization: org, throttle: true });
  const endpoint = await twin.start();
  const client = sdkClient(endpoint);
  const api = new OrganizationsApi(client);
  const iam = new AwsIamSource({ region: 'us-east-1', endpoint, credentials: MANAGEMENT_KEYS });
  const started = Date.now();
  const planned = await planChange(new ApiSource(api), parseConfig('org.yaml', yaml), false, undefined, { source: iam, parallelAccounts: 4, skipUnreachable: false });
  const seconds = (Date.now() - started) / 1000;
  const calls = { ...api.calls, ...iam.calls };
  const pages = Math.ceil(ACCOUNTS / MAX_RESULTS);
  const minimum: Record<string, number> = { DescribeOrganization: 1, ListRoots: 1, ListAccounts: pages, 'sts:AssumeRole': ACCOUNTS - 1, 'iam:ListAttachedRolePolicies': ACCOUNTS * ROLES.length };
  console.log(`plan: ${planned.plan.steps.length} steps; ${seconds.toFixed(1)} s`);
  console.log('| operation | calls | minimum |\n|---|---|---|');
  for (const op of [...new Set([...Object.keys(minimum), ...Object.keys(calls)])].sort()) console.log(`| ${op} | ${calls[op] ?? 0} | ${minimum[op] ?? 0} |`);
  const floor = secondsAt(pages, awsRateOf('ListAccounts')) + secondsAt(ACCOUNTS - 1, STS_RATE);
  console.log(`wall time ${seconds.toFixed(1)} s; floor ${floor.toFixed(1)} s (ListAccounts' pages, then the AssumeRoles at STS's rate); ${(seconds / floor).toFixed(2)}× the floor`);
  console.log(`throttled by the twin: ${JSON.stringify(twin.callCounts('Throttling'))} ${JSON.stringify(twin.callCounts('TooManyRequestsException'))}\n`);
  iam.close();
  client.destroy();
  await twin.stop();
}
