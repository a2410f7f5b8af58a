// The words for drift: each item as a sentence, what org.yaml wants and what was found, and who did it. Shared by
// the text, markdown and JSON renderers, and by the alerts.

import { policyLabel, shortType } from '../render/words.js';
import { targetText, type PlanView } from '../render/plan-view.js';
import type { Attribution } from './attribution.js';
import { principalText } from './cloudtrail-record.js';
import type { DriftCode, DriftItem } from './drift.js';

export const CODE_TITLES: Record<DriftCode, string> = {
  'type-disabled': 'policy type disabled',
  'policy-missing': 'policy missing',
  renamed: 'policy renamed',
  'content-edited': 'content edited',
  'description-edited': 'description edited',
  'attachment-removed': 'attachment removed',
  'attachment-added': 'attachment added',
  'role-policy-removed': 'role policy removed',
  'role-policy-added': 'role policy added',
};

export function itemText(view: PlanView, item: DriftItem): string {
  switch (item.code) {
    case 'type-disabled':
      return `${item.policyType} is ${item.found === 'PENDING_DISABLE' ? 'being disabled' : 'not enabled'} on the root; org.yaml manages it`;
    case 'policy-missing':
      return `${shortType(item.policy.type)} ${item.policy.name} has no live policy: deleted by hand, or never created`;
    case 'renamed':
      return `${shortType(item.policy.type)} ${item.policy.name} (${item.policy.key}) is named ${item.found}`;
    case 'content-edited':
      return `${shortType(item.policy.type)} ${policyLabel(item.policy)}: its content differs from org.yaml's`;
    case 'description-edited':
      return `${shortType(item.policy.type)} ${policyLabel(item.policy)}: its description differs from org.yaml's`;
    case 'attachment-removed':
      return `${shortType(item.policy.type)} ${item.policy.name} is not attached to ${targetText(view, item.target)}, where org.yaml lists it`;
    case 'attachment-added':
      return item.reason === 'unlisted-default'
        ? `${shortType(item.policy.type)} ${item.policy.name} is attached to ${targetText(view, item.target)}, which org.yaml keeps at its defaults (unlistedTargets: default)`
        : `${shortType(item.policy.type)} ${item.policy.name} is attached to ${targetText(view, item.target)}, which org.yaml lists without it`;
    case 'role-policy-removed':
      return `${item.policyArn} is not attached to role ${item.role} in ${targetText(view, item.account)}, where iamRoles lists it`;
    case 'role-policy-added':
      return `${item.policyArn} is attached to role ${item.role} in ${targetText(view, item.account)}, which iamRoles lists without it`;
  }
}

/** What org.yaml wants, in a few words. */
export function desiredText(item: DriftItem): string {
  switch (item.code) {
    case 'content-edited':
      return "org.yaml's content";
    case 'renamed':
    case 'description-edited':
      return JSON.stringify(item.desired);
    default:
      return item.desired.toLowerCase();
  }
}

/** What was found, in a few words. */
export function foundText(item: DriftItem): string {
  switch (item.code) {
    case 'content-edited':
      return 'other content (see the diff)';
    case 'renamed':
    case 'description-edited':
      return JSON.stringify(item.found);
    case 'type-disabled':
      return item.found === 'PENDING_DISABLE' ? 'being disabled' : 'disabled';
    default:
      return item.found;
  }
}

/** "DetachPolicy by arn:… (role …, session alice) at 2026-05-01T03:12:09Z". */
export function attributionText(attribution: Attribution): string {
  return `${attribution.eventName} by ${principalText(attribution.principal)} at ${attribution.eventTime}`;
}

/** What to say when CloudTrail had no matching write since `since`. */
export function unattributedText(item: DriftItem, since: Date): string {
  const when = since.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (item.code === 'policy-missing') return `no deletion of it in CloudTrail since ${when}: never created, or deleted before then`;
  if (item.code === 'role-policy-removed' || item.code === 'role-policy-added') return "IAM writes are recorded in the account's own CloudTrail, not looked up here";
  if ((item.code === 'attachment-removed' || item.code === 'attachment-added') && item.policy.key.startsWith('new:')) return `see ${item.policy.name}'s missing policy`;
  return `no matching write in CloudTrail since ${when}: changed before then, or org.yaml changed and was not applied yet`;
}
