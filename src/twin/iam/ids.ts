// IAM's and STS's ARNs and unique ids (the organization's own are in ../ids.ts). Every IAM and STS ARN format
// lives here, so the API, seeding and the identity of callers cannot disagree on them.
// Formats: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html

import { randomString, seededRandom, type Random } from '../random.js';

/** Paths begin and end with a slash; the default path is "/". */
export const roleArn = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:role${path}${name}`;
export const userArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:user/${name}`;
export const accountRootArn = (accountId: string) => `arn:aws:iam::${accountId}:root`;
export const customerPolicyArn = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:policy${path}${name}`;
/** AWS-managed policies belong to the account "aws": the same ARN in every account. */
export const awsManagedIamPolicyArn = (path: string, name: string) => `arn:aws:iam::aws:policy${path}${name}`;

/** An assumed-role session: the role's path is not part of it, the session name is. */
export const assumedRoleArn = (accountId: string, roleName: string, sessionName: string) =>
  `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;

/** A policy ARN split into its account ("aws" for AWS-managed), path and name; undefined if it is not one. */
export function parsePolicyArn(arn: string): { account: string; path: string; name: string } | undefined {
  const m = /^arn:aws:iam::(aws|\d{12}):policy(\/(?:[^/]+\/)*)([\w+=,.@-]+)$/.exec(arn);
  return m ? { account: m[1], path: m[2], name: m[3] } : undefined;
}

/** A role ARN split into its account, path and name; undefined if it is not one. */
export function parseRoleArn(arn: string): { accountId: string; path: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}):role(\/(?:[^/]+\/)*)([\w+=,.@-]+)$/.exec(arn);
  return m ? { accountId: m[1], path: m[2], name: m[3] } : undefined;
}

// Unique ids carry a prefix naming the kind of entity, then 17 characters (21 in all); temporary access keys start
// with ASIA. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const newRoleId = (random: Random) => `AROA${randomString(random, 17, ID_ALPHABET)}`;
export const newIamPolicyId = (random: Random) => `ANPA${randomString(random, 17, ID_ALPHABET)}`;
export const newTemporaryAccessKeyId = (random: Random) => `ASIA${randomString(random, 16, ID_ALPHABET)}`;

/** A unique id as IAM writes them (AIDA… for a user, AROA… for a role) drawn from `key`: the same principal, the same id. */
export function stableIdFor(prefix: 'AIDA' | 'AROA', key: string): string {
  let seed = 2166136261;
  for (const c of key) seed = Math.imul(seed ^ c.charCodeAt(0), 16777619) >>> 0;
  return `${prefix}${randomString(seededRandom(seed), 17, ID_ALPHABET)}`;
}

/** A user's id (AIDA…) drawn from its account and name, so that the same caller always has the same id. */
export function userIdFor(accountId: string, name: string): string {
  return stableIdFor('AIDA', `${accountId}:${name}`);
}
