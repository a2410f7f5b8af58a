// The words for the plan's codes, shared by the text, markdown and JSON renderers.

import { SCP } from '../aws/policy-types.js';
import type {
  AttachmentStep,
  DocumentChange,
  EffectiveChange,
  IamRolesReport,
  PlanWarning,
  PolicyRef,
  RoleAttachmentStep,
  Step,
  TargetRef,
  UnmanagedPolicy,
} from '../plan/plan.js';
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

/** Why a role attachment changes. */
export function roleReasonText(step: RoleAttachmentStep): string {
  switch (step.reason) {
    case 'listed':
      return 'listed in org.yaml';
    case 'not-listed':
      return `not listed for ${step.role} in org.yaml (attached outside it)`;
  }
}

/** "role Audit in security (222222222222)": where a role attachment happens. */
export function roleText(view: PlanView, step: Pick<RoleAttachmentStep, 'account' | 'role'>): string {
  return `role ${step.role} in ${targetText(view, step.account)}`;
}

/** What the plan left out of org.yaml's IAM roles, one line each. */
export function iamLeftOutTexts(view: PlanView, report: IamRolesReport): string[] {
  return [
    ...report.skipped.map((s) => `${targetText(view, s.account)} has no role ${s.role}: left alone (ifRoleMissing: skip)`),
    ...report.unreachable.map((u) => `${targetText(view, u.account)} was not read: ${u.roleArn} could not be assumed (${u.error}); left out (--skip-unreachable)`),
  ];
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
    case 'effective-invalid':
      return `${accountsText(view, warning.targets)}: the effective ${shortType(warning.policyType)} policy would be invalid (${warning.errorCode} at ${warning.path || 'its top'}: ${warning.error}); AWS keeps the last valid one`;
    case 'assign-order-conflict':
      return `${targetText(view, warning.target)}: ${warning.policy} and ${warning.others.join(', ')} assign different values to ${warning.path}; ${warning.policy} wins because it was attached first (detaching and re-attaching would change that)`;
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
    case 'attach-role-policy':
      return `attach ${step.policyArn} to ${roleText(view, step)}`;
    case 'detach-role-policy':
      return `detach ${step.policyArn} from ${roleText(view, step)}`;
  }
}

/** "3 accounts (a, b, c)", "12 accounts (a, b, c, …)", or the one account. */
export function accountsText(view: PlanView, accounts: TargetRef[]): string {
  if (accounts.length === 1) return targetText(view, accounts[0]);
  const shown = accounts.slice(0, 3).map((t) => labelOf(view, t));
  return `${accounts.length} accounts (${shown.join(', ')}${accounts.length > 3 ? ', …' : ''})`;
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

/** One change of an effective document: "tags.costcenter.tag_value gains "Sandbox"". */
export function documentChangeText(change: DocumentChange): string {
  const show = (value: unknown) => JSON.stringify(value);
  const at = change.path || 'the document';
  switch (change.change) {
    case 'added':
      return `${at} is added: ${show(change.value)}`;
    case 'removed':
      return `${at} is removed (was ${show(change.value)})`;
    case 'changed':
      return `${at} changes from ${show(change.from)} to ${show(change.to)}`;
    case 'gains':
      return `${at} gains ${change.values.map(show).join(', ')}`;
    case 'loses':
      return `${at} loses ${change.values.map(show).join(', ')}`;
  }
}

/** What a reader of an effective change should know besides the change itself, if anything. */
export function effectiveNote(change: EffectiveChange): string | undefined {
  if (change.before === null) return `the plan enables ${change.policyType}: until then these accounts have no effective policy of the type`;
  if (change.after === null) return `the plan disables ${change.policyType}`;
  return undefined;
}

/** Who an effective change concerns: "14 accounts under /Workloads (ou-…)", or the one account. */
export function effectiveGroupText(view: PlanView, change: EffectiveChange): string {
  const count = change.accounts.length;
  if (count === 1) return targetText(view, change.accounts[0]);
  return `${count} accounts under ${change.under.type === 'ROOT' ? 'the root' : targetText(view, change.under)}`;
}
