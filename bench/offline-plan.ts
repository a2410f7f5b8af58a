// Benchmark of `reconcile plan --state`: a snapshot of the 5,000-account organization is written once, then each
// case plans from it with no network and no rate limit. The time printed is the planning alone (the read from the
// in-memory model, the plan, the names), after the file is parsed. Target: under one second.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/desired/load.js';
import { planChange } from '../src/engine/plan.js';
import { ApiSource } from '../src/live/api-source.js';
import { OrganizationsApi } from '../src/live/api.js';
import { loadSnapshot, saveSnapshot } from '../src/model/snapshot.js';
import { summarize } from '../src/plan/plan.js';
import { readOrg } from '../src/read/read-org.js';
import { StateSource } from '../src/read/state-source.js';
import { OrganizationsTwin } from '../src/twin/server.js';
import type { OrgData } from '../src/twin/state.js';
import { sdkClient } from '../test/helpers.js';
import type { Case } from './plan.js';

export async function offlinePlanBenchmark(org: OrgData, cases: Case[]): Promise<void> {
  const twin = new OrganizationsTwin({ organization: structuredClone(org) });
  const client = sdkClient(await twin.start());
  const state = await readOrg(new ApiSource(new OrganizationsApi(client, { rateLimited: false })), { kind: 'everything' });
  client.destroy();
  await twin.stop();
  const file = join(mkdtempSync(join(tmpdir(), 'reconcile-bench-')), 'live.json');
  saveSnapshot(file, state);

  console.log('### plan --state: the same cases from a snapshot of that organization\n');
  console.log('| case | parse the snapshot | plan (after parsing) | steps |');
  console.log('|---|---:|---:|---:|');
  for (const c of cases) {
    const config = loadConfig(join(c.yaml, 'org.yaml'));
    let started = performance.now();
    const snapshot = loadSnapshot(file);
    const parseMs = performance.now() - started;
    started = performance.now();
    const { plan } = await planChange(new StateSource(snapshot.state), config, false);
    const planMs = performance.now() - started;
    const s = summarize(plan);
    console.log(`| ${c.name} | ${parseMs.toFixed(0)} ms | ${planMs.toFixed(0)} ms | ${s.create + s.update + s.attach + s.detach} |`);
  }
  console.log('\nNo API call and no wait: the reader runs over the snapshot in memory (target: under one second of planning).\n');
}
