// STS as the twin serves it: AssumeRole hands out temporary credentials for a role in an account of the
// organization, if the role exists and trusts the caller; GetCallerIdentity says who signed. Calls signed with the
// credentials AssumeRole returned act as that role in that account (see identity.ts).
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html

import type { CallerIdentity, Identities } from './identity.js';
import { parseRoleArn } from './iam/ids.js';
import { namespaceOf } from './iam/namespaces.js';
import type { IamTwinOptions } from './iam/options.js';
import { findRole } from './iam/state.js';
import { trusts } from './iam/trust.js';
import { invalidClientTokenId, QueryError, validationError } from './query/errors.js';
import { optionalInteger, requiredString } from './query/input.js';
import type { QueryContext, QueryService } from './query/service.js';

const DEFAULT_DURATION_SECONDS = 3600;
/** A session assumed with a role session's credentials (role chaining) lasts an hour at most. */
const CHAINED_MAX_SECONDS = 3600;

const SESSION_NAME = { min: 2, max: 64, pattern: { test: (v: string) => /^[\w+=,.@-]*$/.test(v), source: '[\\w+=,.@-]*' } };

function callerOf(ctx: QueryContext): CallerIdentity {
  if (!ctx.caller) throw invalidClientTokenId();
  return ctx.caller;
}

/** STS refuses a role that does not exist exactly as it refuses one that does not trust the caller. */
const accessDenied = (caller: CallerIdentity, roleArn: string) =>
  new QueryError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);

export function stsService(identities: Identities, options: IamTwinOptions): QueryService {
  const unassumable = new Set(options.unassumableAccounts ?? []);
  return {
    name: 'sts',
    version: '2011-06-15',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    internalError: { code: 'InternalFailure', message: 'The request processing has failed because of an unknown error, exception or failure.' },
    faults: false,
    operations: {
      AssumeRole: (ctx, input) => {
        const caller = callerOf(ctx);
        const roleArn = requiredString(input, 'RoleArn', { min: 20, max: 2048 });
        const sessionName = requiredString(input, 'RoleSessionName', SESSION_NAME);
        const duration = optionalInteger(input, 'DurationSeconds', 900, 43200) ?? DEFAULT_DURATION_SECONDS;
        const parsed = parseRoleArn(roleArn);
        if (!parsed) throw validationError(`${roleArn} is invalid`);
        const ns = ctx.state && !unassumable.has(parsed.accountId) ? namespaceOf(ctx.state, parsed.accountId, ctx.random, ctx.now) : undefined;
        const role = ns && findRole(ns, parsed.name);
        if (!role || role.path !== parsed.path || !trusts(role.assumeRolePolicyDocument, caller)) throw accessDenied(caller, roleArn);
        if (duration > role.maxSessionDuration) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
        if (caller.type === 'AssumedRole' && duration > CHAINED_MAX_SECONDS) {
          throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
        }
        const session = identities.issue({
          accountId: parsed.accountId,
          roleArn: role.arn,
          roleName: role.name,
          roleId: role.id,
          sessionName,
          durationSeconds: duration,
          now: ctx.now,
        });
        const assumed = identities.identityOf(session.accessKeyId, undefined)!;
        return {
          Credentials: {
            AccessKeyId: session.accessKeyId,
            SecretAccessKey: session.secretAccessKey,
            SessionToken: session.sessionToken,
            Expiration: new Date(session.expiration),
          },
          AssumedRoleUser: { AssumedRoleId: assumed.principalId, Arn: assumed.arn },
        };
      },

      GetCallerIdentity: (ctx) => {
        const caller = callerOf(ctx);
        return { UserId: caller.principalId, Account: caller.accountId, Arn: caller.arn };
      },
    },
  };
}
