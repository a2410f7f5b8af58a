// Executing a plan: phase by phase, in parallel across targets where the order allows (each target's own steps
// stay in plan order, which is what keeps it within its limits), within the API's rate limits.
//
// On a permanent error nothing new starts; calls already in flight finish, and the outcomes say what was done,
// what failed and what was not started. Every single step leaves the organization valid, so stopping anywhere
// is safe and a rerun of plan/apply converges.

import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  UpdatePolicyCommand,
  type CreatePolicyCommandOutput,
  type PolicyType as SdkPolicyType,
} from '@aws-sdk/client-organizations';
import equal from 'fast-deep-equal';
import { ReconcileError, userError } from '../diagnostics/diagnostic.js';
import { errorName, type OrganizationsApi } from '../live/api.js';
import { ApiSource, readRoot } from '../live/api-source.js';
import { PHASES, isRoleAttachment, type Plan, type PolicyRef, type RoleAttachmentStep, type Step } from '../plan/plan.js';
import type { AccountAccess } from '../read/iam-source.js';
import { mapBounded } from '../read/parallel.js';
import { DEFAULT_PARALLEL_ACCOUNTS } from '../read/read-iam.js';

export type StepStatus = 'done' | 'already-done' | 'failed' | 'not-started';

export interface StepOutcome {
  step: Step;
  status: StepStatus;
  error?: string;
}

/** What the executor reports as it goes; `number` is a step's place in the plan, from 1. */
export type StepEvent =
  /** A step was sent to AWS. */
  | { type: 'step-started'; number: number; step: Step }
  /** A step ended: done, found already done (its effect was in place), or failed with AWS's error. */
  | { type: 'step-finished'; number: number; step: Step; status: Exclude<StepStatus, 'not-started'>; error?: string }
  /** Apply stopped before this step (a permanent error). */
  | { type: 'step-not-started'; number: number; step: Step };

/** What apply needs to change IAM roles (live/iam-source.ts for AWS). */
export interface RoleAttachmentWriter {
  attachRolePolicy(access: AccountAccess, roleName: string, policyArn: string): Promise<void>;
  detachRolePolicy(access: AccountAccess, roleName: string, policyArn: string): Promise<void>;
}

export interface ExecuteOptions {
  onEvent?: (event: StepEvent) => void;
  /** For plans with IAM role attachments. */
  iam?: RoleAttachmentWriter;
  /** Accounts whose IAM roles are changed at once (each account's roles side by side). */
  parallelAccounts?: number;
  /** Once aborted (an interrupt), no new step starts; the calls in flight finish. */
  signal?: AbortSignal;
  /** How often, and how long, to poll ListRoots for a policy type to become ENABLED. */
  enablePollMs?: number;
  enableTimeoutMs?: number;
}

/**
 * Errors that mean the step's effect is already in place: someone else made the change, or our own earlier
 * attempt did and its answer was lost (a 500 or a dropped connection after the write landed), so the retry met it.
 */
const ALREADY_DONE: Record<string, string> = {
  attach: 'DuplicatePolicyAttachmentException',
  detach: 'PolicyNotAttachedException',
  'delete-policy': 'PolicyNotFoundException',
  'enable-policy-type': 'PolicyTypeAlreadyEnabledException',
  // IAM answers a detach of a policy that is not attached with NoSuchEntity (an attach of one attached succeeds).
  'detach-role-policy': 'NoSuchEntityException',
};

export async function executePlan(api: OrganizationsApi, plan: Plan, options: ExecuteOptions = {}): Promise<StepOutcome[]> {
  const onEvent = options.onEvent ?? (() => {});
  const outcomes: StepOutcome[] = plan.steps.map((step) => ({ step, status: 'not-started' }));
  const createdIds = new Map<string, string>();
  let stopped = false;
  const enablePollMs = options.enablePollMs ?? 2_000;
  const enableTimeoutMs = options.enableTimeoutMs ?? 300_000;

  const policyId = (ref: PolicyRef): string => {
    if (!ref.key.startsWith('new:')) return ref.key;
    const id = createdIds.get(ref.key);
    if (!id) throw new Error(`internal: ${ref.name} was not created`);
    return id;
  };

  const waitUntilEnabled = async (type: string): Promise<void> => {
    const deadline = Date.now() + enableTimeoutMs;
    for (;;) {
      const status = (await readRoot(api)).policyTypes.get(type);
      if (status === 'ENABLED') return;
      if (Date.now() > deadline) throw userError(`${type} is still ${status ?? 'not enabled'} after ${enableTimeoutMs / 1000}s`);
      await new Promise((resolve) => setTimeout(resolve, enablePollMs));
    }
  };

  /** Sends a step's call; says whether it made the change or found it made. */
  const run = async (step: Step): Promise<'done' | 'already-done'> => {
    try {
      await send(step);
      return 'done';
    } catch (err) {
      if (ALREADY_DONE[step.action] === errorName(err)) {
        // Enabled by someone else meanwhile (or by our own lost answer), perhaps still pending: wait for it.
        if (step.action === 'enable-policy-type') await waitUntilEnabled(step.policyType);
        return 'already-done';
      }
      if (step.action === 'create-policy' && errorName(err) === 'DuplicatePolicyException') return adoptCreated(step, err as Error);
      throw err;
    }
  };

  /**
   * CreatePolicy met a policy of the same name and type: ours, if an earlier attempt created it and lost the answer
   * (then its id is used by the later steps), or someone else's, which is a conflict to report, not to overwrite.
   */
  const adoptCreated = async (step: Extract<Step, { action: 'create-policy' }>, err: Error): Promise<'already-done'> => {
    const source = new ApiSource(api);
    const existing = (await source.policies(step.policy.type)).find((p) => p.name === step.policy.name);
    if (!existing) throw err;
    const content = await source.policyContent(existing.id);
    if (!sameDocument(content, step.document) || existing.description !== step.description) {
      throw userError(
        `a ${step.policy.type} named ${step.policy.name} already exists (${existing.id}) with other ${sameDocument(content, step.document) ? 'description' : 'content'}: it was made outside this apply; plan again and review`,
      );
    }
    createdIds.set(step.policy.key, existing.id);
    return 'already-done';
  };

  const send = async (step: Step): Promise<void> => {
    switch (step.action) {
      case 'enable-policy-type':
        await api.send(new EnablePolicyTypeCommand({ RootId: step.rootId, PolicyType: step.policyType as SdkPolicyType }));
        await waitUntilEnabled(step.policyType);
        return;
      case 'create-policy': {
        const output = await api.send<CreatePolicyCommandOutput>(
          new CreatePolicyCommand({ Name: step.policy.name, Type: step.policy.type as SdkPolicyType, Description: step.description, Content: step.content }),
        );
        createdIds.set(step.policy.key, output.Policy!.PolicySummary!.Id!);
        return;
      }
      case 'update-policy':
        await api.send(
          new UpdatePolicyCommand({
            PolicyId: policyId(step.policy),
            Name: step.name?.to,
            Description: step.description?.to,
            Content: step.content?.to,
          }),
        );
        return;
      case 'attach':
        try {
          await api.send(new AttachPolicyCommand({ PolicyId: policyId(step.policy), TargetId: step.target.id }));
        } catch (err) {
          // Another actor's EnablePolicyType may still be pending: wait for it once, then try again.
          if (errorName(err) !== 'PolicyTypeNotEnabledException') throw err;
          await waitUntilEnabled(step.policy.type);
          await api.send(new AttachPolicyCommand({ PolicyId: policyId(step.policy), TargetId: step.target.id }));
        }
        return;
      case 'detach':
        await api.send(new DetachPolicyCommand({ PolicyId: policyId(step.policy), TargetId: step.target.id }));
        return;
      case 'delete-policy':
        await api.send(new DeletePolicyCommand({ PolicyId: policyId(step.policy) }));
        return;
      case 'attach-role-policy':
        await iam().attachRolePolicy(accessOf(step), step.role, step.policyArn);
        return;
      case 'detach-role-policy':
        await iam().detachRolePolicy(accessOf(step), step.role, step.policyArn);
        return;
    }
  };

  const iam = (): RoleAttachmentWriter => {
    if (!options.iam) throw new Error('internal: a plan with IAM role attachments was executed without IAM');
    return options.iam;
  };

  const runLane = async (indexes: number[]): Promise<void> => {
    for (const index of indexes) {
      if (stopped || options.signal?.aborted) return;
      const outcome = outcomes[index];
      onEvent({ type: 'step-started', number: index + 1, step: outcome.step });
      try {
        outcome.status = await run(outcome.step);
      } catch (err) {
        outcome.status = 'failed';
        outcome.error = err instanceof ReconcileError ? err.message : `${errorName(err)}: ${(err as Error).message}`;
        stopped = true;
      }
      const { status, error } = outcome;
      onEvent({ type: 'step-finished', number: index + 1, step: outcome.step, status: status as Exclude<StepStatus, 'not-started'>, ...(error ? { error } : {}) });
    }
  };

  for (const phase of PHASES) {
    if (stopped || options.signal?.aborted) break;
    // One lane per target for attachments, and per account and role for IAM (their order there matters); one
    // lane per step otherwise. Targets go side by side within Organizations' rate; accounts, each with its own IAM,
    // --parallel-accounts at a time.
    const lanes = new Map<string, number[]>();
    const roleLanes = new Map<string, Map<string, number[]>>();
    plan.steps.forEach((step, index) => {
      if (step.phase !== phase) return;
      if (isRoleAttachment(step)) {
        const ofAccount = roleLanes.get(step.account.id) ?? new Map<string, number[]>();
        ofAccount.set(step.role, [...(ofAccount.get(step.role) ?? []), index]);
        roleLanes.set(step.account.id, ofAccount);
        return;
      }
      const lane = step.action === 'attach' || step.action === 'detach' ? step.target.id : `step-${index}`;
      lanes.set(lane, [...(lanes.get(lane) ?? []), index]);
    });
    await Promise.all([
      ...[...lanes.values()].map(runLane),
      mapBounded([...roleLanes.values()], options.parallelAccounts ?? DEFAULT_PARALLEL_ACCOUNTS, (ofAccount) => Promise.all([...ofAccount.values()].map(runLane))),
    ]);
  }
  outcomes.forEach((o, index) => {
    if (o.status === 'not-started') onEvent({ type: 'step-not-started', number: index + 1, step: o.step });
  });
  return outcomes;
}

/** How a role step's account is reached: its member role, or the caller's own credentials in the management account. */
function accessOf(step: RoleAttachmentStep): AccountAccess {
  return step.memberRole === undefined ? { accountId: step.account.id } : { accountId: step.account.id, memberRole: step.memberRole };
}

/** How many steps ended each way. */
export function tally(outcomes: StepOutcome[]) {
  const count = (status: StepStatus) => outcomes.filter((o) => o.status === status).length;
  return { done: count('done'), alreadyDone: count('already-done'), failed: count('failed'), notStarted: count('not-started') };
}

/** Policies are the same when their documents are, as parsed JSON: AWS may hold the text formatted otherwise. */
function sameDocument(content: string, document: unknown): boolean {
  try {
    return equal(JSON.parse(content), document);
  } catch {
    return false;
  }
}
