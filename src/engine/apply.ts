// Applying a plan as the commands and the remediation handler need it: ask the confirmation policy, execute,
// report every step as an event, and say how it ended. Checking the result afterwards is verify.ts.

import { executePlan, type RoleAttachmentWriter, type StepOutcome } from '../apply/execute.js';
import type { OrganizationsApi } from '../live/api.js';
import type { Plan } from '../plan/plan.js';
import type { EventSink } from './events.js';
import { callsSince } from './plan.js';

/** Whether to go ahead: always (--auto-approve, a remediation), or after asking someone. */
export type Confirmation = (plan: Plan) => Promise<boolean>;

export const autoApprove: Confirmation = async () => true;

export interface ApplyResult {
  /**
   * applied: every step done or already done; failed: a step failed (see outcomes); interrupted: stopped by the
   * signal, the steps in flight finished; cancelled: not confirmed.
   */
  status: 'applied' | 'failed' | 'interrupted' | 'cancelled';
  outcomes: StepOutcome[];
  /** Calls apply made, per operation. */
  calls: Record<string, number>;
  seconds: number;
}

export interface ApplyOptions {
  confirm: Confirmation;
  onEvent?: EventSink;
  /** Stops starting steps once aborted (SIGINT, SIGTERM, a handler's deadline). */
  signal?: AbortSignal;
  enablePollMs?: number;
  /** For plans with IAM role attachments; its calls count with apply's. */
  iam?: RoleAttachmentWriter & { readonly calls: Record<string, number> };
  /** Accounts whose IAM roles are changed at once. */
  parallelAccounts?: number;
}

export async function applyPlan(api: OrganizationsApi, plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const notStarted = (): StepOutcome[] => plan.steps.map((step) => ({ step, status: 'not-started' }));
  if (!(await options.confirm(plan))) return { status: 'cancelled', outcomes: notStarted(), calls: {}, seconds: 0 };
  const calls = () => ({ ...api.calls, ...options.iam?.calls });
  const before = calls();
  const started = Date.now();
  const outcomes = await executePlan(api, plan, { onEvent: options.onEvent, enablePollMs: options.enablePollMs, signal: options.signal, iam: options.iam, parallelAccounts: options.parallelAccounts });
  const interrupted = outcomes.some((o) => o.status === 'not-started') && options.signal?.aborted;
  return {
    status: outcomes.some((o) => o.status === 'failed') ? 'failed' : interrupted ? 'interrupted' : 'applied',
    outcomes,
    calls: callsSince(before, calls()),
    seconds: (Date.now() - started) / 1000,
  };
}
