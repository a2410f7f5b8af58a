// AWS's rules as the twin enforces them, seen through the real SDK: exception classes and Reason values.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachPolicyCommand,
  ConstraintViolationException,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DisablePolicyTypeCommand,
  DuplicatePolicyAttachmentException,
  DuplicatePolicyException,
  EnablePolicyTypeCommand,
  InvalidInputException,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  MalformedPolicyDocumentException,
  MoveAccountCommand,
  PolicyInUseException,
  PolicyNotAttachedException,
  PolicyNotFoundException,
  PolicyTypeNotEnabledException,
  TagResourceCommand,
  TargetNotFoundException,
  UpdatePolicyCommand,
  ListChildrenCommand,
  ListParentsCommand,
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { DENY_LEAVE, smallOrg, startTwin, type TwinHarness } from './helpers.js';

let h: TwinHarness;
afterEach(() => h?.close());

async function scpIds(targetId: string): Promise<string[]> {
  const out = await h.client.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: 'SERVICE_CONTROL_POLICY' }));
  return (out.Policies ?? []).map((p) => p.Id!);
}

async function createScp(name: string, content: unknown = DENY_LEAVE): Promise<string> {
  const out = await h.client.send(
    new CreatePolicyCommand({ Name: name, Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: typeof content === 'string' ? content : JSON.stringify(content) }),
  );
  return out.Policy!.PolicySummary!.Id!;
}

function hasReason(type: new (...args: never[]) => Error, reason: string) {
  return (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${(err as Error).name}`);
    assert.equal((err as { Reason?: string }).Reason, reason);
    return true;
  };
}

describe('enabling policy types', () => {
  it('attaches FullAWSAccess to the root, every OU and every account, and to those created later', async () => {
    h = await startTwin({ fixture: smallOrg({ enabledPolicyTypes: [] }) });
    assert.deepEqual(await scpIds('r-test'), []);
    await h.client.send(new EnablePolicyTypeCommand({ RootId: 'r-test', PolicyType: 'SERVICE_CONTROL_POLICY' }));
    for (const id of ['r-test', 'ou-test-workload', 'ou-test-prod0001', '222222222222', '555555555555', '111111111111']) {
      assert.deepEqual(await scpIds(id), ['p-FullAWSAccess'], id);
    }
    const ou = await h.client.send(new CreateOrganizationalUnitCommand({ ParentId: 'r-test', Name: 'Later' }));
    assert.deepEqual(await scpIds(ou.OrganizationalUnit!.Id!), ['p-FullAWSAccess']);
    const account = await h.client.send(new CreateAccountCommand({ Email: 'a@example.com', AccountName: 'later' }));
    assert.equal(account.CreateAccountStatus?.State, 'SUCCEEDED');
    assert.deepEqual(await scpIds(account.CreateAccountStatus!.AccountId!), ['p-FullAWSAccess']);
  });

  it('attaches RCPFullAWSAccess when RCPs are enabled, and never lets it be detached', async () => {
    h = await startTwin({ fixture: smallOrg() });
    await h.client.send(new EnablePolicyTypeCommand({ RootId: 'r-test', PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const rcps = await h.client.send(new ListPoliciesForTargetCommand({ TargetId: '222222222222', Filter: 'RESOURCE_CONTROL_POLICY' }));
    assert.deepEqual(rcps.Policies?.map((p) => [p.Id, p.AwsManaged]), [['p-RCPFullAWSAccess', true]]);
    await assert.rejects(
      h.client.send(new DetachPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess', TargetId: '222222222222' })),
      hasReason(InvalidInputException, 'NON_DETACHABLE_POLICY'),
    );
  });

  it('reports PENDING_ENABLE until the type is ready, and refuses attachments meanwhile', async () => {
    h = await startTwin({ fixture: smallOrg(), enableDelayMs: 300 });
    await h.client.send(new EnablePolicyTypeCommand({ RootId: 'r-test', PolicyType: 'TAG_POLICY' }));
    const status = async () =>
      (await h.client.send(new ListRootsCommand({}))).Roots![0].PolicyTypes!.find((t) => t.Type === 'TAG_POLICY')?.Status;
    assert.equal(await status(), 'PENDING_ENABLE');
    const tag = await h.client.send(new CreatePolicyCommand({ Name: 't', Description: '', Type: 'TAG_POLICY', Content: '{"tags":{}}' }));
    await assert.rejects(
      h.client.send(new AttachPolicyCommand({ PolicyId: tag.Policy!.PolicySummary!.Id!, TargetId: 'r-test' })),
      PolicyTypeNotEnabledException,
    );
    await new Promise((r) => setTimeout(r, 350));
    assert.equal(await status(), 'ENABLED');
    await assert.rejects(h.client.send(new EnablePolicyTypeCommand({ RootId: 'r-test', PolicyType: 'TAG_POLICY' })), {
      name: 'PolicyTypeAlreadyEnabledException',
    });
  });

  it('detaches every policy of a type when it is disabled', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const id = await createScp('Deny');
    await h.client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: 'ou-test-workload' }));
    await h.client.send(new DisablePolicyTypeCommand({ RootId: 'r-test', PolicyType: 'SERVICE_CONTROL_POLICY' }));
    assert.deepEqual(await scpIds('ou-test-workload'), []);
    await assert.rejects(h.client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: 'r-test' })), PolicyTypeNotEnabledException);
  });
});

describe('AWS-managed policies', () => {
  it('are listed as AwsManaged and cannot be updated or deleted', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const list = await h.client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }));
    assert.deepEqual(list.Policies?.map((p) => [p.Name, p.AwsManaged]), [['FullAWSAccess', true]]);
    await assert.rejects(
      h.client.send(new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Description: 'x' })),
      hasReason(InvalidInputException, 'IMMUTABLE_POLICY'),
    );
    await assert.rejects(h.client.send(new DeletePolicyCommand({ PolicyId: 'p-FullAWSAccess' })), hasReason(InvalidInputException, 'IMMUTABLE_POLICY'));
  });
});

describe('attachment limits', () => {
  it('keeps at least one SCP on every target', async () => {
    h = await startTwin({ fixture: smallOrg() });
    await assert.rejects(
      h.client.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: 'ou-test-workload' })),
      hasReason(ConstraintViolationException, 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED'),
    );
    const id = await createScp('Replacement');
    await h.client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: 'ou-test-workload' }));
    await h.client.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: 'ou-test-workload' }));
    assert.deepEqual(await scpIds('ou-test-workload'), [id]);
  });

  it('refuses the eleventh SCP by default, counting FullAWSAccess', async () => {
    h = await startTwin({ fixture: smallOrg() });
    for (let i = 0; i < 9; i++) await h.client.send(new AttachPolicyCommand({ PolicyId: await createScp(`p${i}`), TargetId: 'r-test' }));
    assert.equal((await scpIds('r-test')).length, 10);
    const extra = await createScp('extra');
    await assert.rejects(
      h.client.send(new AttachPolicyCommand({ PolicyId: extra, TargetId: 'r-test' })),
      hasReason(ConstraintViolationException, 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED'),
    );
  });

  it('takes a configured maximum, such as the old SCP limit of 5', async () => {
    h = await startTwin({ fixture: smallOrg(), limits: { SERVICE_CONTROL_POLICY: { maxAttachments: 5 } } });
    for (let i = 0; i < 4; i++) await h.client.send(new AttachPolicyCommand({ PolicyId: await createScp(`p${i}`), TargetId: 'r-test' }));
    await assert.rejects(
      h.client.send(new AttachPolicyCommand({ PolicyId: await createScp('sixth'), TargetId: 'r-test' })),
      hasReason(ConstraintViolationException, 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED'),
    );
  });

  it('refuses a sixth AI-services opt-out policy (its maximum is 5)', async () => {
    h = await startTwin({ fixture: smallOrg({ enabledPolicyTypes: ['AISERVICES_OPT_OUT_POLICY'] }) });
    const type: PolicyType = 'AISERVICES_OPT_OUT_POLICY';
    const make = async (n: number) =>
      (await h.client.send(new CreatePolicyCommand({ Name: `ai${n}`, Description: '', Type: type, Content: '{"services":{}}' }))).Policy!.PolicySummary!.Id!;
    for (let i = 0; i < 5; i++) await h.client.send(new AttachPolicyCommand({ PolicyId: await make(i), TargetId: 'r-test' }));
    await assert.rejects(
      h.client.send(new AttachPolicyCommand({ PolicyId: await make(5), TargetId: 'r-test' })),
      hasReason(ConstraintViolationException, 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED'),
    );
  });
});

describe('policy content', () => {
  it('counts size as sent, whitespace included', async () => {
    h = await startTwin({ fixture: smallOrg(), limits: { SERVICE_CONTROL_POLICY: { maxSize: 120 } } });
    const minified = JSON.stringify(DENY_LEAVE);
    assert.ok(minified.length <= 120);
    await createScp('fits', minified);
    const padded = JSON.stringify(DENY_LEAVE, null, 8);
    assert.ok(padded.length > 120);
    await assert.rejects(createScp('padded', padded), hasReason(ConstraintViolationException, 'POLICY_CONTENT_LIMIT_EXCEEDED'));
  });

  it('stores content exactly as sent', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const text = '{ "Version": "2012-10-17",\n  "Statement": [] }';
    const id = await createScp('spaced', text);
    const out = await h.client.send(new DescribePolicyCommand({ PolicyId: id }));
    assert.equal(out.Policy?.Content, text);
  });

  it('refuses invalid JSON with MalformedPolicyDocumentException', async () => {
    h = await startTwin({ fixture: smallOrg() });
    await assert.rejects(createScp('bad', '{"Statement": ['), MalformedPolicyDocumentException);
  });

  it('refuses a second policy with the same name', async () => {
    h = await startTwin({ fixture: smallOrg() });
    await createScp('same');
    await assert.rejects(createScp('same'), DuplicatePolicyException);
    const other = await createScp('other');
    await assert.rejects(h.client.send(new UpdatePolicyCommand({ PolicyId: other, Name: 'same' })), DuplicatePolicyException);
  });
});

describe('attach, detach and delete', () => {
  it('raises the errors AWS raises', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const id = await createScp('deny');
    await h.client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: 'ou-test-sandbox1' }));
    await assert.rejects(h.client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: 'ou-test-sandbox1' })), DuplicatePolicyAttachmentException);
    await assert.rejects(h.client.send(new DetachPolicyCommand({ PolicyId: id, TargetId: 'ou-test-workload' })), PolicyNotAttachedException);
    await assert.rejects(h.client.send(new DeletePolicyCommand({ PolicyId: id })), PolicyInUseException);
    await assert.rejects(h.client.send(new AttachPolicyCommand({ PolicyId: 'p-doesnotexist', TargetId: 'r-test' })), PolicyNotFoundException);
    await assert.rejects(h.client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: '999999999999' })), TargetNotFoundException);
    await h.client.send(new DetachPolicyCommand({ PolicyId: id, TargetId: 'ou-test-sandbox1' }));
    await h.client.send(new DeletePolicyCommand({ PolicyId: id }));
    await assert.rejects(h.client.send(new DescribePolicyCommand({ PolicyId: id })), PolicyNotFoundException);
  });

  it('lists the targets of a policy in attachment order with their names and types', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const id = await createScp('deny');
    await h.client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: '222222222222' }));
    await h.client.send(new AttachPolicyCommand({ PolicyId: id, TargetId: 'ou-test-workload' }));
    const out = await h.client.send(new ListTargetsForPolicyCommand({ PolicyId: id }));
    assert.deepEqual(
      out.Targets?.map((t) => [t.TargetId, t.Name, t.Type]),
      [
        ['222222222222', 'security', 'ACCOUNT'],
        ['ou-test-workload', 'Workloads', 'ORGANIZATIONAL_UNIT'],
      ],
    );
  });
});

describe('input validation', () => {
  it('refuses ids that do not match AWS patterns with AWS reasons', async () => {
    h = await startTwin({ fixture: smallOrg() });
    await assert.rejects(h.client.send(new DescribePolicyCommand({ PolicyId: 'policy-1' })), hasReason(InvalidInputException, 'INVALID_SYNTAX_POLICY_ID'));
    await assert.rejects(
      h.client.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: '12345' })),
      hasReason(InvalidInputException, 'INVALID_PATTERN_TARGET_ID'),
    );
    // An OU id with upper case, and a root id too short: each alternative of the pattern is anchored.
    await assert.rejects(
      h.client.send(new ListPoliciesForTargetCommand({ TargetId: 'ou-TEST-workload', Filter: 'SERVICE_CONTROL_POLICY' })),
      hasReason(InvalidInputException, 'INVALID_PATTERN_TARGET_ID'),
    );
    await assert.rejects(
      h.client.send(new ListPoliciesForTargetCommand({ TargetId: 'r-ab', Filter: 'SERVICE_CONTROL_POLICY' })),
      hasReason(InvalidInputException, 'INVALID_PATTERN_TARGET_ID'),
    );
    await assert.rejects(
      h.client.send(new ListPoliciesCommand({ Filter: 'MADE_UP_POLICY' as PolicyType })),
      hasReason(InvalidInputException, 'INVALID_ENUM_POLICY_TYPE'),
    );
  });

  it('refuses MaxResults outside 1–20', async () => {
    h = await startTwin({ fixture: smallOrg() });
    await assert.rejects(
      h.client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', MaxResults: 21 })),
      hasReason(InvalidInputException, 'MAX_VALUE_EXCEEDED'),
    );
    await assert.rejects(
      h.client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', MaxResults: 0 })),
      hasReason(InvalidInputException, 'MIN_VALUE_EXCEEDED'),
    );
  });

  it('refuses a NextToken from another list', async () => {
    h = await startTwin({ fixture: smallOrg() });
    for (let i = 0; i < 3; i++) await createScp(`p${i}`);
    const first = await h.client.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY', MaxResults: 1 }));
    assert.ok(first.NextToken);
    await assert.rejects(
      h.client.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-FullAWSAccess', NextToken: first.NextToken })),
      hasReason(InvalidInputException, 'INVALID_NEXT_TOKEN'),
    );
  });
});

describe('the organization tree', () => {
  it('serves OUs, accounts, children, parents and tags', async () => {
    h = await startTwin({ fixture: smallOrg() });
    const ous = await h.client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: 'r-test' }));
    assert.deepEqual(ous.OrganizationalUnits?.map((o) => o.Name), ['Workloads', 'Sandbox']);
    const accounts = await h.client.send(new ListAccountsForParentCommand({ ParentId: 'ou-test-prod0001' }));
    assert.deepEqual(accounts.Accounts?.map((a) => a.Name), ['prod-1']);
    const children = await h.client.send(new ListChildrenCommand({ ParentId: 'ou-test-workload', ChildType: 'ORGANIZATIONAL_UNIT' }));
    assert.deepEqual(children.Children, [{ Id: 'ou-test-prod0001', Type: 'ORGANIZATIONAL_UNIT' }]);
    const parents = await h.client.send(new ListParentsCommand({ ChildId: '333333333333' }));
    assert.deepEqual(parents.Parents, [{ Id: 'ou-test-prod0001', Type: 'ORGANIZATIONAL_UNIT' }]);
    assert.equal((await h.client.send(new DescribeAccountCommand({ AccountId: '555555555555' }))).Account?.Name, 'sandbox-1');
    assert.equal((await h.client.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'ou-test-sandbox1' }))).OrganizationalUnit?.Name, 'Sandbox');
    await h.client.send(new MoveAccountCommand({ AccountId: '555555555555', SourceParentId: 'ou-test-sandbox1', DestinationParentId: 'r-test' }));
    assert.deepEqual((await h.client.send(new ListParentsCommand({ ChildId: '555555555555' }))).Parents, [{ Id: 'r-test', Type: 'ROOT' }]);
    await h.client.send(new TagResourceCommand({ ResourceId: 'ou-test-sandbox1', Tags: [{ Key: 'team', Value: 'platform' }] }));
    assert.deepEqual((await h.client.send(new ListTagsForResourceCommand({ ResourceId: 'ou-test-sandbox1' }))).Tags, [{ Key: 'team', Value: 'platform' }]);
  });

  it('refuses OUs nested deeper than five levels', async () => {
    h = await startTwin({ fixture: smallOrg() });
    let parent = 'r-test';
    for (let depth = 1; depth <= 5; depth++) {
      parent = (await h.client.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: `level${depth}` }))).OrganizationalUnit!.Id!;
    }
    await assert.rejects(
      h.client.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'too-deep' })),
      hasReason(ConstraintViolationException, 'OU_DEPTH_LIMIT_EXCEEDED'),
    );
  });
});
