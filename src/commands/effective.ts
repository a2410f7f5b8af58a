// `reconcile effective`: what DescribeEffectivePolicy returns for accounts now, and will return after the plan of
// org.yaml, computed offline by the effective-policy engine from the organization as read; with --compare, AWS's
// own answer beside it, so users can check the engine on their own organization.

import { existsSync } from 'node:fs';
import { DescribeEffectivePolicyCommand, type DescribeEffectivePolicyCommandOutput, type EffectivePolicyType } from '@aws-sdk/client-organizations';
import { KNOWN_POLICY_TYPES, isAuthorizationType, type PolicyType } from '../aws/policy-types.js';
import { ACCOUNT_ID, OU_ID } from '../aws/ids.js';
import type { DesiredConfig, TargetEntry } from '../desired/config.js';
import { loadConfig } from '../desired/load.js';
import { userError } from '../diagnostics/diagnostic.js';
import { effectivePolicies } from '../effective/engine.js';
import { planChange } from '../engine/plan.js';
import { errorName, type OrganizationsApi } from '../live/api.js';
import { enabledTypes, nameOf, ouPath, targetTypeOf, type OrgState, type TargetRef } from '../model/org-state.js';
import { limitsOf } from '../plan/planner.js';
import { simulate } from '../plan/simulate.js';
import { readEffectiveScope, readPolicyTypes } from '../read/effective-scope.js';
import { readOrg } from '../read/read-org.js';
import { resolveEntry } from '../read/resolve.js';
import type { OrgSource } from '../read/source.js';
import { LazyTree } from '../read/tree.js';
import { effectiveDocument, matchesAws, renderEffectiveText, type EffectiveReport } from '../render/effective.js';
import { openConnection, type ConnectionOptions } from './connection.js';
import type { Io } from './io.js';
import { showReading } from './progress.js';

export interface EffectiveCommandOptions extends ConnectionOptions {
  types: PolicyType[];
  accounts: string[];
  ous: string[];
  /** org.yaml; undefined: ./org.yaml when there is one. */
  config?: string;
  format: 'text' | 'json';
  compare: boolean;
}

export async function effectiveCommand(options: EffectiveCommandOptions, io: Io): Promise<number> {
  for (const type of options.types) {
    if (isAuthorizationType(type)) throw userError(`${type} is an authorization policy: only management policy types have an effective policy`);
    if (!KNOWN_POLICY_TYPES.includes(type)) throw userError(`unknown policy type ${type}; the management types are ${KNOWN_POLICY_TYPES.filter((t) => !isAuthorizationType(t)).join(', ')}`);
  }
  if (options.accounts.length === 0 && options.ous.length === 0) throw userError('name the accounts: --account (id or name) or --ou (every account under it)');
  if (options.compare && options.stateFile) throw userError("--compare asks AWS for its answer: it needs the live organization, not --state");
  const configFile = options.config ?? (existsSync('org.yaml') ? 'org.yaml' : undefined);
  const config = configFile ? loadConfig(configFile) : undefined;

  const connection = await openConnection(options);
  const done = showReading(connection.source);
  try {
    const { state, after } = await readModel(connection.source, config);
    const types = options.types.length ? options.types : enabledTypes(state.policyTypes).filter((t) => !isAuthorizationType(t));
    await readPolicyTypes(connection.source, state, types);
    const { accountIds, ouIds } = await resolveArguments(connection.source, state, options);
    const reports: EffectiveReport[] = [];
    for (const type of types) {
      const accounts = await readEffectiveScope(connection.source, state, { type, subtrees: ouIds, accounts: accountIds, policies: [] });
      const current = effectivePolicies(state, accounts, type);
      // The plan's state after, with this type's attachments on the accounts' paths now read too.
      const planned = after ? effectivePolicies(after(), accounts, type) : undefined;
      for (const id of accounts) {
        reports.push({
          account: accountRef(state, id),
          policyType: type,
          current: current.get(id)!,
          planned: planned?.get(id),
          levelName: (level) => levelName(state, level),
          ...(options.compare ? { aws: await awsAnswer(connection.api!, id, type) } : {}),
        });
      }
    }
    done();
    reports.sort((a, b) => a.account.label.localeCompare(b.account.label) || a.policyType.localeCompare(b.policyType));
    io.out.write(options.format === 'json' ? JSON.stringify(effectiveDocument(reports), null, 2) + '\n' : renderEffectiveText(reports, io.colors));
    return reports.some((r) => matchesAws(r) === false) ? 2 : 0;
  } catch (err) {
    done();
    throw err;
  } finally {
    await connection.close();
  }
}

/** The organization as read, and (with org.yaml) a way to the state after its plan. */
async function readModel(source: OrgSource, config: DesiredConfig | undefined): Promise<{ state: OrgState; after?: () => OrgState }> {
  if (!config) {
    const state = await readOrg(source, { kind: 'scoped', types: [], targets: [], content: { kind: 'named', names: [] }, deviating: false, unnamedPolicyTargets: false });
    return { state };
  }
  // Effective management policies do not depend on IAM roles: the plan here leaves them out.
  const { state, plan } = await planChange(source, { ...config, iamRoles: [] }, false);
  return { state, after: () => simulate(state, plan.steps, limitsOf(config)).state };
}

/** --account by id or unique name, --ou by path or id: resolved as org.yaml's entries are. */
async function resolveArguments(source: OrgSource, state: OrgState, options: EffectiveCommandOptions): Promise<{ accountIds: string[]; ouIds: string[] }> {
  const tree = new LazyTree(source, state.root.id, state);
  const entry = (key: string, option: string, selector: TargetEntry['selector']): TargetEntry => ({ key, selector, policies: [], source: { file: option, line: 1, column: 1 } });
  const resolve = async (e: TargetEntry): Promise<string> => {
    const resolution = await resolveEntry(e, tree);
    if (!resolution.ok) throw userError(`${e.source.file} ${e.key}: ${resolution.problem.message}`);
    if (!resolution.confirmed) {
      const type = resolution.target.type as 'ACCOUNT' | 'ORGANIZATIONAL_UNIT';
      if ((await source.targetName(resolution.target.id, type)) === undefined) throw userError(`${e.source.file} ${e.key}: no such ${type === 'ACCOUNT' ? 'account' : 'OU'} in the organization`);
    }
    return resolution.target.id;
  };
  const accountIds = await Promise.all(
    options.accounts.map((a) => resolve(entry(a, '--account', ACCOUNT_ID.test(a) ? { kind: 'accountId', id: a } : { kind: 'accountName', name: a }))),
  );
  const ouIds = await Promise.all(
    options.ous.map((o) => {
      if (o === '/' || o === 'root') return Promise.resolve(state.root.id);
      const selector: TargetEntry['selector'] = OU_ID.test(o) ? { kind: 'ouId', id: o } : { kind: 'ouPath', path: o.split('/').filter(Boolean) };
      return resolve(entry(o, '--ou', selector));
    }),
  );
  return { accountIds, ouIds };
}

function accountRef(state: OrgState, id: string): TargetRef {
  return { id, type: 'ACCOUNT', label: nameOf(state, id) ?? id };
}

/** How a level of a path reads: the root, an OU's path, an account's name. */
function levelName(state: OrgState, id: string): string | undefined {
  if (id === state.root.id) return 'the root';
  return targetTypeOf(state, id) === 'ORGANIZATIONAL_UNIT' ? (ouPath(state, id) ?? nameOf(state, id)) : nameOf(state, id);
}

/** DescribeEffectivePolicy for one account: the parsed document, or null when AWS finds none. */
async function awsAnswer(api: OrganizationsApi, accountId: string, type: PolicyType): Promise<Record<string, unknown> | null> {
  try {
    const output = await api.send<DescribeEffectivePolicyCommandOutput>(new DescribeEffectivePolicyCommand({ PolicyType: type as EffectivePolicyType, TargetId: accountId }));
    return JSON.parse(output.EffectivePolicy?.PolicyContent ?? '{}') as Record<string, unknown>;
  } catch (err) {
    if (errorName(err) === 'EffectivePolicyNotFoundException') return null;
    throw err;
  }
}
