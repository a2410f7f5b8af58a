// The Organizations twin: an HTTP server on loopback that speaks AWS JSON 1.1 as Organizations does, so the
// unmodified SDK client can talk to it. It serves the operations in operations.ts under AWS's rules (rules.ts) and
// can add latency, throttling, injected faults, eventual consistency and empty pages, all deterministic under a seed.
// On the same endpoint it serves IAM, STS and a minimal SNS in their query protocol (query/router.ts), and
// CloudTrail's LookupEvents over a CloudTrail record of every Organizations write, which it can also deliver as
// EventBridge events (cloudtrail/). Its call log records each call's outcome, who made it and whether it changed
// the organization.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { LimitOverrides } from '../aws/policy-types.js';
import type { Rate } from '../aws/rate-limits.js';
import { TokenBucket } from '../aws/token-bucket.js';
import type { EventListener } from './cloudtrail/eventbridge.js';
import { cloudTrailOperationOf } from './cloudtrail/operations.js';
import type { CloudTrailRecord } from './cloudtrail/record.js';
import { Trail } from './cloudtrail/trail.js';
import { AwsError, serviceException } from './errors.js';
import type { OperationContext } from './context.js';
import { EffectivePolicies } from './effective-policies.js';
import { readBody, sleep } from './http.js';
import type { IamTwinOptions } from './iam/options.js';
import { accessKeyOf, type CallerIdentity, type ConfiguredIdentity } from './identity.js';
import { isQueryRequest } from './query/router.js';
import { queryServices, type QueryServices } from './query-services.js';
import type { SnsMessage } from './sns.js';
import { OPERATIONS, POLICY_WRITES, isWrite } from './operations.js';
import { seededRandom, type Random } from './random.js';
import { LaggingReplica } from './replica.js';
import { twinRateOf } from './service-rates.js';
import { applyChange, type Change, type OrgData } from './state.js';

const TARGET_PREFIX = 'AWSOrganizationsV20161128.';

export interface TwinFaults {
  /** Share of policy writes refused with ConcurrentModificationException. */
  concurrentModificationRate?: number;
  /** Share of policy writes refused with PolicyChangesInProgressException. */
  policyChangesInProgressRate?: number;
  /** Share of all calls answered with a 500 ServiceException (IAM's: ServiceFailure), before they change anything. */
  serviceErrorRate?: number;
  /**
   * Share of successful writes (every operation isWrite() names) whose change is committed but whose answer is
   * replaced by a 500 ServiceException: AWS applied the write and the connection dropped before the answer. A
   * client that retries meets its own write (DuplicatePolicyException, PolicyNotAttachedException…).
   */
  lostResponseRate?: number;
  /**
   * Writes whose next successful call loses its answer as lostResponseRate does, once per entry:
   * ['CreatePolicy', 'CreatePolicy'] loses the answers of the next two CreatePolicy calls that succeed. Calls
   * refused by AWS's rules or by other faults do not use an entry up. Only writes the twin serves may be named.
   * To arm one after the twin has started (after setting up with the same operation), see
   * OrganizationsTwin.loseNextResponse.
   */
  lostResponseFor?: string[];
}

export interface TwinOptions {
  /** The organization to serve; without one, every call but CreateOrganization fails as AWS does. */
  organization?: OrgData;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Seed for ids, faults and empty pages. */
  seed?: number;
  /** Per-type overrides of AWS's quotas (e.g. the old SCP maximum of 5). */
  limits?: LimitOverrides;
  /** Added to every call, in ms. */
  latencyMs?: number;
  /** Refuse calls over AWS's documented rates with TooManyRequestsException. */
  throttle?: boolean;
  /** Per-operation rates that replace AWS's when throttling. */
  rates?: Record<string, Rate>;
  faults?: TwinFaults;
  /** Probability per page of an empty page that still carries a NextToken. */
  emptyPageRate?: number;
  /** Reads see writes only after this many ms. */
  consistencyLagMs?: number;
  /** How long EnablePolicyType stays PENDING_ENABLE, in ms. */
  enableDelayMs?: number;
  /**
   * Effective policies reflect writes only after this many ms, as AWS computes them asynchronously (seconds
   * after a write). 0 (the default): at once.
   */
  effectivePolicyLagMs?: number;
  /**
   * Whose each access key is, beside the keys AssumeRole issues (which are the role session's): for CloudTrail's
   * `userIdentity` and DescribeEffectivePolicy's default target, the caller's account. Any other key is an IAM
   * user of the management account.
   */
  identities?: Record<string, ConfiguredIdentity>;
  /** Receives each CloudTrail record as an EventBridge event, after the call is answered, in order. */
  onEvent?: EventListener;
  /** A loopback URL that receives each EventBridge event as a POST of its JSON, as onEvent does. */
  eventTarget?: string;
  /** IAM's and STS's quotas, page sizes, unassumable accounts and rates (iam/options.ts). */
  iam?: IamTwinOptions;
}

export interface CallRecord {
  seq: number;
  time: number;
  /** 'organizations', 'cloudtrail', 'iam', 'sts' or 'sns' ('unknown' for a query-protocol request no service serves). */
  service: string;
  operation: string;
  input: Record<string, unknown>;
  /** 'ok', or the error type returned. */
  outcome: string;
  /**
   * The call changed the organization: every successful write, including one whose answer was lost (outcome
   * 'ServiceException'); never a read or a refused call. For IAM, a write that changed an account's IAM (not a
   * repeated attach); for SNS, a message published.
   */
  committed: boolean;
  /** The access key the request was signed with (from its SigV4 Authorization header). */
  accessKeyId: string | undefined;
  /** Who that key belonged to when the call was made (see identityOf). */
  identity: CallerIdentity | undefined;
}

/** One call while it runs: what the server needs to know afterwards. */
interface CallState {
  readonly accessKeyId: string | undefined;
  committed: boolean;
  /** The answer of a committed write, kept even when the answer is then lost (for its CloudTrail record). */
  response?: unknown;
}

export class OrganizationsTwin {
  readonly calls: CallRecord[] = [];
  private server: Server | undefined;
  private state: OrgData | undefined;
  /** What reads see (TwinOptions.consistencyLagMs). */
  private readonly reads: LaggingReplica;
  private readonly effective: EffectivePolicies;
  private readonly trail: Trail;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly random: Random;
  private readonly faultRandom: Random;
  /** Answers still to lose, per operation (TwinFaults.lostResponseFor and loseNextResponse). */
  private readonly armedLosses = new Map<string, number>();
  /** IAM, STS and SNS, on the same endpoint. */
  private readonly query: QueryServices;

  constructor(private readonly options: TwinOptions = {}) {
    this.random = seededRandom(options.seed ?? 1);
    this.faultRandom = seededRandom((options.seed ?? 1) + 0x9e3779b9);
    this.reads = new LaggingReplica(options.consistencyLagMs ?? 0);
    this.effective = new EffectivePolicies(options.effectivePolicyLagMs ?? 0);
    this.trail = new Trail(options);
    this.query = queryServices(options, { state: () => this.state, faultRandom: this.faultRandom, log: (call) => this.log(call) });
    for (const operation of options.faults?.lostResponseFor ?? []) this.loseNextResponse(operation);
    if (options.organization) this.setOrganization(options.organization);
  }

  /** The authoritative state (what AWS would hold now), for tests to inspect. */
  get organization(): OrgData | undefined {
    return this.state;
  }

  /** The CloudTrail record of every Organizations write so far, oldest first, as LookupEvents finds them. */
  get cloudTrail(): readonly CloudTrailRecord[] {
    return this.trail.records;
  }

  /** Settles once every EventBridge event so far was delivered (or given up, as delivery is best effort). */
  eventsDelivered(): Promise<void> {
    return this.trail.drained();
  }

  private setOrganization(data: OrgData, now = Date.now()): void {
    this.state = data;
    this.reads.reset(data, now);
    this.effective.reset(data, now);
  }

  /** Applies a change outside the API, as a person in the console would: for tests of drift. */
  change(change: Change): void {
    this.commit(change, Date.now());
  }

  private commit(change: Change, now: number): void {
    if (!this.state) throw new Error('the twin has no organization');
    applyChange(this.state, change);
    this.reads.record(change, now);
    this.effective.record(change, now);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve);
    });
    return this.endpoint;
  }

  get endpoint(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the twin is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await this.trail.drained();
  }

  /** Calls per operation in the log, optionally only those with a given outcome. */
  callCounts(outcome?: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls) {
      if (outcome === undefined || call.outcome === outcome) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
    }
    return counts;
  }

  /**
   * The next successful call of `operation` (a write) commits its change but answers with a 500 ServiceException,
   * as TwinFaults.lostResponseFor does; each call arms one more loss.
   */
  loseNextResponse(operation: string): void {
    if (!Object.hasOwn(OPERATIONS, operation) || !isWrite(operation)) {
      throw new Error(`cannot lose the response of ${operation}: it is not a write the twin serves`);
    }
    this.armedLosses.set(operation, (this.armedLosses.get(operation) ?? 0) + 1);
  }

  clearLog(): void {
    this.calls.length = 0;
  }

  /**
   * Who an access key belongs to: the role session AssumeRole issued it for, else (any other key) the management
   * account's user. Undefined for no key, and for keys the twin did not issue while there is no organization.
   */
  identityOf(accessKeyId: string | undefined): CallerIdentity | undefined {
    return this.query.identities.identityOf(accessKeyId, this.state?.organization.managementAccountId);
  }

  /** Messages published to SNS, in order, for tests to inspect. */
  get snsMessages(): SnsMessage[] {
    return this.query.snsMessages;
  }

  private log(call: Omit<CallRecord, 'seq' | 'time'>): void {
    this.calls.push({ seq: this.calls.length + 1, time: Date.now(), ...call });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (isQueryRequest(req)) return this.query.router.serve(req, res);
    let operation = '(unknown)';
    let input: Record<string, unknown> = {};
    let error: AwsError | undefined;
    let body: unknown;
    let cloudTrail = false;
    const call: CallState = { committed: false, accessKeyId: accessKeyOf(req.headers.authorization) };
    try {
      const raw = await readBody(req, () => new AwsError('SerializationException', 'The request body is too large.'));
      const target = req.headers['x-amz-target'];
      const cloudTrailOperation = typeof target === 'string' ? cloudTrailOperationOf(target) : undefined;
      cloudTrail = cloudTrailOperation !== undefined;
      if (req.method !== 'POST' || typeof target !== 'string' || !(cloudTrail || target.startsWith(TARGET_PREFIX))) {
        throw new AwsError('UnknownOperationException', 'The requested operation is not recognized by the service.');
      }
      operation = cloudTrailOperation ?? target.slice(TARGET_PREFIX.length);
      input = parseInput(raw);
      body = cloudTrail ? this.executeCloudTrail(operation, input) : await this.execute(operation, input, call);
    } catch (err) {
      error = err instanceof AwsError ? err : new AwsError('ServiceException', 'The twin failed: ' + String(err), undefined, 500);
      body = error.toBody();
    }
    const time = Date.now();
    const outcome = error?.type ?? 'ok';
    const identity = this.identityOf(call.accessKeyId);
    this.log({ service: cloudTrail ? 'cloudtrail' : 'organizations', operation, input, outcome, committed: call.committed, accessKeyId: call.accessKeyId, identity });
    const requestId = randomUUID();
    // CloudTrail records Organizations writes, refused ones with their error; a write whose answer was lost
    // succeeded on AWS's side.
    const record =
      !cloudTrail && Object.hasOwn(OPERATIONS, operation) && isWrite(operation)
        ? this.trail.record({
            operation,
            input,
            time,
            requestId,
            accessKeyId: call.accessKeyId,
            identity,
            managementAccountId: this.state?.organization.managementAccountId,
            sourceIPAddress: req.socket.remoteAddress ?? '127.0.0.1',
            userAgent: req.headers['user-agent'] ?? '',
            response: call.response,
            error: error && !call.committed ? { code: error.type, message: error.message } : undefined,
          })
        : undefined;
    if (this.options.latencyMs) await sleep(this.options.latencyMs);
    const payload = JSON.stringify(body);
    const status = error?.status ?? 200;
    res.writeHead(status, {
      'Content-Type': 'application/x-amz-json-1.1',
      'Content-Length': Buffer.byteLength(payload),
      'x-amzn-RequestId': requestId,
      ...(error ? { 'x-amzn-ErrorType': outcome } : {}),
    });
    res.end(payload);
    if (record) this.trail.deliver(record);
  }

  /** Runs one CloudTrail call over the records. */
  private executeCloudTrail(operation: string, input: Record<string, unknown>): unknown {
    if (this.trail.serves(operation)) this.throttle(operation, Date.now(), () => new AwsError('ThrottlingException', 'Rate exceeded'));
    return this.trail.execute(operation, input);
  }

  /** Runs one call; sets `call.committed` as soon as it changes the organization, even if its answer is then lost. */
  private async execute(operation: string, input: Record<string, unknown>, call: CallState): Promise<unknown> {
    const handler = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
    if (!handler) throw new AwsError('UnknownOperationException', `The operation ${operation} is not supported by the twin.`);
    const now = Date.now();
    this.throttle(operation, now);
    this.injectFaults(operation);
    const ctx: OperationContext = {
      state: this.state,
      view: isWrite(operation) ? this.state : this.reads.at(now),
      commit: (change) => {
        this.commit(change, now);
        call.committed = true;
      },
      createOrganization: (data) => {
        this.setOrganization(data, now);
        call.committed = true;
      },
      now,
      random: this.random,
      limits: this.options.limits ?? {},
      enableDelayMs: this.options.enableDelayMs ?? 0,
      pagination: { emptyPageRate: this.options.emptyPageRate ?? 0, random: this.faultRandom },
      effective: this.effective,
      callerAccountId: this.identityOf(call.accessKeyId)?.accountId,
    };
    const body = handler(ctx, input);
    if (call.committed) call.response = body;
    if (isWrite(operation) && this.losesResponse(operation)) throw serviceException();
    return body;
  }

  /** Whether a successful write loses its answer: an armed loss first, else a draw at lostResponseRate. */
  private losesResponse(operation: string): boolean {
    const armed = this.armedLosses.get(operation) ?? 0;
    if (armed > 0) {
      this.armedLosses.set(operation, armed - 1);
      return true;
    }
    const rate = this.options.faults?.lostResponseRate;
    return !!rate && this.faultRandom() < rate;
  }

  /** Refuses a call over its rate with `refusal`: Organizations' TooManyRequestsException unless told otherwise. */
  private throttle(operation: string, now: number, refusal = () => tooManyRequests(operation)): void {
    if (!this.options.throttle) return;
    let bucket = this.buckets.get(operation);
    if (!bucket) {
      bucket = new TokenBucket(this.options.rates?.[operation] ?? twinRateOf(operation), now);
      this.buckets.set(operation, bucket);
    }
    if (!bucket.tryTake(now)) throw refusal();
  }

  private injectFaults(operation: string): void {
    const faults = this.options.faults;
    if (!faults) return;
    if (faults.serviceErrorRate && this.faultRandom() < faults.serviceErrorRate) {
      throw serviceException();
    }
    if (!POLICY_WRITES.has(operation)) return;
    if (faults.concurrentModificationRate && this.faultRandom() < faults.concurrentModificationRate) {
      throw new AwsError('ConcurrentModificationException', 'The target of the operation is currently being modified by a different request.');
    }
    if (faults.policyChangesInProgressRate && this.faultRandom() < faults.policyChangesInProgressRate) {
      throw new AwsError('PolicyChangesInProgressException', 'Changes to the effective policy are in progress, and its contents can\'t be returned.');
    }
  }
}

const tooManyRequests = (operation: string) =>
  new AwsError('TooManyRequestsException', 'You have sent too many requests in too short a period of time.', undefined, 400, { Type: operation });

function parseInput(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}
