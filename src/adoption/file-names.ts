// File names for imported policies: derived from the policy name, the same on every run, and safe on every
// filesystem (no reserved characters or Windows device names, no two names that differ only in case).

import { SCP, RCP, type PolicyType } from '../aws/policy-types.js';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const MAX_LENGTH = 100;

/** The folder under policies/ for a type: scp, rcp, tag, backup, aiservices-opt-out, … */
export function typeFolder(type: PolicyType): string {
  if (type === SCP) return 'scp';
  if (type === RCP) return 'rcp';
  return type.replace(/_POLICY$/, '').toLowerCase().replace(/_/g, '-');
}

export function slug(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let out = ascii
    // CamelCase reads as words: DenyLeaveOrganization → deny-leave-organization, S3Public → s3-public.
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .toLowerCase()
    .slice(0, MAX_LENGTH)
    .replace(/[-.]+$/g, '');
  if (!out) out = 'policy';
  if (WINDOWS_RESERVED.test(out)) out += '-policy';
  return out;
}

/**
 * Paths (relative to org.yaml) for each policy, keyed by id. Policies whose names make the same file name are
 * told apart by their ids, in id order, so the result does not depend on the order AWS lists them in.
 */
export function policyFilePaths(policies: { id: string; name: string; type: PolicyType }[]): Map<string, string> {
  const byPath = new Map<string, { id: string }[]>();
  for (const p of [...policies].sort((a, b) => a.id.localeCompare(b.id))) {
    const path = `policies/${typeFolder(p.type)}/${slug(p.name)}`;
    byPath.set(path, [...(byPath.get(path) ?? []), p]);
  }
  const out = new Map<string, string>();
  for (const [path, group] of byPath) {
    group.forEach((p, i) => out.set(p.id, i === 0 ? `${path}.json` : `${path}-${p.id.slice(2).toLowerCase()}.json`));
  }
  return out;
}
