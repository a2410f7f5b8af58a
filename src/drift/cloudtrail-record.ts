// A CloudTrail record of an Organizations write, as reconcile reads it: from an EventBridge event's `detail`, from
// LookupEvents' `CloudTrailEvent`, or in a batch
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
// Only the fields reconcile uses are typed; records are checked before they are trusted with anything.

export interface UserIdentity {
  /** IAMUser, AssumedRole, Root, FederatedUser, AWSService, … */
  type?: string;
  arn?: string;
  accountId?: string;
  principalId?: string;
  userName?: string;
  invokedBy?: string;
  /** For a role session: the role that issued it. Its ARN, not the session name, says whose the change was. */
  sessionContext?: { sessionIssuer?: { type?: string; arn?: string; userName?: string } };
}

export interface CloudTrailRecord {
  eventID: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  /** Present only on a call that failed. */
  errorCode?: string;
  errorMessage?: string;
  readOnly?: boolean;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  userIdentity: UserIdentity;
  sourceIPAddress?: string;
  userAgent?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The record, if `value` is one (a JSON text is parsed); undefined for anything else. */
export function parseRecord(value: unknown): CloudTrailRecord | undefined {
  if (typeof value === 'string') {
    try {
      return parseRecord(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  if (!isObject(value)) return undefined;
  for (const field of ['eventID', 'eventTime', 'eventSource', 'eventName'] as const) if (typeof value[field] !== 'string') return undefined;
  const object = (v: unknown) => (isObject(v) ? v : null);
  return {
    ...(value as unknown as CloudTrailRecord),
    requestParameters: object(value.requestParameters),
    responseElements: object(value.responseElements),
    userIdentity: (object(value.userIdentity) ?? {}) as UserIdentity,
  };
}

/** Who made a call: the principal, and for a role session the role that issued it and the session's name. */
export interface Principal {
  type: string;
  arn: string;
  accountId?: string;
  /** The role ARN of a role session (sessionContext.sessionIssuer.arn). */
  sessionIssuer?: string;
  /** Chosen by whoever assumed the role: it says nothing trustworthy about who that was. */
  sessionName?: string;
}

export function principalOf(record: CloudTrailRecord): Principal {
  const identity = record.userIdentity;
  const type = identity.type ?? 'Unknown';
  const arn = identity.arn ?? identity.invokedBy ?? 'unknown';
  const issuer = identity.sessionContext?.sessionIssuer?.arn;
  return {
    type,
    arn,
    ...(identity.accountId ? { accountId: identity.accountId } : {}),
    ...(issuer ? { sessionIssuer: issuer } : {}),
    ...(type === 'AssumedRole' && arn.includes('/') ? { sessionName: arn.slice(arn.lastIndexOf('/') + 1) } : {}),
  };
}

/** "arn:…:assumed-role/Admin/alice (role arn:aws:iam::…:role/Admin, session alice)": a principal for people. */
export function principalText(principal: Principal): string {
  const parts = [principal.sessionIssuer && `role ${principal.sessionIssuer}`, principal.sessionName && `session ${principal.sessionName}`].filter(Boolean);
  return parts.length ? `${principal.arn} (${parts.join(', ')})` : principal.arn;
}

/** A string member of the record's request parameters. */
export function requestString(record: CloudTrailRecord, name: string): string | undefined {
  const value = record.requestParameters?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Whether the request set a member at all (UpdatePolicy sets only what changes). */
export function requestHas(record: CloudTrailRecord, name: string): boolean {
  return record.requestParameters !== null && record.requestParameters[name] !== undefined && record.requestParameters[name] !== null;
}

/** The id of the policy a CreatePolicy made, from its response. */
export function createdPolicyId(record: CloudTrailRecord): string | undefined {
  const summary = (record.responseElements?.policy as { policySummary?: { id?: unknown } } | undefined)?.policySummary;
  return typeof summary?.id === 'string' ? summary.id : undefined;
}
