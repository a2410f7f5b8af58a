// Runs a plan step by step on a model of the organization and checks every step against AWS's rules. The
// planner checks its own plans with it before showing them, and the tests use it to check any plan.

import { DEFAULT_POLICIES, type PolicyType } from '../aws/policy-types.js';
import type { Step } from './plan.js';
import type { SequenceLimits } from './sequence.js';

export interface ModelPolicy {
  type: PolicyType;
  name: string;
  detachable: boolean;
}

export interface OrgModel {
  enabledTypes: Set<PolicyType>;
  /** By policy key (live id, or `new:<name>` once created). */
  policies: Map<string, ModelPolicy>;
  /** Known targets' direct attachments, per type. */
  attachments: Map<string, Map<PolicyType, string[]>>;
  /** Every target of these policies is known: only those may be deleted. */
  policyTargets: Map<string, Set<string>>;
  limits(type: PolicyType): SequenceLimits;
}

export function cloneModel(model: OrgModel): OrgModel {
  return {
    enabledTypes: new Set(model.enabledTypes),
    policies: new Map(model.policies),
    attachments: new Map([...model.attachments].map(([id, byType]) => [id, new Map([...byType].map(([t, keys]) => [t, [...keys]]))])),
    policyTargets: new Map([...model.policyTargets].map(([key, targets]) => [key, new Set(targets)])),
    limits: model.limits,
  };
}

function attachedOf(model: OrgModel, targetId: string, type: PolicyType): string[] {
  let byType = model.attachments.get(targetId);
  if (!byType) {
    byType = new Map();
    model.attachments.set(targetId, byType);
  }
  let keys = byType.get(type);
  if (!keys) {
    keys = [];
    byType.set(type, keys);
  }
  return keys;
}

/** Applies one step; returns why it would fail on AWS, or undefined when it is safe. */
export function applyStep(model: OrgModel, step: Step): string | undefined {
  switch (step.action) {
    case 'enable-policy-type': {
      if (model.enabledTypes.has(step.policyType)) return `${step.policyType} is already enabled`;
      model.enabledTypes.add(step.policyType);
      const defaultPolicy = DEFAULT_POLICIES[step.policyType];
      if (defaultPolicy) {
        for (const targetId of model.attachments.keys()) {
          const keys = attachedOf(model, targetId, step.policyType);
          if (!keys.includes(defaultPolicy.id)) keys.push(defaultPolicy.id);
        }
      }
      return undefined;
    }
    case 'create-policy': {
      if (model.policies.has(step.policy.key)) return `policy ${step.policy.name} already exists`;
      for (const p of model.policies.values()) {
        if (p.name === step.policy.name && p.type === step.policy.type) return `a ${p.type} named ${p.name} already exists`;
      }
      model.policies.set(step.policy.key, { type: step.policy.type, name: step.policy.name, detachable: true });
      model.policyTargets.set(step.policy.key, new Set());
      return undefined;
    }
    case 'update-policy': {
      const policy = model.policies.get(step.policy.key);
      if (!policy) return `policy ${step.policy.name} does not exist`;
      if (step.name) model.policies.set(step.policy.key, { ...policy, name: step.name.to });
      return undefined;
    }
    case 'attach': {
      const policy = model.policies.get(step.policy.key);
      if (!policy) return `policy ${step.policy.name} does not exist yet`;
      if (!model.enabledTypes.has(policy.type)) return `${policy.type} is not enabled`;
      const keys = attachedOf(model, step.target.id, policy.type);
      if (keys.includes(step.policy.key)) return `${step.policy.name} is already attached to ${step.target.label}`;
      const { max } = model.limits(policy.type);
      if (keys.length + 1 > max) return `${step.target.label} would hold ${keys.length + 1} ${policy.type} policies, over the maximum of ${max}`;
      keys.push(step.policy.key);
      model.policyTargets.get(step.policy.key)?.add(step.target.id);
      return undefined;
    }
    case 'detach': {
      const policy = model.policies.get(step.policy.key);
      if (!policy) return `policy ${step.policy.name} does not exist`;
      if (!policy.detachable) return `${policy.name} can never be detached`;
      const keys = attachedOf(model, step.target.id, policy.type);
      const index = keys.indexOf(step.policy.key);
      if (index < 0) return `${step.policy.name} is not attached to ${step.target.label}`;
      const { min } = model.limits(policy.type);
      if (keys.length - 1 < min) return `${step.target.label} would hold ${keys.length - 1} ${policy.type} policies, under the minimum of ${min}`;
      keys.splice(index, 1);
      model.policyTargets.get(step.policy.key)?.delete(step.target.id);
      return undefined;
    }
    case 'delete-policy': {
      if (!model.policies.has(step.policy.key)) return `policy ${step.policy.name} does not exist`;
      const targets = model.policyTargets.get(step.policy.key);
      if (!targets) return `the targets of ${step.policy.name} were not read, so it cannot be known to be detached everywhere`;
      if (targets.size > 0) return `${step.policy.name} is still attached to ${targets.size} target(s)`;
      model.policies.delete(step.policy.key);
      model.policyTargets.delete(step.policy.key);
      return undefined;
    }
  }
}

/** Runs every step on a copy of `model`; returns the copy and each refused step with its reason. */
export function simulate(model: OrgModel, steps: Step[]): { model: OrgModel; violations: { index: number; reason: string }[] } {
  const copy = cloneModel(model);
  const violations: { index: number; reason: string }[] = [];
  steps.forEach((step, index) => {
    const reason = applyStep(copy, step);
    if (reason) violations.push({ index, reason });
  });
  return { model: copy, violations };
}
