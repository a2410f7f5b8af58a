// IAM as the twin serves it, through the real SDK client: one namespace per account (reached with the credentials
// STS issues), IAM's rules for managed-policy attachments with the SDK's own exception classes, pagination that
// returns short pages, and the seeding of roles.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DetachRolePolicyCommand,
  EntityAlreadyExistsException,
  GetAccountSummaryCommand,
  GetPolicyCommand,
  GetRoleCommand,
  IAMClient,
  IAMServiceException,
  InvalidInputException,
  LimitExceededException,
  ListAttachedRolePoliciesCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PolicyNotAttachableException,
  ServiceFailureException,
  UnmodifiableEntityException,
  paginateListAttachedRolePolicies,
} from '@aws-sdk/client-iam';
import { CreateAccountCommand } from '@aws-sdk/client-organizations';
import { FixtureError, buildFixture, generateOrganization, type Fixture } from '../src/twin/seed.js';
import type { TwinOptions } from '../src/twin/server.js';
import { assumeRole, awsClientConfig, smallOrg, startTwin, type Credentials, type TwinHarness } from './helpers.js';

const MANAGEMENT = '111111111111';
const SECURITY = '222222222222';
const PROD = '333333333333';

const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const SECURITY_AUDIT = 'arn:aws:iam::aws:policy/SecurityAudit';
const ADMINISTRATOR = 'arn:aws:iam::aws:policy/AdministratorAccess';
const SERVICE_ROLE_POLICY = 'arn:aws:iam::aws:policy/aws-service-role/AccessAnalyzerServiceRolePolicy';
const SERVICE_LINKED = 'AWSServiceRoleForAccessAnalyzer';

/** smallOrg with roles in the management account and in security, and a customer-managed policy in each member. */
function iamOrg(): Fixture {
  const fixture = smallOrg({
    iamPolicies: [
      { account: SECURITY, name: 'TeamBoundary', path: '/team/' },
      { account: 'prod-1', name: 'ProdOnly' },
    ],
  });
  fixture.root!.accounts = [
    { name: 'management', id: MANAGEMENT, roles: [{ name: 'reconcile', policies: ['ReadOnlyAccess'] }] },
    {
      name: 'security',
      id: SECURITY,
      roles: [
        { name: 'app', policies: ['ReadOnlyAccess'] },
        { name: SERVICE_LINKED, path: '/aws-service-role/access-analyzer.amazonaws.com/', policies: [SERVICE_ROLE_POLICY] },
      ],
    },
  ];
  return fixture;
}

let h: TwinHarness | undefined;
const clients: IAMClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await h?.close();
  h = undefined;
});

async function start(options: TwinOptions = {}, fixture: Fixture = iamOrg()): Promise<TwinHarness> {
  h = await startTwin({ fixture, ...options });
  return h;
}

function iam(credentials?: Credentials): IAMClient {
  const client = new IAMClient(awsClientConfig(h!.endpoint, credentials));
  clients.push(client);
  return client;
}

/** IAM in a member account, through OrganizationAccountAccessRole. */
async function iamIn(accountId: string): Promise<IAMClient> {
  return iam(await assumeRole(h!.endpoint, `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`));
}

async function attachedTo(client: IAMClient, roleName: string): Promise<string[]> {
  const out = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
  return out.AttachedPolicies!.map((p) => p.PolicyArn!);
}

/** Customer-managed policies created through the API; their ARNs. */
async function createPolicies(client: IAMClient, count: number): Promise<string[]> {
  const arns: string[] = [];
  for (let i = 0; i < count; i++) {
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: `service${i}:Get*`, Resource: '*' }] });
    const out = await client.send(new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: document }));
    arns.push(out.Policy!.Arn!);
  }
  return arns;
}

function isA(type: abstract new (...args: never[]) => Error, message?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${(err as Error).name}: ${(err as Error).message}`);
    if (message) assert.match((err as Error).message, message);
    return true;
  };
}

/** An error IAM sends that the SDK does not model (ValidationError, Throttling): the base class with that name. */
function named(name: string, status: number) {
  return (err: unknown) => {
    assert.ok(err instanceof IAMServiceException, `expected an IAM error, got ${String(err)}`);
    assert.equal(err.name, name);
    assert.equal(err.$metadata.httpStatusCode, status);
    return true;
  };
}

describe('IAM namespaces', () => {
  it('serves the management account to keys the twin did not issue, and each member to the role assumed in it', async () => {
    await start();
    const management = iam();
    assert.deepEqual(await attachedTo(management, 'reconcile'), [READ_ONLY]);
    // AWS creates OrganizationAccountAccessRole in member accounts only.
    await assert.rejects(management.send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' })), isA(NoSuchEntityException));
    await assert.rejects(management.send(new GetRoleCommand({ RoleName: 'app' })), isA(NoSuchEntityException, /The role with name app cannot be found/));

    const security = await iamIn(SECURITY);
    const app = (await security.send(new GetRoleCommand({ RoleName: 'app' }))).Role!;
    assert.equal(app.Arn, `arn:aws:iam::${SECURITY}:role/app`);
    assert.match(app.RoleId!, /^AROA[A-Z2-7]{17}$/);
    // IAM returns trust policies URL-encoded; the seeded one trusts the management account.
    assert.deepEqual(JSON.parse(decodeURIComponent(app.AssumeRolePolicyDocument!)).Statement[0].Principal, { AWS: `arn:aws:iam::${MANAGEMENT}:root` });
    assert.deepEqual(await attachedTo(security, 'OrganizationAccountAccessRole'), [ADMINISTRATOR]);

    const prod = await iamIn(PROD);
    await assert.rejects(prod.send(new GetRoleCommand({ RoleName: 'app' })), isA(NoSuchEntityException));
    // What one account writes, another does not see.
    await security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: SECURITY_AUDIT }));
    assert.deepEqual(await attachedTo(prod, 'OrganizationAccountAccessRole'), [ADMINISTRATOR]);
    assert.deepEqual(await attachedTo(security, 'app'), [READ_ONLY, SECURITY_AUDIT]);
  });

  it('gives an account made by CreateAccount its OrganizationAccountAccessRole, as AWS does', async () => {
    await start();
    const created = await h!.client.send(new CreateAccountCommand({ AccountName: 'new', Email: 'new@example.com' }));
    const member = await iamIn(created.CreateAccountStatus!.AccountId!);
    assert.deepEqual(await attachedTo(member, 'OrganizationAccountAccessRole'), [ADMINISTRATOR]);
  });

  it('refuses keys the twin did not issue while there is no organization', async () => {
    h = await startTwin();
    await assert.rejects(iam().send(new GetAccountSummaryCommand({})), named('InvalidClientTokenId', 403));
  });
});

describe('attaching and detaching managed policies', () => {
  it('attaches in order, treats a second attach as a no-op success and detaches', async () => {
    await start();
    const security = await iamIn(SECURITY);
    const custom = `arn:aws:iam::${SECURITY}:policy/team/TeamBoundary`;
    await security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: custom }));
    await security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: SECURITY_AUDIT }));
    await security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: custom }));
    assert.deepEqual(await attachedTo(security, 'app'), [READ_ONLY, custom, SECURITY_AUDIT]);
    const attaches = h!.twin.calls.filter((c) => c.operation === 'AttachRolePolicy').map((c) => [c.outcome, c.committed]);
    assert.deepEqual(attaches, [['ok', true], ['ok', true], ['ok', false]]);

    await security.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: READ_ONLY }));
    assert.deepEqual(await attachedTo(security, 'app'), [custom, SECURITY_AUDIT]);
    // Role names are not told apart by case.
    assert.deepEqual(await attachedTo(security, 'APP'), [custom, SECURITY_AUDIT]);
  });

  it('answers NoSuchEntity for a missing role, a missing policy and a detach of a policy not attached', async () => {
    await start();
    const security = await iamIn(SECURITY);
    await assert.rejects(security.send(new AttachRolePolicyCommand({ RoleName: 'nobody', PolicyArn: READ_ONLY })), isA(NoSuchEntityException));
    await assert.rejects(
      security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' })),
      isA(NoSuchEntityException, /does not exist or is not attachable/),
    );
    // A customer-managed policy of another account is not there to attach.
    await assert.rejects(
      security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: `arn:aws:iam::${PROD}:policy/ProdOnly` })),
      isA(NoSuchEntityException),
    );
    await assert.rejects(
      security.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: SECURITY_AUDIT })),
      isA(NoSuchEntityException, /Policy arn:aws:iam::aws:policy\/SecurityAudit was not found/),
    );
    await assert.rejects(security.send(new DetachRolePolicyCommand({ RoleName: 'nobody', PolicyArn: READ_ONLY })), isA(NoSuchEntityException));
    assert.equal(h!.twin.calls.filter((c) => c.outcome === 'NoSuchEntity').length, 5);
  });

  it('refuses a malformed ARN with InvalidInput and a malformed member with ValidationError', async () => {
    await start();
    const security = await iamIn(SECURITY);
    await assert.rejects(
      security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: 'arn:aws:s3:::not-a-policy' })),
      isA(InvalidInputException, /ARN arn:aws:s3:::not-a-policy is not valid/),
    );
    await assert.rejects(security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: 'short' })), named('ValidationError', 400));
    await assert.rejects(security.send(new GetRoleCommand({ RoleName: 'no spaces' })), named('ValidationError', 400));
  });

  it("refuses changes to a service-linked role's policies with UnmodifiableEntity", async () => {
    await start();
    const security = await iamIn(SECURITY);
    assert.deepEqual(await attachedTo(security, SERVICE_LINKED), [SERVICE_ROLE_POLICY]);
    await assert.rejects(
      security.send(new AttachRolePolicyCommand({ RoleName: SERVICE_LINKED, PolicyArn: READ_ONLY })),
      isA(UnmodifiableEntityException, /protected role/),
    );
    await assert.rejects(security.send(new DetachRolePolicyCommand({ RoleName: SERVICE_LINKED, PolicyArn: SERVICE_ROLE_POLICY })), isA(UnmodifiableEntityException));
    assert.deepEqual(await attachedTo(security, SERVICE_LINKED), [SERVICE_ROLE_POLICY]);
  });

  it('refuses a service-role policy on a normal role with PolicyNotAttachable', async () => {
    await start();
    await assert.rejects(
      iam().send(new AttachRolePolicyCommand({ RoleName: 'reconcile', PolicyArn: SERVICE_ROLE_POLICY })),
      isA(PolicyNotAttachableException),
    );
  });

  it('holds a role to the quota of 10 managed policies, raisable per account, as GetAccountSummary reports', async () => {
    await start({ iam: { policiesPerRoleQuota: { [PROD]: 12 } } });
    const security = await iamIn(SECURITY);
    const arns = await createPolicies(security, 10);
    for (const arn of arns.slice(0, 9)) await security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: arn }));
    await assert.rejects(
      security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: arns[9] })),
      isA(LimitExceededException, /^Cannot exceed quota for PoliciesPerRole: 10$/),
    );
    assert.equal(h!.twin.calls.at(-1)!.outcome, 'LimitExceeded');
    // At the quota, attaching what is already attached still succeeds.
    await security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: arns[0] }));
    assert.equal((await security.send(new GetAccountSummaryCommand({}))).SummaryMap!.AttachedPoliciesPerRoleQuota, 10);

    const prod = await iamIn(PROD);
    const prodArns = await createPolicies(prod, 12);
    for (const arn of prodArns.slice(0, 11)) await prod.send(new AttachRolePolicyCommand({ RoleName: 'OrganizationAccountAccessRole', PolicyArn: arn }));
    await assert.rejects(
      prod.send(new AttachRolePolicyCommand({ RoleName: 'OrganizationAccountAccessRole', PolicyArn: prodArns[11] })),
      isA(LimitExceededException, /PoliciesPerRole: 12/),
    );
    const summary = (await prod.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    assert.equal(summary.AttachedPoliciesPerRoleQuota, 12);
    assert.equal(summary.Policies, 13);
    assert.equal(summary.Roles, 1);
  });

  it('fails calls with ServiceFailure (500) when the twin injects service errors', async () => {
    await start({ faults: { serviceErrorRate: 1 } });
    await assert.rejects(iam().send(new GetRoleCommand({ RoleName: 'reconcile' })), (err: unknown) => {
      assert.ok(err instanceof ServiceFailureException);
      assert.equal(err.$metadata.httpStatusCode, 500);
      return true;
    });
  });

  it('throttles at the rates given, per account and operation, with Throttling', async () => {
    await start({ throttle: true, iam: { rates: { AttachRolePolicy: { perSecond: 0.001, burst: 2 } } } });
    const management = iam();
    await management.send(new AttachRolePolicyCommand({ RoleName: 'reconcile', PolicyArn: SECURITY_AUDIT }));
    await management.send(new AttachRolePolicyCommand({ RoleName: 'reconcile', PolicyArn: ADMINISTRATOR }));
    await assert.rejects(management.send(new AttachRolePolicyCommand({ RoleName: 'reconcile', PolicyArn: READ_ONLY })), named('Throttling', 400));
    // Another account has its own bucket; reads have theirs.
    const security = await iamIn(SECURITY);
    await security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: SECURITY_AUDIT }));
    assert.deepEqual(await attachedTo(management, 'reconcile'), [READ_ONLY, SECURITY_AUDIT, ADMINISTRATOR]);
  });
});

describe('ListAttachedRolePolicies pagination', () => {
  it('returns short pages while more remain; following IsTruncated and Marker reaches every policy', async () => {
    await start({ iam: { maxItemsPerPage: 3 } });
    const management = iam();
    const arns = await createPolicies(management, 9);
    for (const arn of arns) await management.send(new AttachRolePolicyCommand({ RoleName: 'reconcile', PolicyArn: arn }));
    const expected = [READ_ONLY, ...arns];

    const first = await management.send(new ListAttachedRolePoliciesCommand({ RoleName: 'reconcile', MaxItems: 5 }));
    assert.equal(first.AttachedPolicies!.length, 3, 'fewer than MaxItems');
    assert.equal(first.IsTruncated, true);

    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await management.send(new ListAttachedRolePoliciesCommand({ RoleName: 'reconcile', MaxItems: 5, Marker: marker }));
      seen.push(...page.AttachedPolicies!.map((p) => p.PolicyArn!));
      marker = page.IsTruncated ? page.Marker : undefined;
      pages++;
    } while (marker);
    assert.deepEqual(seen, expected);
    assert.equal(pages, 4);

    // The SDK's paginator follows IsTruncated too.
    const paginated: string[] = [];
    for await (const page of paginateListAttachedRolePolicies({ client: management, pageSize: 100 }, { RoleName: 'reconcile' })) {
      paginated.push(...page.AttachedPolicies!.map((p) => p.PolicyArn!));
    }
    assert.deepEqual(paginated, expected);
  });

  it('filters by path prefix, bounds MaxItems to 1–1000 and refuses a marker of another list', async () => {
    await start();
    const security = await iamIn(SECURITY);
    await security.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: `arn:aws:iam::${SECURITY}:policy/team/TeamBoundary` }));
    const team = await security.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app', PathPrefix: '/team/' }));
    assert.deepEqual(team.AttachedPolicies, [{ PolicyName: 'TeamBoundary', PolicyArn: `arn:aws:iam::${SECURITY}:policy/team/TeamBoundary` }]);

    for (const MaxItems of [0, 1001]) {
      await assert.rejects(security.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app', MaxItems })), named('ValidationError', 400));
    }
    const page = await security.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app', MaxItems: 1 }));
    assert.equal(page.IsTruncated, true);
    await assert.rejects(
      security.send(new ListAttachedRolePoliciesCommand({ RoleName: 'OrganizationAccountAccessRole', Marker: page.Marker })),
      named('ValidationError', 400),
    );
  });
});

describe('creating roles and policies', () => {
  const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: MANAGEMENT }, Action: 'sts:AssumeRole' }] });

  it('creates roles and customer-managed policies that GetRole and GetPolicy return', async () => {
    await start();
    const prod = await iamIn(PROD);
    const role = (await prod.send(new CreateRoleCommand({ RoleName: 'deployer', Path: '/ci/', AssumeRolePolicyDocument: TRUST, Description: 'CI' }))).Role!;
    assert.equal(role.Arn, `arn:aws:iam::${PROD}:role/ci/deployer`);
    assert.equal(decodeURIComponent(role.AssumeRolePolicyDocument!), TRUST);
    assert.equal((await prod.send(new GetRoleCommand({ RoleName: 'deployer' }))).Role!.Path, '/ci/');

    const created = (await prod.send(new CreatePolicyCommand({ PolicyName: 'Deploy', Path: '/ci/', PolicyDocument: TRUST.replace('sts:AssumeRole', 's3:*'), Description: 'deploys' }))).Policy!;
    assert.equal(created.Arn, `arn:aws:iam::${PROD}:policy/ci/Deploy`);
    assert.match(created.PolicyId!, /^ANPA[A-Z2-7]{17}$/);
    await prod.send(new AttachRolePolicyCommand({ RoleName: 'deployer', PolicyArn: created.Arn }));
    const fetched = (await prod.send(new GetPolicyCommand({ PolicyArn: created.Arn }))).Policy!;
    assert.deepEqual([fetched.PolicyName, fetched.Description, fetched.AttachmentCount, fetched.DefaultVersionId], ['Deploy', 'deploys', 1, 'v1']);
    const readOnly = (await prod.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }))).Policy!;
    assert.deepEqual([readOnly.PolicyName, readOnly.AttachmentCount], ['ReadOnlyAccess', 0]);
    await assert.rejects(prod.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${PROD}:policy/Nope` })), isA(NoSuchEntityException));
  });

  it('refuses duplicates, malformed documents and the service-linked path', async () => {
    await start();
    const security = await iamIn(SECURITY);
    await assert.rejects(security.send(new CreateRoleCommand({ RoleName: 'APP', AssumeRolePolicyDocument: TRUST })), isA(EntityAlreadyExistsException));
    await assert.rejects(security.send(new CreatePolicyCommand({ PolicyName: 'TeamBoundary', PolicyDocument: TRUST })), isA(EntityAlreadyExistsException));
    await assert.rejects(security.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: '{not json' })), isA(MalformedPolicyDocumentException));
    await assert.rejects(security.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: '{}' })), isA(MalformedPolicyDocumentException));
    await assert.rejects(
      security.send(new CreateRoleCommand({ RoleName: 'r', Path: '/aws-service-role/x.amazonaws.com/', AssumeRolePolicyDocument: TRUST })),
      isA(InvalidInputException),
    );
  });
});

describe('seeding IAM', () => {
  it('gives every member OrganizationAccountAccessRole unless the fixture says otherwise, and the management account none', () => {
    const fixture = iamOrg();
    fixture.root!.ous![1].accounts![0].organizationAccountAccessRole = false;
    const data = buildFixture(fixture);
    const roleNames = (accountId: string) => [...data.iam.get(accountId)!.roles.values()].map((r) => r.name);
    assert.deepEqual(roleNames(MANAGEMENT), ['reconcile']);
    assert.deepEqual(roleNames(SECURITY), ['OrganizationAccountAccessRole', 'app', SERVICE_LINKED]);
    assert.deepEqual(roleNames(PROD), ['OrganizationAccountAccessRole']);
    assert.deepEqual(roleNames('555555555555'), []);
    assert.deepEqual(
      [...data.iam.get(PROD)!.policies.values()].map((p) => p.arn),
      [`arn:aws:iam::${PROD}:policy/ProdOnly`],
    );
  });

  it('checks roles against the same rules as the API', () => {
    const withRole = (role: object) => {
      const fixture = iamOrg();
      fixture.root!.accounts![1].roles!.push(role as never);
      return () => buildFixture(fixture);
    };
    assert.throws(withRole({ name: 'x', policies: ['NoSuchManagedPolicy'] }), (err: unknown) => err instanceof FixtureError && /unknown AWS-managed policy/.test(err.message));
    assert.throws(withRole({ name: 'x', policies: [SERVICE_ROLE_POLICY] }), /PolicyNotAttachable/);
    assert.throws(withRole({ name: 'app' }), /EntityAlreadyExists/);
    assert.throws(withRole({ name: 'bad name' }), /ValidationError/);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ account: SECURITY, name: `p${i}` }));
    const fixture = iamOrg();
    fixture.iamPolicies = eleven;
    fixture.root!.accounts![1].roles!.push({ name: 'big', policies: eleven.map((p) => `arn:aws:iam::${SECURITY}:policy/${p.name}`) });
    assert.throws(() => buildFixture(fixture), /LimitExceeded: Cannot exceed quota for PoliciesPerRole: 10/);
    assert.throws(() => buildFixture(smallOrg({ iamPolicies: [{ account: 'nobody', name: 'p' }] })), /no such account/);
  });

  it('creates the generator’s roles in every account, beside OrganizationAccountAccessRole in the members', () => {
    const data = generateOrganization({ accounts: 6, ous: 2, seed: 3, roles: [{ name: 'auditor', policies: ['SecurityAudit', 'ViewOnlyAccess'] }] });
    assert.equal(data.iam.size, 6);
    for (const [accountId, ns] of data.iam) {
      const expected = accountId === data.organization.managementAccountId ? ['auditor'] : ['OrganizationAccountAccessRole', 'auditor'];
      assert.deepEqual([...ns.roles.values()].map((r) => r.name), expected);
      assert.deepEqual(ns.roles.get('auditor')!.attachedPolicies, [SECURITY_AUDIT, 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess']);
    }
  });
});
