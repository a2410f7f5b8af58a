// The JSON Schema of `reconcile effective --format json`, version 1. Published as schema/effective.schema.json
// (`reconcile schema effective`); consumers may rely on every field described here.

/** One entry of ListEffectivePolicyValidationErrors, in reconcile's casing (the plan's effective section uses it too). */
export const EFFECTIVE_VALIDATION_ERROR = {
  type: 'object',
  additionalProperties: false,
  required: ['errorCode', 'errorMessage', 'pathToError', 'contributingPolicies'],
  properties: {
    errorCode: { type: 'string' },
    errorMessage: { type: 'string' },
    pathToError: { type: 'string', description: 'Keys joined with "."' },
    contributingPolicies: { type: 'array', items: { type: 'string' }, description: 'Policy ids, root first' },
  },
} as const;

const DOCUMENT = {
  type: ['object', 'null'],
  description: 'The parsed JSON object DescribeEffectivePolicy returns (operators stripped); null when the type is not enabled, {} when nothing applies',
} as const;

export const EFFECTIVE_DOCUMENT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://reconcile.dev/schema/effective.v1.json',
  title: 'reconcile effective --format json',
  type: 'object',
  additionalProperties: false,
  required: ['format', 'version', 'accounts'],
  properties: {
    format: { const: 'reconcile/effective' },
    version: { const: 1 },
    accounts: {
      type: 'array',
      description: 'One entry per account and policy type asked for',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['account', 'policyType', 'current', 'planned', 'changed', 'contributors', 'validationErrors', 'conflicts'],
        properties: {
          account: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'name'],
            properties: { id: { type: 'string' }, name: { type: ['string', 'null'] } },
          },
          policyType: { type: 'string' },
          current: { ...DOCUMENT, description: `The effective policy now. ${DOCUMENT.description}` },
          planned: { ...DOCUMENT, description: 'After the plan of org.yaml; null without an org.yaml (or when the type stays disabled)' },
          changed: { type: 'boolean', description: 'Whether the plan changes the effective policy' },
          contributors: {
            type: 'array',
            description: 'Root first, then each OU down the path, then the account: the policies of the type attached at each level, in attachment order (after the plan when there is one)',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['target', 'policies'],
              properties: {
                target: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['id', 'type', 'name'],
                  properties: { id: { type: 'string' }, type: { enum: ['ROOT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT'] }, name: { type: ['string', 'null'] } },
                },
                policies: {
                  type: 'array',
                  items: { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
                },
              },
            },
          },
          validationErrors: {
            type: 'array',
            description: 'What AWS reports as invalid (ListEffectivePolicyValidationErrors); AWS then keeps the last valid document',
            items: EFFECTIVE_VALIDATION_ERROR,
          },
          conflicts: { type: 'array', description: 'Peers on one node assigning different values: the first attached wins', items: { type: 'object' } },
          aws: { ...DOCUMENT, description: "With --compare: AWS's DescribeEffectivePolicy answer" },
          matchesAws: { type: 'boolean', description: "With --compare: whether AWS's answer equals reconcile's current one, compared as data" },
        },
      },
    },
  },
} as const;
