// Effective management policies as AWS serves them
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_effective.html). The document
// itself comes from the product's engine (../effective/engine.ts) run on the twin's organization; what is AWS's
// and modelled here is when and which document is served:
// - AWS computes effective policies asynchronously, seconds after a write: answers come from the organization as
//   it was `effectivePolicyLagMs` ago (a LaggingReplica);
// - an account whose effective policy fails AWS's checks (a backup plan with too many rules) keeps its last valid
//   document, and ListEffectivePolicyValidationErrors says why
//   (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListEffectivePolicyValidationErrors.html).
//   So the last valid document of each account is kept after every change for the types AWS validates, whether
//   anyone asks or not; an account that never had a valid one has none to serve.

import stringify from 'safe-stable-stringify';
import { effectivePolicies } from '../effective/engine.js';
import type { EffectiveResult } from '../effective/result.js';
import { rulesFor } from '../effective/rules.js';
import type { PolicyType } from '../aws/policy-types.js';
import type { OrgState } from '../model/org-state.js';
import { LaggingReplica } from './replica.js';
import { isTypeEnabled, type Change, type OrgData } from './state.js';
import { stateOfOrgData } from './to-state.js';

/** A document as DescribeEffectivePolicy serves it. */
export interface ServedPolicy {
  document: Record<string, unknown>;
  /** When this document became the account's effective policy (ms since epoch). */
  updatedAt: number;
}

/** Changes that cannot alter any account's effective policy. */
const NO_EFFECT = new Set<Change['kind']>(['tag', 'untag', 'putOu']);

const keyOf = (accountId: string, type: PolicyType) => `${type}\u0000${accountId}`;

/** The organization as AWS's effective-policy computation has seen it at one moment, and its answers. */
export interface EffectiveView {
  data: OrgData;
  /** When the organization, as seen here, last changed: AWS's latest evaluation. */
  evaluatedAt: number;
  /** The engine's results for these accounts; undefined when the type is not enabled (as seen here). */
  results(type: PolicyType, accountIds: Iterable<string>): Map<string, EffectiveResult> | undefined;
  /** What DescribeEffectivePolicy serves: the last valid document; undefined when there is none (yet). */
  served(accountId: string, type: PolicyType): ServedPolicy | undefined;
}

export class EffectivePolicies {
  private readonly replica: LaggingReplica;
  private readonly lastValid = new Map<string, ServedPolicy & { json: string }>();

  constructor(lagMs: number) {
    this.replica = new LaggingReplica(lagMs, (data, change, at) => this.changed(data, change, at));
  }

  reset(data: OrgData, now: number): void {
    this.replica.reset(data, now);
  }

  record(change: Change, now: number): void {
    this.replica.record(change, now);
  }

  /** What AWS has computed by `now`; undefined before there is an organization. */
  at(now: number): EffectiveView | undefined {
    const data = this.replica.at(now);
    if (!data) return undefined;
    const evaluatedAt = this.replica.changedAt;
    let state: OrgState | undefined;
    const results = (type: PolicyType, accountIds: Iterable<string>) => {
      if (!isTypeEnabled(data, type, now)) return undefined;
      state ??= stateOfOrgData(data, now);
      const found = effectivePolicies(state, accountIds, type);
      this.keep(type, found, evaluatedAt);
      return found;
    };
    return {
      data,
      evaluatedAt,
      results,
      served: (accountId, type) => {
        if (!data.accounts.has(accountId) || !results(type, [accountId])) return undefined;
        const kept = this.lastValid.get(keyOf(accountId, type));
        return kept && { document: kept.document, updatedAt: kept.updatedAt };
      },
    };
  }

  /** Keeps each valid document, with the time it first appeared. */
  private keep(type: PolicyType, results: Map<string, EffectiveResult>, at: number): void {
    for (const [accountId, result] of results) {
      if (!result.valid || !result.document) continue;
      const key = keyOf(accountId, type);
      const json = stringify(result.document);
      if (this.lastValid.get(key)?.json !== json) this.lastValid.set(key, { document: result.document, json, updatedAt: at });
    }
  }

  private changed(data: OrgData, change: Change | undefined, at: number): void {
    if (!change) this.lastValid.clear();
    else if (NO_EFFECT.has(change.kind)) return;
    else if (change.kind === 'disableType') {
      for (const accountId of data.accounts.keys()) this.lastValid.delete(keyOf(accountId, change.type));
    }
    const validated = [...data.policyTypes.keys()].filter((type) => rulesFor(type).validate && isTypeEnabled(data, type, at));
    if (validated.length === 0) return;
    const state = stateOfOrgData(data, at);
    for (const type of validated) this.keep(type, effectivePolicies(state, data.accounts.keys(), type), at);
  }
}
