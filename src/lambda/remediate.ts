// The Lambda function's entry point (handler `remediate.handler`): EventBridge delivers each "AWS API Call via
// CloudTrail" event of an Organizations policy write here. One handler per warm process, so an event delivered
// twice to it is acted on once. An event whose handling failed makes the invocation fail, so that Lambda retries
// it and, after its retries, sends it to the dead-letter queue; the events it did handle are not repeated.

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handlerFromEnvironment } from '../remediation/from-environment.js';
import type { HandlerSummary, RemediationHandler } from '../remediation/handler.js';

let instance: RemediationHandler | undefined;

/** Where org.yaml is bundled: beside this file (the function's task root). */
function ownDirectory(): string {
  return process.env.LAMBDA_TASK_ROOT || dirname(fileURLToPath(import.meta.url));
}

export async function handler(event: unknown): Promise<HandlerSummary> {
  instance ??= handlerFromEnvironment(process.env, ownDirectory());
  const summary = await instance.handle(event);
  if (summary.failed.length > 0) {
    throw new Error(`reconcile could not handle ${summary.failed.map((f) => `${f.eventId} (${f.error})`).join('; ')}`);
  }
  return summary;
}
