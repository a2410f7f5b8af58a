// Where the Organizations calls go: AWS through the standard credential chain, or (for trying reconcile
// without an AWS account) an Organizations twin started in this process from a seed file.

import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { OrganizationsTwin } from '../twin/server.js';
import { loadFixtureFile } from '../twin/seed.js';
import { OrganizationsApi, type ApiOptions } from './api.js';

export interface ConnectOptions {
  profile?: string;
  region: string;
  /** An endpoint URL; without it the SDK honours AWS_ENDPOINT_URL_ORGANIZATIONS and AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** A role to assume through STS first (CI setups that chain roles); refreshed before it expires. */
  roleArn?: string;
  /** A twin seed file: serve that organization locally instead of calling AWS. */
  twinSeed?: string;
  api?: ApiOptions;
}

export interface Connection {
  api: OrganizationsApi;
  /** Says where the calls go, for the output. */
  description: string;
  close(): Promise<void>;
}

export async function connect(options: ConnectOptions): Promise<Connection> {
  if (options.twinSeed) {
    const twin = new OrganizationsTwin({ organization: loadFixtureFile(options.twinSeed) });
    const endpoint = await twin.start();
    const client = new OrganizationsClient({
      region: options.region,
      endpoint,
      credentials: { accessKeyId: 'twin', secretAccessKey: 'twin' },
      maxAttempts: 1,
    });
    return {
      api: new OrganizationsApi(client, options.api),
      description: `the local Organizations twin seeded from ${options.twinSeed} (no AWS account involved)`,
      close: async () => {
        client.destroy();
        await twin.stop();
      },
    };
  }
  const base = options.profile ? defaultProvider({ profile: options.profile }) : undefined;
  const credentials = options.roleArn
    ? fromTemporaryCredentials({
        params: { RoleArn: options.roleArn, RoleSessionName: 'reconcile', DurationSeconds: 3600 },
        ...(base ? { masterCredentials: base } : {}),
        clientConfig: { region: options.region },
      })
    : base;
  const client = new OrganizationsClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: 1,
  });
  return {
    api: new OrganizationsApi(client, options.api),
    description:
      (options.endpoint ? `the Organizations endpoint ${options.endpoint}` : `AWS Organizations (${options.region})`) +
      (options.roleArn ? ` as ${options.roleArn}` : ''),
    close: async () => client.destroy(),
  };
}
