// The grammar of SCPs and RCPs: IAM's policy language, with what each of the two forbids or requires.
//
// SCPs: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
//   Since September 2025 SCPs take the full IAM language (Condition, resource ARNs, NotAction and NotResource in
//   Allow statements too); Principal and NotPrincipal are not supported.
// RCPs: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
//   Every statement has Principal, and it can only be "*"; Effect is Deny (Allow is for AWS's RCPFullAWSAccess
//   alone); Action is required, and cannot be "*"; Resource or NotResource is required; NotPrincipal and
//   NotAction are not supported.
// Sid: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html (letters and digits,
//   unique within the policy). Condition operators:
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

import { RCP } from '../aws/policy-types.js';
import type { Path } from './locator.js';
import { isObject, where, type Findings } from './policy-findings.js';
import { closest } from './suggest.js';

const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'];
const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const VERSION = '2012-10-17';

const CONDITION_OPERATORS = [
  ...['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
  ...['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  ...['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  ...['Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
];
/** Every operator a Condition may use: the above, with ForAllValues:/ForAnyValue: and IfExists, and Null alone. */
const ALL_CONDITION_OPERATORS = [
  'Null',
  ...CONDITION_OPERATORS.flatMap((operator) =>
    ['', 'ForAllValues:', 'ForAnyValue:'].flatMap((prefix) => [`${prefix}${operator}`, `${prefix}${operator}IfExists`]),
  ),
];

/** "*", or service:action with wildcards anywhere in the action (service prefixes are lower case, digits, "-"). */
const ACTION = /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+)$/;
const SID = /^[A-Za-z0-9]*$/;

export function checkAuthorizationPolicy(type: string, document: Record<string, unknown>, findings: Findings): void {
  const kind = type === RCP ? 'RCP' : 'SCP';
  for (const key of Object.keys(document)) {
    if (!POLICY_ELEMENTS.includes(key)) findings.keyError([], key, unknownElement(key, POLICY_ELEMENTS, `an ${kind} has Version and Statement`));
  }
  checkVersion(kind, document, findings);
  if ('Id' in document && typeof document.Id !== 'string') findings.error(['Id'], 'Id must be a string');

  if (!('Statement' in document)) {
    findings.error([], `an ${kind} needs a Statement: one statement, or a list of them`);
    return;
  }
  const statements: [Path, unknown][] = Array.isArray(document.Statement)
    ? document.Statement.map((statement, i) => [['Statement', i], statement])
    : [[['Statement'], document.Statement]];
  if (Array.isArray(document.Statement) && document.Statement.length === 0) {
    findings.warn(['Statement'], `Statement is an empty list: this ${kind} allows and denies nothing`);
  }
  const sids = new Map<string, Path>();
  for (const [path, statement] of statements) {
    if (!isObject(statement)) {
      findings.error(path, `${where(path)} must be a statement: an object with Effect, Action and Resource`);
      continue;
    }
    if (typeof statement.Sid === 'string' && statement.Sid !== '') {
      const first = sids.get(statement.Sid);
      if (first) findings.error([...path, 'Sid'], `Sid ${JSON.stringify(statement.Sid)} is also the Sid of ${where(first)}: Sids must be unique within a policy`);
      else sids.set(statement.Sid, path);
    }
    checkStatement(kind, path, statement, findings);
  }
}

function checkVersion(kind: string, document: Record<string, unknown>, findings: Findings): void {
  if (!('Version' in document)) {
    // AWS accepts it, and reads the policy in the 2008-10-17 language: no policy variables such as ${aws:username}.
    findings.warn([], `this ${kind} has no Version; add "Version": "${VERSION}" (without it, AWS reads the policy in the old 2008-10-17 language)`);
  } else if (document.Version === '2008-10-17') {
    findings.warn(['Version'], `Version 2008-10-17 is the old policy language, without policy variables; AWS documents "${VERSION}" for ${kind}s`);
  } else if (document.Version !== VERSION) {
    findings.error(['Version'], `Version must be "${VERSION}", not ${JSON.stringify(document.Version)}`);
  }
}

function checkStatement(kind: string, path: Path, statement: Record<string, unknown>, findings: Findings): void {
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_ELEMENTS.includes(key)) {
      findings.keyError(path, key, unknownElement(key, STATEMENT_ELEMENTS, `a statement has ${STATEMENT_ELEMENTS.join(', ')}`));
    }
  }
  const at = (element: string) => [...path, element];
  const has = (element: string) => element in statement;

  if (has('Sid') && (typeof statement.Sid !== 'string' || !SID.test(statement.Sid))) {
    findings.error(at('Sid'), `Sid ${JSON.stringify(statement.Sid)} may hold only letters and digits (A-Z, a-z, 0-9)`);
  }

  if (!has('Effect')) findings.error(path, `${where(path)} needs "Effect": "Allow" or "Deny"`);
  else if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    findings.error(at('Effect'), `Effect must be "Allow" or "Deny" (in that case), not ${JSON.stringify(statement.Effect)}`);
  } else if (kind === 'RCP' && statement.Effect === 'Allow') {
    findings.error(at('Effect'), 'an RCP statement must be "Effect": "Deny"; only AWS\'s own RCPFullAWSAccess allows');
  }

  if (kind === 'SCP') {
    for (const element of ['Principal', 'NotPrincipal']) {
      if (has(element)) findings.keyError(path, element, `an SCP has no ${element}: it applies to every principal in the accounts it is attached to`);
    }
  } else {
    if (has('NotPrincipal')) findings.keyError(path, 'NotPrincipal', 'RCPs do not support NotPrincipal; write "Principal": "*" and a Condition on aws:PrincipalArn');
    if (!has('Principal')) {
      findings.error(path, `${where(path)} has no Principal; AWS requires "Principal": "*" in every RCP statement`);
    } else if (statement.Principal !== '*') {
      findings.error(at('Principal'), `Principal must be "*" in an RCP, not ${JSON.stringify(statement.Principal)}; restrict principals with a Condition`);
    }
  }

  if (has('Action') && has('NotAction')) findings.keyError(path, 'NotAction', 'a statement has Action or NotAction, not both');
  else if (!has('Action') && !has('NotAction')) findings.error(path, `${where(path)} needs "Action"${kind === 'SCP' ? ' (or "NotAction")' : ''}`);
  if (kind === 'RCP' && has('NotAction')) findings.keyError(path, 'NotAction', 'RCPs do not support NotAction; list the actions to deny under Action');
  for (const element of ['Action', 'NotAction']) {
    if (!has(element)) continue;
    const actions = stringList(statement[element], at(element), findings);
    actions.forEach((action, i) => {
      const actionPath = Array.isArray(statement[element]) ? [...at(element), i] : at(element);
      if (!ACTION.test(action)) {
        findings.error(actionPath, `${element} ${JSON.stringify(action)} is not "*" or service:action (like "s3:GetObject" or "ec2:Describe*")`);
      } else if (kind === 'RCP' && action === '*') {
        findings.error(actionPath, 'an RCP cannot deny "*": name the service, like "s3:*" (AWS refuses "*" in a customer RCP)');
      }
    });
  }

  if (has('Resource') && has('NotResource')) findings.keyError(path, 'NotResource', 'a statement has Resource or NotResource, not both');
  else if (kind === 'RCP' && !has('Resource') && !has('NotResource')) findings.error(path, `${where(path)} needs "Resource" (or "NotResource")`);
  for (const element of ['Resource', 'NotResource']) {
    if (!has(element)) continue;
    stringList(statement[element], at(element), findings).forEach((resource, i) => {
      if (resource !== '*' && !resource.startsWith('arn:')) {
        const resourcePath = Array.isArray(statement[element]) ? [...at(element), i] : at(element);
        findings.error(resourcePath, `${element} ${JSON.stringify(resource)} is not "*" or an ARN (arn:partition:service:region:account:resource)`);
      }
    });
  }

  if (has('Condition')) checkCondition(at('Condition'), statement.Condition, findings);
}

/** The strings of a value that must be a string or a non-empty list of strings; anything else is an error. */
function stringList(value: unknown, path: Path, findings: Findings): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) return value as string[];
  findings.error(path, `${where(path)} must be a string or a non-empty list of strings`);
  return [];
}

/** Condition: operator → condition key → a string, number or boolean, or a list of them. */
function checkCondition(path: Path, condition: unknown, findings: Findings): void {
  if (!isObject(condition)) {
    findings.error(path, 'Condition must be an object of operators, like { "StringEquals": { "aws:RequestedRegion": "eu-west-1" } }');
    return;
  }
  for (const [operator, block] of Object.entries(condition)) {
    if (!ALL_CONDITION_OPERATORS.includes(operator)) {
      const suggestion = closest(operator, ALL_CONDITION_OPERATORS);
      findings.keyError(path, operator, `unknown condition operator ${JSON.stringify(operator)}${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
    }
    const blockPath = [...path, operator];
    if (!isObject(block)) {
      findings.error(blockPath, `${operator} must be an object of condition keys, like { "aws:RequestedRegion": ["eu-west-1"] }`);
      continue;
    }
    for (const [key, value] of Object.entries(block)) {
      if (key === '') findings.keyError(blockPath, key, 'a condition key must not be empty');
      const values = Array.isArray(value) ? value : [value];
      if ((Array.isArray(value) && value.length === 0) || !values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
        findings.error([...blockPath, key], `the value of ${JSON.stringify(key)} must be a string, number or boolean, or a non-empty list of them`);
      }
    }
  }
}

function unknownElement(key: string, known: string[], explanation: string): string {
  const suggestion = closest(key, known);
  return `unknown element ${JSON.stringify(key)}${suggestion ? `; did you mean "${suggestion}"?` : `: ${explanation}`}`;
}
