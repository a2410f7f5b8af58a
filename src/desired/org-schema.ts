// The JSON Schema of org.yaml, version 1. Structural rules live here and are checked by Ajv; rules that need
// more than one field or the file system (unknown policy names, policy files, limits) are checked in load.ts.

import { KNOWN_POLICY_TYPES } from '../aws/policy-types.js';

const POLICY_TYPE = {
  type: 'string',
  pattern: '^[A-Z][A-Z0-9_]*$',
  description: `A policy type: ${KNOWN_POLICY_TYPES.join(', ')}, or a newer type listed under newPolicyTypes.`,
} as const;
const POLICY_NAME = { type: 'string', minLength: 1, maxLength: 128 } as const;
const POLICY_LIST = {
  type: 'array',
  items: POLICY_NAME,
  description: 'The exact direct attachments of this target, by policy name, in attachment order.',
} as const;

const ACCOUNT_REF = {
  type: 'string',
  minLength: 1,
  description: 'An account by 12-digit id (quoted) or by its name when unique in the organization.',
} as const;
const IAM_NAME = { type: 'string', pattern: '^[\\w+=,.@-]{1,64}$' } as const;

const IAM_ROLE_ENTRY = {
  type: 'object',
  additionalProperties: false,
  required: ['roles'],
  properties: {
    accounts: {
      description: 'all, or a list of accounts (12-digit ids, quoted, or unique names).',
      anyOf: [{ const: 'all' }, { type: 'array', items: ACCOUNT_REF, uniqueItems: true }],
    },
    ous: {
      type: 'array',
      description: 'Every account below these OUs, recursively: paths of names from the root (/Workloads) or ids (ou-…).',
      items: { type: 'string', pattern: '^(/.+|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$' },
      uniqueItems: true,
    },
    exceptAccounts: { type: 'array', items: ACCOUNT_REF, uniqueItems: true, description: 'Accounts left out of the selection.' },
    memberRole: { ...IAM_NAME, description: 'The role reconcile assumes in member accounts (OrganizationAccountAccessRole by default).' },
    ifRoleMissing: { enum: ['error', 'skip'], description: 'error (default): a selected account without the role stops the plan. skip: it is reported and left alone.' },
    roles: {
      type: 'object',
      description: 'Role name to the exact managed policies it carries, as ARNs; ${Partition} and ${AccountId} are substituted per account.',
      minProperties: 1,
      propertyNames: IAM_NAME,
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
    },
  },
} as const;

export const ORG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://reconcile.dev/schema/org.v1.json',
  title: 'reconcile org.yaml',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { const: 1, description: 'Format version of this file.' },
    organization: {
      type: 'object',
      description: 'Guards: refuse to run against any other organization.',
      additionalProperties: false,
      properties: {
        id: { type: 'string', pattern: '^o-[a-z0-9]{10,32}$' },
        managementAccountId: { type: 'string', pattern: '^\\d{12}$' },
      },
    },
    limits: {
      type: 'object',
      description: "Overrides of AWS's quotas, per policy type.",
      propertyNames: POLICY_TYPE,
      properties: {
        IAM_ROLE: {
          type: 'object',
          description: "Managed policies per IAM role: AWS's default quota is 10, raisable to 20 per account.",
          additionalProperties: false,
          properties: { maxAttachments: { type: 'integer', minimum: 1, maximum: 20 } },
        },
      },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          maxAttachments: { type: 'integer', minimum: 1, maximum: 100 },
          maxSize: { type: 'integer', minimum: 1, maximum: 1000000 },
        },
      },
    },
    newPolicyTypes: {
      type: 'array',
      items: { type: 'string', pattern: POLICY_TYPE.pattern },
      uniqueItems: true,
      description:
        'Policy types newer than this release of reconcile, which org.yaml may then use. Any other type this release ' +
        'does not know is an error (most often a typo, like TAGG_POLICY): list a type here only once AWS documents it.',
    },
    unlistedTargets: {
      enum: ['ignore', 'default'],
      description: 'ignore (default): targets not listed are left alone. default: they carry only their type default.',
    },
    policies: {
      type: 'object',
      description: 'Every customer-managed policy this file owns, keyed by its AWS policy name.',
      propertyNames: POLICY_NAME,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'file'],
        properties: {
          type: POLICY_TYPE,
          description: { type: 'string', maxLength: 512 },
          file: { type: 'string', minLength: 1 },
          formerNames: { type: 'array', items: POLICY_NAME, uniqueItems: true },
        },
      },
    },
    iamRoles: {
      type: 'array',
      description: 'IAM roles whose attached managed policies this file decides, in the accounts each entry selects.',
      items: IAM_ROLE_ENTRY,
    },
    attachments: {
      type: 'object',
      additionalProperties: false,
      properties: {
        root: POLICY_LIST,
        ous: {
          type: 'object',
          description: 'OUs by path of names from the root (/Workloads/Prod) or by id (ou-…).',
          propertyNames: { pattern: '^(/.+|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$' },
          additionalProperties: POLICY_LIST,
        },
        accounts: {
          type: 'object',
          description: 'Accounts by 12-digit id (quoted) or by account name when unique in the organization.',
          propertyNames: { minLength: 1 },
          additionalProperties: POLICY_LIST,
        },
      },
    },
  },
} as const;
