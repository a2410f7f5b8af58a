// Benchmark of what a plan's effective-policy section costs: in the 5,000-account organization with tag policies
// enabled and 20 tag policies on OUs, org.yaml attaches one more tag policy to one OU. The calls the plan makes
// for its effective section are counted apart from the plan's own read, at AWS's rates against the twin.

import { join } from 'node:path';
import { loadConfig } from '../src/desired/load.js';
import { ApiSource } from '../src/live/api-source.js';
import { OrganizationsApi } from '../src/live/api.js';
import { effectiveImpact, effectiveReach } from '../src/plan/effective-impact.js';
import { limitsOf, planChanges } from '../src/plan/planner.js';
import { simulate } from '../src/plan/simulate.js';
import { readEffectiveScope } from '../src/read/effective-scope.js';
import { readOrg } from '../src/read/read-org.js';
import { requestFor } from '../src/read/request.js';
import { OrganizationsTwin } from '../src/twin/server.js';
import { generateOrganization } from '../src/twin/seed.js';
import { applyChange } from '../src/twin/state.js';
import { sdkClient, writeRepo } from '../test/helpers.js';

const tagPolicy = (i: number) => ({ tags: { [`key${i}`]: { tag_key: { '@@assign': `Key${i}` }, tag_value: { '@@assign': [`v${i}`] } } } });

export async function effectivePlanBenchmark(): Promise<void> {
  console.log("## The plan's effective section: one OU gains a tag policy, 5,000 accounts, 500 OUs, 20 tag policies on OUs\n");
  const org = generateOrganization({ accounts: 5_000, ous: 500, customerPolicies: 0, seed: 9 });
  applyChange(org, { kind: 'enableType', type: 'TAG_POLICY', readyAt: 0 });
  const ous = [...org.ous.values()];
  const files: Record<string, object | string> = {};
  const declarations: string[] = [];
  for (let i = 0; i < 21; i++) {
    const id = `p-tagpolicy${String(i).padStart(2, '0')}`;
    applyChange(org, { kind: 'putPolicy', policy: { id, name: `Tags${i}`, description: '', type: 'TAG_POLICY', awsManaged: false, content: JSON.stringify(tagPolicy(i)), arn: id } });
    // The first 20 sit on OUs spread over the tree; the 21st is the one org.yaml attaches.
    if (i < 20) applyChange(org, { kind: 'attach', policyId: id, targetId: ous[(i * 25) % ous.length].id });
    files[`policies/tags${i}.json`] = tagPolicy(i);
    declarations.push(`  Tags${i}: { type: TAG_POLICY, file: policies/tags${i}.json }`);
  }
  // The OU with the most accounts below it directly: the change reaches a subtree, not the organization.
  const target = ous[7];
  files['org.yaml'] = `version: 1\npolicies:\n${declarations.join('\n')}\nattachments:\n  ous:\n    ${target.id}: [FullAWSAccess, Tags20]\n`;
  const config = loadConfig(join(writeRepo(files), 'org.yaml'));

  const twin = new OrganizationsTwin({ organization: org, throttle: true });
  const client = sdkClient(await twin.start());
  const source = new ApiSource(new OrganizationsApi(client));
  let started = performance.now();
  const state = await readOrg(source, requestFor(config, { prune: false }));
  const plan = planChanges(config, state, { prune: false });
  const planCalls = { ...source.calls };
  const planSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  let accounts = 0;
  let groups = 0;
  for (const scope of effectiveReach(plan, state)) {
    const reached = await readEffectiveScope(source, state, scope);
    accounts += reached.length;
    groups += effectiveImpact(state, simulate(state, plan.steps, limitsOf(config)).state, scope.type, reached).length;
  }
  const extraSeconds = (performance.now() - started) / 1000;
  const extra: Record<string, number> = {};
  for (const [op, n] of Object.entries(source.calls)) if (n - (planCalls[op] ?? 0) > 0) extra[op] = n - (planCalls[op] ?? 0);
  const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);
  console.log(`plan's own read: ${total(planCalls)} calls in ${planSeconds.toFixed(1)} s`);
  console.log(`effective section: ${total(extra)} more calls ${JSON.stringify(extra)} in ${extraSeconds.toFixed(1)} s, for ${accounts} accounts reached (${groups} group${groups === 1 ? '' : 's'} of identical change)`);
  console.log('What they are: the reached subtree walked (an OU list and an account list per OU below the change), the parents above it,');
  console.log("each tag policy's targets (the plan's read had none: it read the listed OU target-first), and a node asked directly only where two or more tag policies meet.\n");
  client.destroy();
  await twin.stop();
}
