// Where the Organizations calls go: AWS through the standard credential chain, or (for trying reconcile
// without an AWS account) an Organizations twin started in this process from a seed file.

import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { OrganizationsTwin } from '../twin/server.js';
import { loadFixtureFile } from '../twin/seed.js';
import type { OrgData } from '../twin/state.js';
import { loadSnapshot, snapshotToOrgData } from '../adoption/snapshot.js';
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
  /** A snapshot (reconcile snapshot --out): plan against it, offline, instead of calling AWS. */
  stateFile?: string;
  api?: ApiOptions;
}

export interface Connection {
  api: OrganizationsApi;
  /** Says where the calls go, for the output. */
  description: string;
  close(): Promise<void>;
}

export async function connect(options: ConnectOptions): Promise<Connection> {
  if (options.twinSeed && options.stateFile) throw new Error('--twin and --state each replace AWS: give one of them');
  if (options.stateFile) {
    const snapshot = loadSnapshot(options.stateFile);
    return serveLocally(snapshotToOrgData(snapshot), options, `the snapshot ${options.stateFile}, taken ${snapshot.takenAt} (${age(snapshot.takenAt)} ago): not the live organization`);
  }
  if (options.twinSeed) {
    return serveLocally(loadFixtureFile(options.twinSeed), options, `the local Organizations twin seeded from ${options.twinSeed} (no AWS account involved)`);
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

/** An in-process twin serving `organization`, and a client for it: no credentials, nothing leaves loopback. */
async function serveLocally(organization: OrgData, options: ConnectOptions, description: string): Promise<Connection> {
  const twin = new OrganizationsTwin({ organization });
  const endpoint = await twin.start();
  const client = new OrganizationsClient({
    region: options.region,
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    api: new OrganizationsApi(client, options.api),
    description,
    close: async () => {
      client.destroy();
      await twin.stop();
    },
  };
}

/** "3 hours", "2 days": how old a snapshot is, for the reader of a plan made from it. */
export function age(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}
