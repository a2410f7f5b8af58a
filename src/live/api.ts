// Every call to AWS goes through here: a client-side token bucket per operation at AWS's documented rates (so we
// are throttled rarely, not retried often), a bound on calls in flight, retries with full-jitter exponential
// backoff for what AWS says to retry, and a count of calls per operation. Organizations has one ThrottledApi;
// IAM has one per account (its rates are per account) and STS one (live/iam-source.ts).
//
// The SDK's own retries are switched off (maxAttempts 1) so that every attempt is rate-limited and counted here.

import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { awsRateOf, type Rate } from '../aws/rate-limits.js';
import { TokenBucket } from '../aws/token-bucket.js';
import { userError } from '../diagnostics/diagnostic.js';

/**
 * Errors AWS says to retry. ConcurrentModification and PolicyChangesInProgress are not retried by the SDK; IAM and
 * STS say Throttling (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html).
 */
const RETRYABLE = new Set([
  'TooManyRequestsException',
  'Throttling',
  'ThrottlingException',
  'ConcurrentModificationException',
  'PolicyChangesInProgressException',
  'ServiceException',
  'InternalFailure',
  'ServiceUnavailable',
  'RequestTimeout',
  'TimeoutError',
]);

/** A connection that broke: the request may have landed, so it is retried like a 5xx. */
const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/**
 * No connection could be made: nothing was sent. Worth a couple of quick tries (a restarting proxy, a DNS blip),
 * not a minute of backoff: after MAX_CONNECT_ATTEMPTS the call fails and says which endpoint could not be reached.
 */
const CONNECT_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};
const MAX_CONNECT_ATTEMPTS = 3;

export interface ApiOptions {
  /** Wait for a token before each call (default). Off only for the twin of a rehearsal, which does not throttle. */
  rateLimited?: boolean;
  /** Per-operation rates; AWS's documented ones by default. */
  rates?: Record<string, Rate>;
  /** The rate of an operation `rates` does not name: Organizations' documented rates by default. */
  rateOf?: (operation: string) => Rate;
  /** Share of each AWS rate to use, leaving headroom for clock skew between us and AWS's buckets. */
  rateShare?: number;
  /** Most calls in flight at once. */
  concurrency?: number;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  /** First backoff step in ms; it doubles per attempt up to maxBackoffMs, with full jitter. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  /** Where the calls go, for the message when it cannot be reached ("AWS Organizations (us-east-1)"). */
  endpointName?: string;
}

/** The last retry, for a progress line: what is being retried and why. */
export interface RetryNote {
  operation: string;
  reason: string;
}

interface Command {
  constructor: { name: string };
  input: object;
}

/** What ThrottledApi needs of an SDK client. */
interface SdkClient {
  send(command: never): Promise<unknown>;
}

export class ThrottledApi<Client extends SdkClient> {
  /** Calls sent per operation, retries included. */
  readonly calls: Record<string, number> = {};
  /** Retries per operation. */
  readonly retries: Record<string, number> = {};
  /** The most recent retry, while one is being waited for; undefined once a call succeeds again. */
  lastRetry: RetryNote | undefined;
  private readonly buckets = new Map<string, TokenBucket>();
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly options: Required<Omit<ApiOptions, 'rates' | 'endpointName' | 'rateOf'>> & {
    rates: Record<string, Rate>;
    rateOf: (operation: string) => Rate;
    endpointName: string;
  };

  constructor(
    readonly client: Client,
    options: ApiOptions = {},
  ) {
    this.options = {
      rateLimited: options.rateLimited ?? true,
      rates: options.rates ?? {},
      rateOf: options.rateOf ?? awsRateOf,
      rateShare: options.rateShare ?? 0.95,
      concurrency: options.concurrency ?? 10,
      maxAttempts: options.maxAttempts ?? 10,
      baseBackoffMs: options.baseBackoffMs ?? 200,
      maxBackoffMs: options.maxBackoffMs ?? 20_000,
      random: options.random ?? Math.random,
      endpointName: options.endpointName ?? 'the Organizations endpoint',
    };
  }

  /** Sends one command, rate-limited and retried; returns its output or throws AWS's final error. */
  async send<Output>(command: Command): Promise<Output> {
    const operation = command.constructor.name.replace(/Command$/, '');
    for (let attempt = 1; ; attempt++) {
      await this.acquire(operation);
      this.calls[operation] = (this.calls[operation] ?? 0) + 1;
      let error: unknown;
      try {
        const output = (await this.client.send(command as never)) as Output;
        this.lastRetry = undefined;
        return output;
      } catch (err) {
        error = err;
      } finally {
        // Backing off must not hold one of the places in flight.
        this.release();
      }
      const code = (error as { code?: string })?.code;
      const connectFailure = code !== undefined ? CONNECT_FAILURES[code] : undefined;
      if (connectFailure && attempt >= MAX_CONNECT_ATTEMPTS) {
        throw userError(`could not reach ${this.options.endpointName}: ${connectFailure} (${code}), ${attempt} attempts. Check the endpoint, the network and the proxy settings.`);
      }
      if (!connectFailure && (attempt >= this.options.maxAttempts || !isRetryable(error))) throw error;
      this.retries[operation] = (this.retries[operation] ?? 0) + 1;
      this.lastRetry = { operation, reason: connectFailure ?? errorName(error) };
      const cap = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** (attempt - 1));
      await sleep(this.options.random() * cap);
    }
  }

  /** Every item of a paginated list: follows NextToken to the end, through empty pages. */
  async listAll<Item>(makeCommand: (nextToken: string | undefined) => Command, itemsKey: string): Promise<Item[]> {
    const items: Item[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.send<Record<string, unknown>>(makeCommand(nextToken));
      items.push(...((page[itemsKey] as Item[] | undefined) ?? []));
      nextToken = page.NextToken as string | undefined;
    } while (nextToken);
    return items;
  }

  private async acquire(operation: string): Promise<void> {
    if (this.options.rateLimited) await this.waitForToken(operation);
    if (this.inFlight >= this.options.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
  }

  private async waitForToken(operation: string): Promise<void> {
    let bucket = this.buckets.get(operation);
    if (!bucket) {
      const rate = this.options.rates[operation] ?? this.options.rateOf(operation);
      // A full burst plus AWS's bucket filling in the meantime can run ahead of AWS's clock; start one short.
      bucket = new TokenBucket(
        { perSecond: rate.perSecond * this.options.rateShare, burst: Math.max(1, rate.burst - 1) },
        Date.now(),
      );
      this.buckets.set(operation, bucket);
    }
    const wait = bucket.reserve(Date.now());
    if (wait > 0) await sleep(wait);
  }

  private release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }
}

/** Organizations, through one rate-limited, retried and counted client. */
export class OrganizationsApi extends ThrottledApi<OrganizationsClient> {}

export function errorName(err: unknown): string {
  return (err as { name?: string })?.name ?? 'Error';
}

function isRetryable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (e?.name && RETRYABLE.has(e.name)) return true;
  if (e?.code && RETRYABLE_NETWORK.has(e.code)) return true;
  const status = e?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
