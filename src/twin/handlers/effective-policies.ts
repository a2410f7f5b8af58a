// Effective management policies: DescribeEffectivePolicy, and the accounts whose effective policy AWS found
// invalid with the reasons. Answers come from ../effective-policies.ts, which lags writes as AWS does.
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeEffectivePolicy.html
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccountsWithInvalidEffectivePolicy.html
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListEffectivePolicyValidationErrors.html

import type { Handlers, OperationContext } from '../context.js';
import type { EffectiveView } from '../effective-policies.js';
import { AwsError, invalidInput } from '../errors.js';
import { accountIdOf, effectivePolicyTypeOf, targetIdOf } from '../input.js';
import { accountIn, organization, targetIn } from '../lookups.js';
import { listResponse } from '../pagination.js';
import { accountPath, accountWire, effectivePolicyWire } from '../wire.js';

/** AWS's answer when the type is not enabled, or nothing has been computed for the account yet. */
const notFound = () => new AwsError('EffectivePolicyNotFoundException', `We can't find an effective policy of the specified type for the specified target.`);

function effectiveView(ctx: OperationContext): EffectiveView {
  const view = ctx.effective.at(ctx.now);
  organization(view?.data);
  return view!;
}

export const EFFECTIVE_POLICY_OPERATIONS: Handlers = {
  /** Accounts only; without a TargetId, the caller's own account. */
  DescribeEffectivePolicy: (ctx, input) => {
    const data = organization(ctx.view);
    const type = effectivePolicyTypeOf(input);
    const targetId = input.TargetId === undefined ? (ctx.callerAccountId ?? data.organization.managementAccountId) : targetIdOf(input);
    if (targetIn(data, targetId) !== 'ACCOUNT') {
      throw invalidInput('TARGET_NOT_SUPPORTED', 'You can specify only an account as the target of an effective policy.');
    }
    const served = effectiveView(ctx).served(targetId, type);
    if (!served) throw notFound();
    return { EffectivePolicy: effectivePolicyWire(targetId, type, served.document, served.updatedAt) };
  },

  ListAccountsWithInvalidEffectivePolicy: (ctx, input) => {
    organization(ctx.view);
    const type = effectivePolicyTypeOf(input);
    const view = effectiveView(ctx);
    const results = view.results(type, view.data.accounts.keys());
    if (!results) throw notFound();
    const accounts = [...results].filter(([, r]) => !r.valid).map(([id]) => accountWire(view.data.accounts.get(id)!));
    return { PolicyType: type, ...listResponse('Accounts', accounts, input, `ListAccountsWithInvalidEffectivePolicy:${type}`, ctx.pagination) };
  },

  ListEffectivePolicyValidationErrors: (ctx, input) => {
    const data = organization(ctx.view);
    const accountId = accountIdOf(input);
    const type = effectivePolicyTypeOf(input);
    accountIn(data, accountId);
    const view = effectiveView(ctx);
    const result = view.data.accounts.has(accountId) ? view.results(type, [accountId])?.get(accountId) : undefined;
    if (!result) throw notFound();
    const errors = result.validationErrors.map((e) => ({
      ErrorCode: e.errorCode,
      ErrorMessage: e.errorMessage,
      PathToError: e.pathToError,
      ContributingPolicies: e.contributingPolicies,
    }));
    return {
      AccountId: accountId,
      PolicyType: type,
      Path: accountPath(view.data, accountId),
      EvaluationTimestamp: view.evaluatedAt / 1000,
      ...listResponse('EffectivePolicyValidationErrors', errors, input, `ListEffectivePolicyValidationErrors:${accountId}:${type}`, ctx.pagination),
    };
  },
};
