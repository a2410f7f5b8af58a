// The adoption commands: `reconcile import`, `reconcile snapshot`, `reconcile rehearse`.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { importOrganization } from '../adoption/import.js';
import { loadConfig } from '../desired/load.js';
import { userError } from '../diagnostics/diagnostic.js';
import { DEFAULT_PARALLEL_ACCOUNTS, readIam, readRolesInEveryAccount } from '../read/read-iam.js';
import { LazyTree } from '../read/tree.js';
import { checkGuards } from '../plan/planner.js';
import type { OrgState } from '../model/org-state.js';
import { iamSnapshotOf, loadSnapshot, saveSnapshot, serializeSnapshot, type IamSnapshot } from '../model/snapshot.js';
import { readOrg } from '../read/read-org.js';
import type { OrgSource } from '../read/source.js';
import { viewOf } from '../render/plan-view.js';
import { renderPlan } from '../render/text.js';
import { stepText } from '../render/words.js';
import { openConnection, type ConnectionOptions } from './connection.js';
import type { Io } from './io.js';
import { outputFile } from './output-file.js';
import { describeCalls } from './planning.js';
import { showReading } from './progress.js';
import { converged, rehearse } from './rehearsal.js';

/** The whole organization, with a progress line on a terminal. */
async function readEverything(source: OrgSource): Promise<OrgState> {
  const done = showReading(source);
  return readOrg(source, { kind: 'everything' }).finally(done);
}

export async function importCommand(
  options: ConnectionOptions & { config: string; types?: string[]; force: boolean; iamRoles?: string[]; parallelAccounts?: number },
  io: Io,
): Promise<number> {
  const connection = await openConnection(options);
  try {
    if (options.iamRoles?.length && !connection.iam) throw userError('--iam-roles needs AWS or a twin: a snapshot (--state) does not hold the accounts\' IAM roles');
    const iamRoles =
      options.iamRoles?.length && connection.iam
        ? { names: options.iamRoles, source: connection.iam, parallelAccounts: options.parallelAccounts ?? DEFAULT_PARALLEL_ACCOUNTS }
        : undefined;
    const done = showReading(connection.source);
    const result = await importOrganization(connection.source, { types: options.types, configName: options.config, iamRoles }).finally(done);
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
      `Imported ${connection.description} with ${describeCalls({ ...connection.source.calls, ...(iamRoles ? connection.iam?.calls : {}) })}.\n` +
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

export async function snapshotCommand(options: ConnectionOptions & { out: string; iamRoles?: string[]; parallelAccounts?: number }, io: Io): Promise<number> {
  const out = outputFile(options.out, '--out', { stdout: true });
  const connection = await openConnection(options);
  try {
    const state = await readEverything(connection.source);
    let iam: IamSnapshot | undefined;
    if (options.iamRoles?.length) {
      if (!connection.iam) throw userError("--iam-roles needs AWS or a twin: this snapshot holds no IAM roles to copy");
      const tree = new LazyTree(connection.source, state.root.id, state);
      const read = await readRolesInEveryAccount(connection.iam, tree, state, options.iamRoles, { parallelAccounts: options.parallelAccounts ?? DEFAULT_PARALLEL_ACCOUNTS });
      iam = iamSnapshotOf(read, options.iamRoles);
    }
    const where = out.kind === 'file' ? out.path : 'standard output';
    if (out.kind === 'file') saveSnapshot(out.path, state, undefined, iam);
    else io.out.write(JSON.stringify(serializeSnapshot(state, new Date().toISOString(), iam), null, 2) + '\n');
    // With the snapshot on standard output, what is said about it goes to standard error.
    (out.kind === 'file' ? io.out : io.err).write(
      `Saved ${where}: ${state.organization.id}, ${state.ous.size} OUs, ${state.accounts.size} accounts, ` +
        `${state.policies.size} policies${iam ? `, IAM roles ${iam.roles.join(', ')}` : ''}, read from ${connection.description} with ${describeCalls({ ...connection.source.calls, ...(iam ? connection.iam?.calls : {}) })}.\n` +
        (out.kind === 'file' ? `Plan against it without credentials: reconcile plan --state ${out.path}\n` : ''),
    );
    return 0;
  } finally {
    await connection.close();
  }
}

export async function rehearseCommand(
  options: ConnectionOptions & { config: string; prune: boolean; parallelAccounts?: number; skipUnreachable?: boolean },
  io: Io,
): Promise<number> {
  const config = loadConfig(options.config);
  let organization: OrgState;
  let source: string;
  if (options.stateFile) {
    if (config.iamRoles.length > 0) throw userError('rehearse --state does not cover iamRoles yet: rehearse against AWS (or plan --state)');
    const snapshot = loadSnapshot(options.stateFile);
    organization = snapshot.state;
    source = `the snapshot ${options.stateFile} (taken ${snapshot.takenAt})`;
  } else {
    const connection = await openConnection(options);
    try {
      organization = await readEverything(connection.source);
      if (config.iamRoles.length > 0 && connection.iam) {
        // The roles org.yaml names, read as plan reads them, so that the twin holds them too.
        checkGuards(config, organization);
        const tree = new LazyTree(connection.source, organization.root.id, organization);
        await readIam(connection.iam, tree, organization, config.iamRoles, { parallelAccounts: options.parallelAccounts ?? DEFAULT_PARALLEL_ACCOUNTS });
      }
      source = `${connection.description}, read with ${describeCalls({ ...connection.source.calls, ...connection.iam?.calls })}`;
    } finally {
      await connection.close();
    }
  }
  const c = io.colors;
  io.out.write(`Rehearsing ${options.config} against a copy of ${organization.organization.id} from ${source}, in the Organizations twin with AWS's rules.\n\n`);
  const rehearsal = await rehearse(organization, config, options.prune, { skipUnreachable: options.skipUnreachable });
  const view = viewOf(rehearsal.planned.plan, rehearsal.planned.names);
  io.out.write(renderPlan(view, c));
  const failed = rehearsal.outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) {
    io.err.write(`\n${io.errColors.red('Rehearsal failed:')} AWS would refuse ${failed.length === 1 ? 'this step' : 'these steps'}; the real organization was not touched.\n`);
    for (const o of failed) io.err.write(`  step ${rehearsal.outcomes.indexOf(o) + 1}, ${stepText(view, o.step)}: ${o.error}\n`);
    const notStarted = rehearsal.outcomes.filter((o) => o.status === 'not-started').length;
    if (notStarted) io.err.write(`  ${notStarted} later step${notStarted === 1 ? '' : 's'} would not start.\n`);
    return 1;
  }
  if (!converged(rehearsal)) {
    io.err.write(`\n${io.errColors.red('Rehearsal failed:')} after applying, a new plan still has changes:\n`);
    io.err.write(renderPlan(viewOf(rehearsal.after!.plan, rehearsal.after!.names), io.errColors));
    return 1;
  }
  io.out.write(
    `\n${c.green('Rehearsal passed:')} all ${rehearsal.planned.plan.steps.length} steps applied in the twin, and a new plan then shows no changes.\n` +
      `Apply will make ${describeCalls(rehearsal.writeCalls)}, taking at least ${rehearsal.floorSeconds.toFixed(1)}s at AWS's rate limits.\n`,
  );
  return 0;
}
