// IAM's query API as the twin serves it: roles and their managed-policy attachments, managed policies, and the
// account summary, each call in the namespace of the account whose credentials signed it.
// https://docs.aws.amazon.com/IAM/latest/APIReference/

import { invalidClientTokenId, QueryError } from '../query/errors.js';
import { optionalInteger, optionalString, requiredString } from '../query/input.js';
import type { QueryContext, QueryHandler, QueryService } from '../query/service.js';
import type { XmlValue } from '../query/xml.js';
import { parsePolicyArn } from './ids.js';
import { namespaceOf } from './namespaces.js';
import type { IamTwinOptions } from './options.js';
import { markerPage } from './pagination.js';
import { IAM_QUOTAS, MEMBERS, checkAttached, checkModifiable, policyIn, roleIn } from './rules.js';
import type { IamAccount } from './state.js';
import { policyWire, roleWire } from './wire.js';
import { addPolicy, addRole, attachPolicy } from './writes.js';

/** The namespace of the account that signed the call. */
function callerNamespace(ctx: QueryContext): { ns: IamAccount; accountId: string } {
  const accountId = ctx.caller?.accountId;
  const ns = ctx.state && accountId !== undefined ? namespaceOf(ctx.state, accountId, ctx.random, ctx.now) : undefined;
  if (!ns || accountId === undefined) throw invalidClientTokenId();
  return { ns, accountId };
}

export function iamService(options: IamTwinOptions): QueryService {
  const quotaOf = (accountId: string) => options.policiesPerRoleQuota?.[accountId] ?? IAM_QUOTAS.policiesPerRole;

  const operations: Record<string, QueryHandler> = {
    GetRole: (ctx, input) => {
      const roleName = requiredString(input, 'RoleName', MEMBERS.roleName);
      return { Role: roleWire(roleIn(callerNamespace(ctx).ns, roleName)) };
    },

    ListAttachedRolePolicies: (ctx, input) => {
      const roleName = requiredString(input, 'RoleName', MEMBERS.roleName);
      const pathPrefix = optionalString(input, 'PathPrefix', MEMBERS.pathPrefix) ?? '/';
      const role = roleIn(callerNamespace(ctx).ns, roleName);
      const attached = role.attachedPolicies
        .map((arn) => ({ arn, ...parsePolicyArn(arn)! }))
        .filter((p) => p.path.startsWith(pathPrefix))
        .map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
      const scope = `ListAttachedRolePolicies:${role.id}:${pathPrefix}`;
      const { page, isTruncated, marker } = markerPage(attached, input, scope, options.maxItemsPerPage);
      return { AttachedPolicies: page, IsTruncated: isTruncated, Marker: marker };
    },

    AttachRolePolicy: (ctx, input) => {
      const roleName = requiredString(input, 'RoleName', MEMBERS.roleName);
      const arn = requiredString(input, 'PolicyArn', MEMBERS.policyArn);
      const { ns, accountId } = callerNamespace(ctx);
      const role = roleIn(ns, roleName);
      checkModifiable(role);
      if (attachPolicy(role, policyIn(ns, accountId, arn), quotaOf(accountId))) ctx.committed();
      return undefined;
    },

    DetachRolePolicy: (ctx, input) => {
      const roleName = requiredString(input, 'RoleName', MEMBERS.roleName);
      const arn = requiredString(input, 'PolicyArn', MEMBERS.policyArn);
      const { ns } = callerNamespace(ctx);
      const role = roleIn(ns, roleName);
      checkModifiable(role);
      if (!parsePolicyArn(arn)) throw new QueryError('InvalidInput', `ARN ${arn} is not valid.`);
      checkAttached(role, arn);
      role.attachedPolicies = role.attachedPolicies.filter((a) => a !== arn);
      ctx.committed();
      return undefined;
    },

    GetPolicy: (ctx, input) => {
      const arn = requiredString(input, 'PolicyArn', MEMBERS.policyArn);
      const { ns, accountId } = callerNamespace(ctx);
      const policy = policyIn(ns, accountId, arn);
      return { Policy: policyWire(ns, policy, { withDescription: true }) };
    },

    CreateRole: (ctx, input) => {
      const { ns, accountId } = callerNamespace(ctx);
      const path = optionalString(input, 'Path');
      // Service-linked roles are made by AWS services (CreateServiceLinkedRole), never under this path by hand.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
      if (path?.startsWith('/aws-service-role/')) {
        throw new QueryError('InvalidInput', 'The path /aws-service-role/ is reserved for service-linked roles.');
      }
      const role = addRole(ctx.random, ns, accountId, {
        name: requiredString(input, 'RoleName'),
        path,
        description: optionalString(input, 'Description'),
        assumeRolePolicyDocument: requiredString(input, 'AssumeRolePolicyDocument'),
        maxSessionDuration: optionalInteger(input, 'MaxSessionDuration', 3600, 43200),
        createDate: ctx.now,
      });
      ctx.committed();
      return { Role: roleWire(role) };
    },

    CreatePolicy: (ctx, input) => {
      const { ns, accountId } = callerNamespace(ctx);
      const policy = addPolicy(ctx.random, ns, accountId, {
        name: requiredString(input, 'PolicyName'),
        path: optionalString(input, 'Path'),
        description: optionalString(input, 'Description'),
        document: requiredString(input, 'PolicyDocument'),
        createDate: ctx.now,
      });
      ctx.committed();
      return { Policy: policyWire(ns, policy, { withDescription: false }) };
    },

    GetAccountSummary: (ctx) => {
      const { ns, accountId } = callerNamespace(ctx);
      return { SummaryMap: accountSummary(ns, quotaOf(accountId)) };
    },
  };

  return {
    name: 'iam',
    version: '2010-05-08',
    xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
    operations,
    internalError: { code: 'ServiceFailure', message: 'The request processing has failed because of an unknown error, exception or failure.' },
    faults: true,
  };
}

/**
 * GetAccountSummary's SummaryMap: usage of what the twin models, AWS's default quotas for the rest (the twin has
 * no users, groups or certificates). https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
 */
function accountSummary(ns: IamAccount, policiesPerRole: number): Map<string, XmlValue> {
  const attachments = [...ns.roles.values()].reduce((n, role) => n + role.attachedPolicies.length, 0);
  return new Map<string, XmlValue>([
    ['Roles', ns.roles.size],
    ['RolesQuota', IAM_QUOTAS.rolesPerAccount],
    ['Policies', ns.policies.size],
    ['PoliciesQuota', IAM_QUOTAS.customerPoliciesPerAccount],
    ['PolicySizeQuota', IAM_QUOTAS.policySize],
    ['PolicyVersionsInUse', attachments],
    ['PolicyVersionsInUseQuota', 10000],
    ['VersionsPerPolicyQuota', 5],
    ['AttachedPoliciesPerRoleQuota', policiesPerRole],
    ['AttachedPoliciesPerUserQuota', 10],
    ['AttachedPoliciesPerGroupQuota', 10],
    ['AssumeRolePolicySizeQuota', IAM_QUOTAS.trustPolicySize],
    ['RolePolicySizeQuota', 10240],
    ['Users', 0],
    ['UsersQuota', 5000],
    ['Groups', 0],
    ['GroupsQuota', 300],
    ['GroupsPerUserQuota', 10],
    ['InstanceProfiles', 0],
    ['InstanceProfilesQuota', 1000],
    ['MFADevices', 0],
    ['MFADevicesInUse', 0],
    ['AccountMFAEnabled', 0],
    ['AccountAccessKeysPresent', 0],
    ['AccountSigningCertificatesPresent', 0],
    ['ServerCertificates', 0],
    ['ServerCertificatesQuota', 20],
    ['Providers', 0],
    ['GlobalEndpointTokenVersion', 1],
  ]);
}
