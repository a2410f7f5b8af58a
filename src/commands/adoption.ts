// The adoption commands: `reconcile import`, `reconcile snapshot`, `reconcile rehearse`.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { importOrganization } from '../adoption/import.js';
import { converged, rehearse } from '../adoption/rehearse.js';
import { loadSnapshot, saveSnapshot, takeSnapshot, type Snapshot } from '../adoption/snapshot.js';
import { loadConfig } from '../desired/load.js';
import { connect, type ConnectOptions } from '../live/connect.js';
import { renderPlan } from '../render/text.js';
import { describeStep } from './apply.js';
import type { Io } from './io.js';
import { showProgress } from './progress.js';
import { describeCalls } from './session.js';

export async function importCommand(options: ConnectOptions & { config: string; types?: string[]; force: boolean }, io: Io): Promise<number> {
  const connection = await connect(options);
  try {
    const done = showProgress(connection.api, 'Reading the organization');
    const result = await importOrganization(connection.api, { types: options.types, configName: options.config }).finally(done);
    const dir = dirname(options.config);
    const targets = [...result.files.keys()].map((path) => (path === options.config ? path : join(dir, path)));
    const existing = targets.filter((path) => existsSync(path));
    if (existing.length > 0 && !options.force) {
      io.err.write(`${io.errColors.red('Error:')} import would overwrite ${existing.length} existing file${existing.length === 1 ? '' : 's'}; nothing was written (pass --force to overwrite):\n`);
      for (const path of existing) io.err.write(`  ${path}\n`);
      return 1;
    }
    result.files.forEach((content, path) => {
      const full = path === options.config ? path : join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    });
    io.out.write(
      `Imported ${connection.description} with ${describeCalls(connection.api.calls)}.\n` +
        `Wrote ${options.config} (${result.policies} polic${result.policies === 1 ? 'y' : 'ies'}, ${result.targets} listed target${result.targets === 1 ? '' : 's'}) and ${result.files.size - 1} more file${result.files.size === 2 ? '' : 's'}:\n`,
    );
    for (const path of targets) io.out.write(`  ${path}${existing.includes(path) ? ' (overwritten)' : ''}\n`);
    for (const note of result.notes) io.out.write(`Note: ${note}\n`);
    io.out.write(`Next: review the files, commit them, and run reconcile plan -c ${options.config}: it should show no changes.\n`);
    return 0;
  } finally {
    await connection.close();
  }
}

export async function snapshotCommand(options: ConnectOptions & { out: string }, io: Io): Promise<number> {
  const connection = await connect(options);
  try {
    const done = showProgress(connection.api, 'Reading the organization');
    const snapshot = await takeSnapshot(connection.api).finally(done);
    saveSnapshot(options.out, snapshot);
    io.out.write(
      `Saved ${options.out}: ${snapshot.organization.id}, ${snapshot.ous.length} OUs, ${snapshot.accounts.length} accounts, ` +
        `${snapshot.policies.length} policies, read from ${connection.description} with ${describeCalls(connection.api.calls)}.\n` +
        `Plan against it without credentials: reconcile plan --state ${options.out}\n`,
    );
    return 0;
  } finally {
    await connection.close();
  }
}

export async function rehearseCommand(options: ConnectOptions & { config: string; prune: boolean }, io: Io): Promise<number> {
  const config = loadConfig(options.config);
  let snapshot: Snapshot;
  let source: string;
  if (options.stateFile) {
    snapshot = loadSnapshot(options.stateFile);
    source = `the snapshot ${options.stateFile} (taken ${snapshot.takenAt})`;
  } else {
    const connection = await connect(options);
    try {
      const done = showProgress(connection.api, 'Reading the organization');
      snapshot = await takeSnapshot(connection.api).finally(done);
      source = `${connection.description}, read with ${describeCalls(connection.api.calls)}`;
    } finally {
      await connection.close();
    }
  }
  const c = io.colors;
  io.out.write(`Rehearsing ${options.config} against a copy of ${snapshot.organization.id} from ${source}, in the Organizations twin with AWS's rules.\n\n`);
  const rehearsal = await rehearse(snapshot, config, options.prune);
  io.out.write(renderPlan(rehearsal.plan, c));
  const failed = rehearsal.outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) {
    io.err.write(`\n${io.errColors.red('Rehearsal failed:')} AWS would refuse ${failed.length === 1 ? 'this step' : 'these steps'}; the real organization was not touched.\n`);
    for (const o of failed) io.err.write(`  step ${rehearsal.outcomes.indexOf(o) + 1}, ${describeStep(o.step)}: ${o.error}\n`);
    const notStarted = rehearsal.outcomes.filter((o) => o.status === 'not-started').length;
    if (notStarted) io.err.write(`  ${notStarted} later step${notStarted === 1 ? '' : 's'} would not start.\n`);
    return 1;
  }
  if (!converged(rehearsal)) {
    io.err.write(`\n${io.errColors.red('Rehearsal failed:')} after applying, a new plan still has changes:\n`);
    io.err.write(renderPlan(rehearsal.after!, io.errColors));
    return 1;
  }
  io.out.write(
    `\n${c.green('Rehearsal passed:')} all ${rehearsal.plan.steps.length} steps applied in the twin, and a new plan then shows no changes.\n` +
      `Apply will make ${describeCalls(rehearsal.writeCalls)}, taking at least ${rehearsal.floorSeconds.toFixed(1)}s at AWS's rate limits.\n`,
  );
  return 0;
}
