// What an event concerns, learned with a few cheap reads, none of which grows with the organization: the root, the
// policies of org.yaml's managed types (to tell the event's policy's type, and which declared policies have no live
// match), and for an attachment event the names org.yaml may know its target by. org.yaml lists OUs by path and
// accounts by name; instead of resolving every entry (walking the tree, listing every account), the event's one
// target is named: DescribeAccount, or DescribeOrganizationalUnit and ListParents up its path (OUs nest at most
// five deep), and only when org.yaml names targets of that kind that way.

import { ACCOUNT_ID, OU_ID, ROOT_ID, type TargetType } from '../aws/ids.js';
import type { DesiredConfig } from '../desired/config.js';
import { requestHas, requestString, type CloudTrailRecord } from '../drift/cloudtrail-record.js';
import { missingPolicies, unclaimedPolicies } from '../drift/renames.js';
import type { OrgPolicy } from '../model/org-state.js';
import type { OrgSource } from '../read/source.js';

export interface EventTarget {
  id: string;
  type: TargetType;
  /** AWS's name, read when org.yaml lists targets of this kind by name or path. */
  name?: string;
  /** The OU's names from the root down to it, read when org.yaml lists an OU path ending in its name. */
  path?: string[];
}

export interface EventFacts {
  rootId: string;
  /** Every live policy of org.yaml's managed types; the event's policy with its content when a rename is to be told. */
  policies: OrgPolicy[];
  /** An attachment event's target. */
  target?: EventTarget;
}

export async function gatherFacts(source: OrgSource, config: DesiredConfig, record: CloudTrailRecord): Promise<EventFacts> {
  const [root, lists] = await Promise.all([source.root(), Promise.all(config.managedTypes.map((type) => source.policies(type)))]);
  const facts: EventFacts = { rootId: root.id, policies: lists.flat() };
  const policyId = requestString(record, 'policyId');
  const policy = facts.policies.find((p) => p.id === policyId);
  const targetId = requestString(record, 'targetId');
  if ((record.eventName === 'AttachPolicy' || record.eventName === 'DetachPolicy') && policy && targetId) {
    facts.target = await nameTarget(source, config, root.id, targetId);
  }
  // A policy renamed to a name no declaration claims, while a declaration of its type has no live match: it may be
  // that declaration, renamed by hand. Its content tells (drift/renames.ts).
  if (record.eventName === 'UpdatePolicy' && requestHas(record, 'name') && policy && unclaimedPolicies(config, [policy]).length > 0) {
    if (missingPolicies(config, facts.policies).some((d) => d.type === policy.type)) policy.content = await source.policyContent(policy.id);
  }
  return facts;
}

async function nameTarget(source: OrgSource, config: DesiredConfig, rootId: string, id: string): Promise<EventTarget> {
  const kinds = new Set(config.targets.map((entry) => entry.selector.kind));
  if (ROOT_ID.test(id)) return { id, type: 'ROOT' };
  if (ACCOUNT_ID.test(id)) {
    return { id, type: 'ACCOUNT', ...(kinds.has('accountName') ? { name: await source.targetName(id, 'ACCOUNT') } : {}) };
  }
  if (!OU_ID.test(id) || !kinds.has('ouPath')) return { id, type: 'ORGANIZATIONAL_UNIT' };
  const name = await source.targetName(id, 'ORGANIZATIONAL_UNIT');
  const endsInName = config.targets.some((e) => e.selector.kind === 'ouPath' && e.selector.path.at(-1) === name);
  if (name === undefined || !endsInName) return { id, type: 'ORGANIZATIONAL_UNIT', ...(name !== undefined ? { name } : {}) };
  const path = [name];
  for (let parent = await source.parentOf(id); parent !== rootId; parent = await source.parentOf(parent)) {
    const parentName = await source.targetName(parent, 'ORGANIZATIONAL_UNIT');
    // Gone meanwhile (moved or deleted): the path is not known, and no path entry names the OU.
    if (parentName === undefined) return { id, type: 'ORGANIZATIONAL_UNIT', name };
    path.unshift(parentName);
  }
  return { id, type: 'ORGANIZATIONAL_UNIT', name, path };
}
