// The Organizations client for AWS: the standard credential chain (or a profile), optionally a role assumed
// through STS first, and an endpoint when one is set. Every call then goes through OrganizationsApi.

import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { OrganizationsApi, type ApiOptions } from './api.js';
import { AwsIamSource } from './iam-source.js';

export interface AwsOptions {
  profile?: string;
  region: string;
  /**
   * An endpoint URL, for Organizations, IAM and STS alike (a twin serves all three); without it the SDK honours
   * AWS_ENDPOINT_URL_ORGANIZATIONS, _IAM, _STS and AWS_ENDPOINT_URL.
   */
  endpoint?: string;
  /** A role to assume through STS first (CI setups that chain roles); refreshed before it expires. */
  roleArn?: string;
  /** Static credentials, for a local endpoint that needs none of the user's. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  api?: ApiOptions;
}

export interface AwsConnection {
  api: OrganizationsApi;
  /** The accounts' IAM, for iamRoles: the same credentials and endpoint as Organizations. */
  iam: AwsIamSource;
  close(): void;
}

export function connectToAws(options: AwsOptions): AwsConnection {
  const config = clientConfig(options, options.region);
  const client = new OrganizationsClient({
    ...config,
    // Every attempt goes through OrganizationsApi, to be rate-limited and counted there.
    maxAttempts: 1,
  });
  const iam = new AwsIamSource({ ...config, api: options.api });
  return {
    api: new OrganizationsApi(client, { endpointName: describeAws(options), ...options.api }),
    iam,
    close: () => {
      client.destroy();
      iam.close();
    },
  };
}

/**
 * The configuration of any AWS SDK client reconcile makes with these options (Organizations, and CloudTrail and
 * SNS for drift): the credentials (static, a profile, or a role assumed first), the region, and the endpoint when
 * one is set.
 */
export function clientConfig(options: AwsOptions, region: string) {
  const base = options.profile ? defaultProvider({ profile: options.profile }) : undefined;
  const credentials =
    options.credentials ??
    (options.roleArn
      ? fromTemporaryCredentials({
          params: { RoleArn: options.roleArn, RoleSessionName: 'reconcile', DurationSeconds: 3600 },
          ...(base ? { masterCredentials: base } : {}),
          clientConfig: { region: options.region },
        })
      : base);
  return { region, ...(options.endpoint ? { endpoint: options.endpoint } : {}), ...(credentials ? { credentials } : {}) };
}

/** Where the calls go, for the output: the endpoint when one is set, by option or by the SDK's variables. */
export function describeAws(options: AwsOptions, env: NodeJS.ProcessEnv = process.env): string {
  const endpoint = options.endpoint ?? (env.AWS_ENDPOINT_URL_ORGANIZATIONS || env.AWS_ENDPOINT_URL || undefined);
  return (endpoint ? `the Organizations endpoint ${endpoint}` : `AWS Organizations (${options.region})`) + (options.roleArn ? ` as ${options.roleArn}` : '');
}
