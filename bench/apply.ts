// Benchmark of `reconcile apply` against the twin throttled at AWS's rates: an allow-list migration of 200 OUs
// (attach the replacement, then detach FullAWSAccess, on each: 400 writes). Writes are AWS's tightest quota
// (2 per second, a burst of 3, per account), so their count sets a floor on the wall time; the apply is printed
// next to it. Aim: within 1.1× of the floor.

import { join } from 'node:path';
import { awsRateOf } from '../src/aws/rate-limits.js';
import { loadConfig } from '../src/desired/load.js';
import { applyPlan, autoApprove } from '../src/engine/apply.js';
import { planChange } from '../src/engine/plan.js';
import { ApiSource } from '../src/live/api-source.js';
import { OrganizationsApi } from '../src/live/api.js';
import { summarize } from '../src/plan/plan.js';
import { OrganizationsTwin } from '../src/twin/server.js';
import { generateOrganization } from '../src/twin/seed.js';
import { applyChange } from '../src/twin/state.js';
import { sdkClient, writeRepo } from '../test/helpers.js';

const ALLOW_LIST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ec2:*', 's3:*', 'lambda:*'], Resource: '*' }] };

export async function applyBenchmark(): Promise<void> {
  console.log('## reconcile apply at AWS rate limits: an allow-list migration of 200 OUs (400 writes)\n');
  const org = generateOrganization({ accounts: 1_000, ous: 200, customerPolicies: 0, seed: 5 });
  // The allow-list exists already: the plan is exactly the 400 attachment changes.
  applyChange(org, {
    kind: 'putPolicy',
    policy: { id: 'p-allowlist01', name: 'AllowList', description: '', type: 'SERVICE_CONTROL_POLICY', awsManaged: false, content: JSON.stringify(ALLOW_LIST), arn: 'arn:aws:organizations::100000000000:policy/o-synthetic01/service_control_policy/p-allowlist01' },
  });
  const dir = writeRepo({
    'policies/allow.json': ALLOW_LIST,
    'org.yaml': `version: 1\npolicies:\n  AllowList: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json }\nattachments:\n  ous:\n${[...org.ous.keys()].map((id) => `    ${id}: [AllowList]`).join('\n')}\n`,
  });
  const twin = new OrganizationsTwin({ organization: org, throttle: true });
  const client = sdkClient(await twin.start());
  const api = new OrganizationsApi(client);
  const { plan } = await planChange(new ApiSource(api), loadConfig(join(dir, 'org.yaml')), false);
  const s = summarize(plan);
  const result = await applyPlan(api, plan, { confirm: autoApprove });
  const writes = s.attach + s.detach;
  const rate = awsRateOf('AttachPolicy');
  const floor = (writes - rate.burst) / rate.perSecond;
  console.log(`plan: ${s.attach} attach, ${s.detach} detach; apply: ${result.status}, calls ${JSON.stringify(result.calls)}`);
  console.log(`apply wall time: ${result.seconds.toFixed(1)} s; floor for ${writes} writes at ${rate.perSecond}/s with a burst of ${rate.burst}: ${floor.toFixed(1)} s; ${(result.seconds / floor).toFixed(2)}× the floor`);
  console.log(`throttled by the twin: ${JSON.stringify(twin.callCounts('TooManyRequestsException'))}; retries: ${JSON.stringify(api.retries)}\n`);
  client.destroy();
  await twin.stop();
}
