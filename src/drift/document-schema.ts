// The JSON Schema of `reconcile drift --format json`, version 1. Published as schema/drift-output.schema.json
// (`reconcile schema drift-output`); consumers may rely on every field described here. The remediation is the plan
// document of `plan --format json`, and items show policies and targets as its steps do.

import { ATTACHMENT_REASONS } from '../plan/plan.js';
import { PLAN_DOCUMENT_SCHEMA } from '../render/plan-document-schema.js';
import { DRIFT_CODES } from './drift.js';

const { $schema: _schema, $id: _id, ...PLAN } = PLAN_DOCUMENT_SCHEMA;
const STEP = PLAN_DOCUMENT_SCHEMA.properties.steps.items.properties;

const PRINCIPAL = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'arn'],
  properties: {
    type: { type: 'string', description: "CloudTrail's userIdentity.type: IAMUser, AssumedRole, Root, …" },
    arn: { type: 'string' },
    accountId: { type: 'string' },
    sessionIssuer: { type: 'string', description: 'For a role session: the role that issued it (userIdentity.sessionContext.sessionIssuer.arn)' },
    sessionName: { type: 'string', description: 'For a role session: its name, chosen by whoever assumed the role' },
  },
} as const;

const ATTRIBUTION = {
  description: 'With --cloudtrail: the most recent Organizations write in CloudTrail that matches the item',
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['found', 'eventName', 'eventTime', 'eventId', 'principal'],
      properties: {
        found: { const: true },
        eventName: { type: 'string' },
        eventTime: { type: 'string', description: 'ISO 8601, whole seconds' },
        eventId: { type: 'string' },
        principal: PRINCIPAL,
        sourceIPAddress: { type: 'string' },
        policyId: { type: 'string', description: 'For a deleted policy: the id it had' },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['found', 'message'],
      properties: { found: { const: false }, message: { type: 'string', description: 'What the absence tells' } },
    },
  ],
} as const;

export const DRIFT_DOCUMENT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://reconcile.dev/schema/drift-output.v1.json',
  title: 'reconcile drift --format json',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'version', 'organization', 'summary', 'cloudTrail', 'items', 'remediation'],
  properties: {
    format: { const: 'reconcile/drift' },
    version: { const: 1 },
    organization: PLAN.properties.organization,
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['drift', 'items', 'byCode'],
      properties: {
        drift: { type: 'boolean', description: 'Whether anything org.yaml owns differs from it' },
        items: { type: 'integer', minimum: 0 },
        byCode: {
          type: 'object',
          additionalProperties: false,
          required: [...DRIFT_CODES],
          properties: Object.fromEntries(DRIFT_CODES.map((code) => [code, { type: 'integer', minimum: 0 }])),
        },
      },
    },
    cloudTrail: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['since'],
      properties: { since: { type: 'string', description: 'CloudTrail was searched from this time (ISO 8601)' } },
      description: 'null without --cloudtrail',
    },
    items: {
      type: 'array',
      description: 'In the order of the steps that undo them',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'message', 'policy', 'target', 'policyType', 'reason', 'desired', 'found', 'step'],
        properties: {
          code: {
            enum: DRIFT_CODES,
            description:
              'type-disabled: a managed policy type is not enabled; policy-missing: a declared policy has no live match ' +
              '(deleted, or never created); renamed, content-edited, description-edited: a declared policy differs; ' +
              'attachment-removed: an attachment org.yaml lists is missing; attachment-added: a target org.yaml owns ' +
              'carries a policy it does not list; role-policy-removed, role-policy-added: an IAM role (iamRoles) lacks a ' +
              'managed policy org.yaml lists, or carries one it does not (policyType IAM_ROLE)',
          },
          message: { type: 'string' },
          policy: { oneOf: [STEP.policy, { type: 'null' }] },
          target: { oneOf: [STEP.target, { type: 'null' }] },
          policyType: { type: 'string' },
          reason: { enum: [...ATTACHMENT_REASONS, null], description: "For attachments: the undoing step's reason" },
          desired: {
            description:
              "What org.yaml wants: 'ENABLED', 'exists', 'attached' or 'not attached'; a name or description; the document for content",
          },
          found: { description: "What was found: 'DISABLED' or 'PENDING_DISABLE', 'missing', 'attached' or 'not attached'; a name or description; the live document" },
          step: { type: 'integer', minimum: 1, description: 'The number of the remediation step that undoes it' },
          attribution: ATTRIBUTION,
        },
      },
    },
    remediation: { ...PLAN, description: 'The plan that undoes the drift, as plan --format json writes it' },
    fix: {
      type: 'object',
      additionalProperties: false,
      required: ['status', 'steps', 'verified'],
      description: 'With --fix: how applying the remediation went',
      properties: {
        status: { enum: ['applied', 'failed', 'interrupted', 'cancelled'] },
        steps: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['number', 'status'],
            properties: {
              number: { type: 'integer', minimum: 1 },
              status: { enum: ['done', 'already-done', 'failed', 'not-started'] },
              error: { type: 'string' },
            },
          },
        },
        verified: { type: 'boolean', description: 'Reading again after applying found no drift' },
      },
    },
  },
} as const;
