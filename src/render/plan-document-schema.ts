// The JSON Schema of `reconcile plan --format json`, version 1. Published as schema/plan-output.schema.json
// (`reconcile schema plan-output`); consumers may rely on every field described here.

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

const FROM_TO = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: { type: 'string' }, to: { type: 'string' } },
} as const;

export const PLAN_DOCUMENT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://reconcile.dev/schema/plan-output.v1.json',
  title: 'reconcile plan --format json',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'version', 'organization', 'summary', 'steps', 'unmanaged', 'warnings'],
  properties: {
    format: { const: 'reconcile/plan' },
    version: { const: 1 },
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
          action: { enum: ['enable-policy-type', 'create-policy', 'update-policy', 'attach', 'detach', 'delete-policy'] },
          policyType: { type: 'string', description: 'For enable-policy-type' },
          policy: NAME_ID_TYPE,
          target: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'type', 'name', 'path'],
            properties: {
              id: { type: 'string' },
              type: { enum: ['ROOT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT'] },
              name: { type: 'string' },
              path: { type: ['string', 'null'], description: 'The OU path from the root, where known' },
            },
          },
          reason: { type: 'string' },
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
    unmanaged: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'type', 'note'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' }, note: { type: 'string' } },
      },
    },
    warnings: { type: 'array', items: { type: 'string' } },
  },
} as const;
