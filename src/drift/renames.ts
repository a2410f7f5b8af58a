// A declared policy renamed by hand to a name org.yaml does not know. The planner matches live policies to
// declared ones by name (and former name), so to it the declared policy is missing: it would create it again and
// move every attachment over, leaving the renamed one behind. Drift handling recognises the rename instead, when
// it is certain: a live policy of the same type whose document is exactly the declared one, the only such policy
// for that declaration and the declaration the only one it matches. Such a rename is then undone as org.yaml's
// own renames are done, in place (UpdatePolicy), by giving the declaration the live name as a former name.

import equal from 'fast-deep-equal';
import type { DesiredConfig, DesiredPolicy } from '../desired/config.js';
import type { OrgPolicy, OrgState } from '../model/org-state.js';

export interface RecognizedRename {
  /** The declared name. */
  declared: string;
  policyId: string;
  /** The name the policy has now. */
  liveName: string;
}

/** The declared policies with no live policy of their type under their name or a former name. */
export function missingPolicies(config: DesiredConfig, livePolicies: Iterable<OrgPolicy>): DesiredPolicy[] {
  const live = new Set([...livePolicies].map((p) => `${p.type}\0${p.name}`));
  return [...config.policies.values()].filter((d) => ![d.name, ...d.formerNames].some((name) => live.has(`${d.type}\0${name}`)));
}

/** The live customer policies that no declaration claims by name or former name. */
export function unclaimedPolicies(config: DesiredConfig, livePolicies: Iterable<OrgPolicy>): OrgPolicy[] {
  const claimed = new Set([...config.policies.values()].flatMap((d) => [d.name, ...d.formerNames].map((name) => `${d.type}\0${name}`)));
  return [...livePolicies].filter((p) => !p.awsManaged && !claimed.has(`${p.type}\0${p.name}`));
}

/** Renames certain from content: `candidates` must carry their content. */
export function recognizeRenames(missing: readonly DesiredPolicy[], candidates: readonly OrgPolicy[]): RecognizedRename[] {
  const sameDocument = (declared: DesiredPolicy, live: OrgPolicy) => live.type === declared.type && live.content !== undefined && equal(parse(live.content), declared.document);
  const renames: RecognizedRename[] = [];
  for (const declared of missing) {
    const matches = candidates.filter((live) => sameDocument(declared, live));
    if (matches.length !== 1) continue;
    const [live] = matches;
    if (missing.filter((other) => sameDocument(other, live)).length !== 1) continue;
    renames.push({ declared: declared.name, policyId: live.id, liveName: live.name });
  }
  return renames;
}

/** org.yaml with each recognised live name added as a former name of its declaration. */
export function withFormerNames(config: DesiredConfig, renames: readonly RecognizedRename[]): DesiredConfig {
  if (renames.length === 0) return config;
  const policies = new Map(config.policies);
  for (const rename of renames) {
    const declared = policies.get(rename.declared)!;
    policies.set(rename.declared, { ...declared, formerNames: [...declared.formerNames, rename.liveName] });
  }
  return { ...config, policies };
}

/**
 * The candidates for `missing` among the policies the read saw: unclaimed customer policies of the same type that
 * sit on a target where org.yaml lists a missing policy (a renamed policy stays where it was attached).
 */
export function renameCandidates(config: DesiredConfig, state: OrgState, missing: readonly DesiredPolicy[]): OrgPolicy[] {
  const missingNames = new Set(missing.map((d) => d.name));
  const onListedTargets = new Set<string>();
  for (const entry of config.targets) {
    if (!entry.policies.some((name) => missingNames.has(name))) continue;
    const id = state.coverage.named.get(entry.key)?.id;
    for (const ids of (id && state.attachments.get(id)?.values()) || []) for (const policyId of ids) onListedTargets.add(policyId);
  }
  const types = new Set(missing.map((d) => d.type));
  return unclaimedPolicies(config, state.policies.values()).filter((p) => types.has(p.type) && onListedTargets.has(p.id));
}

function parse(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}
