// The twin's door for query-protocol clients. The SDK's IAM, STS and SNS clients POST form-encoded bodies naming
// Action and Version to the same endpoint as Organizations (whose JSON requests carry X-Amz-Target instead); the
// router picks the service by Version, runs the operation as the signing caller, applies the twin's throttling,
// faults and latency, logs the call and answers in XML as the service does.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Rate } from '../../aws/rate-limits.js';
import { TokenBucket } from '../../aws/token-bucket.js';
import { readBody, sleep } from '../http.js';
import { accessKeyOf, type CallerIdentity, type Identities } from '../identity.js';
import type { Random } from '../random.js';
import type { OrgData } from '../state.js';
import { QueryError, validationError } from './errors.js';
import { decodeForm, type FormInput } from './form.js';
import { queryRateOf, throttling } from './rates.js';
import type { QueryService } from './service.js';
import { errorXml, responseXml } from './xml.js';

/** A query-protocol request: form-encoded and without the JSON protocols' X-Amz-Target. */
export function isQueryRequest(req: IncomingMessage): boolean {
  return req.headers['x-amz-target'] === undefined && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

export interface QueryCall {
  service: string;
  operation: string;
  input: FormInput;
  outcome: string;
  committed: boolean;
  accessKeyId: string | undefined;
  identity: CallerIdentity | undefined;
}

export interface QueryRouterOptions {
  services: QueryService[];
  state(): OrgData | undefined;
  identities: Identities;
  random: Random;
  faultRandom: Random;
  throttle: boolean;
  /** Per-operation rates that replace the table's. */
  rates: Record<string, Rate>;
  serviceErrorRate: number;
  latencyMs: number;
  log(call: QueryCall): void;
}

export class QueryRouter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly options: QueryRouterOptions) {}

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const accessKeyId = accessKeyOf(req.headers.authorization);
    const identity = this.options.identities.identityOf(accessKeyId, this.options.state()?.organization.managementAccountId);
    let service: QueryService | undefined;
    let operation = '(unknown)';
    let input: FormInput = {};
    let status = 200;
    let outcome = 'ok';
    let payload: string;
    const call = { committed: false };
    try {
      const request = decodeForm(await readBody(req, () => validationError('The request body is too large.')));
      input = request.input;
      operation = request.action ?? operation;
      service = this.options.services.find((s) => s.version === request.version);
      const handler = service && Object.hasOwn(service.operations, operation) ? service.operations[operation] : undefined;
      if (!service || !handler) {
        throw new QueryError('InvalidAction', `Could not find operation ${operation} for version ${request.version ?? '(none)'}`);
      }
      const now = Date.now();
      this.throttle(service, operation, identity, now);
      if (service.faults && this.options.serviceErrorRate && this.options.faultRandom() < this.options.serviceErrorRate) {
        throw new QueryError(service.internalError.code, service.internalError.message, 500);
      }
      const result = handler(
        { state: this.options.state(), accessKeyId, caller: identity, now, random: this.options.random, committed: () => (call.committed = true) },
        input,
      );
      payload = responseXml(operation, service.xmlns, result, requestId);
    } catch (err) {
      const error =
        err instanceof QueryError
          ? err
          : new QueryError(service?.internalError.code ?? 'InternalFailure', `The twin failed: ${String(err)}`, 500);
      status = error.status;
      outcome = error.code;
      payload = errorXml(service?.xmlns, error, requestId);
    }
    this.options.log({ service: service?.name ?? 'unknown', operation, input, outcome, committed: call.committed, accessKeyId, identity });
    if (this.options.latencyMs) await sleep(this.options.latencyMs);
    res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(payload), 'x-amzn-RequestId': requestId });
    res.end(payload);
  }

  /** One bucket per service, calling account and operation, as IAM and STS count them. */
  private throttle(service: QueryService, operation: string, identity: CallerIdentity | undefined, now: number): void {
    if (!this.options.throttle) return;
    const rate = this.options.rates[operation] ?? queryRateOf(service.name, operation);
    if (!rate) return;
    const key = `${service.name}:${identity?.accountId ?? '-'}:${operation}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(rate, now);
      this.buckets.set(key, bucket);
    }
    if (!bucket.tryTake(now)) throw throttling();
  }
}
