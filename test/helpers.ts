// Shared test fixtures: a twin with an organization, the real SDK client pointed at it, and org.yaml
// repositories written to temporary directories.

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { DesiredConfig } from '../src/desired/config.js';
import { ApiSource } from '../src/live/api-source.js';
import { OrganizationsApi, type ApiOptions } from '../src/live/api.js';
import type { OrgState } from '../src/model/org-state.js';
import { readOrg } from '../src/read/read-org.js';
import { requestFor } from '../src/read/request.js';
import { OrganizationsTwin, type TwinOptions } from '../src/twin/server.js';
import { buildFixture, type Fixture } from '../src/twin/seed.js';
import type { Io } from '../src/commands/io.js';
import { buildProgram } from '../src/commands/program.js';
import { colorsFor } from '../src/render/colors.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// The SDK's default credential chain finds these, as a user's CI would find its own; the twin accepts any.
process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';

export interface TwinHarness {
  twin: OrganizationsTwin;
  client: OrganizationsClient;
  api: OrganizationsApi;
  endpoint: string;
  close(): Promise<void>;
}

export async function startTwin(options: TwinOptions & { fixture?: Fixture; api?: ApiOptions } = {}): Promise<TwinHarness> {
  const { fixture, api: apiOptions, ...twinOptions } = options;
  const twin = new OrganizationsTwin({
    ...twinOptions,
    organization: twinOptions.organization ?? (fixture ? buildFixture(fixture, { limits: twinOptions.limits }) : undefined),
  });
  const endpoint = await twin.start();
  const client = sdkClient(endpoint);
  return {
    twin,
    client,
    endpoint,
    api: new OrganizationsApi(client, { baseBackoffMs: 5, maxBackoffMs: 100, ...apiOptions }),
    close: async () => {
      client.destroy();
      await twin.stop();
    },
  };
}

/** What `plan` reads for `config`, through the API. */
export function readFor(api: OrganizationsApi, config: DesiredConfig, options: { prune: boolean }): Promise<OrgState> {
  return readOrg(new ApiSource(api), requestFor(config, options));
}

export function sdkClient(endpoint: string): OrganizationsClient {
  return new OrganizationsClient(awsClientConfig(endpoint));
}

/** Writes files (path → content; objects become JSON) under a new temporary directory; returns its path. */
export function writeRepo(files: Record<string, string | object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-test-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

export const DENY_LEAVE = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
};

export const ALLOW_LIST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['ec2:*', 's3:*'], Resource: '*' }],
};

export function denyPolicy(action: string) {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] };
}

/** A small organization: root, /Workloads with /Workloads/Prod, /Sandbox, and a few accounts; SCPs enabled. */
export function smallOrg(overrides: Partial<Fixture> = {}): Fixture {
  return {
    organization: { id: 'o-testorg0001', rootId: 'r-test', managementAccountId: '111111111111' },
    enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
    policies: [],
    root: {
      accounts: [{ name: 'security', id: '222222222222' }],
      ous: [
        {
          name: 'Workloads',
          id: 'ou-test-workload',
          ous: [{ name: 'Prod', id: 'ou-test-prod0001', accounts: [{ name: 'prod-1', id: '333333333333' }] }],
        },
        { name: 'Sandbox', id: 'ou-test-sandbox1', accounts: [{ name: 'sandbox-1', id: '555555555555' }] },
      ],
    },
    ...overrides,
  };
}

/** An Io that records what a command writes, with no terminal. */
export function captureIo(answer?: string): Io & { stdout(): string; stderr(): string } {
  let out = '';
  let err = '';
  const colors = colorsFor({ isTTY: false });
  return {
    out: { write: (s: string) => (out += s) },
    err: { write: (s: string) => (err += s) },
    ask: answer === undefined ? undefined : async () => answer,
    colors,
    errColors: colors,
    stdout: () => out,
    stderr: () => err,
  };
}

/** Runs the command line in-process, with `env` added to the environment for the call; never exits the process. */
export async function runCli(args: string[], options: { answer?: string; env?: Record<string, string> } = {}) {
  const io = captureIo(options.answer);
  let code = -1;
  const saved = { ...process.env };
  Object.assign(process.env, options.env);
  const program = buildProgram(io, (c) => (code = c)).exitOverride();
  // Help and usage errors would end the test process; make every command throw instead.
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(['node', 'reconcile', ...args]);
  } catch (err) {
    code = (err as { exitCode?: number }).exitCode ?? 1;
  } finally {
    process.env = saved;
  }
  return { code, out: io.stdout(), err: io.stderr() };
}

// ---- IAM, STS and SNS through the twin (same endpoint as Organizations) ----

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Keys the twin did not issue: they act as the management account. */
export const MANAGEMENT_KEYS: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Configuration for any SDK client pointed at the twin, with no retries so every call shows as made. */
export function awsClientConfig(endpoint: string, credentials: Credentials = MANAGEMENT_KEYS) {
  return { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
}

/** Credentials for `roleArn`, assumed through the twin's STS with `as` (the management account by default). */
export async function assumeRole(endpoint: string, roleArn: string, as: Credentials = MANAGEMENT_KEYS, sessionName = 'test'): Promise<Credentials> {
  const sts = new STSClient(awsClientConfig(endpoint, as));
  try {
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
    return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken };
  } finally {
    sts.destroy();
  }
}

export interface WebhookReceiver {
  url: string;
  requests: { headers: IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

/** An HTTP server on loopback that answers 200 to anything and keeps what it was sent, for tests of webhooks. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: WebhookReceiver['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
