// `reconcile twin`: serve an Organizations twin on loopback until interrupted.

import { OrganizationsTwin, type TwinOptions } from '../twin/server.js';
import { loadFixtureFile } from '../twin/seed.js';
import type { Io } from './io.js';

export async function twinCommand(options: TwinOptions & { seedFile?: string }, io: Io): Promise<number> {
  const { seedFile, ...twinOptions } = options;
  const twin = new OrganizationsTwin({
    ...twinOptions,
    organization: seedFile ? loadFixtureFile(seedFile, { limits: twinOptions.limits, seed: twinOptions.seed }) : undefined,
  });
  const endpoint = await twin.start();
  // Ready for a stop before saying where we listen: whoever reads that line may stop us at once.
  const stopped = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
    // Started through a wrapper (npx, npm exec, a shell), the twin may not get the signal that ends the process the
    // user started. When that parent goes, so does the twin: no server is left listening on the port.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) resolve();
    }, 250).unref();
  });
  io.out.write(`Organizations twin listening on ${endpoint}${seedFile ? ` with ${seedFile}` : ' (no organization yet: call CreateOrganization)'}\n`);
  io.out.write(`Use it with: reconcile plan --endpoint ${endpoint}   (any credentials; AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x)\n`);
  await stopped;
  await twin.stop();
  io.out.write(`Stopped after ${twin.calls.length} calls.\n`);
  return 0;
}
