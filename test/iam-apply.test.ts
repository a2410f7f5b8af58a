// Executing IAM role steps: one lane per account and role (a role's steps in plan order), accounts side by side
// but no more than --parallel-accounts at once, and a detach already done (NoSuchEntity) counted as such.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { executePlan, type RoleAttachmentWriter } from '../src/apply/execute.js';
import type { Plan, RoleAttachmentStep } from '../src/plan/plan.js';
import type { AccountAccess } from '../src/read/iam-source.js';

const ARN = (n: number) => `arn:aws:iam::aws:policy/P${n}`;

function step(account: string, role: string, action: RoleAttachmentStep['action'], n: number): RoleAttachmentStep {
  return { phase: 'attach', action, account: { id: account, type: 'ACCOUNT', label: account }, memberRole: 'OrganizationAccountAccessRole', role, policyArn: ARN(n), reason: action === 'attach-role-policy' ? 'listed' : 'not-listed' };
}

function planOf(steps: RoleAttachmentStep[]): Plan {
  return { organizationId: 'o-test', managementAccountId: '111111111111', steps, effective: [], unmanaged: [], leftAlone: undefined, warnings: [] };
}

/** A writer that takes a few milliseconds a call and records what ran, and how many accounts were busy at once. */
function recordingWriter(fail?: (role: string, arn: string) => Error | undefined) {
  const calls: string[] = [];
  const busy = new Map<string, number>();
  let mostAccounts = 0;
  const call = (what: string) => async (access: AccountAccess, role: string, arn: string) => {
    busy.set(access.accountId, (busy.get(access.accountId) ?? 0) + 1);
    mostAccounts = Math.max(mostAccounts, busy.size);
    await new Promise((resolve) => setTimeout(resolve, 3));
    calls.push(`${what} ${access.accountId} ${access.memberRole} ${role} ${arn}`);
    const left = busy.get(access.accountId)! - 1;
    if (left) busy.set(access.accountId, left);
    else busy.delete(access.accountId);
    const error = fail?.(role, arn);
    if (error) throw error;
  };
  const writer: RoleAttachmentWriter = { attachRolePolicy: call('attach'), detachRolePolicy: call('detach') };
  return { writer, calls, mostAccounts: () => mostAccounts };
}

describe('executing IAM role steps', () => {
  it('keeps each role in plan order and at most --parallel-accounts accounts at once', async () => {
    const accounts = ['222222222222', '333333333333', '444444444444', '555555555555', '666666666666'];
    const steps = accounts.flatMap((a) => [step(a, 'Audit', 'detach-role-policy', 1), step(a, 'Audit', 'attach-role-policy', 2), step(a, 'Admin', 'attach-role-policy', 3)]);
    const { writer, calls, mostAccounts } = recordingWriter();
    const outcomes = await executePlan(undefined as never, planOf(steps), { iam: writer, parallelAccounts: 2 });
    assert.ok(outcomes.every((o) => o.status === 'done'));
    assert.equal(mostAccounts(), 2);
    for (const a of accounts) {
      const audit = calls.filter((c) => c.includes(`${a} OrganizationAccountAccessRole Audit`));
      assert.deepEqual(audit, [`detach ${a} OrganizationAccountAccessRole Audit ${ARN(1)}`, `attach ${a} OrganizationAccountAccessRole Audit ${ARN(2)}`]);
    }
  });

  it('counts a detach IAM answers with NoSuchEntity as already done', async () => {
    const noSuchEntity = Object.assign(new Error('Policy is not attached'), { name: 'NoSuchEntityException' });
    const { writer } = recordingWriter((_, arn) => (arn === ARN(1) ? noSuchEntity : undefined));
    const outcomes = await executePlan(undefined as never, planOf([step('222222222222', 'Audit', 'detach-role-policy', 1)]), { iam: writer });
    assert.deepEqual(outcomes.map((o) => o.status), ['already-done']);
  });
});
