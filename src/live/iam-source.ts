// The IAM reader's source (and apply's writer) for AWS: each account's IAM through its own client, as the management account with the
// caller's own credentials, as a member account with the credentials one AssumeRole of its member role returned
// (session names start with "reconcile", so CloudTrail shows who acted), cached for the run. Every call goes
// through a ThrottledApi: IAM's rates are per account, so each account has its own buckets; STS has one.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html

import {
  AttachRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  type GetRoleCommandOutput,
  type IAMClientConfig,
  type ListAttachedRolePoliciesCommandOutput,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { PARTITION, roleArnOf } from '../aws/iam.js';
import { STS_RATE, iamRateOf } from '../aws/rate-limits.js';
import { AccountUnreachable, type AccountAccess, type IamRoleInfo, type IamSource } from '../read/iam-source.js';
import { ThrottledApi, errorName, type ApiOptions } from './api.js';

/** The session name member roles are assumed with: CloudTrail records it with every call made in the account. */
export const SESSION_NAME = 'reconcile';

/** How long before its end a member account's session is renewed. */
const SESSION_REFRESH_MS = 5 * 60_000;

/** IAM returns at most this many items a page (and may return fewer while more remain). */
const MAX_ITEMS = 1000;

export interface IamConnectionOptions {
  region: string;
  /** One endpoint for IAM and STS (the twin serves both); without it the SDK honours AWS_ENDPOINT_URL_IAM / _STS. */
  endpoint?: string;
  /** The caller's credentials, as Organizations is called with; the SDK's default chain when undefined. */
  credentials?: IAMClientConfig['credentials'];
  api?: ApiOptions;
}

export class AwsIamSource implements IamSource {
  private readonly sts: ThrottledApi<STSClient>;
  /** Each account's IAM, by account and the role assumed to reach it: assumed once for the run. */
  private readonly accounts = new Map<string, Promise<ThrottledApi<IAMClient>>>();
  /** The accounts reached so far, for the count of calls. */  private readonly clients: { destroy(): void }[] = [];

  constructor(private readonly options: IamConnectionOptions) {
    const sts = new STSClient(this.clientConfig(options.credentials));
    this.clients.push(sts);
    this.sts = new ThrottledApi(sts, { endpointName: 'AWS STS', ...options.api, rateOf: () => STS_RATE });
  }

  /** Calls per operation over every account, named by service (sts:AssumeRole, iam:ListAttachedRolePolicies). */
  get calls(): Record<string, number> {
    const total: Record<string, number> = {};
    const add = (service: string, calls: Record<string, number>) => {
      for (const [op, n] of Object.entries(calls)) total[`${service}:${op}`] = (total[`${service}:${op}`] ?? 0) + n;
    };
    add('sts', this.sts.calls);
    for (const api of this.settled) add('iam', api.calls);
    return total;
  }

  private readonly settled: ThrottledApi<IAMClient>[] = [];

  async role(access: AccountAccess, name: string): Promise<IamRoleInfo | undefined> {
    const iam = await this.iamOf(access);
    try {
      const output = await iam.send<GetRoleCommandOutput>(new GetRoleCommand({ RoleName: name }));
      return { path: output.Role?.Path ?? '/' };
    } catch (err) {
      if (errorName(err) === 'NoSuchEntityException') return undefined;
      throw err;
    }
  }

  async attachedPolicies(access: AccountAccess, roleName: string): Promise<string[] | undefined> {
    const iam = await this.iamOf(access);
    const arns: string[] = [];
    let marker: string | undefined;
    try {
      // IAM may return fewer items than asked with IsTruncated set: follow Marker until it is not.
      // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html
      do {
        const page = await iam.send<ListAttachedRolePoliciesCommandOutput>(
          new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker, MaxItems: MAX_ITEMS }),
        );
        arns.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn!));
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
    } catch (err) {
      if (errorName(err) === 'NoSuchEntityException') return undefined;
      throw err;
    }
    return arns;
  }

  async policyExists(access: AccountAccess, arn: string): Promise<boolean> {
    const iam = await this.iamOf(access);
    try {
      await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
      return true;
    } catch (err) {
      if (errorName(err) === 'NoSuchEntityException') return false;
      throw err;
    }
  }

  /** Attaches a managed policy to a role; attaching one already attached is a no-op in IAM. */
  async attachRolePolicy(access: AccountAccess, roleName: string, policyArn: string): Promise<void> {
    await (await this.iamOf(access)).send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
  }

  async detachRolePolicy(access: AccountAccess, roleName: string, policyArn: string): Promise<void> {
    await (await this.iamOf(access)).send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
  }

  /** The IAM of the account `access` names, reached once. */
  iamOf(access: AccountAccess): Promise<ThrottledApi<IAMClient>> {
    const key = `${access.accountId}\0${access.memberRole ?? ''}`;
    let api = this.accounts.get(key);
    if (!api) {
      api = this.connect(access).then((connected) => {
        this.settled.push(connected);
        return connected;
      });
      // A failure is the account's answer for the run: it is not asked again.
      this.accounts.set(key, api);
    }
    return api;
  }

  close(): void {
    for (const client of this.clients.splice(0)) client.destroy();
  }

  private async connect(access: AccountAccess): Promise<ThrottledApi<IAMClient>> {
    let credentials = this.options.credentials;
    if (access.memberRole !== undefined) {
      const memberRole = access.memberRole;
      // Assumed now, so that an account that cannot be reached is known before anything is planned.
      let session = await this.assume(access.accountId, memberRole);
      // A session lasts an hour; an apply may outlast it: within five minutes of its end, the role is assumed again.
      credentials = async () => {
        if (session.expiration && session.expiration.getTime() - Date.now() < SESSION_REFRESH_MS) session = await this.assume(access.accountId, memberRole);
        return session;
      };
    }
    const client = new IAMClient(this.clientConfig(credentials));
    this.clients.push(client);
    return new ThrottledApi(client, { endpointName: `AWS IAM of account ${access.accountId}`, ...this.options.api, rateOf: iamRateOf });
  }

  private async assume(accountId: string, memberRole: string) {
    const roleArn = roleArnOf(PARTITION, accountId, memberRole);
    let output: AssumeRoleCommandOutput;
    try {
      output = await this.sts.send<AssumeRoleCommandOutput>(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: SESSION_NAME }));
    } catch (err) {
      if (errorName(err) !== 'AccessDenied' && errorName(err) !== 'AccessDeniedException') throw err;
      throw new AccountUnreachable(accountId, roleArn, `${errorName(err)}: ${(err as Error).message}`);
    }
    const c = output.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken, expiration: c.Expiration };
  }

  private clientConfig(credentials: IAMClientConfig['credentials']) {
    return {
      region: this.options.region,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      // Every attempt goes through ThrottledApi, to be rate-limited and counted there.
      maxAttempts: 1,
    };
  }
}
