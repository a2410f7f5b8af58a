// The Organizations operations the twin serves, with AWS's validation and rules. Each handler reads from `view`
// (which may lag writes), checks rules against `state` (always current, as AWS's own checks are) and writes only
// through `commit`.

import { ACCOUNT_ID, OU_ID, POLICY_ID, ROOT_ID, type TargetType } from '../aws/ids.js';
import { KNOWN_POLICY_TYPES, defaultPolicyOf, limitsFor, type LimitOverrides } from '../aws/policy-types.js';
import { AwsError, constraintViolation, invalidInput } from './errors.js';
import { paginate, type PaginationOptions } from './pagination.js';
import { randomString, type Random } from './random.js';
import {
  attachedOfType,
  isTypeEnabled,
  newOrgData,
  targetArn,
  targetName,
  targetTypeOf,
  type Account,
  type Change,
  type OrgData,
  type OrganizationalUnit,
  type Policy,
} from './state.js';

export interface OperationContext {
  /** Authoritative state: rules are checked against it. Undefined before CreateOrganization. */
  state: OrgData | undefined;
  /** What reads see: the state itself, or a replica that lags writes. */
  view: OrgData | undefined;
  commit(change: Change): void;
  createOrganization(data: OrgData): void;
  now: number;
  random: Random;
  limits: LimitOverrides;
  /** How long EnablePolicyType stays PENDING_ENABLE. */
  enableDelayMs: number;
  pagination: PaginationOptions;
}

type Input = Record<string, unknown>;
type Handler = (ctx: OperationContext, input: Input) => Record<string, unknown>;

const MAX_OUS = 2_000;
const MAX_OU_DEPTH = 5;

// ---- input validation ---------------------------------------------------------------------------------------

function requireString(input: Input, field: string): string {
  const value = input[field];
  if (value === undefined || value === null) throw invalidInput('INPUT_REQUIRED', `You must specify ${field}.`);
  if (typeof value !== 'string') throw invalidInput('INVALID_INPUT', `${field} must be a string.`);
  return value;
}

/** A RegExp, or a predicate where one regex cannot anchor every alternative. */
type Pattern = { test(value: string): boolean; source: string };

function requirePattern(input: Input, field: string, pattern: Pattern, reason: string): string {
  const value = requireString(input, field);
  if (!pattern.test(value)) {
    throw invalidInput(reason, `Value '${value}' at '${field}' failed to satisfy constraint: pattern ${pattern.source}`);
  }
  return value;
}

const policyIdOf = (input: Input) => requirePattern(input, 'PolicyId', POLICY_ID, 'INVALID_SYNTAX_POLICY_ID');
const TARGET_ID: Pattern = { test: (id) => ROOT_ID.test(id) || OU_ID.test(id) || ACCOUNT_ID.test(id), source: 'root, OU or account id' };
const PARENT_ID: Pattern = { test: (id) => ROOT_ID.test(id) || OU_ID.test(id), source: 'root or OU id' };
const CHILD_ID: Pattern = { test: (id) => OU_ID.test(id) || ACCOUNT_ID.test(id), source: 'OU or account id' };

function targetIdOf(input: Input, field = 'TargetId'): string {
  return requirePattern(input, field, TARGET_ID, 'INVALID_PATTERN_TARGET_ID');
}

function parentIdOf(input: Input, field: string): string {
  return requirePattern(input, field, PARENT_ID, 'INVALID_PATTERN');
}

function policyTypeOf(input: Input, field: string): string {
  const type = requireString(input, field);
  if (!KNOWN_POLICY_TYPES.includes(type)) throw invalidInput('INVALID_ENUM_POLICY_TYPE', `Unknown policy type: ${type}`);
  return type;
}

function lengthBetween(value: string, field: string, min: number, max: number): void {
  if (value.length < min) throw invalidInput('MIN_LENGTH_EXCEEDED', `${field} must be at least ${min} characters.`);
  if (value.length > max) throw invalidInput('MAX_LENGTH_EXCEEDED', `${field} must be at most ${max} characters.`);
}

// ---- lookups ------------------------------------------------------------------------------------------------

function organization(data: OrgData | undefined): OrgData {
  if (!data) {
    throw new AwsError(
      'AWSOrganizationsNotInUseException',
      "Your account is not a member of an organization.",
    );
  }
  return data;
}

function policyIn(data: OrgData, policyId: string): Policy {
  const policy = data.policies.get(policyId);
  if (!policy) throw new AwsError('PolicyNotFoundException', `We can't find a policy with the PolicyId that you specified.`);
  return policy;
}

function targetIn(data: OrgData, targetId: string): TargetType {
  const type = targetTypeOf(data, targetId);
  if (!type) throw new AwsError('TargetNotFoundException', `We can't find a root, OU, account, or policy with the TargetId that you specified.`);
  return type;
}

/** Tags go on roots, OUs, accounts and policies. */
function taggableIn(data: OrgData, resourceId: string): string {
  if (!targetTypeOf(data, resourceId) && !data.policies.has(resourceId)) {
    throw new AwsError('TargetNotFoundException', `We can't find a resource with the ResourceId that you specified.`);
  }
  return resourceId;
}

function parentIn(data: OrgData, parentId: string, error = 'ParentNotFoundException'): void {
  if (parentId !== data.root.id && !data.ous.has(parentId)) {
    throw new AwsError(error, `We can't find a root or OU with the ParentId that you specified.`);
  }
}

// ---- wire shapes (what AWS returns) --------------------------------------------------------------------------

const policySummary = (p: Policy) => ({
  Id: p.id,
  Arn: p.arn,
  Name: p.name,
  Description: p.description,
  Type: p.type,
  AwsManaged: p.awsManaged,
});

const ouWire = (ou: OrganizationalUnit) => ({ Id: ou.id, Arn: ou.arn, Name: ou.name });

const accountWire = (a: Account) => ({
  Id: a.id,
  Arn: a.arn,
  Email: a.email,
  Name: a.name,
  Status: 'ACTIVE',
  State: 'ACTIVE',
  JoinedMethod: 'CREATED',
  JoinedTimestamp: a.joinedTimestamp / 1000,
});

function rootWire(data: OrgData, now: number) {
  return {
    Id: data.root.id,
    Arn: data.root.arn,
    Name: data.root.name,
    PolicyTypes: [...data.policyTypes].map(([type, s]) => ({
      Type: type,
      Status: s.readyAt <= now ? 'ENABLED' : 'PENDING_ENABLE',
    })),
  };
}

function organizationWire(data: OrgData) {
  const org = data.organization;
  return {
    Id: org.id,
    Arn: org.arn,
    FeatureSet: 'ALL',
    MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
    MasterAccountId: org.managementAccountId,
    MasterAccountEmail: org.managementAccountEmail,
    AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
  };
}

function list<T>(ctx: OperationContext, input: Input, scope: string, key: string, items: readonly T[]) {
  const { page, nextToken } = paginate(items, input, scope, ctx.pagination);
  return { [key]: page, ...(nextToken ? { NextToken: nextToken } : {}) };
}

// ---- ids and ARNs for new resources ---------------------------------------------------------------------------

function arnPrefix(data: OrgData): string {
  return `arn:aws:organizations::${data.organization.managementAccountId}`;
}

function newPolicyId(ctx: OperationContext, data: OrgData): string {
  for (;;) {
    const id = `p-${randomString(ctx.random, 8)}`;
    if (!data.policies.has(id)) return id;
  }
}

export function newOuId(random: Random, data: OrgData): string {
  const rootPart = data.root.id.slice(2);
  for (;;) {
    const id = `ou-${rootPart}-${randomString(random, 8)}`;
    if (!data.ous.has(id)) return id;
  }
}

export function newAccountId(random: Random, data: OrgData): string {
  for (;;) {
    const id = randomString(random, 12, '0123456789');
    if (!data.accounts.has(id) && id[0] !== '0') return id;
  }
}

export function ouArn(data: OrgData, id: string): string {
  return `${arnPrefix(data)}:ou/${data.organization.id}/${id}`;
}

export function accountArn(data: OrgData, id: string): string {
  return `${arnPrefix(data)}:account/${data.organization.id}/${id}`;
}

export function policyArn(data: OrgData, type: string, id: string): string {
  return `${arnPrefix(data)}:policy/${data.organization.id}/${type.toLowerCase()}/${id}`;
}

function ouDepth(data: OrgData, parentId: string): number {
  let depth = 0;
  for (let id = parentId; id !== data.root.id; id = data.ous.get(id)!.parentId) depth++;
  return depth;
}

// ---- rules shared by writes and by seeding ------------------------------------------------------------------------

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

function checkDetach(data: OrgData, policyId: string, targetId: string, limits: LimitOverrides): void {
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

function checkNewPolicyName(data: OrgData, name: string, type: string, exceptId?: string): void {
  for (const p of data.policies.values()) {
    if (p.name === name && p.type === type && p.id !== exceptId) {
      throw new AwsError('DuplicatePolicyException', 'A policy with the same name already exists.');
    }
  }
}

function tagsOf(input: Input): Record<string, string> {
  const tags = input.Tags;
  if (tags === undefined) return {};
  if (!Array.isArray(tags)) throw invalidInput('INVALID_INPUT', 'Tags must be a list.');
  const out: Record<string, string> = {};
  for (const tag of tags as { Key?: unknown; Value?: unknown }[]) {
    if (typeof tag?.Key !== 'string' || typeof tag?.Value !== 'string') {
      throw invalidInput('INVALID_INPUT', 'Each tag needs a Key and a Value.');
    }
    if (tag.Key in out) throw invalidInput('DUPLICATE_TAG_KEY', `Duplicate tag key: ${tag.Key}`);
    out[tag.Key] = tag.Value;
  }
  return out;
}

// ---- the operations -------------------------------------------------------------------------------------------

export const OPERATIONS: Record<string, Handler> = {
  DescribeOrganization: (ctx) => ({ Organization: organizationWire(organization(ctx.view)) }),

  ListRoots: (ctx, input) => {
    const data = organization(ctx.view);
    return list(ctx, input, 'ListRoots', 'Roots', [rootWire(data, ctx.now)]);
  },

  ListOrganizationalUnitsForParent: (ctx, input) => {
    const data = organization(ctx.view);
    const parentId = parentIdOf(input, 'ParentId');
    parentIn(data, parentId);
    const ous = [...(data.childOus.get(parentId) ?? [])].map((id) => ouWire(data.ous.get(id)!));
    return list(ctx, input, `ListOrganizationalUnitsForParent:${parentId}`, 'OrganizationalUnits', ous);
  },

  ListAccounts: (ctx, input) => {
    const data = organization(ctx.view);
    return list(ctx, input, 'ListAccounts', 'Accounts', [...data.accounts.values()].map(accountWire));
  },

  ListAccountsForParent: (ctx, input) => {
    const data = organization(ctx.view);
    const parentId = parentIdOf(input, 'ParentId');
    parentIn(data, parentId);
    const accounts = [...(data.childAccounts.get(parentId) ?? [])].map((id) => accountWire(data.accounts.get(id)!));
    return list(ctx, input, `ListAccountsForParent:${parentId}`, 'Accounts', accounts);
  },

  ListChildren: (ctx, input) => {
    const data = organization(ctx.view);
    const parentId = parentIdOf(input, 'ParentId');
    const childType = requireString(input, 'ChildType');
    if (childType !== 'ACCOUNT' && childType !== 'ORGANIZATIONAL_UNIT') {
      throw invalidInput('INVALID_ENUM', `Unknown ChildType: ${childType}`);
    }
    parentIn(data, parentId);
    const ids = childType === 'ACCOUNT' ? data.childAccounts.get(parentId) : data.childOus.get(parentId);
    const children = [...(ids ?? [])].map((id) => ({ Id: id, Type: childType }));
    return list(ctx, input, `ListChildren:${parentId}:${childType}`, 'Children', children);
  },

  ListParents: (ctx, input) => {
    const data = organization(ctx.view);
    const childId = requirePattern(input, 'ChildId', CHILD_ID, 'INVALID_PATTERN');
    const parentId = data.ous.get(childId)?.parentId ?? data.accounts.get(childId)?.parentId;
    if (!parentId) throw new AwsError('ChildNotFoundException', `We can't find an organizational unit (OU) or Amazon Web Services account with the ChildId that you specified.`);
    const type = parentId === data.root.id ? 'ROOT' : 'ORGANIZATIONAL_UNIT';
    return list(ctx, input, `ListParents:${childId}`, 'Parents', [{ Id: parentId, Type: type }]);
  },

  DescribeOrganizationalUnit: (ctx, input) => {
    const data = organization(ctx.view);
    const id = requirePattern(input, 'OrganizationalUnitId', OU_ID, 'INVALID_PATTERN');
    const ou = data.ous.get(id);
    if (!ou) throw new AwsError('OrganizationalUnitNotFoundException', `We can't find an OU with the OrganizationalUnitId that you specified.`);
    return { OrganizationalUnit: ouWire(ou) };
  },

  DescribeAccount: (ctx, input) => {
    const data = organization(ctx.view);
    const id = requirePattern(input, 'AccountId', ACCOUNT_ID, 'INVALID_PATTERN');
    const account = data.accounts.get(id);
    if (!account) throw new AwsError('AccountNotFoundException', `We can't find an AWS account with the AccountId that you specified.`);
    return { Account: accountWire(account) };
  },

  ListPolicies: (ctx, input) => {
    const data = organization(ctx.view);
    const type = policyTypeOf(input, 'Filter');
    const policies = [...data.policies.values()].filter((p) => p.type === type).map(policySummary);
    return list(ctx, input, `ListPolicies:${type}`, 'Policies', policies);
  },

  DescribePolicy: (ctx, input) => {
    const data = organization(ctx.view);
    const policy = policyIn(data, policyIdOf(input));
    return { Policy: { PolicySummary: policySummary(policy), Content: policy.content } };
  },

  ListPoliciesForTarget: (ctx, input) => {
    const data = organization(ctx.view);
    const targetId = targetIdOf(input);
    const type = policyTypeOf(input, 'Filter');
    targetIn(data, targetId);
    const policies = attachedOfType(data, targetId, type).map((id) => policySummary(data.policies.get(id)!));
    return list(ctx, input, `ListPoliciesForTarget:${targetId}:${type}`, 'Policies', policies);
  },

  ListTargetsForPolicy: (ctx, input) => {
    const data = organization(ctx.view);
    const policyId = policyIdOf(input);
    policyIn(data, policyId);
    const targets = [...(data.targetsByPolicy.get(policyId) ?? [])].map((id) => ({
      TargetId: id,
      Arn: targetArn(data, id),
      Name: targetName(data, id),
      Type: targetTypeOf(data, id),
    }));
    return list(ctx, input, `ListTargetsForPolicy:${policyId}`, 'Targets', targets);
  },

  ListTagsForResource: (ctx, input) => {
    const data = organization(ctx.view);
    const resourceId = taggableIn(data, requireString(input, 'ResourceId'));
    const tags = [...(data.tags.get(resourceId) ?? [])].map(([Key, Value]) => ({ Key, Value }));
    return list(ctx, input, `ListTagsForResource:${resourceId}`, 'Tags', tags);
  },

  CreatePolicy: (ctx, input) => {
    const data = organization(ctx.state);
    const name = requireString(input, 'Name');
    const description = requireString(input, 'Description');
    const type = policyTypeOf(input, 'Type');
    const content = requireString(input, 'Content');
    lengthBetween(name, 'Name', 1, 128);
    lengthBetween(description, 'Description', 0, 512);
    const tags = tagsOf(input);
    checkPolicyContent(type, content, ctx.limits);
    checkNewPolicyName(data, name, type);
    const count = [...data.policies.values()].filter((p) => p.type === type && !p.awsManaged).length;
    const { maxPolicies } = limitsFor(type, ctx.limits);
    if (count >= maxPolicies) {
      throw constraintViolation('POLICY_NUMBER_LIMIT_EXCEEDED', `The organization already has ${maxPolicies} policies of type ${type}.`);
    }
    const id = newPolicyId(ctx, data);
    const policy: Policy = { id, name, description, type, awsManaged: false, content, arn: policyArn(data, type, id) };
    ctx.commit({ kind: 'putPolicy', policy });
    if (Object.keys(tags).length) ctx.commit({ kind: 'tag', resourceId: id, tags });
    return { Policy: { PolicySummary: policySummary(policy), Content: content } };
  },

  UpdatePolicy: (ctx, input) => {
    const data = organization(ctx.state);
    const current = policyIn(data, policyIdOf(input));
    if (current.awsManaged) throw invalidInput('IMMUTABLE_POLICY', 'You specified a policy that is managed by AWS and cannot be modified.');
    const next = { ...current };
    if (input.Name !== undefined) {
      next.name = requireString(input, 'Name');
      lengthBetween(next.name, 'Name', 1, 128);
      checkNewPolicyName(data, next.name, current.type, current.id);
    }
    if (input.Description !== undefined) {
      next.description = requireString(input, 'Description');
      lengthBetween(next.description, 'Description', 0, 512);
    }
    if (input.Content !== undefined) {
      next.content = requireString(input, 'Content');
      checkPolicyContent(current.type, next.content, ctx.limits);
    }
    ctx.commit({ kind: 'putPolicy', policy: next });
    return { Policy: { PolicySummary: policySummary(next), Content: next.content } };
  },

  DeletePolicy: (ctx, input) => {
    const data = organization(ctx.state);
    const policy = policyIn(data, policyIdOf(input));
    if (policy.awsManaged) throw invalidInput('IMMUTABLE_POLICY', 'You specified a policy that is managed by AWS and cannot be deleted.');
    if ((data.targetsByPolicy.get(policy.id)?.size ?? 0) > 0) {
      throw new AwsError('PolicyInUseException', 'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.');
    }
    ctx.commit({ kind: 'deletePolicy', policyId: policy.id });
    return {};
  },

  AttachPolicy: (ctx, input) => {
    const data = organization(ctx.state);
    const policyId = policyIdOf(input);
    const targetId = targetIdOf(input);
    checkAttach(data, policyId, targetId, ctx.now, ctx.limits);
    ctx.commit({ kind: 'attach', policyId, targetId });
    return {};
  },

  DetachPolicy: (ctx, input) => {
    const data = organization(ctx.state);
    const policyId = policyIdOf(input);
    const targetId = targetIdOf(input);
    checkDetach(data, policyId, targetId, ctx.limits);
    ctx.commit({ kind: 'detach', policyId, targetId });
    return {};
  },

  EnablePolicyType: (ctx, input) => {
    const data = organization(ctx.state);
    const rootId = requirePattern(input, 'RootId', ROOT_ID, 'INVALID_PATTERN');
    const type = policyTypeOf(input, 'PolicyType');
    if (rootId !== data.root.id) throw new AwsError('RootNotFoundException', `We can't find a root with the RootId that you specified.`);
    if (data.policyTypes.has(type)) {
      throw new AwsError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled in the specified root.');
    }
    ctx.commit({ kind: 'enableType', type, readyAt: ctx.now + ctx.enableDelayMs });
    return { Root: rootWire(data, ctx.now) };
  },

  DisablePolicyType: (ctx, input) => {
    const data = organization(ctx.state);
    const rootId = requirePattern(input, 'RootId', ROOT_ID, 'INVALID_PATTERN');
    const type = policyTypeOf(input, 'PolicyType');
    if (rootId !== data.root.id) throw new AwsError('RootNotFoundException', `We can't find a root with the RootId that you specified.`);
    if (!data.policyTypes.has(type)) {
      throw new AwsError('PolicyTypeNotEnabledException', `The policy type ${type} is not enabled on the root.`);
    }
    ctx.commit({ kind: 'disableType', type });
    return { Root: rootWire(data, ctx.now) };
  },

  TagResource: (ctx, input) => {
    const data = organization(ctx.state);
    const resourceId = taggableIn(data, requireString(input, 'ResourceId'));
    ctx.commit({ kind: 'tag', resourceId, tags: tagsOf(input) });
    return {};
  },

  UntagResource: (ctx, input) => {
    const data = organization(ctx.state);
    const resourceId = taggableIn(data, requireString(input, 'ResourceId'));
    const keys = input.TagKeys;
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) throw invalidInput('INPUT_REQUIRED', 'You must specify TagKeys.');
    ctx.commit({ kind: 'untag', resourceId, keys: keys as string[] });
    return {};
  },

  CreateOrganization: (ctx, input) => {
    if (ctx.state) throw new AwsError('AlreadyInOrganizationException', 'This account is already a member of an organization.');
    const featureSet = input.FeatureSet ?? 'ALL';
    if (featureSet !== 'ALL') throw invalidInput('INVALID_ENUM', 'The twin models only the ALL feature set.');
    const data = createOrganizationData(ctx.random, { managementAccountId: newRandomAccountId(ctx.random) });
    ctx.createOrganization(data);
    return { Organization: organizationWire(data) };
  },

  CreateOrganizationalUnit: (ctx, input) => {
    const data = organization(ctx.state);
    const parentId = parentIdOf(input, 'ParentId');
    const name = requireString(input, 'Name');
    lengthBetween(name, 'Name', 1, 128);
    parentIn(data, parentId);
    if ([...(data.childOus.get(parentId) ?? [])].some((id) => data.ous.get(id)!.name === name)) {
      throw new AwsError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
    }
    if (data.ous.size >= MAX_OUS) throw constraintViolation('OU_NUMBER_LIMIT_EXCEEDED', `An organization can have at most ${MAX_OUS} OUs.`);
    if (ouDepth(data, parentId) + 1 > MAX_OU_DEPTH) {
      throw constraintViolation('OU_DEPTH_LIMIT_EXCEEDED', `OUs can be nested at most ${MAX_OU_DEPTH} levels under the root.`);
    }
    const id = newOuId(ctx.random, data);
    const ou: OrganizationalUnit = { id, name, parentId, arn: ouArn(data, id) };
    const tags = tagsOf(input);
    ctx.commit({ kind: 'putOu', ou });
    if (Object.keys(tags).length) ctx.commit({ kind: 'tag', resourceId: id, tags });
    return { OrganizationalUnit: ouWire(ou) };
  },

  CreateAccount: (ctx, input) => {
    const data = organization(ctx.state);
    const email = requireString(input, 'Email');
    const name = requireString(input, 'AccountName');
    lengthBetween(name, 'AccountName', 1, 50);
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw invalidInput('INVALID_EMAIL_ADDRESS_TARGET', 'The email address is not valid.');
    const id = newAccountId(ctx.random, data);
    const account: Account = { id, name, email, parentId: data.root.id, arn: accountArn(data, id), joinedTimestamp: ctx.now };
    const tags = tagsOf(input);
    ctx.commit({ kind: 'putAccount', account });
    if (Object.keys(tags).length) ctx.commit({ kind: 'tag', resourceId: id, tags });
    // Account creation is asynchronous on AWS; the twin completes it at once.
    return {
      CreateAccountStatus: {
        Id: `car-${randomString(ctx.random, 8)}`,
        AccountName: name,
        State: 'SUCCEEDED',
        AccountId: id,
        RequestedTimestamp: ctx.now / 1000,
        CompletedTimestamp: ctx.now / 1000,
      },
    };
  },

  MoveAccount: (ctx, input) => {
    const data = organization(ctx.state);
    const accountId = requirePattern(input, 'AccountId', ACCOUNT_ID, 'INVALID_PATTERN');
    const source = parentIdOf(input, 'SourceParentId');
    const destination = parentIdOf(input, 'DestinationParentId');
    const account = data.accounts.get(accountId);
    if (!account) throw new AwsError('AccountNotFoundException', `We can't find an AWS account with the AccountId that you specified.`);
    parentIn(data, source, 'SourceParentNotFoundException');
    parentIn(data, destination, 'DestinationParentNotFoundException');
    if (account.parentId !== source) throw new AwsError('SourceParentNotFoundException', 'The account is not in the specified source parent.');
    if (source === destination) throw new AwsError('DuplicateAccountException', 'That account is already present in the specified destination.');
    ctx.commit({ kind: 'moveAccount', accountId, parentId: destination });
    return {};
  },
};

/** Operations that change policies: AWS can refuse them with ConcurrentModification or PolicyChangesInProgress. */
export const POLICY_WRITES = new Set(['CreatePolicy', 'UpdatePolicy', 'DeletePolicy', 'AttachPolicy', 'DetachPolicy']);

export function isWrite(operation: string): boolean {
  return !/^(List|Describe)/.test(operation);
}

function newRandomAccountId(random: Random): string {
  return `${1 + Math.floor(random() * 9)}${randomString(random, 11, '0123456789')}`;
}

/** A fresh organization with its root and management account, as CreateOrganization makes it. */
export function createOrganizationData(
  random: Random,
  options: { id?: string; rootId?: string; managementAccountId?: string; managementAccountName?: string; managementAccountEmail?: string },
): OrgData {
  const orgId = options.id ?? `o-${randomString(random, 10)}`;
  const managementAccountId = options.managementAccountId ?? newRandomAccountId(random);
  const rootId = options.rootId ?? `r-${randomString(random, 4)}`;
  const email = options.managementAccountEmail ?? `management@${orgId}.example.com`;
  const prefix = `arn:aws:organizations::${managementAccountId}`;
  return newOrgData(
    { id: orgId, arn: `${prefix}:organization/${orgId}`, managementAccountId, managementAccountEmail: email },
    { id: rootId, name: 'Root', arn: `${prefix}:root/${orgId}/${rootId}` },
    {
      id: managementAccountId,
      name: options.managementAccountName ?? 'management',
      email,
      parentId: rootId,
      arn: `${prefix}:account/${orgId}/${managementAccountId}`,
      joinedTimestamp: Date.UTC(2020, 0, 1),
    },
  );
}
