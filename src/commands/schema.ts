// `reconcile schema NAME`: the JSON Schemas reconcile publishes (also committed under schema/).

import { ORG_SCHEMA } from '../desired/org-schema.js';
import { DRIFT_DOCUMENT_SCHEMA } from '../drift/document-schema.js';
import { EFFECTIVE_DOCUMENT_SCHEMA } from '../render/effective-document-schema.js';
import { PLAN_DOCUMENT_SCHEMA } from '../render/plan-document-schema.js';
import type { Io } from './io.js';

export const SCHEMAS = {
  org: ORG_SCHEMA,
  'plan-output': PLAN_DOCUMENT_SCHEMA,
  effective: EFFECTIVE_DOCUMENT_SCHEMA,
  'drift-output': DRIFT_DOCUMENT_SCHEMA,
} as const;

export function schemaCommand(name: keyof typeof SCHEMAS, io: Io): number {
  io.out.write(JSON.stringify(SCHEMAS[name], null, 2) + '\n');
  return 0;
}
