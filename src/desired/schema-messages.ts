// Ajv's findings about org.yaml, in sentences. Ajv says "must be object" and quotes regular expressions; a user
// needs to hear what belongs at that place ("a map of policy name to { type, file }", "an account id is 12
// digits, quoted"), at the line where it was written.

import type { ErrorObject } from 'ajv';
import type { Locator } from './locator.js';
import type { Problem } from './problems.js';
import { closest } from './suggest.js';

interface Shape {
  /** What the value must be, after "must be". */
  is: string;
  /** Said after a value of the right type that is still wrong. */
  hint?: string;
}

const POLICY_NAME: Shape = { is: 'a policy name of 1 to 128 characters' };
const POLICY_LIST: Shape = { is: 'a list of policy names, like [FullAWSAccess, DenyLeaveOrganization]' };

/** What each place in org.yaml holds. `*` stands for any map key, `#` for any list index. */
const SHAPES: Record<string, Shape> = {
  '': { is: 'a map of settings: version, organization, limits, newPolicyTypes, policies, attachments, iamRoles' },
  organization: { is: 'a map with id and managementAccountId' },
  'organization.id': { is: 'an organization id', hint: 'an organization id looks like o-abc1234567' },
  'organization.managementAccountId': { is: 'an account id', hint: 'an account id is 12 digits, quoted ("111111111111")' },
  limits: { is: 'a map of policy type to limits, like SERVICE_CONTROL_POLICY: { maxAttachments: 5 }' },
  'limits.*': { is: 'a map with maxAttachments, maxSize or both' },
  'limits.*.maxAttachments': { is: 'a whole number from 1 to 100' },
  'limits.*.maxSize': { is: 'a whole number of characters from 1 to 1000000' },
  'limits.IAM_ROLE': { is: 'a map with maxAttachments, like IAM_ROLE: { maxAttachments: 20 }' },
  'limits.IAM_ROLE.maxAttachments': { is: "a whole number from 1 to 20 (AWS's highest quota of managed policies per role)" },
  newPolicyTypes: { is: 'a list of policy types newer than this release of reconcile, like [EXAMPLE_NEW_POLICY]' },
  'newPolicyTypes.#': { is: 'a policy type', hint: 'policy types are written like SERVICE_CONTROL_POLICY' },
  policies: { is: 'a map of policy name to { type, file }' },
  'policies.*': { is: 'a map with type and file (description and formerNames are optional)' },
  'policies.*.type': { is: 'a policy type, like SERVICE_CONTROL_POLICY' },
  'policies.*.description': { is: 'text of at most 512 characters' },
  'policies.*.file': { is: 'the path of the JSON policy file, relative to org.yaml' },
  'policies.*.formerNames': { is: 'a list of the names this policy had before, like [OldName]' },
  'policies.*.formerNames.#': POLICY_NAME,
  attachments: { is: 'a map with root, ous and accounts' },
  'attachments.root': POLICY_LIST,
  'attachments.root.#': POLICY_NAME,
  'attachments.ous': { is: 'a map of OU (its path, /Parent/Child, or its id, ou-…) to a list of policy names' },
  'attachments.ous.*': POLICY_LIST,
  'attachments.ous.*.#': POLICY_NAME,
  'attachments.accounts': { is: 'a map of account (its 12-digit id, quoted, or its name) to a list of policy names' },
  'attachments.accounts.*': POLICY_LIST,
  'attachments.accounts.*.#': POLICY_NAME,
  iamRoles: { is: 'a list of entries, each with accounts or ous, and roles' },
  'iamRoles.#': { is: 'a map with accounts or ous, roles (and optionally exceptAccounts, memberRole, ifRoleMissing)' },
  'iamRoles.#.accounts': { is: 'all, or a list of accounts (12-digit ids, quoted, or names), like [sandbox-1, "222222222222"]' },
  'iamRoles.#.accounts.#': { is: 'an account id (12 digits, quoted) or name' },
  'iamRoles.#.ous': { is: 'a list of OUs, by path (/Parent/Child) or id (ou-…)' },
  'iamRoles.#.ous.#': { is: 'an OU', hint: 'an OU is named by its path from the root, /Parent/Child, or its id ou-…' },
  'iamRoles.#.exceptAccounts': { is: 'a list of accounts (12-digit ids, quoted, or names)' },
  'iamRoles.#.exceptAccounts.#': { is: 'an account id (12 digits, quoted) or name' },
  'iamRoles.#.memberRole': { is: 'a role name', hint: 'a role name is 1 to 64 letters, digits and +=,.@_-' },
  'iamRoles.#.roles': { is: 'a map of role name to a list of managed policy ARNs' },
  'iamRoles.#.roles.*': { is: 'a list of managed policy ARNs, like [arn:aws:iam::aws:policy/ReadOnlyAccess]' },
  'iamRoles.#.roles.*.#': { is: 'a managed policy ARN' },
};

/** The maps whose keys are names chosen by the user: a key there is `*` in SHAPES. */
const OPEN_MAPS = new Set(['limits', 'policies', 'attachments.ous', 'attachments.accounts', 'iamRoles.#.roles']);

/** The path of an Ajv error, as written in org.yaml. */
export function errorPath(error: ErrorObject): string[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `policies.A.formerNames[0]`: where a value is, in a message. */
export function describePath(path: (string | number)[]): string {
  if (path.length === 0) return 'the file';
  return path.map((segment, i) => (/^\d+$/.test(String(segment)) ? `[${segment}]` : `${i > 0 ? '.' : ''}${segment}`)).join('');
}

/** `policies.*.formerNames.#`: the path with the user's names and list positions generalised, a key of SHAPES. */
function shapeKey(path: string[]): string {
  const generic: string[] = [];
  for (const segment of path) {
    if (OPEN_MAPS.has(generic.join('.'))) generic.push('*');
    else generic.push(/^\d+$/.test(segment) ? '#' : segment);
  }
  return generic.join('.');
}

/** The problem Ajv's `error` describes; undefined for policy type names, which checkPolicyTypes reports better. */
export function schemaProblem(error: ErrorObject, locator: Locator): Problem | undefined {
  const path = errorPath(error);
  if (isPolicyTypeError(error, path)) return undefined;
  // A value that fits none of anyOf's branches is said once, by its shape, not once per branch.
  if (error.schemaPath.includes('/anyOf/')) return undefined;
  const where = describePath(path);
  const at = locator.value(path);
  // Ajv reports a bad key (propertyNames) once per failed rule and once more for the key: one problem is enough.
  const badKey = error.propertyName ?? (error.params as { propertyName?: string }).propertyName;
  if (badKey !== undefined) {
    return { location: locator.key(path, badKey), message: `${JSON.stringify(badKey)} is not a valid key in ${where}${propertyNameHint(path)}` };
  }
  // A place with a fixed name (limits.IAM_ROLE) has its own shape, before the open map's.
  const shape = SHAPES[path.join('.')] ?? SHAPES[shapeKey(path)];
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      return { location: locator.key(path, key), message: `unknown key ${JSON.stringify(key)} in ${where}${knownKeys(error, key)}` };
    }
    case 'required':
      return { location: at, message: `${where} needs ${JSON.stringify(error.params.missingProperty)}` };
    case 'minProperties':
      if (shape) return { location: at, message: `${where} is empty; it must be ${shape.is}` };
      break;
    case 'enum':
      return { location: at, message: `${where} must be one of: ${(error.params.allowedValues as string[]).join(', ')}` };
    case 'const':
      return { location: at, message: `${where} must be ${JSON.stringify(error.params.allowedValue)}` };
    case 'uniqueItems': {
      const list = error.data as unknown[];
      return { location: locator.value([...path, error.params.j as number]), message: `${where} lists ${JSON.stringify(list[error.params.j as number])} twice` };
    }
    case 'anyOf':
    case 'type':
      if (shape) return { location: at, message: `${where} must be ${shape.is}${shape.hint ? `: ${shape.hint}` : ''}` };
      break;
    case 'pattern':
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
      if (shape) {
        const value = JSON.stringify(error.data);
        return { location: at, message: `${where} ${value} is not ${shape.is}${shape.hint ? `: ${shape.hint}` : ''}` };
      }
      break;
  }
  return { location: at, message: `${where} ${error.message}` };
}

/** The key that was probably meant, or the keys there are. */
function isPolicyTypeError(error: ErrorObject, path: string[]): boolean {
  const generic = shapeKey(path);
  if (generic === 'limits') return error.keyword === 'propertyNames' || error.propertyName !== undefined;
  return error.keyword === 'pattern' && (generic === 'policies.*.type' || generic === 'newPolicyTypes.#');
}

function knownKeys(error: ErrorObject, key: string): string {
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!properties) return '';
  const suggestion = closest(key, Object.keys(properties));
  return suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ` (known keys: ${Object.keys(properties).join(', ')})`;
}

function propertyNameHint(path: string[]): string {
  if (path.join('.') === 'attachments.ous') return ' (an OU is named by its path from the root, /Parent/Child, or its id ou-…)';
  if (path.join('.') === 'attachments.accounts') return ' (an account is named by its 12-digit id, quoted, or its name)';
  return '';
}
