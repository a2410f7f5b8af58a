// Who drifted it, and when: for each drift item, the most recent Organizations write in CloudTrail's event history
// that matches it (the event name, and the policy and target ids), within `since`. Lookups go by the resource the
// write names (a target id for attachments, which has far fewer events than a policy such as FullAWSAccess; a
// policy id for edits) or by event name where no id is known; each lookup is made once and shared by the items
// that need it, and pages stop at a bound, since an item only wants the newest match.
//
// A declared policy with no live match names no id: its DeletePolicy is found among the recent deletions by the
// name the deleted policy had in its own earlier events (CreatePolicy, or an UpdatePolicy that renamed it). When
// there is none, the policy was never created, or went before `since`: the words say which can be told.

import type { LookupAttributeKey } from '@aws-sdk/client-cloudtrail';
import type { DesiredConfig } from '../desired/config.js';
import { createdPolicyId, principalOf, requestHas, requestString, type CloudTrailRecord, type Principal } from './cloudtrail-record.js';
import type { EventHistory } from './cloudtrail.js';
import type { DriftItem } from './drift.js';

export interface Attribution {
  eventName: string;
  eventTime: string;
  eventId: string;
  principal: Principal;
  sourceIPAddress?: string;
  /** For a deleted policy: the id it had. */
  policyId?: string;
}

/** At most this many pages (of 50 events) per lookup: the newest match is what is wanted. */
const MAX_PAGES = 10;
/** At most this many recent deletions are examined for a missing policy. */
const MAX_DELETIONS = 20;

export class Attributor {
  private readonly lookups = new Map<string, Promise<CloudTrailRecord[]>>();

  constructor(
    private readonly history: EventHistory,
    private readonly since: Date,
    private readonly config: DesiredConfig,
  ) {}

  /** One attribution per item, in order; null where CloudTrail has no matching write since `since`. */
  attribute(items: readonly DriftItem[]): Promise<(Attribution | null)[]> {
    return Promise.all(items.map((item) => this.attributeOne(item)));
  }

  private async attributeOne(item: DriftItem): Promise<Attribution | null> {
    const param = (r: CloudTrailRecord, name: string) => requestString(r, name);
    switch (item.code) {
      case 'attachment-removed':
      case 'attachment-added': {
        // The attachments of a policy that does not exist yet are part of its policy-missing item.
        if (item.policy.key.startsWith('new:')) return null;
        const eventName = item.code === 'attachment-removed' ? 'DetachPolicy' : 'AttachPolicy';
        return this.newest('ResourceName', item.target.id, (r) => r.eventName === eventName && param(r, 'policyId') === item.policy.key && param(r, 'targetId') === item.target.id);
      }
      case 'content-edited':
      case 'renamed':
      case 'description-edited': {
        const member = item.code === 'content-edited' ? 'content' : item.code === 'renamed' ? 'name' : 'description';
        return this.newest('ResourceName', item.policy.key, (r) => r.eventName === 'UpdatePolicy' && param(r, 'policyId') === item.policy.key && requestHas(r, member));
      }
      case 'type-disabled':
        return this.newest('EventName', 'DisablePolicyType', (r) => param(r, 'policyType') === item.policyType);
      case 'policy-missing':
        return this.deletion(item.policy.name);
      case 'role-policy-removed':
      case 'role-policy-added':
        // IAM's events are in each account's own trail, which the management account's LookupEvents does not see.
        return null;
    }
  }

  private async newest(key: LookupAttributeKey, value: string, accept: (r: CloudTrailRecord) => boolean): Promise<Attribution | null> {
    const record = (await this.lookup(key, value)).find((r) => !r.errorCode && accept(r));
    return record ? attributionOf(record) : null;
  }

  /** The newest DeletePolicy (or rename away) of a policy that was called `name` or one of its former names. */
  private async deletion(name: string): Promise<Attribution | null> {
    const declared = this.config.policies.get(name);
    const names = new Set([name, ...(declared?.formerNames ?? [])]);
    const deletions = (await this.lookup('EventName', 'DeletePolicy')).filter((r) => !r.errorCode).slice(0, MAX_DELETIONS);
    for (const deletion of deletions) {
      const id = requestString(deletion, 'policyId');
      if (!id) continue;
      // The deleted policy's name: from the newest of its events before the deletion that set one.
      const earlier = (await this.lookup('ResourceName', id)).filter((r) => !r.errorCode && r.eventTime <= deletion.eventTime && r.eventID !== deletion.eventID);
      const named = earlier.find((r) => (r.eventName === 'CreatePolicy' && createdPolicyId(r) === id) || (r.eventName === 'UpdatePolicy' && requestHas(r, 'name')));
      const hadName = named && requestString(named, 'name');
      if (hadName !== undefined && names.has(hadName)) return { ...attributionOf(deletion), policyId: id };
    }
    return null;
  }

  private lookup(key: LookupAttributeKey, value: string): Promise<CloudTrailRecord[]> {
    const cacheKey = `${key}\0${value}`;
    let records = this.lookups.get(cacheKey);
    if (!records) {
      records = (async () => {
        const out: CloudTrailRecord[] = [];
        for await (const record of this.history.records({ attribute: { key, value }, since: this.since, maxPages: MAX_PAGES })) out.push(record);
        return out;
      })();
      this.lookups.set(cacheKey, records);
    }
    return records;
  }
}

export function attributionOf(record: CloudTrailRecord): Attribution {
  return {
    eventName: record.eventName,
    eventTime: record.eventTime,
    eventId: record.eventID,
    principal: principalOf(record),
    ...(record.sourceIPAddress ? { sourceIPAddress: record.sourceIPAddress } : {}),
  };
}
