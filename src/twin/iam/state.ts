// IAM as the twin holds it: one namespace per account of the organization, each with its roles, its customer-
// managed policies and the managed policies attached to each role. AWS-managed policies are not per account (see
// managed-policies.ts). IAM is eventually consistent on AWS
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency);
// the twin's IAM is not: a write is visible at once.

import type { Random } from '../random.js';
import { newRoleId, roleArn } from './ids.js';

export interface IamRole {
  name: string;
  /** Begins and ends with "/"; service-linked roles live under /aws-service-role/. */
  path: string;
  id: string;
  arn: string;
  createDate: number;
  description: string | undefined;
  /** The trust policy exactly as given. */
  assumeRolePolicyDocument: string;
  /** Longest session AssumeRole grants, in seconds. */
  maxSessionDuration: number;
  /** Managed policies attached, by ARN, in attachment order. */
  attachedPolicies: string[];
}

export interface IamPolicy {
  name: string;
  path: string;
  id: string;
  arn: string;
  description: string | undefined;
  /** The default version's document; AWS-managed policies carry none in the twin. */
  document: string | undefined;
  createDate: number;
  updateDate: number;
}

export interface IamAccount {
  /** By lower-cased name: IAM does not tell names apart by case. */
  roles: Map<string, IamRole>;
  /** Customer-managed policies, by lower-cased name. */
  policies: Map<string, IamPolicy>;
}

/** Namespaces by account id. */
export type IamData = Map<string, IamAccount>;

export const emptyNamespace = (): IamAccount => ({ roles: new Map(), policies: new Map() });

export interface NewRole {
  name: string;
  path?: string;
  description?: string;
  assumeRolePolicyDocument: string;
  maxSessionDuration?: number;
  createDate: number;
}

/** Roles may be assumed for an hour unless they allow longer. */
export const DEFAULT_MAX_SESSION_DURATION = 3600;

export function newRole(random: Random, accountId: string, role: NewRole): IamRole {
  const path = role.path ?? '/';
  return {
    name: role.name,
    path,
    id: newRoleId(random),
    arn: roleArn(accountId, path, role.name),
    createDate: role.createDate,
    description: role.description,
    assumeRolePolicyDocument: role.assumeRolePolicyDocument,
    maxSessionDuration: role.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    attachedPolicies: [],
  };
}

export const putRole = (ns: IamAccount, role: IamRole) => ns.roles.set(role.name.toLowerCase(), role);
export const findRole = (ns: IamAccount, name: string) => ns.roles.get(name.toLowerCase());
