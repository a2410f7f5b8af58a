// The words for the plan's codes, shared by the text, markdown and JSON renderers.

import { SCP } from '../aws/policy-types.js';
import type { AttachmentStep, PlanWarning, PolicyRef, Step, UnmanagedPolicy } from '../plan/plan.js';
import { labelOf, targetText, type PlanView } from './plan-view.js';

export function reasonText(view: PlanView, step: AttachmentStep): string {
  const target = labelOf(view, step.target);
  switch (step.reason) {
    case 'listed':
      return 'listed in org.yaml';
    case 'not-listed':
      return `not listed for ${target} in org.yaml`;
    case 'attached-outside':
      return `not listed for ${target} in org.yaml (attached outside it)`;
    case 'unlisted-default':
      return 'not listed in org.yaml, and unlistedTargets is default';
  }
}

export function warningText(view: PlanView, warning: PlanWarning): string {
  switch (warning.code) {
    case 'loses-default':
      return `${targetText(view, warning.target)} loses ${warning.policy}: only what its other ${warning.policyType === SCP ? 'SCPs' : 'policies'} allow stays allowed`;
    case 'default-detached-first':
      return `${targetText(view, warning.target)} is at its ${warning.policyType} maximum: ${warning.policy} is detached before its replacement can be attached`;
    case 'deny-reach': {
      const below = warning.targets.some((t) => t.type !== 'ACCOUNT') ? ' and every account below them' : '';
      return `${warning.policy} denies actions, and now also applies to ${warning.targets.map((t) => targetText(view, t)).join(', ')}${below}`;
    }
    case 'scp-on-management-account':
      return `${targetText(view, warning.target)} is the management account: SCPs never apply to it, so ${warning.policy} restricts nothing there`;
    case 'rename-replaces-content':
      return `renames ${warning.formerName} (${warning.policyId}) to ${warning.policy}, replacing its content: check that ${warning.formerName} is the policy org.yaml means`;
  }
}

export function unmanagedText(view: PlanView, policy: UnmanagedPolicy): string {
  switch (policy.disposition) {
    case 'kept':
      return 'not declared in org.yaml; kept (plan with --prune to delete it)';
    case 'still-attached': {
      const count = policy.attachedTo.length;
      return `not deleted: still attached to ${count} target${count === 1 ? '' : 's'} org.yaml does not list: ${policy.attachedTo.map((t) => targetText(view, t)).join(', ')}`;
    }
  }
}

/** A step in a few words, as apply reports it: "attach SCP Allow to /Workloads (ou-…)". */
export function stepText(view: PlanView, step: Step): string {
  switch (step.action) {
    case 'enable-policy-type':
      return `enable ${step.policyType}`;
    case 'create-policy':
      return `create ${shortType(step.policy.type)} ${step.policy.name}`;
    case 'update-policy':
      return `update ${shortType(step.policy.type)} ${policyLabel(step.policy)}`;
    case 'delete-policy':
      return `delete ${shortType(step.policy.type)} ${policyLabel(step.policy)}`;
    case 'attach':
      return `attach ${shortType(step.policy.type)} ${step.policy.name} to ${targetText(view, step.target)}`;
    case 'detach':
      return `detach ${shortType(step.policy.type)} ${step.policy.name} from ${targetText(view, step.target)}`;
  }
}

const TYPE_ABBREVIATIONS: Record<string, string> = {
  SERVICE_CONTROL_POLICY: 'SCP',
  RESOURCE_CONTROL_POLICY: 'RCP',
};

/** SCP, RCP, tag, backup, aiservices-opt-out, …: a policy type as a reviewer says it. */
export function shortType(type: string): string {
  return TYPE_ABBREVIATIONS[type] ?? type.replace(/_POLICY$/, '').toLowerCase();
}

export function policyLabel(policy: PolicyRef): string {
  return policy.key.startsWith('new:') ? `${policy.name} (new)` : `${policy.name} (${policy.key})`;
}
