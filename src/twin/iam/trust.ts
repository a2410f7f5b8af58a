// Trust policies: who may assume a role. The twin reads a role's statements for sts:AssumeRole and the AWS
// principals they name (an account, which stands for every principal in it; a user; a role or its sessions; or
// "*"); a Deny that matches wins. Conditions are not evaluated. Service principals ("….amazonaws.com") trust a
// service, never a caller of the twin.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

import { ACCOUNT_ID } from '../../aws/ids.js';
import type { CallerIdentity } from '../identity.js';
import { QueryError } from '../query/errors.js';
import { accountRootArn } from './ids.js';

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
}

const isServicePrincipal = (principal: string) => principal.endsWith('.amazonaws.com');

const one = <T>(items: T[]): T | T[] => (items.length === 1 ? items[0] : items);

/**
 * A trust policy naming `principals`: account ids (written as IAM stores them, arn:aws:iam::<id>:root), ARNs of
 * users and roles, or service principals.
 */
export function trustDocumentFor(principals: string[]): string {
  const aws = principals.filter((p) => !isServicePrincipal(p)).map((p) => (ACCOUNT_ID.test(p) ? accountRootArn(p) : p));
  const services = principals.filter(isServicePrincipal);
  const principal = { ...(aws.length ? { AWS: one(aws) } : {}), ...(services.length ? { Service: one(services) } : {}) };
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
}

function statementsOf(document: string): Statement[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return undefined;
  }
  const statement = (parsed as { Statement?: unknown } | null)?.Statement;
  if (typeof statement !== 'object' || statement === null) return undefined;
  return (Array.isArray(statement) ? statement : [statement]) as Statement[];
}

/** CreateRole's check of AssumeRolePolicyDocument: JSON with statements. */
export function checkTrustDocument(document: string): void {
  if (!statementsOf(document)) throw new QueryError('MalformedPolicyDocument', 'This policy contains invalid Json');
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

function coversAssumeRole(action: unknown): boolean {
  return asList(action).some((a) => typeof a === 'string' && ['sts:assumerole', 'sts:*', '*'].includes(a.toLowerCase()));
}

function namesCaller(principal: unknown, caller: CallerIdentity): boolean {
  if (principal === '*') return true;
  const aws = asList((principal as { AWS?: unknown } | null)?.AWS);
  const matches = new Set(['*', caller.accountId, accountRootArn(caller.accountId), caller.arn, ...(caller.sessionIssuerArn ? [caller.sessionIssuerArn] : [])]);
  return aws.some((p) => typeof p === 'string' && matches.has(p));
}

/** Whether the trust policy lets `caller` assume the role. */
export function trusts(document: string, caller: CallerIdentity): boolean {
  const applicable = (statementsOf(document) ?? []).filter((s) => coversAssumeRole(s.Action) && namesCaller(s.Principal, caller));
  return applicable.some((s) => s.Effect === 'Allow') && !applicable.some((s) => s.Effect === 'Deny');
}
