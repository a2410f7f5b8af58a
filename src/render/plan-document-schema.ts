// The JSON Schema of `reconcile plan --format json`, version 2. Published as schema/plan-output.schema.json
// (`reconcile schema plan-output`); consumers may rely on every field described here. Version 2 replaced the
// sentences of version 1 (a step's reason, an undeclared policy's note, warnings) with codes to branch on, each
// with its words beside it.

import { ATTACHMENT_REASONS, WARNING_CODES } from '../plan/plan.js';
import { EFFECTIVE_VALIDATION_ERROR } from './effective-document-schema.js';

const NAME_ID_TYPE = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'id', 'type'],
  properties: {
    name: { type: 'string' },
    id: { type: ['string', 'null'], description: 'null for a policy the plan creates' },
    type: { type: 'string', description: 'The policy type, e.g. SERVICE_CONTROL_POLICY' },
  },
} as const;

const TARGET = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'name', 'path'],
  properties: {
    id: { type: 'string' },
    type: { enum: ['ROOT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT'] },
    name: { type: 'string', description: 'The OU path or account name org.yaml uses, else the name AWS has, else the id' },
    path: { type: ['string', 'null'], description: 'The OU path from the root, where known' },
  },
} as const;

const FROM_TO = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: { type: 'string' }, to: { type: 'string' } },
} as const;

export const PLAN_DOCUMENT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://reconcile.dev/schema/plan-output.v2.json',
  title: 'reconcile plan --format json',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'version', 'organization', 'summary', 'steps', 'effectiveChanges', 'unmanaged', 'warnings'],
  properties: {
    format: { const: 'reconcile/plan' },
    version: { const: 2 },
    organization: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'managementAccountId'],
      properties: { id: { type: 'string' }, managementAccountId: { type: 'string' } },
    },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['changes', 'enable', 'create', 'update', 'attach', 'detach', 'delete', 'leftAlone'],
      properties: {
        changes: { type: 'boolean', description: 'Whether applying would change anything' },
        enable: { type: 'integer', minimum: 0 },
        create: { type: 'integer', minimum: 0 },
        update: { type: 'integer', minimum: 0 },
        attach: { type: 'integer', minimum: 0 },
        detach: { type: 'integer', minimum: 0 },
        delete: { type: 'integer', minimum: 0 },
        leftAlone: { type: ['integer', 'null'], minimum: 0, description: 'Unlisted targets left alone; null when not counted' },
      },
    },
    steps: {
      type: 'array',
      description: 'In the order apply takes them.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['number', 'phase', 'action'],
        properties: {
          number: { type: 'integer', minimum: 1 },
          phase: { enum: ['enable', 'create', 'update', 'attach', 'detach', 'delete'] },
          action: {
            enum: ['enable-policy-type', 'create-policy', 'update-policy', 'attach', 'detach', 'delete-policy', 'attach-role-policy', 'detach-role-policy'],
          },
          policyType: { type: 'string', description: 'For enable-policy-type' },
          policy: NAME_ID_TYPE,
          target: TARGET,
          account: { ...TARGET, description: 'For attach-role-policy and detach-role-policy: the account of the role' },
          role: { type: 'string', description: 'For attach-role-policy and detach-role-policy: the IAM role name' },
          policyArn: { type: 'string', description: 'For attach-role-policy and detach-role-policy: the managed policy, ${AccountId} and ${Partition} substituted' },
          reason: {
            enum: ATTACHMENT_REASONS,
            description:
              'Why an attachment changes: listed (org.yaml lists it), not-listed (the target is listed without it), ' +
              'attached-outside (likewise, and org.yaml does not declare the policy), unlisted-default (the target is not ' +
              'listed and unlistedTargets: default keeps it at its defaults); for a role: listed or not-listed (attached outside org.yaml)',
          },
          reasonText: { type: 'string', description: 'The reason in words' },
          changes: {
            type: 'object',
            additionalProperties: false,
            properties: {
              name: FROM_TO,
              description: FROM_TO,
              content: {
                type: 'object',
                additionalProperties: false,
                required: ['from', 'to', 'diff'],
                properties: {
                  from: { description: 'The live document; null for a new policy' },
                  to: { description: 'The document org.yaml asks for' },
                  diff: { type: 'string', description: 'Unified diff of the pretty-printed documents' },
                },
              },
            },
          },
        },
      },
    },
    effectiveChanges: {
      type: 'array',
      description: "What the steps do to the effective management policies (DescribeEffectivePolicy) of the accounts they reach, grouped by identical change",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['policyType', 'under', 'accounts', 'before', 'after', 'changes', 'diff', 'validationErrors', 'conflicts'],
        properties: {
          policyType: { type: 'string' },
          under: { ...TARGET, description: 'The deepest root or OU above every account of the group (the account itself for one)' },
          accounts: { type: 'array', items: TARGET },
          before: { type: ['object', 'null'], description: 'The effective document now; null when the type is not enabled' },
          after: { type: ['object', 'null'], description: 'The effective document after apply' },
          changes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['path', 'change', 'message'],
              properties: {
                path: { type: 'string', description: 'Keys joined with "."' },
                change: { enum: ['added', 'removed', 'changed', 'gains', 'loses'] },
                value: {},
                from: {},
                to: {},
                values: { type: 'array' },
                message: { type: 'string' },
              },
              additionalProperties: false,
            },
          },
          diff: { type: 'string', description: 'Unified diff of the pretty-printed documents' },
          validationErrors: {
            type: 'array',
            description: 'What AWS would report for the document after apply (ListEffectivePolicyValidationErrors)',
            items: EFFECTIVE_VALIDATION_ERROR,
          },
          conflicts: {
            type: 'array',
            description: 'Peers on one node assigning different values after apply: the first attached wins',
            items: { type: 'object' },
          },
        },
      },
    },
    unmanaged: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'type', 'disposition', 'attachedTo', 'message'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          type: { type: 'string' },
          disposition: {
            enum: ['kept', 'still-attached'],
            description: 'kept: left alone (plan with --prune to delete it); still-attached: --prune keeps it, attached to targets org.yaml does not list',
          },
          attachedTo: { type: 'array', items: TARGET, description: 'With still-attached: the targets that keep it' },
          message: { type: 'string' },
        },
      },
      description: 'Customer-managed policies of a managed type that org.yaml does not declare',
    },
    iamRoles: {
      type: 'object',
      description: "With org.yaml's iamRoles: the accounts and roles the plan leaves out",
      additionalProperties: false,
      required: ['skipped', 'unreachable', 'messages'],
      properties: {
        skipped: {
          type: 'array',
          description: 'Accounts without the role, left alone (ifRoleMissing: skip)',
          items: { type: 'object', additionalProperties: false, required: ['account', 'role'], properties: { account: TARGET, role: { type: 'string' } } },
        },
        unreachable: {
          type: 'array',
          description: 'Accounts whose member role could not be assumed, left out (--skip-unreachable)',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['account', 'roleArn', 'error'],
            properties: { account: TARGET, roleArn: { type: 'string' }, error: { type: 'string' } },
          },
        },
        messages: { type: 'array', items: { type: 'string' } },
      },
    },
    warnings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'message', 'targets'],
        properties: {
          code: {
            enum: WARNING_CODES,
            description:
              'loses-default: a target loses its type default (FullAWSAccess); default-detached-first: at its maximum, a ' +
              'target has its default detached before the replacement is attached; deny-reach: a policy with Deny ' +
              'statements reaches more targets; scp-on-management-account: SCPs listed for the management account, ' +
              'where they never apply; rename-replaces-content: a former name matched a live policy with other content; ' +
              'effective-invalid: accounts whose effective policy would fail AWS checks; assign-order-conflict: peers ' +
              'assign different values, the first attached wins',
          },
          message: { type: 'string' },
          policy: { type: 'string', description: 'The policy name (for assign-order-conflict: the one that wins)' },
          policyType: { type: 'string' },
          targets: { type: 'array', items: TARGET },
          formerName: { type: 'string' },
          policyId: { type: 'string' },
          errorCode: { type: 'string' },
          error: { type: 'string' },
          path: { type: 'string' },
          others: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
} as const;
