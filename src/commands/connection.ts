// Where a command reads (and writes): AWS; a twin this process starts from a seed file (--twin, to try reconcile
// without an AWS account); or a snapshot (--state: read from memory, no credentials, no network, nothing written).

import { ApiSource } from '../live/api-source.js';
import type { OrganizationsApi } from '../live/api.js';
import type { AwsIamSource } from '../live/iam-source.js';
import { connectToAws, describeAws, type AwsOptions } from '../live/connect.js';
import { loadSnapshot } from '../model/snapshot.js';
import type { OrgSource } from '../read/source.js';
import type { IamSource } from '../read/iam-source.js';
import { StateIamSource } from '../read/state-iam-source.js';
import { StateSource } from '../read/state-source.js';
import { userError } from '../diagnostics/diagnostic.js';
import { OrganizationsTwin } from '../twin/server.js';
import { loadFixtureFile } from '../twin/seed.js';

export interface ConnectionOptions extends AwsOptions {
  /** A twin seed file: serve that organization locally instead of calling AWS. */
  twinSeed?: string;
  /** A snapshot (reconcile snapshot --out): read it instead of AWS. */
  stateFile?: string;
}

export interface Connection {
  source: OrgSource;
  /** For writes; undefined when reading a snapshot, which nothing can be written to. */
  api: OrganizationsApi | undefined;
  /** The accounts' IAM (iamRoles), on the same endpoint and credentials; a snapshot's roles, if it holds any. */
  iam: IamSource | undefined;
  /** For IAM writes; undefined when reading a snapshot. */
  iamWrites: AwsIamSource | undefined;
  /** Says where the calls go, for the output. */
  description: string;
  /** How other AWS clients reach the same place (CloudTrail, SNS); undefined for a snapshot. */
  aws: AwsOptions | undefined;
  close(): Promise<void>;
}

export async function openConnection(options: ConnectionOptions): Promise<Connection> {
  if (options.twinSeed && options.stateFile) throw userError('--twin and --state each replace AWS: give one of them');
  if (options.stateFile) {
    if (options.endpoint) throw userError('--endpoint does not apply with --state: a snapshot is read from the file, not from an endpoint');
    if (options.roleArn) throw userError('--role-arn does not apply with --state: a snapshot needs no credentials');
    const snapshot = loadSnapshot(options.stateFile);
    return {
      source: new StateSource(snapshot.state),
      api: undefined,
      aws: undefined,
      iam: snapshot.iam ? new StateIamSource(snapshot.iam, options.stateFile) : undefined,
      iamWrites: undefined,
      description: `the snapshot ${options.stateFile}, taken ${snapshot.takenAt} (${age(snapshot.takenAt)} ago): not the live organization`,
      close: async () => {},
    };
  }
  if (options.twinSeed) {
    if (options.endpoint) throw userError('--endpoint does not apply with --twin: the twin is started on a free local port');
    const twin = new OrganizationsTwin({ organization: loadFixtureFile(options.twinSeed) });
    const endpoint = await twin.start();
    // Nothing leaves loopback, and the user's credentials are not needed.
    const local: AwsOptions = { ...options, endpoint, roleArn: undefined, profile: undefined, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const aws = connectToAws(local);
    return {
      source: new ApiSource(aws.api),
      api: aws.api,
      aws: local,
      iam: aws.iam,
      iamWrites: aws.iam,
      description: `the local Organizations twin seeded from ${options.twinSeed} (no AWS account involved)`,
      close: async () => {
        aws.close();
        await twin.stop();
      },
    };
  }
  const aws = connectToAws(options);
  return { source: new ApiSource(aws.api), api: aws.api, aws: options, iam: aws.iam, iamWrites: aws.iam, description: describeAws(options), close: async () => aws.close() };
}

/** "3 hours", "2 days": how old a snapshot is, for the reader of a plan made from it. */
export function age(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}
