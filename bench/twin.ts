// Benchmark of the twin: seeding a 10,000-account organization, and its throughput and memory serving it.

import { ListPoliciesForTargetCommand, ListTargetsForPolicyCommand } from '@aws-sdk/client-organizations';
import { MAX_RESULTS as PAGE } from '../src/aws/pagination.js';
import { OrganizationsTwin } from '../src/twin/server.js';
import { generateOrganization } from '../src/twin/seed.js';
import { sdkClient } from '../test/helpers.js';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

export async function twinBenchmark(): Promise<void> {
  console.log('## Twin: 10,000 accounts under 1,000 OUs, 100 customer SCPs\n');
  const heapBefore = process.memoryUsage().heapUsed;
  let started = performance.now();
  const org = generateOrganization({ accounts: 10_000, ous: 1_000, customerPolicies: 100, seed: 1 });
  const seedMs = performance.now() - started;
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(`seeding:       ${seedMs.toFixed(0)} ms; organization state ≈ ${mib(heapAfter - heapBefore)} of heap`);

  const twin = new OrganizationsTwin({ organization: org });
  const endpoint = await twin.start();
  const client = sdkClient(endpoint);
  const accounts = [...org.accounts.keys()];
  const calls = 6_000;
  let next = 0;
  const latencies: number[] = [];
  started = performance.now();
  // 16 callers at once: FullAWSAccess's 11,001 targets page by page, and each account's SCPs.
  await Promise.all(
    Array.from({ length: 16 }, async (_, worker) => {
      let token: string | undefined;
      while (next < calls) {
        next++;
        const t = performance.now();
        if (worker % 2 === 0) {
          const page = await client.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-FullAWSAccess', MaxResults: PAGE, NextToken: token }));
          token = page.NextToken;
        } else {
          await client.send(new ListPoliciesForTargetCommand({ TargetId: accounts[next % accounts.length], Filter: 'SERVICE_CONTROL_POLICY' }));
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const memory = process.memoryUsage();
  console.log(`throughput:    ${(calls / seconds).toFixed(0)} calls/s over ${calls} calls through the SDK, 16 at a time`);
  console.log(`latency:       p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(1)} ms, p99 ${latencies[Math.floor(latencies.length * 0.99)].toFixed(1)} ms`);
  console.log(`memory:        rss ${mib(memory.rss)}, heap ${mib(memory.heapUsed)} (benchmark process, twin and client together)\n`);
  client.destroy();
  await twin.stop();
}
