// Benchmarks (npm run bench [name]). Not tests: they measure and print, they do not pass or fail.
//
//   twin        seeding and serving a 10,000-account organization
//   plan        `reconcile plan` at AWS's rate limits in a 5,000-account organization, and `plan --state` on it
//   apply       an allow-list migration of 200 OUs at AWS's write rate, next to the floor it puts on the time
//   effective   every account's effective tag policy in a 5,000-account organization; what a plan's effective section costs
//   drift       the remediation handler's calls and time for one DetachPolicy event, in 500 and 5,000 accounts
//   iam         `reconcile plan` for 2 IAM roles in 1,000 accounts with IAM and STS throttled, next to the minimum calls and the floor

import { generateOrganization } from '../src/twin/seed.js';
import { applyBenchmark } from './apply.js';
import { driftBenchmark } from './drift.js';
import { effectiveBenchmark } from './effective.js';
import { effectivePlanBenchmark } from './effective-plan.js';
import { iamBenchmark } from './iam.js';
import { offlinePlanBenchmark } from './offline-plan.js';
import { defaultCase, listedCase, planBenchmark } from './plan.js';
import { twinBenchmark } from './twin.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const only = process.argv[2];
if (!only || only === 'twin') await twinBenchmark();
if (!only || only === 'plan') {
  console.log('## reconcile plan at AWS rate limits: 5,000 accounts, 500 OUs, 100 customer SCPs, FullAWSAccess everywhere\n');
  const org = generateOrganization({ accounts: 5_000, ous: 500, customerPolicies: 100, targetsPerPolicy: 3, seed: 2 });
  const cases = [listedCase(org), defaultCase(org)];
  for (const c of cases) await planBenchmark(org, c);
  await offlinePlanBenchmark(org, cases);
}
if (!only || only === 'apply') await applyBenchmark();
if (!only || only === 'effective') {
  await effectiveBenchmark();
  await effectivePlanBenchmark();
}
if (!only || only === 'drift') await driftBenchmark();
if (!only || only === 'iam') await iamBenchmark();
