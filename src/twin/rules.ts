// AWS's rules about what an organization may hold: policy documents, policy names and counts, attachments and
// their limits, the OU tree's size and depth. Writes check them against the authoritative state before they
// commit; seeding checks a fixture against the same ones, so a seed cannot describe an organization AWS would
// refuse.

import { defaultPolicyOf, limitsFor, type LimitOverrides } from '../aws/policy-types.js';
import { AwsError, constraintViolation, invalidInput } from './errors.js';
import { policyIn, targetIn } from './lookups.js';
import { attachedOfType, isTypeEnabled, type OrgData, type Policy } from './state.js';

export const MAX_OUS = 2_000;
/** Levels of OUs under the root. */
export const MAX_OU_DEPTH = 5;

/** Checks the content rules of CreatePolicy/UpdatePolicy: size as sent, then well-formed JSON. */
export function checkPolicyContent(type: string, content: string, limits: LimitOverrides): void {
  const { maxSize } = limitsFor(type, limits);
  if (content.length > maxSize) {
    throw constraintViolation(
      'POLICY_CONTENT_LIMIT_EXCEEDED',
      `The policy content is ${content.length} characters; the limit for ${type} is ${maxSize}.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new AwsError('MalformedPolicyDocumentException', 'The provided policy document is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError('MalformedPolicyDocumentException', 'The provided policy document must be a JSON object.');
  }
  if ((type === 'SERVICE_CONTROL_POLICY' || type === 'RESOURCE_CONTROL_POLICY') && !('Statement' in parsed)) {
    throw new AwsError('MalformedPolicyDocumentException', 'The provided policy document does not have a Statement.');
  }
}

/** Names are unique per policy type; `exceptId` is the policy being renamed. */
export function checkNewPolicyName(data: OrgData, name: string, type: string, exceptId?: string): void {
  for (const p of data.policies.values()) {
    if (p.name === name && p.type === type && p.id !== exceptId) {
      throw new AwsError('DuplicatePolicyException', 'A policy with the same name already exists.');
    }
  }
}

/** The quota on customer-managed policies of one type; AWS-managed ones do not count. */
export function checkPolicyCount(data: OrgData, type: string, limits: LimitOverrides): void {
  const count = [...data.policies.values()].filter((p) => p.type === type && !p.awsManaged).length;
  const { maxPolicies } = limitsFor(type, limits);
  if (count >= maxPolicies) {
    throw constraintViolation('POLICY_NUMBER_LIMIT_EXCEEDED', `The organization already has ${maxPolicies} policies of type ${type}.`);
  }
}

/** AWS-managed policies can be attached and detached, never changed; `verb` completes AWS's message. */
export function checkCustomerManaged(policy: Policy, verb: 'modified' | 'deleted'): void {
  if (policy.awsManaged) throw invalidInput('IMMUTABLE_POLICY', `You specified a policy that is managed by AWS and cannot be ${verb}.`);
}

export function checkAttach(data: OrgData, policyId: string, targetId: string, now: number, limits: LimitOverrides): void {
  const policy = policyIn(data, policyId);
  targetIn(data, targetId);
  if (!isTypeEnabled(data, policy.type, now)) {
    throw new AwsError('PolicyTypeNotEnabledException', `The policy type ${policy.type} is not enabled on the root.`);
  }
  const attached = attachedOfType(data, targetId, policy.type);
  if (attached.includes(policyId)) {
    throw new AwsError('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.');
  }
  const { maxAttachments } = limitsFor(policy.type, limits);
  if (attached.length + 1 > maxAttachments) {
    throw constraintViolation(
      'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      `You attempted to exceed the number of ${policy.type} policies (${maxAttachments}) that you can attach to the target.`,
    );
  }
}

export function checkDetach(data: OrgData, policyId: string, targetId: string, limits: LimitOverrides): void {
  const policy = policyIn(data, policyId);
  targetIn(data, targetId);
  const attached = attachedOfType(data, targetId, policy.type);
  if (!attached.includes(policyId)) {
    throw new AwsError('PolicyNotAttachedException', 'The policy is not attached to the target.');
  }
  if (policy.awsManaged && defaultPolicyOf(policy.type)?.detachable === false) {
    throw invalidInput('NON_DETACHABLE_POLICY', `You can't detach this Amazon Web Services Managed Policy.`);
  }
  const { minAttachments } = limitsFor(policy.type, limits);
  if (attached.length - 1 < minAttachments) {
    throw constraintViolation(
      'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      `You attempted to detach the last ${policy.type} policy from the target; at least ${minAttachments} must stay attached.`,
    );
  }
}

/** How many OUs lie between the root and `parentId`, counting `parentId` itself (0 for the root). */
export function ouDepth(data: OrgData, parentId: string): number {
  let depth = 0;
  for (let id = parentId; id !== data.root.id; id = data.ous.get(id)!.parentId) depth++;
  return depth;
}

/** A new OU under an existing parent: unique name among its siblings, within the OU count and depth. */
export function checkNewOu(data: OrgData, parentId: string, name: string): void {
  if ([...(data.childOus.get(parentId) ?? [])].some((id) => data.ous.get(id)!.name === name)) {
    throw new AwsError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
  }
  if (data.ous.size >= MAX_OUS) throw constraintViolation('OU_NUMBER_LIMIT_EXCEEDED', `An organization can have at most ${MAX_OUS} OUs.`);
  if (ouDepth(data, parentId) + 1 > MAX_OU_DEPTH) {
    throw constraintViolation('OU_DEPTH_LIMIT_EXCEEDED', `OUs can be nested at most ${MAX_OU_DEPTH} levels under the root.`);
  }
}
