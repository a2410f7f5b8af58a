// `reconcile import`: write org.yaml and policies/ from the live organization, so that `reconcile plan` right
// after it shows no changes.
//
// It reads the way `plan` does with `unlistedTargets: default`: every customer policy's targets, and whether
// those targets still hold their type's default, so it finds every target that carries more (or less) than
// its defaults without a call per account. Those targets are listed; the others are left out. OUs are named by
// path (unique: AWS forbids two OUs of one name under one parent), accounts by name where it is unique.

import { Document, isMap, isPair, isSeq, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { ACCOUNT_ID } from '../aws/ids.js';
import { DEFAULT_POLICIES, RCP, SCP, type PolicyType } from '../aws/policy-types.js';
import { ORG_SCHEMA } from '../desired/org-schema.js';
import { enabledTypes, isEnabled, nameOf, targetTypeOf, type OrgPolicy, type OrgState, type TargetRef } from '../model/org-state.js';
import type { IamSource } from '../read/iam-source.js';
import { readOrg } from '../read/read-org.js';
import type { OrgSource } from '../read/source.js';
import { LazyTree } from '../read/tree.js';
import { prettyDocument } from '../render/content-diff.js';
import { policyFilePaths } from './file-names.js';
import { foreignOwner } from './foreign.js';
import { importIamRoles } from './iam-import.js';
/** Written beside org.yaml so that editors check it offline. */
const SCHEMA_FILE = 'schema/org.schema.json';

export interface ImportResult {
  /** Path (relative to org.yaml's folder) → content; org.yaml first. */
  files: Map<string, string>;
  notes: string[];
  policies: number;
  targets: number;
}

export interface ImportOptions {
  /** Policy types to import; every enabled type when not given. */
  types?: PolicyType[];
  /** IAM roles whose managed policies to import (iamRoles), and how the accounts' IAM is read. */
  iamRoles?: { names: string[]; source: IamSource; parallelAccounts: number };
  /** The name org.yaml will have, for the file's own comments. */
  configName: string;
}

export async function importOrganization(source: OrgSource, options: ImportOptions): Promise<ImportResult> {
  const notes: string[] = [];
  const enabled = enabledTypes((await source.root()).policyTypes);
  const requested = options.types ?? enabled;
  for (const type of requested) if (!enabled.includes(type)) notes.push(`${type} is not enabled in the organization: nothing to import for it`);
  // Once org.yaml lists a target it manages that target's SCPs: read them whenever SCPs are enabled.
  const types = [...new Set([...requested.filter((t) => enabled.includes(t)), ...(enabled.includes(SCP) ? [SCP] : [])])].sort();

  const live = await readOrg(source, { kind: 'scoped', types, targets: [], content: { kind: 'all' }, deviating: true, unnamedPolicyTargets: false });
  // Listed: the targets that carry more or less than their defaults in a requested type.
  const listed: TargetRef[] = [...live.attachments.keys()]
    .filter((id) => !carriesOnlyDefaults(live, id, requested))
    .map((id) => ({ id, type: targetTypeOf(live, id)!, label: nameOf(live, id) ?? id }));
  // SCPs first, then RCPs, then management policies: the order a reader of org.yaml thinks in.
  const rank = (t: PolicyType) => (t === SCP ? 0 : t === RCP ? 1 : 2);
  const importedTypes = types
    .filter((t) => t !== SCP || requested.includes(SCP) || listed.length > 0)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (!requested.includes(SCP) && importedTypes.includes(SCP)) {
    notes.push("SCPs are imported too: once org.yaml lists a target, it manages that target's SCPs");
  }

  const customer = [...live.policies.values()].filter((p) => !p.awsManaged && importedTypes.includes(p.type));
  const paths = policyFilePaths(customer);
  const files = new Map<string, string>();
  const policyName = (id: string) => live.policies.get(id)!.name;

  const tree = new LazyTree(source, live.root.id, live);
  const ouKeys = new Map<string, { key: string; comment?: string }>();
  const accountKeys = new Map<string, { key: string; comment?: string }>();
  const accountIds = listed.filter((t) => t.type === 'ACCOUNT').map((t) => t.id);
  const accounts = accountIds.length ? await tree.accounts() : [];
  await Promise.all(
    listed
      .filter((t) => t.type === 'ORGANIZATIONAL_UNIT')
      .map(async (t) => {
        const path = await tree.path(t.id);
        ouKeys.set(t.id, path ? { key: path } : { key: t.id, comment: `${t.label}: its path has a "/" in a name, so it is listed by id` });
      }),
  );
  for (const id of accountIds) {
    const name = accounts.find((a) => a.id === id)?.name ?? '';
    const namesakes = accounts.filter((a) => a.name === name).length;
    const usable = name && namesakes === 1 && !ACCOUNT_ID.test(name);
    accountKeys.set(id, usable ? { key: name, comment: id } : { key: id, comment: name ? `${name}${namesakes > 1 ? ` (${namesakes} accounts have this name)` : ''}` : undefined });
  }

  const attachmentsOf = (targetId: string) =>
    importedTypes.flatMap((type) => (live.attachments.get(targetId)?.get(type) ?? []).map(policyName));
  const rootTarget = listed.find((t) => t.type === 'ROOT');
  const ous = listed.filter((t) => t.type === 'ORGANIZATIONAL_UNIT').sort((a, b) => ouKeys.get(a.id)!.key.localeCompare(ouKeys.get(b.id)!.key));
  const accountTargets = listed.filter((t) => t.type === 'ACCOUNT').sort((a, b) => accountKeys.get(a.id)!.key.localeCompare(accountKeys.get(b.id)!.key));

  const body: Record<string, unknown> = {
    version: 1,
    organization: { id: live.organization.id, managementAccountId: live.organization.managementAccountId },
  };
  if (customer.length) {
    body.policies = Object.fromEntries(
      [...customer]
        .sort((a, b) => importedTypes.indexOf(a.type) - importedTypes.indexOf(b.type) || a.name.localeCompare(b.name))
        .map((p) => [p.name, { type: p.type, ...(p.description ? { description: p.description } : {}), file: paths.get(p.id)! }]),
    );
  }
  if (listed.length) {
    const attachments: Record<string, unknown> = {};
    if (rootTarget) attachments.root = attachmentsOf(rootTarget.id);
    if (ous.length) attachments.ous = Object.fromEntries(ous.map((t) => [ouKeys.get(t.id)!.key, attachmentsOf(t.id)]));
    if (accountTargets.length) attachments.accounts = Object.fromEntries(accountTargets.map((t) => [accountKeys.get(t.id)!.key, attachmentsOf(t.id)]));
    body.attachments = attachments;
  }
  if (options.iamRoles?.names.length) {
    const imported = await importIamRoles(options.iamRoles.source, tree, live, options.iamRoles.names, options.iamRoles);
    if (imported.entries.length) body.iamRoles = imported.entries;
    notes.push(...imported.notes);
  }

  const doc = new Document(body);
  doc.commentBefore =
    ` Imported from ${live.organization.id} by reconcile import on ${new Date().toISOString().slice(0, 10)}.\n` +
    ` Policy types: ${importedTypes.join(', ') || 'none'}. Targets that carry only their defaults are not listed.`;
  annotate(doc, customer, [...ouKeys.values(), ...accountKeys.values()], notes);
  files.set(options.configName, `# yaml-language-server: $schema=./${SCHEMA_FILE}\n` + doc.toString({ lineWidth: 0 }));
  files.set(SCHEMA_FILE, JSON.stringify(ORG_SCHEMA, null, 2) + '\n');
  for (const p of customer) files.set(paths.get(p.id)!, prettyDocument(parse(p)));
  return { files, notes, policies: customer.length, targets: listed.length };
}

function parse(policy: OrgPolicy): unknown {
  try {
    return JSON.parse(policy.content ?? '');
  } catch {
    return policy.content ?? '';
  }
}

function carriesOnlyDefaults(live: OrgState, targetId: string, types: PolicyType[]): boolean {
  for (const [type, ids] of live.attachments.get(targetId) ?? []) {
    if (!types.includes(type)) continue;
    const defaultPolicy = isEnabled(live, type) ? DEFAULT_POLICIES[type] : undefined;
    const defaults = defaultPolicy ? [defaultPolicy.id] : [];
    if (ids.length !== defaults.length || ids.some((id) => !defaults.includes(id))) return false;
  }
  return true;
}

/** Comments: whose a policy looks like, and the other name of each listed target. */
function annotate(doc: Document, policies: OrgPolicy[], targetKeys: { key: string; comment?: string }[], notes: string[]): void {
  const policyMap = doc.get('policies', true);
  if (isMap(policyMap)) {
    for (const pair of policyMap.items) {
      const policy = policies.find((p) => p.name === String((pair.key as Scalar).value));
      const owner = policy && foreignOwner(policy);
      if (!owner) continue;
      (pair.key as Scalar).commentBefore = ` Looks managed by ${owner}: reconcile will manage it from now on. Remove it (and its attachments) if ${owner.split(' (')[0]} should keep it.`;
      notes.push(`${policy!.name} looks managed by ${owner}; it is imported with a comment saying so`);
    }
  }
  const commentOf = new Map(targetKeys.filter((k) => k.comment).map((k) => [k.key, k.comment!]));
  for (const path of [['attachments', 'ous'], ['attachments', 'accounts']]) {
    const map = doc.getIn(path, true) as YAMLMap | undefined;
    if (!isMap(map)) continue;
    for (const pair of map.items) {
      if (!isPair(pair) || !isSeq(pair.value)) continue;
      (pair.value as YAMLSeq).flow = true;
      const comment = commentOf.get(String((pair.key as Scalar).value));
      if (comment) (pair.value as YAMLSeq).comment = ` ${comment}`;
    }
  }
  const root = doc.getIn(['attachments', 'root'], true);
  if (isSeq(root)) root.flow = true;
}
