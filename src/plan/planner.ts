// The planner: a pure function from the desired state (org.yaml) and the live state (what the reader found) to
// an ordered, safe plan. It checks its own plan step by step on a model (simulate.ts) and refuses, with reasons,
// anything it cannot do safely.

import equal from 'fast-deep-equal';
import { DEFAULT_POLICIES, defaultPolicyByName, isAuthorizationType, limitsFor, type PolicyType } from '../aws/policy-types.js';
import { formatLocation, type DesiredConfig } from '../desired/config.js';
import type { LivePolicy, LiveState, LiveTarget } from '../live/state.js';
import type { AttachmentStep, Plan, PlanWarning, PolicyRef, Step, UnmanagedPolicy } from './plan.js';
import { sequenceChanges } from './sequence.js';
import { applyStep, cloneModel, simulate, type OrgModel } from './simulate.js';

export class PlanRefused extends Error {
  constructor(readonly reasons: string[]) {
    super(`the plan was refused:\n${reasons.map((r) => `  - ${r}`).join('\n')}`);
  }
}

export interface PlanOptions {
  /** Delete customer-managed policies of a managed type that org.yaml does not declare, once detached. */
  prune: boolean;
}

interface DesiredTarget {
  target: LiveTarget;
  listed: boolean;
  byType: Map<PolicyType, string[]>;
}

export function planChanges(config: DesiredConfig, live: LiveState, options: PlanOptions): Plan {
  checkGuards(config, live);
  const refusals: string[] = [];
  const policyByKey = new Map<string, PolicyRef>();
  for (const p of live.policies) policyByKey.set(p.id, { key: p.id, name: p.name, type: p.type });

  // Declared policies: matched to live ones by name, then by former name; otherwise created.
  const { steps: policySteps, keyOfName, matchedIds } = planPolicies(config, live, policyByKey, refusals);

  // Policy types not enabled are enabled first; enabling SCPs/RCPs attaches their default everywhere.
  const initial = modelOf(config, live);
  const enableSteps: Step[] = config.managedTypes
    .filter((type) => !live.policyTypes.has(type))
    .map((type) => ({ phase: 'enable', action: 'enable-policy-type', policyType: type, rootId: live.root.id }));
  const afterEnable = cloneModel(initial);
  for (const step of [...enableSteps, ...policySteps]) applyStep(afterEnable, step);

  const desired = desiredTargets(config, live, afterEnable, keyOfName, refusals);
  const attachPhase: AttachmentStep[] = [];
  const detachPhase: AttachmentStep[] = [];
  const warnings: PlanWarning[] = [];
  for (const { target, listed, byType } of desired) {
    for (const [type, wanted] of byType) {
      const current = afterEnable.attachments.get(target.id)?.get(type);
      if (!current) throw new Error(`internal: the attachments of ${target.label} (${type}) were not read`);
      const defaultPolicy = DEFAULT_POLICIES[type];
      const result = sequenceChanges(current, wanted, afterEnable.limits(type), defaultPolicy?.id);
      if (!result.ok) {
        refusals.push(`${target.label} (${target.id}), ${type}: ${result.reason}`);
        continue;
      }
      const lastAttach = result.ops.map((o) => o.op).lastIndexOf('attach');
      result.ops.forEach((op, index) => {
        const policy = policyByKey.get(op.key)!;
        const reason =
          op.op === 'attach'
            ? 'listed in org.yaml'
            : !listed
              ? 'not listed in org.yaml, and unlistedTargets is default'
              : matchedIds.has(op.key) || keyOfName.has(policy.name)
                ? `not listed for ${target.label} in org.yaml`
                : `not listed for ${target.label} in org.yaml (attached outside it)`;
        const step: AttachmentStep = { phase: index <= lastAttach ? 'attach' : 'detach', action: op.op, policy, target, reason };
        (index <= lastAttach ? attachPhase : detachPhase).push(step);
        if (op.op === 'detach' && defaultPolicy && op.key === defaultPolicy.id) {
          warnings.push({ kind: 'loses-default', target, policy: defaultPolicy.name, policyType: type });
          const firstAttach = result.ops.findIndex((o) => o.op === 'attach');
          if (firstAttach > index) warnings.push({ kind: 'default-detached-first', target, policy: defaultPolicy.name, policyType: type });
        }
      });
    }
  }

  warnings.push(...denyReachWarnings(config, attachPhase));
  const { steps: deleteSteps, unmanaged } = planPrune(config, live, matchedIds, [...attachPhase, ...detachPhase], options);
  const steps: Step[] = [...enableSteps, ...policySteps, ...attachPhase, ...detachPhase, ...deleteSteps];

  if (refusals.length === 0) {
    const { violations } = simulate(initial, steps);
    for (const v of violations) refusals.push(`step ${v.index + 1} would fail: ${v.reason}`);
  }
  if (refusals.length > 0) throw new PlanRefused(refusals);

  return {
    organizationId: live.organization.id,
    managementAccountId: live.organization.managementAccountId,
    steps,
    unmanaged,
    leftAlone: config.unlistedTargets === 'default' ? 0 : live.unlistedTargetCount,
    warnings,
  };
}

function checkGuards(config: DesiredConfig, live: LiveState): void {
  const reasons: string[] = [];
  const guard = config.organization;
  if (guard.id && guard.id !== live.organization.id) {
    reasons.push(`${config.file} is for organization ${guard.id}, but the credentials reach ${live.organization.id}`);
  }
  if (guard.managementAccountId && guard.managementAccountId !== live.organization.managementAccountId) {
    reasons.push(
      `${config.file} is for management account ${guard.managementAccountId}, but the organization's is ${live.organization.managementAccountId}`,
    );
  }
  if (reasons.length > 0) throw new PlanRefused(reasons);
}

function planPolicies(config: DesiredConfig, live: LiveState, policyByKey: Map<string, PolicyRef>, refusals: string[]) {
  const byTypeAndName = new Map<string, LivePolicy>(live.policies.map((p) => [`${p.type}\0${p.name}`, p]));
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
      refusals.push(`${formatLocation(declared.source)}: ${declared.name} and another declared policy both claim live policy ${match.name} (${match.id})`);
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
    if (match.content === undefined) throw new Error(`internal: the content of ${match.name} was not read`);
    const liveDocument = parseOrText(match.content);
    const update: Extract<Step, { action: 'update-policy' }> = { phase: 'update', action: 'update-policy', policy: ref };
    if (match.name !== declared.name) update.name = { from: match.name, to: declared.name };
    if (declared.description !== undefined && declared.description !== match.description) {
      update.description = { from: match.description, to: declared.description };
    }
    if (!equal(liveDocument, declared.document)) {
      update.content = { from: match.content, to: declared.content, fromDocument: liveDocument, toDocument: declared.document };
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

function modelOf(config: DesiredConfig, live: LiveState): OrgModel {
  const policies = new Map(
    live.policies.map((p) => [
      p.id,
      { type: p.type, name: p.name, detachable: !(p.awsManaged && defaultPolicyByName(p.name)?.policy.detachable === false) },
    ]),
  );
  return {
    enabledTypes: new Set(live.policyTypes.keys()),
    policies,
    attachments: new Map(
      [...live.attachments].map(([id, byType]) => [id, new Map([...byType].map(([type, keys]) => [type, [...keys]]))]),
    ),
    policyTargets: new Map([...live.policyTargets].map(([id, targets]) => [id, new Set(targets)])),
    limits: (type) => {
      const limits = limitsFor(type, config.limits);
      return { min: limits.minAttachments, max: limits.maxAttachments };
    },
  };
}

function desiredTargets(
  config: DesiredConfig,
  live: LiveState,
  model: OrgModel,
  keyOfName: Map<string, string>,
  refusals: string[],
): DesiredTarget[] {
  const out: DesiredTarget[] = [];
  const listedBy = new Map<string, string>();
  for (const entry of config.targets) {
    const target = live.resolved.get(entry.key);
    if (!target) throw new Error(`internal: ${entry.key} was not resolved`);
    const earlier = listedBy.get(target.id);
    if (earlier) {
      refusals.push(`${formatLocation(entry.source)}: ${entry.key} is ${target.id}, which ${earlier} already lists`);
      continue;
    }
    listedBy.set(target.id, `${entry.key} (${formatLocation(entry.source)})`);
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
    const unlisted = [...live.targets.values()].filter((t) => !listedBy.has(t.id)).sort((a, b) => a.label.localeCompare(b.label));
    for (const target of unlisted) {
      const byType = new Map<PolicyType, string[]>();
      for (const type of config.managedTypes) {
        const defaultPolicy = DEFAULT_POLICIES[type];
        byType.set(type, defaultPolicy && model.enabledTypes.has(type) ? [defaultPolicy.id] : []);
      }
      out.push({ target, listed: false, byType });
    }
  }
  return out;
}

function planPrune(
  config: DesiredConfig,
  live: LiveState,
  matchedIds: Set<string>,
  attachmentSteps: AttachmentStep[],
  options: PlanOptions,
): { steps: Step[]; unmanaged: UnmanagedPolicy[] } {
  const steps: Step[] = [];
  const unmanaged: UnmanagedPolicy[] = [];
  const managed = new Set(config.managedTypes);
  // By type and name, not in the order AWS happened to list them: the same state always gives the same plan.
  const byName = [...live.policies].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  for (const policy of byName) {
    if (policy.awsManaged || matchedIds.has(policy.id) || !managed.has(policy.type)) continue;
    const entry = { id: policy.id, name: policy.name, type: policy.type };
    if (!options.prune) {
      unmanaged.push({ ...entry, note: 'not declared in org.yaml; kept (plan with --prune to delete it)' });
      continue;
    }
    const targets = live.policyTargets.get(policy.id);
    if (!targets) throw new Error(`internal: the targets of ${policy.name} were not read for --prune`);
    const detached = new Set(attachmentSteps.filter((s) => s.action === 'detach' && s.policy.key === policy.id).map((s) => s.target.id));
    const remaining = targets.filter((id) => !detached.has(id));
    if (remaining.length > 0) {
      unmanaged.push({ ...entry, note: `not deleted: still attached to ${remaining.length} target(s) org.yaml does not list` });
      continue;
    }
    steps.push({ phase: 'delete', action: 'delete-policy', policy: { key: policy.id, name: policy.name, type: policy.type } });
  }
  return { steps, unmanaged };
}

/** A policy with Deny statements that gets attached to more targets restricts more accounts: say where. */
function denyReachWarnings(config: DesiredConfig, attachPhase: AttachmentStep[]): PlanWarning[] {
  const reach = new Map<string, AttachmentStep['target'][]>();
  for (const step of attachPhase) {
    if (step.action !== 'attach' || !isAuthorizationType(step.policy.type)) continue;
    const document = config.policies.get(step.policy.name)?.document as { Statement?: unknown } | undefined;
    const statements = document?.Statement === undefined ? [] : [document.Statement].flat();
    if (!statements.some((s) => (s as { Effect?: unknown })?.Effect === 'Deny')) continue;
    reach.set(step.policy.name, [...(reach.get(step.policy.name) ?? []), step.target]);
  }
  return [...reach].map(([policy, targets]) => ({ kind: 'deny-reach', policy, targets }));
}
