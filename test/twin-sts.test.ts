// STS as the twin serves it, through the real SDK client: AssumeRole's credentials and who they make the caller,
// trust (including chains of roles), AccessDenied as STS sends it, and the identities the call log records.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Fixture } from '../src/twin/seed.js';
import type { TwinOptions } from '../src/twin/server.js';
import { MANAGEMENT_KEYS, assumeRole, awsClientConfig, smallOrg, startTwin, type Credentials, type TwinHarness } from './helpers.js';

const MANAGEMENT = '111111111111';
const SECURITY = '222222222222';
const PROD = '333333333333';
const ACCESS_ROLE = (accountId: string) => `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`;

/** smallOrg with roles to chain into: prod trusts security's access role; security holds a service-linked role. */
function stsOrg(): Fixture {
  const fixture = smallOrg();
  fixture.root!.accounts![0].roles = [{ name: 'AWSServiceRoleForAccessAnalyzer', path: '/aws-service-role/access-analyzer.amazonaws.com/' }];
  fixture.root!.ous![0].ous![0].accounts![0].roles = [
    { name: 'deployer', path: '/ci/', trust: [ACCESS_ROLE(SECURITY)] },
    { name: 'only-sandbox', trust: ['555555555555'] },
  ];
  return fixture;
}

let h: TwinHarness | undefined;
const clients: { destroy(): void }[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await h?.close();
  h = undefined;
});

async function start(options: TwinOptions = {}): Promise<TwinHarness> {
  h = await startTwin({ fixture: stsOrg(), ...options });
  return h;
}

function sts(credentials?: Credentials): STSClient {
  const client = new STSClient(awsClientConfig(h!.endpoint, credentials));
  clients.push(client);
  return client;
}

function accessDenied(roleArn: string) {
  return (err: unknown) => {
    assert.ok(err instanceof STSServiceException, `expected an STS error, got ${String(err)}`);
    assert.equal(err.name, 'AccessDenied');
    assert.equal(err.$metadata.httpStatusCode, 403);
    assert.match(err.message, new RegExp(`not authorized to perform: sts:AssumeRole on resource: ${roleArn}$`));
    return true;
  };
}

const validationError = (err: unknown) => err instanceof STSServiceException && err.name === 'ValidationError';

describe('GetCallerIdentity', () => {
  it("names the management account's user for keys the twin did not issue", async () => {
    await start();
    const me = await sts().send(new GetCallerIdentityCommand({}));
    assert.deepEqual([me.Account, me.Arn], [MANAGEMENT, `arn:aws:iam::${MANAGEMENT}:user/operator`]);
    assert.match(me.UserId!, /^AIDA[A-Z2-7]{17}$/);
    assert.deepEqual(await sts({ accessKeyId: 'other', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})).then((r) => r.UserId), me.UserId);
  });

  it('refuses every key while there is no organization to own it', async () => {
    h = await startTwin();
    await assert.rejects(sts().send(new GetCallerIdentityCommand({})), (err: unknown) => {
      assert.ok(err instanceof STSServiceException);
      assert.deepEqual([err.name, err.$metadata.httpStatusCode], ['InvalidClientTokenId', 403]);
      return true;
    });
  });
});

describe('AssumeRole', () => {
  it('returns temporary credentials that act as the role in its account', async () => {
    await start();
    const before = Date.now();
    const out = await sts().send(new AssumeRoleCommand({ RoleArn: ACCESS_ROLE(SECURITY), RoleSessionName: 'reconcile' }));
    const c = out.Credentials!;
    assert.match(c.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(c.SecretAccessKey && c.SessionToken);
    assert.ok(Math.abs(c.Expiration!.getTime() - (before + 3600_000)) < 5_000, `expires in an hour: ${c.Expiration!.toISOString()}`);
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${SECURITY}:assumed-role/OrganizationAccountAccessRole/reconcile`);
    assert.match(out.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]{17}:reconcile$/);

    const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const me = await sts(credentials).send(new GetCallerIdentityCommand({}));
    assert.deepEqual(me, { ...me, Account: SECURITY, Arn: out.AssumedRoleUser!.Arn, UserId: out.AssumedRoleUser!.AssumedRoleId });

    assert.deepEqual(h!.twin.identityOf(c.AccessKeyId!), {
      type: 'AssumedRole',
      arn: out.AssumedRoleUser!.Arn,
      accountId: SECURITY,
      principalId: out.AssumedRoleUser!.AssumedRoleId,
      sessionIssuerArn: ACCESS_ROLE(SECURITY),
    });
    assert.deepEqual(h!.twin.identityOf('test'), {
      type: 'IAMUser',
      arn: `arn:aws:iam::${MANAGEMENT}:user/operator`,
      accountId: MANAGEMENT,
      principalId: (await sts().send(new GetCallerIdentityCommand({}))).UserId,
    });
    assert.equal(h!.twin.identityOf(undefined), undefined);
  });

  it('records who made each call, Organizations calls included', async () => {
    await start();
    const credentials = await assumeRole(h!.endpoint, ACCESS_ROLE(SECURITY), MANAGEMENT_KEYS, 'auditor');
    const organizations = new OrganizationsClient(awsClientConfig(h!.endpoint, credentials));
    clients.push(organizations);
    await organizations.send(new DescribeOrganizationCommand({}));
    const [assume, describe] = h!.twin.calls;
    assert.deepEqual([assume.service, assume.operation, assume.accessKeyId, assume.identity?.arn], ['sts', 'AssumeRole', 'test', `arn:aws:iam::${MANAGEMENT}:user/operator`]);
    assert.deepEqual(
      [describe.service, describe.operation, describe.accessKeyId, describe.identity?.arn, describe.identity?.sessionIssuerArn],
      ['organizations', 'DescribeOrganization', credentials.accessKeyId, `arn:aws:sts::${SECURITY}:assumed-role/OrganizationAccountAccessRole/auditor`, ACCESS_ROLE(SECURITY)],
    );
  });

  it('follows a chain of roles when each trusts the one before, for an hour at most', async () => {
    await start();
    const security = await assumeRole(h!.endpoint, ACCESS_ROLE(SECURITY));
    const deployer = `arn:aws:iam::${PROD}:role/ci/deployer`;
    await assert.rejects(sts().send(new AssumeRoleCommand({ RoleArn: deployer, RoleSessionName: 'test' })), accessDenied(deployer));
    const chained = await assumeRole(h!.endpoint, deployer, security, 'deploy');
    assert.equal((await sts(chained).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${PROD}:assumed-role/deployer/deploy`);
    await assert.rejects(sts(security).send(new AssumeRoleCommand({ RoleArn: deployer, RoleSessionName: 'test', DurationSeconds: 7200 })), validationError);
    // The role's path is part of its ARN.
    const wrongPath = `arn:aws:iam::${PROD}:role/deployer`;
    await assert.rejects(sts(security).send(new AssumeRoleCommand({ RoleArn: wrongPath, RoleSessionName: 'test' })), accessDenied(wrongPath));
  });

  it('refuses with AccessDenied a missing role, an untrusting one, a service-linked one and an unassumable account', async () => {
    await start({ iam: { unassumableAccounts: [PROD] } });
    const refused = [
      `arn:aws:iam::${SECURITY}:role/nobody`,
      `arn:aws:iam::${PROD}:role/only-sandbox`,
      `arn:aws:iam::${SECURITY}:role/aws-service-role/access-analyzer.amazonaws.com/AWSServiceRoleForAccessAnalyzer`,
      ACCESS_ROLE(PROD),
      // An account outside the organization.
      ACCESS_ROLE('999999999999'),
    ];
    for (const roleArn of refused) {
      await assert.rejects(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'test' })), accessDenied(roleArn));
    }
    assert.deepEqual(h!.twin.callCounts('AccessDenied'), { AssumeRole: refused.length });
    await sts().send(new AssumeRoleCommand({ RoleArn: ACCESS_ROLE(SECURITY), RoleSessionName: 'test' }));
  });

  it("checks the request: the ARN, the session name and the role's maximum session", async () => {
    await start();
    const assume = (input: { RoleArn: string; RoleSessionName: string; DurationSeconds?: number }) => sts().send(new AssumeRoleCommand(input));
    await assert.rejects(assume({ RoleArn: 'arn:aws:iam::222222222222:user/someone', RoleSessionName: 'test' }), validationError);
    await assert.rejects(assume({ RoleArn: ACCESS_ROLE(SECURITY), RoleSessionName: 'has space' }), validationError);
    await assert.rejects(assume({ RoleArn: ACCESS_ROLE(SECURITY), RoleSessionName: 'test', DurationSeconds: 600 }), validationError);
    await assert.rejects(assume({ RoleArn: ACCESS_ROLE(SECURITY), RoleSessionName: 'test', DurationSeconds: 7200 }), (err: unknown) => {
      assert.ok(validationError(err));
      assert.match((err as Error).message, /MaxSessionDuration/);
      return true;
    });
  });

  it('throttles AssumeRole at the rates given', async () => {
    await start({ throttle: true, iam: { rates: { AssumeRole: { perSecond: 0.001, burst: 1 } } } });
    await sts().send(new AssumeRoleCommand({ RoleArn: ACCESS_ROLE(SECURITY), RoleSessionName: 'test' }));
    await assert.rejects(sts().send(new AssumeRoleCommand({ RoleArn: ACCESS_ROLE(SECURITY), RoleSessionName: 'test' })), (err: unknown) => {
      assert.ok(err instanceof STSServiceException);
      assert.deepEqual([err.name, err.$metadata.httpStatusCode], ['Throttling', 400]);
      return true;
    });
  });
});
