// Snapshots: the live state of an organization saved to a file (`reconcile snapshot --out live.json`), so that
// plans can be made without credentials (`plan --state live.json`) and apply can be rehearsed in the twin.
//
// Format `reconcile/snapshot`, version 1 (JSON):
//   takenAt        ISO time the read finished
//   organization   { id, managementAccountId }
//   root           { id, name, policyTypes: [{ type, status }] }
//   ous            [{ id, name, parentId }]                 every OU, parents before children
//   accounts       [{ id, name, email, parentId }]          every account
//   policies       [{ id, name, type, description, awsManaged, content }]   every policy of every enabled type
//   attachments    { <targetId>: [<policyId>, …] }          every direct attachment
//
// A snapshot is loaded into the Organizations twin, so a plan against it runs the very code a live plan runs.

import { readFileSync, writeFileSync } from 'node:fs';
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  type Account,
  type DescribeOrganizationCommandOutput,
  type DescribePolicyCommandOutput,
  type OrganizationalUnit,
  type PolicySummary,
  type PolicyTargetSummary,
  type PolicyType as SdkPolicyType,
  type Root,
} from '@aws-sdk/client-organizations';
import { defaultPolicyByName } from '../aws/policy-types.js';
import type { OrganizationsApi } from '../live/api.js';
import { applyChange, newOrgData, type OrgData } from '../twin/state.js';

export const SNAPSHOT_FORMAT = 'reconcile/snapshot';
export const SNAPSHOT_VERSION = 1;
const PAGE = 20;

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  takenAt: string;
  organization: { id: string; managementAccountId: string };
  root: { id: string; name: string; policyTypes: { type: string; status: string }[] };
  ous: { id: string; name: string; parentId: string }[];
  accounts: { id: string; name: string; email: string; parentId: string }[];
  policies: { id: string; name: string; type: string; description: string; awsManaged: boolean; content: string }[];
  attachments: Record<string, string[]>;
}

export class SnapshotError extends Error {}

/** Reads everything a plan could need, for any org.yaml: the whole tree, every policy, every attachment. */
export async function takeSnapshot(api: OrganizationsApi): Promise<Snapshot> {
  const [orgOutput, roots] = await Promise.all([
    api.send<DescribeOrganizationCommandOutput>(new DescribeOrganizationCommand({})),
    api.listAll<Root>((NextToken) => new ListRootsCommand({ MaxResults: PAGE, NextToken }), 'Roots'),
  ]);
  const root = roots[0];
  const ous: Snapshot['ous'] = [];
  const accounts: Snapshot['accounts'] = [];
  const walk = async (parentId: string): Promise<void> => {
    const [children, members] = await Promise.all([
      api.listAll<OrganizationalUnit>((NextToken) => new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, MaxResults: PAGE, NextToken }), 'OrganizationalUnits'),
      api.listAll<Account>((NextToken) => new ListAccountsForParentCommand({ ParentId: parentId, MaxResults: PAGE, NextToken }), 'Accounts'),
    ]);
    for (const a of members) accounts.push({ id: a.Id!, name: a.Name ?? '', email: a.Email ?? '', parentId });
    for (const ou of children) ous.push({ id: ou.Id!, name: ou.Name!, parentId });
    await Promise.all(children.map((ou) => walk(ou.Id!)));
  };

  const policyTypes = (root.PolicyTypes ?? []).map((t) => ({ type: t.Type!, status: t.Status! }));
  const policies: Snapshot['policies'] = [];
  const attachments: Record<string, string[]> = {};
  const readPolicies = async () => {
    const summaries = (
      await Promise.all(
        policyTypes.map((t) =>
          api.listAll<PolicySummary>((NextToken) => new ListPoliciesCommand({ Filter: t.type as SdkPolicyType, MaxResults: PAGE, NextToken }), 'Policies'),
        ),
      )
    ).flat();
    await Promise.all(
      summaries.map(async (p) => {
        // AWS-managed content is AWS's and known: DescribePolicy, the slowest call (2/s), only for the others.
        const known = p.AwsManaged ? defaultPolicyByName(p.Name ?? '')?.policy.content : undefined;
        const [content, targets] = await Promise.all([
          known ??
            api.send<DescribePolicyCommandOutput>(new DescribePolicyCommand({ PolicyId: p.Id })).then((d) => d.Policy?.Content ?? ''),
          api.listAll<PolicyTargetSummary>((NextToken) => new ListTargetsForPolicyCommand({ PolicyId: p.Id, MaxResults: PAGE, NextToken }), 'Targets'),
        ]);
        policies.push({
          id: p.Id!,
          name: p.Name!,
          type: p.Type!,
          description: p.Description ?? '',
          awsManaged: p.AwsManaged ?? false,
          content,
        });
        for (const t of targets) (attachments[t.TargetId!] ??= []).push(p.Id!);
      }),
    );
  };
  await Promise.all([walk(root.Id!), readPolicies()]);

  // Stable order, so that two snapshots of the same organization are the same file.
  policies.sort((a, b) => a.id.localeCompare(b.id));
  accounts.sort((a, b) => a.id.localeCompare(b.id));
  for (const list of Object.values(attachments)) list.sort();
  const organization = orgOutput.Organization!;
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    takenAt: new Date().toISOString(),
    organization: { id: organization.Id!, managementAccountId: organization.MasterAccountId! },
    root: { id: root.Id!, name: root.Name ?? 'Root', policyTypes },
    ous: sortParentsFirst(ous, root.Id!),
    accounts,
    policies,
    attachments: Object.fromEntries(Object.entries(attachments).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function sortParentsFirst(ous: Snapshot['ous'], rootId: string): Snapshot['ous'] {
  const out: Snapshot['ous'] = [];
  const byParent = new Map<string, Snapshot['ous']>();
  for (const ou of ous) byParent.set(ou.parentId, [...(byParent.get(ou.parentId) ?? []), ou]);
  const visit = (parentId: string) => {
    for (const ou of (byParent.get(parentId) ?? []).sort((a, b) => a.id.localeCompare(b.id))) {
      out.push(ou);
      visit(ou.id);
    }
  };
  visit(rootId);
  return out;
}

export function saveSnapshot(path: string, snapshot: Snapshot): void {
  writeFileSync(path, JSON.stringify(snapshot, null, 2) + '\n');
}

export function loadSnapshot(path: string): Snapshot {
  let snapshot: Partial<Snapshot>;
  try {
    snapshot = JSON.parse(readFileSync(path, 'utf8')) as Partial<Snapshot>;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ? `cannot be read (${(err as NodeJS.ErrnoException).code})` : 'is not valid JSON';
    throw new SnapshotError(`the snapshot ${path} ${reason}`);
  }
  if (snapshot?.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`${path} is not a snapshot written by reconcile snapshot`);
  if (typeof snapshot.version !== 'number' || snapshot.version > SNAPSHOT_VERSION) {
    throw new SnapshotError(`${path} was written by a newer reconcile (snapshot format ${snapshot.version}); this one reads format ${SNAPSHOT_VERSION}`);
  }
  for (const key of ['organization', 'root', 'ous', 'accounts', 'policies', 'attachments'] as const) {
    if (!snapshot[key]) throw new SnapshotError(`${path} is incomplete: it has no ${key}`);
  }
  return snapshot as Snapshot;
}

/** The twin's state for a snapshot: exactly the snapshot's tree, policies and attachments. */
export function snapshotToOrgData(snapshot: Snapshot): OrgData {
  const { organization, root } = snapshot;
  const prefix = `arn:aws:organizations::${organization.managementAccountId}`;
  const management = snapshot.accounts.find((a) => a.id === organization.managementAccountId);
  const data = newOrgData(
    { id: organization.id, arn: `${prefix}:organization/${organization.id}`, managementAccountId: organization.managementAccountId, managementAccountEmail: management?.email ?? '' },
    { id: root.id, name: root.name, arn: `${prefix}:root/${organization.id}/${root.id}` },
    {
      id: organization.managementAccountId,
      name: management?.name ?? 'management',
      email: management?.email ?? '',
      parentId: root.id,
      arn: `${prefix}:account/${organization.id}/${organization.managementAccountId}`,
      joinedTimestamp: 0,
    },
  );
  for (const ou of snapshot.ous) {
    applyChange(data, { kind: 'putOu', ou: { ...ou, arn: `${prefix}:ou/${organization.id}/${ou.id}` } });
  }
  for (const a of snapshot.accounts) {
    const account = { ...a, arn: `${prefix}:account/${organization.id}/${a.id}`, joinedTimestamp: 0 };
    if (a.id === organization.managementAccountId) applyChange(data, { kind: 'moveAccount', accountId: a.id, parentId: a.parentId });
    else applyChange(data, { kind: 'putAccount', account });
  }
  for (const p of snapshot.policies) {
    if (p.awsManaged) continue; // the twin has AWS's own
    applyChange(data, { kind: 'putPolicy', policy: { ...p, arn: `${prefix}:policy/${organization.id}/${p.type.toLowerCase()}/${p.id}` } });
  }
  // Types become enabled with no attachment made for them: the snapshot says exactly what is attached.
  for (const t of root.policyTypes) data.policyTypes.set(t.type, { readyAt: t.status === 'ENABLED' ? 0 : Number.MAX_SAFE_INTEGER });
  for (const targetId of data.attachments.keys()) data.attachments.set(targetId, []);
  for (const set of data.targetsByPolicy.values()) set.clear();
  for (const [targetId, policyIds] of Object.entries(snapshot.attachments)) {
    if (!data.attachments.has(targetId)) throw new SnapshotError(`the snapshot attaches policies to ${targetId}, which it does not list`);
    for (const policyId of policyIds) {
      if (!data.policies.has(policyId)) throw new SnapshotError(`the snapshot attaches ${policyId}, which it does not list`);
      applyChange(data, { kind: 'attach', policyId, targetId });
    }
  }
  return data;
}
