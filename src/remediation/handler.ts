// The remediation handler: for each CloudTrail record of an Organizations write, decide whether it concerns what
// org.yaml owns and, if it does, put that back with the ordinary planner and engine, scoped to it.
//
// In order, for each record (triage.ts, seen-events.ts, scope.ts):
// 1. ignore it when it is not an Organizations policy write, when the call failed, when it is reconcile's own (by
//    the session issuer's role ARN, never the session name), or when this process has seen its event id before;
// 2. learn what it concerns with a few reads (facts.ts) and narrow org.yaml to that; ignore it when that is
//    nothing org.yaml owns (an unlisted target, a policy type it does not manage, a policy it does not declare);
// 3. read the current state of what it concerns, never trusting the event's picture of it, and plan as `plan`
//    would: the steps come in the planner's safe order, and a plan the planner refuses is alerted, not forced;
// 4. in `remediate` mode apply the steps through the engine; in `alert` mode only say what they would be.
// Every decision is one JSON line on the log; every action, refusal and failure is alerted. Even without the own
// roles configured there is no loop: the handler's own change finds nothing left to do.

import type { StepOutcome } from '../apply/execute.js';
import type { DesiredConfig } from '../desired/config.js';
import { ReconcileError } from '../diagnostics/diagnostic.js';
import { principalOf, type CloudTrailRecord } from '../drift/cloudtrail-record.js';
import { driftOf } from '../drift/drift.js';
import { applyPlan, autoApprove } from '../engine/apply.js';
import { callsSince } from '../engine/plan.js';
import { ApiSource } from '../live/api-source.js';
import type { OrganizationsApi } from '../live/api.js';
import type { Notifier } from '../notify/notifier.js';
import type { Plan } from '../plan/plan.js';
import { PlanRefused, planChanges } from '../plan/planner.js';
import { readOrg } from '../read/read-org.js';
import { requestFor } from '../read/request.js';
import { viewOf, type PlanView } from '../render/plan-view.js';
import { stepText } from '../render/words.js';
import { alertFor, requestSummary, type Alerted } from './alert.js';
import { CachingSource } from './caching-source.js';
import { gatherFacts } from './facts.js';
import { withOwnedReasons } from './owned-reasons.js';
import { recordsIn } from './records.js';
import { scopeConfig } from './scope.js';
import { SeenEvents } from './seen-events.js';
import { triage, type IgnoreReason } from './triage.js';

export type Mode = 'remediate' | 'alert';

export interface HandlerOptions {
  /** The whole org.yaml, as main holds it. */
  config: DesiredConfig;
  mode: Mode;
  /** Role ARNs whose sessions' changes are reconcile's own: the apply role and the handler's role. */
  ownRoleArns: readonly string[];
  /** Organizations, for reads and writes. */
  api: OrganizationsApi;
  notifier?: Notifier;
  /** Where decision lines go: the function's log (console.log) by default. */
  log?: (line: string) => void;
  /** Once aborted, no new step starts (the calls in flight finish). */
  signal?: AbortSignal;
  enablePollMs?: number;
}

export type Decision = 'ignored' | 'in-sync' | 'alerted' | 'remediated' | 'refused' | 'failed' | 'error';

export interface StepReport {
  eventId: string;
  /** The step as apply reports it: "attach SCP DenyLeave to /Workloads (ou-…)". */
  step: string;
  action: string;
  status: StepOutcome['status'];
  error?: string;
}

export interface HandlerSummary {
  /** Records that concern what org.yaml owns: each was read, planned, and acted on or alerted. */
  handled: number;
  ignored: { eventId: string; reason: IgnoreReason; detail?: string }[];
  /** The steps taken (remediate mode), in order. */
  steps: StepReport[];
  /** Notifications delivered (one per target per alert). */
  alerts: number;
  /** Records whose handling failed (an error reading or writing): worth a retry. */
  failed: { eventId: string; error: string }[];
  decisions: { eventId: string; eventName: string; decision: Decision }[];
}

interface Handled {
  decision: Decision;
  alert?: Alerted;
  reason?: IgnoreReason;
  detail?: string;
  view?: PlanView;
  outcomes?: StepOutcome[];
  steps?: string[];
  scope?: { targets: string[]; policies: string[] };
  organizationId?: string;
}

class Interrupted extends Error {
  constructor(notStarted: number) {
    super(`interrupted with ${notStarted} step${notStarted === 1 ? '' : 's'} not started; every step taken left the organization valid`);
    this.name = 'Interrupted';
  }
}

export class RemediationHandler {
  private readonly seen = new SeenEvents();
  private readonly ownRoles: ReadonlySet<string>;
  private readonly source: ApiSource;
  private organization: Promise<{ id: string; managementAccountId: string }> | undefined;

  constructor(private readonly options: HandlerOptions) {
    this.ownRoles = new Set(options.ownRoleArns);
    this.source = new ApiSource(options.api);
  }

  /** Handles an event, a batch, or LookupEvents' events, one record at a time, in the order given. */
  async handle(input: unknown): Promise<HandlerSummary> {
    const summary: HandlerSummary = { handled: 0, ignored: [], steps: [], alerts: 0, failed: [], decisions: [] };
    for (const received of recordsIn(input)) {
      if (!received.ok) {
        summary.ignored.push({ eventId: received.id, reason: 'unreadable' });
        this.log({ decision: 'ignored', reason: 'unreadable', eventId: received.id });
        continue;
      }
      await this.handleRecord(received.record, summary);
    }
    return summary;
  }

  private async handleRecord(record: CloudTrailRecord, summary: HandlerSummary): Promise<void> {
    const started = Date.now();
    const before = { ...this.options.api.calls };
    let handled: Handled;
    const reason = triage(record, this.ownRoles) ?? (this.seen.has(record.eventID) ? 'already-seen' : undefined);
    if (reason) {
      handled = { decision: 'ignored', reason };
    } else {
      this.seen.add(record.eventID);
      try {
        handled = await this.decide(record);
      } catch (err) {
        // Not done: a retry of this event (Lambda's, or the next poll's) must be acted on.
        this.seen.delete(record.eventID);
        const error = err instanceof ReconcileError ? err.message : `${(err as Error).name ?? 'Error'}: ${(err as Error).message}`;
        handled = { decision: 'error', alert: { kind: 'error', error } };
        summary.failed.push({ eventId: record.eventID, error });
      }
    }
    const deliveries = handled.alert ? await this.alert(record, handled) : [];
    summary.alerts += deliveries.filter((d) => d.ok).length;
    summary.decisions.push({ eventId: record.eventID, eventName: record.eventName, decision: handled.decision });
    if (handled.decision === 'ignored') summary.ignored.push({ eventId: record.eventID, reason: handled.reason!, ...(handled.detail ? { detail: handled.detail } : {}) });
    else if (handled.decision !== 'error') summary.handled++;
    const view = handled.view;
    for (const o of handled.outcomes ?? []) {
      summary.steps.push({ eventId: record.eventID, step: stepText(view!, o.step), action: o.step.action, status: o.status, ...(o.error ? { error: o.error } : {}) });
    }
    this.log({
      decision: handled.decision,
      ...(handled.reason ? { reason: handled.reason } : {}),
      ...(handled.detail ? { detail: handled.detail } : {}),
      eventId: record.eventID,
      eventName: record.eventName,
      eventTime: record.eventTime,
      principal: principalOf(record),
      request: requestSummary(record),
      ...(handled.organizationId ? { organizationId: handled.organizationId } : {}),
      ...(handled.scope ? { scope: handled.scope } : {}),
      ...(handled.steps ? { steps: handled.steps } : {}),
      ...(handled.outcomes ? { outcomes: handled.outcomes.map((o) => ({ step: stepText(view!, o.step), status: o.status, ...(o.error ? { error: o.error } : {}) })) } : {}),
      ...(handled.alert?.kind === 'refused' ? { refused: handled.alert.reasons } : {}),
      ...(handled.alert?.kind === 'error' ? { error: handled.alert.error } : {}),
      ...(deliveries.length ? { alerts: deliveries } : {}),
      calls: callsSince(before, this.options.api.calls),
      seconds: (Date.now() - started) / 1000,
    });
  }

  private async decide(record: CloudTrailRecord): Promise<Handled> {
    const { config } = this.options;
    // Read once per process; a failed read is not kept, so the next event reads it again.
    const organization = (this.organization ??= this.source.organization());
    organization.catch(() => {
      if (this.organization === organization) this.organization = undefined;
    });
    const source = new CachingSource(this.source, () => organization);
    const facts = await gatherFacts(source, config, record);
    const scope = scopeConfig(config, record, facts);
    if (scope.kind === 'not-owned') return { decision: 'ignored', reason: 'not-owned', detail: scope.why };
    const described = { targets: scope.config.targets.map((e) => e.key), policies: [...scope.config.policies.keys()] };
    const state = await readOrg(source, requestFor(scope.config, { prune: false }));
    const organizationId = state.organization.id;
    let planned: Plan;
    try {
      planned = planChanges(scope.config, state, { prune: false });
    } catch (err) {
      if (!(err instanceof PlanRefused)) throw err;
      return { decision: 'refused', alert: { kind: 'refused', reasons: err.reasons }, scope: described, organizationId };
    }
    const plan = withOwnedReasons(planned, config, scope.unlisted);
    const names = new Map(scope.labels);
    if (facts.target?.name && !names.has(facts.target.id)) names.set(facts.target.id, facts.target.name);
    const view = viewOf(plan, names);
    const items = driftOf(plan, state);
    const steps = plan.steps.map((s) => stepText(view, s));
    if (plan.steps.length === 0) return { decision: 'in-sync', scope: described, organizationId };
    if (this.options.mode === 'alert') return { decision: 'alerted', alert: { kind: 'alerted', view, items }, view, steps, scope: described, organizationId };
    const result = await applyPlan(this.options.api, plan, { confirm: autoApprove, signal: this.options.signal, enablePollMs: this.options.enablePollMs });
    // Stopped by the signal before the last step: not done, so not seen; the next run finishes it.
    if (result.status === 'interrupted') throw new Interrupted(result.outcomes.filter((o) => o.status === 'not-started').length);
    const kind = result.status === 'applied' ? 'remediated' : 'failed';
    return { decision: kind, alert: { kind, view, items, outcomes: result.outcomes }, view, outcomes: result.outcomes, scope: described, organizationId };
  }

  private async alert(record: CloudTrailRecord, handled: Handled) {
    if (!this.options.notifier) return [];
    return this.options.notifier.send(alertFor(record, handled.organizationId, handled.alert!));
  }

  private log(fields: Record<string, unknown>): void {
    const line = JSON.stringify({ time: new Date().toISOString(), source: 'reconcile-remediation', ...fields });
    (this.options.log ?? console.log)(line);
  }
}
