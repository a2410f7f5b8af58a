// Which policies are attached to which roots, OUs and accounts.

import type { Handlers } from '../context.js';
import { policyIdOf, policyTypeOf, targetIdOf } from '../input.js';
import { organization, policyIn, targetIn } from '../lookups.js';
import { listResponse } from '../pagination.js';
import { checkAttach, checkDetach } from '../rules.js';
import { attachedOfType } from '../state.js';
import { policySummary, targetWire } from '../wire.js';

export const ATTACHMENT_OPERATIONS: Handlers = {
  ListPoliciesForTarget: (ctx, input) => {
    const data = organization(ctx.view);
    const targetId = targetIdOf(input);
    const type = policyTypeOf(input, 'Filter');
    targetIn(data, targetId);
    const policies = attachedOfType(data, targetId, type).map((id) => policySummary(data.policies.get(id)!));
    return listResponse('Policies', policies, input, `ListPoliciesForTarget:${targetId}:${type}`, ctx.pagination);
  },

  ListTargetsForPolicy: (ctx, input) => {
    const data = organization(ctx.view);
    const policyId = policyIdOf(input);
    policyIn(data, policyId);
    const targets = [...(data.targetsByPolicy.get(policyId) ?? [])].map((id) => targetWire(data, id));
    return listResponse('Targets', targets, input, `ListTargetsForPolicy:${policyId}`, ctx.pagination);
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
};
