// The planner: a pure function from the desired state (org.yaml) and the organization model (what the reader
// found) to an ordered, safe plan. It checks its own plan step by step on the model (simulate.ts) and refuses,
// with reasons, anything it cannot do safely.

import equal from 'fast-deep-equal';
import { IAM_ROLE_LIMIT_KEY } from '../aws/iam.js';
import { DEFAULT_POLICIES, SCP, defaultPolicyByName, isAuthorizationType, limitsFor, type PolicyType } from '../aws/policy-types.js';
import type { DesiredConfig } from '../desired/config.js';
import { ReconcileError, type Diagnostic, type SourceLocation } from '../diagnostics/diagnostic.js';
import { cloneState, isEnabled, nameOf, targetTypeOf, type OrgPolicy, type OrgState, type TargetRef } from '../model/org-state.js';
import { requestFor, uncovered } from '../read/request.js';
import type { AttachmentReason, AttachmentStep, Plan, PlanWarning, PolicyRef, Step, UnmanagedPolicy } from './plan.js';
import { planIamRoles } from './iam-planner.js';
import { sequenceChanges } from './sequence.js';
import { applyStep, simulate, type LimitsOf } from './simulate.js';

/** The change cannot be made safely (or is for another organization): nothing is written. */
export class PlanRefused extends ReconcileError {
  constructor(diagnostics: Diagnostic[]) {
    super('the change cannot be made safely; nothing was written to AWS.', diagnostics);
  }

  get reasons(): string[] {
    return this.diagnostics.map((d) => (d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ${d.message}` : d.message));
  }
}

export interface PlanOptions {
  /** Delete customer-managed policies of a managed type that org.yaml does not declare, once detached. */
  prune: boolean;
  /** With iamRoles: plan the accounts that can be reached and report the others, instead of refusing. */
  skipUnreachable?: boolean;
}

interface DesiredTarget {
  target: TargetRef;
  listed: boolean;
  byType: Map<PolicyType, string[]>;
}

/** The attachment limits org.yaml plans with: AWS's quotas with its overrides. */
export function limitsOf(config: DesiredConfig): LimitsOf {
  return (type) => {
    if (type === IAM_ROLE_LIMIT_KEY) return { min: 0, max: config.iamRoleLimits.maxAttachments };
    const limits = limitsFor(type, config.limits);
    return { min: limits.minAttachments, max: limits.maxAttachments };
  };
}

class Refusals {
  readonly list: Diagnostic[] = [];
  add(message: string, location?: SourceLocation): void {
    this.list.push({ severity: 'error', message, ...(location ? { location } : {}) });
  }
}

/**
 * Plans `config` against `state`, which must cover what reading for `config` covers (read/request.ts:
 * requestFor); a model that does not is a programming error, reported as such.
 */
export function planChanges(config: DesiredConfig, state: OrgState, options: PlanOptions): Plan {
  const gaps = uncovered(state, requestFor(config, options));
  if (gaps.length > 0) throw new Error(`internal: the organization model does not cover what the plan needs: ${gaps.join('; ')}`);
  checkGuards(config, state);
  const refusals = new Refusals();
  const limits = limitsOf(config);
  const policyByKey = new Map<string, PolicyRef>();
  for (const p of state.policies.values()) policyByKey.set(p.id, { key: p.id, name: p.name, type: p.type });

  // Declared policies: matched to live ones by name, then by former name; otherwise created.
  const { steps: policySteps, keyOfName, matchedIds } = planPolicies(config, state, policyByKey, refusals);
  const warnings: PlanWarning[] = renameWarnings(policySteps);

  // Policy types not enabled are enabled first; enabling SCPs/RCPs attaches their default everywhere.
  const enableSteps: Step[] = config.managedTypes
    .filter((type) => !isEnabled(state, type))
    .map((type) => ({ phase: 'enable', action: 'enable-policy-type', policyType: type, rootId: state.root.id }));
  const afterEnable = cloneState(state);
  for (const step of [...enableSteps, ...policySteps]) applyStep(afterEnable, step, limits);

  const desired = desiredTargets(config, state, afterEnable, keyOfName, refusals);
  const attachPhase: AttachmentStep[] = [];
  const detachPhase: AttachmentStep[] = [];
  warnings.push(...managementAccountWarnings(state, desired, policyByKey));
  for (const { target, listed, byType } of desired) {
    for (const [type, wanted] of byType) {
      const current = afterEnable.attachments.get(target.id)?.get(type) ?? [];
      const defaultPolicy = DEFAULT_POLICIES[type];
      const result = sequenceChanges(current, wanted, limits(type), defaultPolicy?.id);
      if (!result.ok) {
        refusals.add(`${target.label} (${target.id}), ${type}: ${result.reason}`);
        continue;
      }
      const lastAttach = result.ops.map((o) => o.op).lastIndexOf('attach');
      result.ops.forEach((op, index) => {
        const policy = policyByKey.get(op.key)!;
        const reason: AttachmentReason =
          op.op === 'attach' ? 'listed' : !listed ? 'unlisted-default' : matchedIds.has(op.key) || keyOfName.has(policy.name) ? 'not-listed' : 'attached-outside';
        const step: AttachmentStep = { phase: index <= lastAttach ? 'attach' : 'detach', action: op.op, policy, target, reason };
        (index <= lastAttach ? attachPhase : detachPhase).push(step);
        if (op.op === 'detach' && defaultPolicy && op.key === defaultPolicy.id) {
          warnings.push({ code: 'loses-default', target, policy: defaultPolicy.name, policyType: type });
          const firstAttach = result.ops.findIndex((o) => o.op === 'attach');
          if (firstAttach > index) warnings.push({ code: 'default-detached-first', target, policy: defaultPolicy.name, policyType: type });
        }
      });
    }
  }

  warnings.push(...denyReachWarnings(config, attachPhase));
  const { steps: deleteSteps, unmanaged } = planPrune(config, state, matchedIds, [...attachPhase, ...detachPhase], options);
  const iam = config.iamRoles.length > 0 ? planIamRoles(config, state, limits, { skipUnreachable: options.skipUnreachable ?? false }) : undefined;
  refusals.list.push(...(iam?.refusals ?? []));
  const steps: Step[] = [
    ...enableSteps,
    ...policySteps,
    ...attachPhase,
    ...(iam?.attachPhase ?? []),
    ...detachPhase,
    ...(iam?.detachPhase ?? []),
    ...deleteSteps,
  ];

  if (refusals.list.length === 0) {
    const { violations } = simulate(state, steps, limits);
    for (const v of violations) refusals.add(`step ${v.index + 1} would fail: ${v.reason}`);
  }
  if (refusals.list.length > 0) throw new PlanRefused(refusals.list);

  const listedIds = new Set(desired.filter((d) => d.listed).map((d) => d.target.id));
  const targetCount = state.coverage.targetCount;
  return {
    organizationId: state.organization.id,
    managementAccountId: state.organization.managementAccountId,
    steps,
    effective: [],
    unmanaged,
    leftAlone: config.unlistedTargets === 'default' ? 0 : targetCount === undefined ? undefined : targetCount - listedIds.size,
    warnings,
    ...(iam ? { iam: iam.report } : {}),
  };
}

/** Refuses a state of another organization than org.yaml's guards name. */
export function checkGuards(config: DesiredConfig, state: OrgState): void {
  const refusals = new Refusals();
  const guard = config.organization;
  if (guard.id && guard.id !== state.organization.id) {
    refusals.add(`${config.file} is for organization ${guard.id}, but the credentials reach ${state.organization.id}`);
  }
  if (guard.managementAccountId && guard.managementAccountId !== state.organization.managementAccountId) {
    refusals.add(`${config.file} is for management account ${guard.managementAccountId}, but the organization's is ${state.organization.managementAccountId}`);
  }
  if (refusals.list.length > 0) throw new PlanRefused(refusals.list);
}

function planPolicies(config: DesiredConfig, state: OrgState, policyByKey: Map<string, PolicyRef>, refusals: Refusals) {
  const byTypeAndName = new Map<string, OrgPolicy>([...state.policies.values()].map((p) => [`${p.type}\0${p.name}`, p]));
  const keyOfName = new Map<string, string>();
  for (const policy of Object.values(DEFAULT_POLICIES)) keyOfName.set(policy.name, policy.id);
  const matchedIds = new Set<string>();
  const creates: Step[] = [];
  const updates: Step[] = [];
  for (const declared of config.policies.values()) {
    const match =
      byTypeAndName.get(`${declared.type}\0${declared.name}`) ??
      declared.formerNames.map((former) => byTypeAndName.get(`${declared.type}\0${former}`)).find((p) => p !== undefined);
    if (match && matchedIds.has(match.id)) {
      refusals.add(`${declared.name} and another declared policy both claim live policy ${match.name} (${match.id})`, declared.source);
      continue;
    }
    if (!match) {
      const ref: PolicyRef = { key: `new:${declared.name}`, name: declared.name, type: declared.type };
      policyByKey.set(ref.key, ref);
      keyOfName.set(declared.name, ref.key);
      creates.push({
        phase: 'create',
        action: 'create-policy',
        policy: ref,
        description: declared.description ?? '',
        content: declared.content,
        document: declared.document,
      });
      continue;
    }
    matchedIds.add(match.id);
    keyOfName.set(declared.name, match.id);
    const ref: PolicyRef = { key: match.id, name: declared.name, type: declared.type };
    policyByKey.set(match.id, ref);
    const content = match.content!; // covered: requestFor names every declared policy
    const liveDocument = parseOrText(content);
    const update: Extract<Step, { action: 'update-policy' }> = { phase: 'update', action: 'update-policy', policy: ref };
    if (match.name !== declared.name) update.name = { from: match.name, to: declared.name };
    if (declared.description !== undefined && declared.description !== match.description) {
      update.description = { from: match.description, to: declared.description };
    }
    if (!equal(liveDocument, declared.document)) {
      update.content = { from: content, to: declared.content, fromDocument: liveDocument, toDocument: declared.document };
    }
    if (update.name || update.description || update.content) updates.push(update);
  }
  return { steps: [...creates, ...updates], keyOfName, matchedIds };
}

function parseOrText(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}

/** A target the model covers, as output shows it: AWS's name where known, else its id. */
function coveredTarget(state: OrgState, id: string): TargetRef {
  return { id, type: targetTypeOf(state, id) ?? 'ACCOUNT', label: nameOf(state, id) ?? id };
}

function desiredTargets(config: DesiredConfig, state: OrgState, afterEnable: OrgState, keyOfName: Map<string, string>, refusals: Refusals): DesiredTarget[] {
  const out: DesiredTarget[] = [];
  const listedBy = new Map<string, string>();
  for (const entry of config.targets) {
    const target = state.coverage.named.get(entry.key)!;
    const earlier = listedBy.get(target.id);
    if (earlier) {
      refusals.add(`${entry.key} is ${target.id}, which ${earlier} already lists`, entry.source);
      continue;
    }
    listedBy.set(target.id, `${entry.key} (${entry.source.file}:${entry.source.line}:${entry.source.column})`);
    const byType = new Map<PolicyType, string[]>();
    for (const type of config.managedTypes) byType.set(type, []);
    for (const name of entry.policies) {
      const key = keyOfName.get(name);
      if (!key) continue; // its declaration was refused above
      const type = config.policies.get(name)?.type ?? defaultPolicyByName(name)!.type;
      byType.get(type)!.push(key);
    }
    out.push({ target, listed: true, byType });
  }
  if (config.unlistedTargets === 'default') {
    const unlisted = [...state.attachments.keys()]
      .filter((id) => !listedBy.has(id))
      .map((id) => coveredTarget(state, id))
      .sort((a, b) => a.label.localeCompare(b.label));
    for (const target of unlisted) {
      const byType = new Map<PolicyType, string[]>();
      for (const type of config.managedTypes) {
        const defaultPolicy = DEFAULT_POLICIES[type];
        byType.set(type, defaultPolicy && isEnabled(afterEnable, type) ? [defaultPolicy.id] : []);
      }
      out.push({ target, listed: false, byType });
    }
  }
  return out;
}

function planPrune(
  config: DesiredConfig,
  state: OrgState,
  matchedIds: Set<string>,
  attachmentSteps: AttachmentStep[],
  options: PlanOptions,
): { steps: Step[]; unmanaged: UnmanagedPolicy[] } {
  const steps: Step[] = [];
  const unmanaged: UnmanagedPolicy[] = [];
  const managed = new Set(config.managedTypes);
  // By type and name, not in the order AWS happened to list them: the same state always gives the same plan.
  const byName = [...state.policies.values()].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  for (const policy of byName) {
    if (policy.awsManaged || matchedIds.has(policy.id) || !managed.has(policy.type)) continue;
    const entry = { id: policy.id, name: policy.name, type: policy.type };
    if (!options.prune) {
      unmanaged.push({ ...entry, disposition: 'kept', attachedTo: [] });
      continue;
    }
    const targets = state.policyTargets.get(policy.id)!; // covered: requestFor asks for them with --prune
    const detached = new Set(attachmentSteps.filter((s) => s.action === 'detach' && s.policy.key === policy.id).map((s) => s.target.id));
    const remaining = targets.filter((id) => !detached.has(id));
    if (remaining.length > 0) {
      unmanaged.push({ ...entry, disposition: 'still-attached', attachedTo: remaining.map((id) => coveredTarget(state, id)) });
      continue;
    }
    steps.push({ phase: 'delete', action: 'delete-policy', policy: { key: policy.id, name: policy.name, type: policy.type } });
  }
  return { steps, unmanaged };
}

/** A rename that also changes content may have matched a policy that only shares a former name. */
function renameWarnings(policySteps: Step[]): PlanWarning[] {
  return policySteps.flatMap((step): PlanWarning[] =>
    step.action === 'update-policy' && step.name && step.content
      ? [{ code: 'rename-replaces-content', policy: step.name.to, formerName: step.name.from, policyId: step.policy.key }]
      : [],
  );
}

/** SCPs do not apply to the management account: listing them there protects nothing. */
function managementAccountWarnings(state: OrgState, desired: DesiredTarget[], policyByKey: Map<string, PolicyRef>): PlanWarning[] {
  const management = desired.find((d) => d.listed && d.target.id === state.organization.managementAccountId);
  if (!management) return [];
  const restricting = (management.byType.get(SCP) ?? []).map((key) => policyByKey.get(key)!.name).filter((name) => name !== DEFAULT_POLICIES[SCP].name);
  return restricting.length ? [{ code: 'scp-on-management-account', target: management.target, policy: restricting.join(', ') }] : [];
}

/** A policy with Deny statements that gets attached to more targets restricts more accounts: say where. */
function denyReachWarnings(config: DesiredConfig, attachPhase: AttachmentStep[]): PlanWarning[] {
  const reach = new Map<string, TargetRef[]>();
  for (const step of attachPhase) {
    if (step.action !== 'attach' || !isAuthorizationType(step.policy.type)) continue;
    const document = config.policies.get(step.policy.name)?.document as { Statement?: unknown } | undefined;
    const statements = document?.Statement === undefined ? [] : [document.Statement].flat();
    if (!statements.some((s) => (s as { Effect?: unknown })?.Effect === 'Deny')) continue;
    reach.set(step.policy.name, [...(reach.get(step.policy.name) ?? []), step.target]);
  }
  return [...reach].map(([policy, targets]) => ({ code: 'deny-reach', policy, targets }));
}
