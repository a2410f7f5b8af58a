// Runs a plan step by step on an OrgState and checks every step against AWS's rules. The planner checks its own
// plans with it before showing them; the result is the organization after the plan (attachments, names,
// descriptions and content), which is what impact analysis and the effective-policy preview read.

import { IAM_ROLE_LIMIT_KEY, SERVICE_LINKED_ROLE_PATH } from '../aws/iam.js';
import { DEFAULT_POLICIES, defaultPolicyByName, type PolicyType } from '../aws/policy-types.js';
import { cloneState, isEnabled, type OrgPolicy, type OrgState } from '../model/org-state.js';
import type { RoleAttachmentStep, Step } from './plan.js';
import type { SequenceLimits } from './sequence.js';

export type LimitsOf = (type: PolicyType) => SequenceLimits;

function attachedOf(state: OrgState, targetId: string, type: PolicyType): string[] {
  let byType = state.attachments.get(targetId);
  if (!byType) {
    byType = new Map();
    state.attachments.set(targetId, byType);
  }
  let ids = byType.get(type);
  if (!ids) {
    ids = [];
    byType.set(type, ids);
  }
  return ids;
}

/** RCPFullAWSAccess can never be detached; every other policy can, within the limits. */
function detachable(policy: OrgPolicy): boolean {
  return !(policy.awsManaged && defaultPolicyByName(policy.name)?.policy.detachable === false);
}

/** Applies one step to `state`; returns why it would fail on AWS, or undefined when it is safe. */
export function applyStep(state: OrgState, step: Step, limits: LimitsOf): string | undefined {
  switch (step.action) {
    case 'enable-policy-type': {
      if (isEnabled(state, step.policyType)) return `${step.policyType} is already enabled`;
      state.policyTypes.set(step.policyType, 'ENABLED');
      const defaultPolicy = DEFAULT_POLICIES[step.policyType];
      if (defaultPolicy) {
        // AWS attaches the default everywhere; the model records it on the targets it covers.
        for (const targetId of state.attachments.keys()) {
          const ids = attachedOf(state, targetId, step.policyType);
          if (!ids.includes(defaultPolicy.id)) ids.push(defaultPolicy.id);
          state.policyTargets.get(defaultPolicy.id)?.push(targetId);
        }
      }
      return undefined;
    }
    case 'create-policy': {
      if (state.policies.has(step.policy.key)) return `policy ${step.policy.name} already exists`;
      for (const p of state.policies.values()) {
        if (p.name === step.policy.name && p.type === step.policy.type) return `a ${p.type} named ${p.name} already exists`;
      }
      state.policies.set(step.policy.key, {
        id: step.policy.key,
        name: step.policy.name,
        type: step.policy.type,
        description: step.description,
        awsManaged: false,
        content: step.content,
      });
      state.policyTargets.set(step.policy.key, []);
      return undefined;
    }
    case 'update-policy': {
      const policy = state.policies.get(step.policy.key);
      if (!policy) return `policy ${step.policy.name} does not exist`;
      if (step.name) policy.name = step.name.to;
      if (step.description) policy.description = step.description.to;
      if (step.content) policy.content = step.content.to;
      return undefined;
    }
    case 'attach': {
      const policy = state.policies.get(step.policy.key);
      if (!policy) return `policy ${step.policy.name} does not exist yet`;
      if (!isEnabled(state, policy.type)) return `${policy.type} is not enabled`;
      const ids = attachedOf(state, step.target.id, policy.type);
      if (ids.includes(step.policy.key)) return `${step.policy.name} is already attached to ${step.target.label}`;
      const { max } = limits(policy.type);
      if (ids.length + 1 > max) return `${step.target.label} would hold ${ids.length + 1} ${policy.type} policies, over the maximum of ${max}`;
      ids.push(step.policy.key);
      state.policyTargets.get(step.policy.key)?.push(step.target.id);
      return undefined;
    }
    case 'detach': {
      const policy = state.policies.get(step.policy.key);
      if (!policy) return `policy ${step.policy.name} does not exist`;
      if (!detachable(policy)) return `${policy.name} can never be detached`;
      const ids = attachedOf(state, step.target.id, policy.type);
      const index = ids.indexOf(step.policy.key);
      if (index < 0) return `${step.policy.name} is not attached to ${step.target.label}`;
      const { min } = limits(policy.type);
      if (ids.length - 1 < min) return `${step.target.label} would hold ${ids.length - 1} ${policy.type} policies, under the minimum of ${min}`;
      ids.splice(index, 1);
      const targets = state.policyTargets.get(step.policy.key);
      if (targets) state.policyTargets.set(step.policy.key, targets.filter((id) => id !== step.target.id));
      return undefined;
    }
    case 'attach-role-policy':
    case 'detach-role-policy':
      return applyRoleStep(state, step, limits);
    case 'delete-policy': {
      if (!state.policies.has(step.policy.key)) return `policy ${step.policy.name} does not exist`;
      const targets = state.policyTargets.get(step.policy.key);
      if (!targets) return `the targets of ${step.policy.name} were not read, so it cannot be known to be detached everywhere`;
      if (targets.length > 0) return `${step.policy.name} is still attached to ${targets.length} target(s)`;
      state.policies.delete(step.policy.key);
      state.policyTargets.delete(step.policy.key);
      return undefined;
    }
  }
}

/** A role attachment on the model's IAM part, within the per-role quota. */
function applyRoleStep(state: OrgState, step: RoleAttachmentStep, limits: LimitsOf): string | undefined {
  const role = state.iam?.accounts.get(step.account.id)?.roles.get(step.role);
  if (!role?.exists) return `${step.role} does not exist in account ${step.account.id}`;
  if (role.path?.startsWith(SERVICE_LINKED_ROLE_PATH)) return `${step.role} in account ${step.account.id} is service-linked`;
  const arns = role.attachedPolicyArns;
  const index = arns.indexOf(step.policyArn);
  const { min, max } = limits(IAM_ROLE_LIMIT_KEY);
  if (step.action === 'attach-role-policy') {
    if (index >= 0) return `${step.policyArn} is already attached to ${step.role} in account ${step.account.id}`;
    if (arns.length + 1 > max) return `${step.role} in account ${step.account.id} would hold ${arns.length + 1} managed policies, over the maximum of ${max}`;
    arns.push(step.policyArn);
    return undefined;
  }
  if (index < 0) return `${step.policyArn} is not attached to ${step.role} in account ${step.account.id}`;
  if (arns.length - 1 < min) return `${step.role} in account ${step.account.id} would hold fewer than ${min} managed policies`;
  arns.splice(index, 1);
  return undefined;
}

/** Runs every step on a copy of `state`; returns the state after the plan and each refused step with its reason. */
export function simulate(state: OrgState, steps: Step[], limits: LimitsOf): { state: OrgState; violations: { index: number; reason: string }[] } {
  const after = cloneState(state);
  const violations: { index: number; reason: string }[] = [];
  steps.forEach((step, index) => {
    const reason = applyStep(after, step, limits);
    if (reason) violations.push({ index, reason });
  });
  return { state: after, violations };
}
