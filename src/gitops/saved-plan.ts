// Saved plans: what `plan --out` writes and `apply PLAN` executes, so that what runs on merge is exactly what was
// reviewed. The file carries the steps, digests of org.yaml and every policy file, the organization, a
// fingerprint of the live state the plan was computed from, and a checksum over all of it.
//
// Before applying, the live state is read again and planned afresh. The saved plan runs only if the fresh plan
// asks for nothing it does not: the same steps (nothing moved), a subset (a run was interrupted, or someone made
// some of the reviewed changes), or none (already applied). Anything else is a stale plan, refused with what
// changed; it is never silently re-planned.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import stringify from 'safe-stable-stringify';
import type { DesiredConfig } from '../desired/config.js';
import { ReconcileError } from '../diagnostics/diagnostic.js';
import type { OrgState } from '../model/org-state.js';
import type { Plan, Step } from '../plan/plan.js';

export const SAVED_PLAN_FORMAT = 'reconcile/saved-plan';
export const SAVED_PLAN_VERSION = 1;

export interface SavedPlan {
  format: typeof SAVED_PLAN_FORMAT;
  version: number;
  createdAt: string;
  organization: { id: string; managementAccountId: string };
  /** org.yaml as given to plan, and a digest of it and of every policy file it names (paths relative to it). */
  config: { path: string; digests: Record<string, string> };
  prune: boolean;
  /** Digest of the live state the plan was computed from. */
  liveFingerprint: string;
  plan: Plan;
  /** Digest of everything above: an edited or truncated file does not match it. */
  checksum: string;
}

/** A saved plan that must not be applied (stale, foreign, edited): nothing is written. */
export class SavedPlanError extends ReconcileError {
  constructor(message: string, details: string[] = []) {
    super(
      message,
      details.map((message) => ({ severity: 'error' as const, message })),
      'Nothing was written to AWS.',
    );
  }
}

const sha256 = (text: string | Buffer) => 'sha256:' + createHash('sha256').update(text).digest('hex');
const canonical = (value: unknown) => stringify(value) ?? 'null';

/**
 * Digests of org.yaml and of every policy file it names, keyed by path relative to org.yaml's folder. A policy
 * file is digested as parsed JSON, as the plan compares it: reformatting one does not make a saved plan stale.
 */
export function configDigests(config: DesiredConfig): Record<string, string> {
  const dir = dirname(config.file);
  const digests: Record<string, string> = { [relative(dir, config.file)]: sha256(readFileSync(config.file)) };
  for (const policy of config.policies.values()) digests[policy.file] = sha256(canonical(policy.document));
  return digests;
}

export function liveFingerprint(live: OrgState): string {
  return sha256(
    canonical({
      organization: live.organization,
      policyTypes: Object.fromEntries(live.policyTypes),
      policies: [...live.policies.values()].map((p) => ({ ...p, content: p.content === undefined ? null : sha256(p.content) })),
      attachments: Object.fromEntries([...live.attachments].map(([id, byType]) => [id, Object.fromEntries(byType)])),
      policyTargets: Object.fromEntries(live.policyTargets),
    }),
  );
}

export function savePlan(path: string, plan: Plan, config: DesiredConfig, live: OrgState, prune: boolean): SavedPlan {
  const body: Omit<SavedPlan, 'checksum'> = {
    format: SAVED_PLAN_FORMAT,
    version: SAVED_PLAN_VERSION,
    createdAt: new Date().toISOString(),
    organization: { id: plan.organizationId, managementAccountId: plan.managementAccountId },
    config: { path: config.file, digests: configDigests(config) },
    prune,
    liveFingerprint: liveFingerprint(live),
    plan,
  };
  const saved: SavedPlan = { ...body, checksum: sha256(canonical(body)) };
  writeFileSync(path, JSON.stringify(saved, null, 2) + '\n');
  return saved;
}

export function loadSavedPlan(path: string): SavedPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SavedPlanError(`cannot read the plan file ${path} (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  let saved: Partial<SavedPlan>;
  try {
    saved = JSON.parse(text) as Partial<SavedPlan>;
  } catch {
    throw new SavedPlanError(`${path} is not a complete plan file: it is not valid JSON (truncated?). Run reconcile plan --out again.`);
  }
  if (saved?.format !== SAVED_PLAN_FORMAT) throw new SavedPlanError(`${path} is not a plan file written by reconcile plan --out`);
  if (typeof saved.version !== 'number' || saved.version > SAVED_PLAN_VERSION) {
    throw new SavedPlanError(
      `${path} was written by a newer reconcile (plan format ${saved.version}); this one reads format ${SAVED_PLAN_VERSION}. Upgrade reconcile, or plan again with this one.`,
    );
  }
  const { checksum, ...body } = saved;
  if (checksum !== sha256(canonical(body))) {
    throw new SavedPlanError(`${path} was changed after reconcile wrote it (its checksum does not match); a reviewed plan must be applied as written.`);
  }
  return saved as SavedPlan;
}

/** What in org.yaml or the policy files changed since the plan was saved. */
export function changedFiles(saved: SavedPlan, current: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [file, digest] of Object.entries(saved.config.digests)) {
    if (!(file in current)) out.push(`${file} is no longer used`);
    else if (current[file] !== digest) out.push(`${file} changed`);
  }
  for (const file of Object.keys(current)) if (!(file in saved.config.digests)) out.push(`${file} is new`);
  return out;
}

/** A step's identity, independent of ids that only exist once earlier steps have run. */
export function stepIdentity(step: Step): string {
  switch (step.action) {
    case 'enable-policy-type':
      return `enable ${step.policyType}`;
    case 'create-policy':
      return `create ${step.policy.type} ${step.policy.name} ${sha256(step.content)} ${canonical(step.description)}`;
    case 'update-policy':
      return `update ${step.policy.key} ${canonical({ name: step.name, description: step.description, from: step.content && sha256(step.content.from), to: step.content && sha256(step.content.to) })}`;
    case 'attach':
    case 'detach':
      return `${step.action} ${step.policy.type} ${step.policy.name} ${step.target.id}`;
    case 'attach-role-policy':
    case 'detach-role-policy':
      return `${step.action} ${step.account.id} ${step.role} ${step.policyArn}`;
    case 'delete-policy':
      return `delete ${step.policy.key}`;
  }
}

export type Verdict =
  | { kind: 'unchanged' }
  | { kind: 'partly-done'; done: number }
  | { kind: 'done' }
  | { kind: 'stale'; added: Step[]; dropped: Step[] };

/** Compares the reviewed plan with a fresh one computed from the live state now. */
export function compareWithFresh(saved: Plan, fresh: Plan): Verdict {
  const reviewed = new Set(saved.steps.map(stepIdentity));
  const now = new Set(fresh.steps.map(stepIdentity));
  const added = fresh.steps.filter((s) => !reviewed.has(stepIdentity(s)));
  if (added.length > 0) return { kind: 'stale', added, dropped: saved.steps.filter((s) => !now.has(stepIdentity(s))) };
  if (fresh.steps.length === 0 && saved.steps.length > 0) return { kind: 'done' };
  if (fresh.steps.length < saved.steps.length) return { kind: 'partly-done', done: saved.steps.length - fresh.steps.length };
  return { kind: 'unchanged' };
}
