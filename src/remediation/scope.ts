// Narrowing org.yaml to what one event concerns, so that the ordinary reader and planner, unchanged, read and plan
// only that: the same rules and the same safe order as `plan`, for a handful of calls. Pure.
//
// - AttachPolicy / DetachPolicy: the entries that name the event's target (by id, or by the path or name the facts
//   found for it), with the selectors turned into the target's id so that nothing else is resolved. A policy of a
//   type org.yaml does not manage, or a target it does not list, is not org.yaml's: left alone (with
//   `unlistedTargets: default`, an unlisted target is owned, and kept at its defaults).
// - UpdatePolicy: the declared policy the live one is. An update changes no attachment, so only when it renames a
//   policy (which can change which declaration it is) are the targets listing that declaration included too. A
//   policy renamed away from its declared name is recognised by its content (drift/renames.ts) and renamed back.
// - DeletePolicy: the event names only an id, and the policy is gone: the declarations with no live match are
//   the ones concerned, with every target that lists them (they are re-created and re-attached).
// - CreatePolicy: the declaration of that name and type, with every target that lists it.
// - EnablePolicyType / DisablePolicyType: a managed type; every target that lists a policy of it (every listed
//   target for types with a default policy, which AWS attaches everywhere on enabling).
// The narrowed org.yaml declares the policies concerned and every policy its entries list: a listed policy it did
// not declare would be planned as unwanted.

import { DEFAULT_POLICIES, defaultPolicyByName, type PolicyType } from '../aws/policy-types.js';
import type { DesiredConfig, DesiredPolicy, TargetEntry, TargetSelector } from '../desired/config.js';
import { requestHas, requestString, type CloudTrailRecord } from '../drift/cloudtrail-record.js';
import { missingPolicies, recognizeRenames, unclaimedPolicies, withFormerNames, type RecognizedRename } from '../drift/renames.js';
import type { EventFacts, EventTarget } from './facts.js';

export type Scope =
  | {
      kind: 'owned';
      /** org.yaml narrowed to the event. */
      config: DesiredConfig;
      /** The org.yaml keys of targets the narrowed entries name by id: target id → key, for the words. */
      labels: Map<string, string>;
      /** Unlisted targets owned through `unlistedTargets: default`. */
      unlisted: Set<string>;
      renames: RecognizedRename[];
    }
  | { kind: 'not-owned'; why: string };

const notOwned = (why: string): Scope => ({ kind: 'not-owned', why });

export function scopeConfig(config: DesiredConfig, record: CloudTrailRecord, facts: EventFacts): Scope {
  const policyId = requestString(record, 'policyId');
  const live = policyId === undefined ? undefined : facts.policies.find((p) => p.id === policyId);
  const managed = config.managedTypes.join(', ') || 'none';
  switch (record.eventName) {
    case 'AttachPolicy':
    case 'DetachPolicy': {
      if (!live) return notOwned(`${policyId} is not a policy of a type org.yaml manages (${managed})`);
      const target = facts.target;
      if (!target) return notOwned('the event names no target');
      const entries = config.targets.filter((entry) => names(entry.selector, target, facts.rootId));
      if (entries.length === 0 && config.unlistedTargets !== 'default') return notOwned(`${target.id} is not listed in org.yaml`);
      if (entries.length === 0) return owned(config, { entries: [defaultsEntry(config, target)], unlisted: new Set([target.id]) });
      // The key org.yaml lists the target by, unless that is its id (then AWS's name, where read, says more).
      const labels = new Map(entries[0].key === target.id ? [] : [[target.id, entries[0].key]]);
      return owned(config, { entries: entries.map((e) => byId(e, target)), labels });
    }
    case 'UpdatePolicy': {
      if (!live) return notOwned(`${policyId} is not a policy of a type org.yaml manages (${managed})`);
      const renamed = requestHas(record, 'name');
      const declared = claimant(config, live.type, live.name);
      if (declared) return owned(config, { policies: [declared], entries: renamed ? listing(config, [declared.name]) : [] });
      if (unclaimedPolicies(config, [live]).length === 0 || !renamed) return notOwned(`${live.name} (${live.id}) is not declared in org.yaml`);
      const missing = missingPolicies(config, facts.policies).filter((d) => d.type === live.type);
      if (missing.length === 0) return notOwned(`${live.name} (${live.id}) is not declared in org.yaml, and every declared ${live.type} exists`);
      const renames = recognizeRenames(missing, [live]);
      const withRenames = withFormerNames(config, renames);
      const concerned = renames.length ? renames.map((r) => withRenames.policies.get(r.declared)!) : missing;
      return owned(withRenames, { policies: concerned, entries: listing(config, concerned.map((d) => d.name)), renames });
    }
    case 'DeletePolicy': {
      const missing = missingPolicies(config, facts.policies);
      if (missing.length === 0) return notOwned(`every policy org.yaml declares exists: ${policyId} was not one of them`);
      return owned(config, { policies: missing, entries: listing(config, missing.map((d) => d.name)) });
    }
    case 'CreatePolicy': {
      const name = requestString(record, 'name');
      const type = requestString(record, 'type');
      const declared = name && type ? claimant(config, type, name) : undefined;
      if (!declared) return notOwned(`${name ?? 'the new policy'} is not declared in org.yaml`);
      return owned(config, { policies: [declared], entries: listing(config, [declared.name]) });
    }
    case 'EnablePolicyType':
    case 'DisablePolicyType': {
      const type = requestString(record, 'policyType');
      if (!type || !config.managedTypes.includes(type)) return notOwned(`${type ?? 'the type'} is not a policy type org.yaml manages (${managed})`);
      const entries = DEFAULT_POLICIES[type] ? config.targets : config.targets.filter((e) => e.policies.some((name) => typeOfListed(config, name) === type));
      return owned(config, { entries });
    }
    default:
      return notOwned(`${record.eventName} changes nothing org.yaml owns`);
  }
}

/** Whether an org.yaml selector names the event's target. */
function names(selector: TargetSelector, target: EventTarget, rootId: string): boolean {
  switch (selector.kind) {
    case 'root':
      return target.id === rootId;
    case 'ouId':
    case 'accountId':
      return selector.id === target.id;
    case 'ouPath':
      return target.path !== undefined && target.path.length === selector.path.length && target.path.every((name, i) => name === selector.path[i]);
    case 'accountName':
      return target.type === 'ACCOUNT' && target.name === selector.name;
  }
}

/** The target by the id the event gave: nothing is left to resolve. */
function selectorOf(target: EventTarget): TargetSelector {
  return target.type === 'ROOT' ? { kind: 'root' } : target.type === 'ACCOUNT' ? { kind: 'accountId', id: target.id } : { kind: 'ouId', id: target.id };
}

function byId(entry: TargetEntry, target: EventTarget): TargetEntry {
  return { ...entry, selector: selectorOf(target) };
}

/** An unlisted target under `unlistedTargets: default`: it carries only its types' default policies. */
function defaultsEntry(config: DesiredConfig, target: EventTarget): TargetEntry {
  const defaults = config.managedTypes.flatMap((type) => (DEFAULT_POLICIES[type] ? [DEFAULT_POLICIES[type].name] : []));
  return { key: target.id, selector: selectorOf(target), policies: defaults, source: { file: config.file, line: 1, column: 1 } };
}

function claimant(config: DesiredConfig, type: PolicyType, name: string): DesiredPolicy | undefined {
  return [...config.policies.values()].find((d) => d.type === type && (d.name === name || d.formerNames.includes(name)));
}

function listing(config: DesiredConfig, policyNames: string[]): TargetEntry[] {
  return config.targets.filter((entry) => entry.policies.some((name) => policyNames.includes(name)));
}

function typeOfListed(config: DesiredConfig, name: string): PolicyType | undefined {
  return config.policies.get(name)?.type ?? defaultPolicyByName(name)?.type;
}

interface Narrowing {
  entries: TargetEntry[];
  policies?: DesiredPolicy[];
  labels?: Map<string, string>;
  unlisted?: Set<string>;
  renames?: RecognizedRename[];
}

/** org.yaml with only these entries, and the policies concerned plus every declared policy they list. */
function owned(config: DesiredConfig, narrowing: Narrowing): Scope {
  const policies = new Map<string, DesiredPolicy>();
  for (const declared of narrowing.policies ?? []) policies.set(declared.name, declared);
  for (const entry of narrowing.entries) {
    for (const name of entry.policies) {
      const declared = config.policies.get(name);
      if (declared) policies.set(name, declared);
    }
  }
  return {
    kind: 'owned',
    // The managed types stay org.yaml's: a listed target's attachments of every managed type are its to keep.
    // Unlisted targets are not read (the event's own is listed above, if org.yaml owns it).
    // IAM roles are not Organizations events' concern: their writes are in each account's own trail.
    config: { ...config, policies, targets: narrowing.entries, unlistedTargets: 'ignore', iamRoles: [] },
    labels: narrowing.labels ?? new Map(),
    unlisted: narrowing.unlisted ?? new Set(),
    renames: narrowing.renames ?? [],
  };
}
