// Enabling and disabling policy types on the root. Enabling attaches the type's default policy everywhere and
// disabling detaches all of its policies (see applyChange in ../state.ts).

import type { Handlers } from '../context.js';
import { AwsError } from '../errors.js';
import { policyTypeOf, rootIdOf } from '../input.js';
import { organization, rootIn } from '../lookups.js';
import { rootWire } from '../wire.js';

export const POLICY_TYPE_OPERATIONS: Handlers = {
  /** The type stays PENDING_ENABLE for ctx.enableDelayMs, as on AWS, where it takes a while. */
  EnablePolicyType: (ctx, input) => {
    const data = organization(ctx.state);
    const rootId = rootIdOf(input);
    const type = policyTypeOf(input, 'PolicyType');
    rootIn(data, rootId);
    if (data.policyTypes.has(type)) {
      throw new AwsError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled in the specified root.');
    }
    ctx.commit({ kind: 'enableType', type, readyAt: ctx.now + ctx.enableDelayMs });
    return { Root: rootWire(data, ctx.now) };
  },

  DisablePolicyType: (ctx, input) => {
    const data = organization(ctx.state);
    const rootId = rootIdOf(input);
    const type = policyTypeOf(input, 'PolicyType');
    rootIn(data, rootId);
    if (!data.policyTypes.has(type)) {
      throw new AwsError('PolicyTypeNotEnabledException', `The policy type ${type} is not enabled on the root.`);
    }
    ctx.commit({ kind: 'disableType', type });
    return { Root: rootWire(data, ctx.now) };
  },
};
