// A query-protocol service the twin serves (IAM, STS, SNS): its API version, which routes a request to it, its XML
// namespace, its operations, and what it sends when it fails inside.

import type { CallerIdentity } from '../identity.js';
import type { Random } from '../random.js';
import type { OrgData } from '../state.js';
import type { FormInput } from './form.js';
import type { XmlValue } from './xml.js';

/** What a handler is given for one call. */
export interface QueryContext {
  /** The organization (authoritative): IAM lives in it, one namespace per account. Undefined before one exists. */
  state: OrgData | undefined;
  accessKeyId: string | undefined;
  /** Who signed the call, when the twin knows (see ../identity.ts). */
  caller: CallerIdentity | undefined;
  now: number;
  /** The query services' own seeded source, apart from Organizations' so IAM traffic does not shift its ids. */
  random: Random;
  /** Marks the call as having changed state (the call log's `committed`). */
  committed(): void;
}

/** One operation: the members of its <ActionResult> (undefined for none), or a QueryError thrown. */
export type QueryHandler = (ctx: QueryContext, input: FormInput) => Record<string, XmlValue> | undefined;

export interface QueryService {
  /** The name in the call log and in the twin's rate table. */
  name: string;
  /** The Version member of every request: how the twin tells the services apart on one endpoint. */
  version: string;
  xmlns: string;
  operations: Record<string, QueryHandler>;
  /** The service's own 500. */
  internalError: { code: string; message: string };
  /** TwinFaults.serviceErrorRate applies to its calls. */
  faults: boolean;
}
