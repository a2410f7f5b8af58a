// The alert for one event the handler acted on, or would have, or could not: who made the change (the principal,
// the role that issued its session, the session's name), what they did (the call and its ids), when, what it
// changed of what org.yaml owns, and what reconcile did about it.

import { principalOf, principalText, type CloudTrailRecord } from '../drift/cloudtrail-record.js';
import type { DriftItem } from '../drift/drift.js';
import { itemText } from '../drift/words.js';
import type { StepOutcome } from '../apply/execute.js';
import type { Notification } from '../notify/notification.js';
import { mrkdwnSection } from '../notify/slack-blocks.js';
import type { PlanView } from '../render/plan-view.js';
import { stepText } from '../render/words.js';

export type Alerted =
  | { kind: 'remediated' | 'failed'; view: PlanView; items: DriftItem[]; outcomes: StepOutcome[] }
  | { kind: 'alerted'; view: PlanView; items: DriftItem[] }
  | { kind: 'refused'; reasons: string[] }
  | { kind: 'error'; error: string };

/** The request's ids and names, without policy content (which can be long, and says nothing about who). */
export function requestSummary(record: CloudTrailRecord): Record<string, unknown> {
  const { content, ...rest } = record.requestParameters ?? {};
  return content === undefined ? rest : { ...rest, content: '(changed)' };
}

export function alertFor(record: CloudTrailRecord, organizationId: string | undefined, outcome: Alerted): Notification {
  const principal = principalOf(record);
  const who = principal.sessionIssuer ? principal.arn.replace(/^.*:assumed-role\//, '') : principal.arn.replace(/^arn:[^:]*:[^:]*::\d*:/, '');
  const where = organizationId ? ` in ${organizationId}` : '';
  const headline = {
    remediated: `reconcile undid ${record.eventName} by ${who}${where}`,
    failed: `reconcile failed to undo ${record.eventName} by ${who}${where}`,
    alerted: `reconcile found drift${where}: ${record.eventName} by ${who}`,
    refused: `reconcile cannot safely undo ${record.eventName} by ${who}${where}`,
    error: `reconcile could not handle ${record.eventName} by ${who}${where}`,
  }[outcome.kind];
  const lines = [
    headline,
    '',
    `Who:   ${principalText(principal)}`,
    `What:  ${record.eventName} ${JSON.stringify(requestSummary(record))}`,
    `When:  ${record.eventTime} (CloudTrail event ${record.eventID})`,
  ];
  if ('items' in outcome) for (const item of outcome.items) lines.push(`Drift: ${itemText(outcome.view, item)}`);
  switch (outcome.kind) {
    case 'remediated':
    case 'failed':
      lines.push(`Done:  ${outcome.kind === 'remediated' ? 'put back what org.yaml owns' : 'stopped at an error; every step taken left the organization valid'}`);
      for (const o of outcome.outcomes) lines.push(`  - ${stepText(outcome.view, o.step)}: ${o.status}${o.error ? ` (${o.error})` : ''}`);
      break;
    case 'alerted':
      lines.push('Done:  nothing (RECONCILE_MODE=alert). To undo it, run reconcile drift --fix, which takes these steps:');
      for (const step of outcome.view.plan.steps) lines.push(`  - ${stepText(outcome.view, step)}`);
      break;
    case 'refused':
      lines.push('Done:  nothing: undoing it cannot be done safely');
      for (const reason of outcome.reasons) lines.push(`  - ${reason}`);
      break;
    case 'error':
      lines.push(`Done:  nothing: ${outcome.error}`);
      break;
  }
  const text = lines.join('\n');
  return { subject: headline, text, blocks: [mrkdwnSection(text)] };
}
