// Policies themselves: listing, describing, creating, updating and deleting them. Attaching them is in
// attachments.ts.

import type { Handlers } from '../context.js';
import { AwsError } from '../errors.js';
import { newPolicyId, policyArn } from '../ids.js';
import { lengthBetween, policyIdOf, policyTypeOf, requireString, tagsOf } from '../input.js';
import { organization, policyIn } from '../lookups.js';
import { listResponse } from '../pagination.js';
import { checkCustomerManaged, checkNewPolicyName, checkPolicyContent, checkPolicyCount } from '../rules.js';
import type { Policy } from '../state.js';
import { policySummary, policyWire } from '../wire.js';
import { tagNewResource } from './tags.js';

const checkName = (name: string) => lengthBetween(name, 'Name', 1, 128);
const checkDescription = (description: string) => lengthBetween(description, 'Description', 0, 512);

export const POLICY_OPERATIONS: Handlers = {
  ListPolicies: (ctx, input) => {
    const data = organization(ctx.view);
    const type = policyTypeOf(input, 'Filter');
    const policies = [...data.policies.values()].filter((p) => p.type === type).map(policySummary);
    return listResponse('Policies', policies, input, `ListPolicies:${type}`, ctx.pagination);
  },

  DescribePolicy: (ctx, input) => {
    const data = organization(ctx.view);
    return { Policy: policyWire(policyIn(data, policyIdOf(input))) };
  },

  CreatePolicy: (ctx, input) => {
    const data = organization(ctx.state);
    const name = requireString(input, 'Name');
    const description = requireString(input, 'Description');
    const type = policyTypeOf(input, 'Type');
    const content = requireString(input, 'Content');
    checkName(name);
    checkDescription(description);
    const tags = tagsOf(input);
    checkPolicyContent(type, content, ctx.limits);
    checkNewPolicyName(data, name, type);
    checkPolicyCount(data, type, ctx.limits);
    const id = newPolicyId(ctx.random, data);
    const policy: Policy = { id, name, description, type, awsManaged: false, content, arn: policyArn(data.organization, type, id) };
    ctx.commit({ kind: 'putPolicy', policy });
    tagNewResource(ctx, id, tags);
    return { Policy: policyWire(policy) };
  },

  /** Changes only the fields given; the type never changes. */
  UpdatePolicy: (ctx, input) => {
    const data = organization(ctx.state);
    const current = policyIn(data, policyIdOf(input));
    checkCustomerManaged(current, 'modified');
    const next = { ...current };
    if (input.Name !== undefined) {
      next.name = requireString(input, 'Name');
      checkName(next.name);
      checkNewPolicyName(data, next.name, current.type, current.id);
    }
    if (input.Description !== undefined) {
      next.description = requireString(input, 'Description');
      checkDescription(next.description);
    }
    if (input.Content !== undefined) {
      next.content = requireString(input, 'Content');
      checkPolicyContent(current.type, next.content, ctx.limits);
    }
    ctx.commit({ kind: 'putPolicy', policy: next });
    return { Policy: policyWire(next) };
  },

  DeletePolicy: (ctx, input) => {
    const data = organization(ctx.state);
    const policy = policyIn(data, policyIdOf(input));
    checkCustomerManaged(policy, 'deleted');
    if ((data.targetsByPolicy.get(policy.id)?.size ?? 0) > 0) {
      throw new AwsError('PolicyInUseException', 'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.');
    }
    ctx.commit({ kind: 'deletePolicy', policyId: policy.id });
    return {};
  },
};
