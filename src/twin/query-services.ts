// The query-protocol services the twin serves beside Organizations (IAM, STS, SNS), wired to the twin's state,
// options and call log: one router, one registry of the credentials STS issued, one list of published messages.

import { iamService } from './iam/service.js';
import { Identities } from './identity.js';
import { QueryRouter, type QueryCall } from './query/router.js';
import { seededRandom, type Random } from './random.js';
import type { TwinOptions } from './server.js';
import { snsService, type SnsMessage } from './sns.js';
import type { OrgData } from './state.js';
import { stsService } from './sts.js';

export interface QueryServices {
  router: QueryRouter;
  identities: Identities;
  snsMessages: SnsMessage[];
}

export function queryServices(
  options: TwinOptions,
  twin: { state(): OrgData | undefined; faultRandom: Random; log(call: QueryCall): void },
): QueryServices {
  // Their own random source, so IAM and STS traffic does not shift the ids Organizations draws under a seed.
  const random = seededRandom((options.seed ?? 1) + 0x7f4a7c15);
  const identities = new Identities(random, options.identities);
  const snsMessages: SnsMessage[] = [];
  const iam = options.iam ?? {};
  const router = new QueryRouter({
    services: [iamService(iam), stsService(identities, iam), snsService(snsMessages)],
    state: twin.state,
    identities,
    random,
    faultRandom: twin.faultRandom,
    throttle: !!options.throttle,
    rates: iam.rates ?? {},
    serviceErrorRate: options.faults?.serviceErrorRate ?? 0,
    latencyMs: options.latencyMs ?? 0,
    log: twin.log,
  });
  return { router, identities, snsMessages };
}
