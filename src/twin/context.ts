// What a handler is given for one call. Each handler reads from `view` (which may lag writes), checks AWS's rules
// against `state` (always current, as AWS's own checks are) and writes only through `commit`, so the server can
// replay every change on a lagging replica and knows whether a call changed anything.

import type { LimitOverrides } from '../aws/policy-types.js';
import type { EffectivePolicies } from './effective-policies.js';
import type { Input } from './input.js';
import type { PaginationOptions } from './pagination.js';
import type { Random } from './random.js';
import type { Change, OrgData } from './state.js';

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
  /** Effective policies as AWS has computed them, lagging writes (TwinOptions.effectivePolicyLagMs). */
  effective: EffectivePolicies;
  /** The account of the caller's identity (TwinOptions.identities); undefined for a key the twin does not know. */
  callerAccountId: string | undefined;
}

/** One operation: the response body, or an AwsError thrown. */
export type Handler = (ctx: OperationContext, input: Input) => Record<string, unknown>;

/** Handlers by operation name, as the X-Amz-Target header names them. */
export type Handlers = Record<string, Handler>;
