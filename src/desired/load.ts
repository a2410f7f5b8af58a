// Loading org.yaml: read it (UTF-8, bounded), parse, check against the schema, then check what the schema cannot
// (policy type names, policy names, policy files and their grammar, sizes, attachment limits). Every problem is
// collected with its file, line and column, and reported at once; what is legal but suspicious is returned as a
// warning on the config. Nothing here talks to AWS, and every check is linear in the size of the file.

import { dirname } from 'node:path';
import AjvModule from 'ajv';
import { LineCounter, isMap, isPair, isScalar, parseDocument, type YAMLError } from 'yaml';
import { IAM_ROLE_LIMIT_KEY, IAM_ROLE_QUOTA } from '../aws/iam.js';
import { ACCOUNT_ID, OU_ID } from '../aws/ids.js';
import {
  DEFAULT_POLICIES,
  KNOWN_POLICY_TYPES,
  SCP,
  defaultLimits,
  defaultPolicyByName,
  limitsFor,
  type LimitOverrides,
  type PolicyType,
} from '../aws/policy-types.js';
import type { DesiredConfig, DesiredPolicy, SourceLocation, TargetEntry, TargetSelector } from './config.js';
import { iamRoleEntries, type RawIamRoleEntry } from './iam-roles.js';
import { Locator } from './locator.js';
import { ORG_SCHEMA } from './org-schema.js';
import { readPolicyFile } from './policy-file.js';
import { checkPolicyGrammar } from './policy-grammar.js';
import { checkPolicyTypes } from './policy-type-names.js';
import { ConfigError, type Problem } from './problems.js';
import { schemaProblem } from './schema-messages.js';
import { MAX_CONFIG_BYTES, formatSize, notUtf8, readTextFile } from './text-file.js';
import { checkStructure } from './yaml-structure.js';

const Ajv = AjvModule.default ?? AjvModule;
const validateSchema = new Ajv({ allErrors: true, strict: true, verbose: true }).compile(ORG_SCHEMA);

/** org.yaml needs five levels (iamRoles[n].roles.<name>[n]); far deeper nesting is a mistake or an attack on the parser. */
const MAX_DEPTH = 32;

interface RawConfig {
  version: 1;
  organization?: { id?: string; managementAccountId?: string };
  limits?: Record<string, { maxAttachments?: number; maxSize?: number }>;
  unlistedTargets?: 'ignore' | 'default';
  policies?: Record<string, { type: string; description?: string; file: string; formerNames?: string[] }>;
  attachments?: { root?: string[]; ous?: Record<string, string[]>; accounts?: Record<string, string[]> };
  iamRoles?: RawIamRoleEntry[];
}

/** Loads and validates org.yaml; throws ConfigError listing every problem found. */
export function loadConfig(file: string): DesiredConfig {
  const read = readTextFile(file, file, MAX_CONFIG_BYTES);
  if (!read.ok) {
    const start = { file, line: 1, column: 1 };
    switch (read.reason) {
      case 'unreadable': {
        const reason = read.code === 'ENOENT' ? 'file not found (use -c to name another file)' : `cannot be read (${read.code})`;
        throw new ConfigError([{ location: start, message: reason }]);
      }
      case 'not-a-file':
        throw new ConfigError([{ location: start, message: 'is not a file (use -c to name org.yaml)' }]);
      case 'too-large':
        throw new ConfigError([
          { location: start, message: `is ${formatSize(read.size)}, over the ${formatSize(MAX_CONFIG_BYTES)} an org.yaml may have; it was not read` },
        ]);
      case 'not-utf8':
        throw new ConfigError([{ location: read.location, message: notUtf8(read.byte) }]);
    }
  }
  return parseConfig(file, read.text);
}

export function parseConfig(file: string, text: string): DesiredConfig {
  const lineCounter = new LineCounter();
  // Duplicate keys are found by checkStructure in one pass; the parser's own check is quadratic in a map's size.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number): SourceLocation => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    // Once the parser runs out of stack, what it reports after is noise.
    const exhausted = doc.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION');
    const errors = exhausted ? [exhausted] : doc.errors;
    throw new ConfigError(dedupe(errors.map((e) => ({ location: at(e.pos[0]), message: yamlMessage(e) }))));
  }
  const structure = checkStructure(doc, at, { maxDepth: MAX_DEPTH, what: 'org.yaml' });
  if (structure.problems.length > 0) throw new ConfigError(dedupe(structure.problems));
  const locator = new Locator(doc, at);
  const problems: Problem[] = [...unquotedAccountIds(locator)];
  let raw: unknown;
  try {
    // An alias may stand for a list used many times (*baseline under every account), but its expansion may not
    // outgrow the file: a "billion laughs" of nested aliases is a few lines that expand to gigabytes.
    raw = doc.toJS({ maxAliasCount: Math.max(100, text.length) });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    const message = /alias count/i.test(err.message)
      ? 'aliases (*name) here expand to far more data than the file holds; write the values out instead of nesting aliases'
      : `YAML: ${err.message}`;
    throw new ConfigError([{ location: structure.firstAlias ?? at(0), message }]);
  }
  if (!validateSchema(raw)) {
    for (const error of validateSchema.errors ?? []) {
      const problem = schemaProblem(error, locator);
      if (problem) problems.push(problem);
    }
  }
  const types = checkPolicyTypes(raw, locator);
  problems.push(...types.problems);
  if (problems.length > 0) throw new ConfigError(dedupe(problems));
  const warnings = [...types.warnings];
  const config = buildConfig(file, raw as RawConfig, locator, problems, warnings);
  if (problems.length > 0) throw new ConfigError(dedupe(problems));
  return { ...config, newPolicyTypes: types.acknowledged, warnings: dedupe(warnings) };
}

/** The YAML parser's findings, in our words where its own would send the user to the library's documentation. */
function yamlMessage(error: YAMLError): string {
  switch (error.code) {
    case 'MULTIPLE_DOCS':
      return 'a second YAML document starts here; org.yaml is one document (remove this --- and merge what follows it)';
    case 'RESOURCE_EXHAUSTION':
      return 'nested too deeply for the YAML parser to follow; org.yaml needs only a few levels';
    default:
      return `YAML: ${error.message.split('\n')[0]}`;
  }
}

function unquotedAccountIds(locator: Locator): Problem[] {
  const accounts = locator.node(['attachments', 'accounts']);
  if (!isMap(accounts)) return [];
  const problems: Problem[] = [];
  for (const pair of accounts.items) {
    if (isPair(pair) && isScalar(pair.key) && typeof pair.key.value === 'number') {
      problems.push({
        location: locator.key(['attachments', 'accounts'], String(pair.key.value)),
        message: `account id ${pair.key.source ?? pair.key.value} must be quoted ("…"): unquoted, YAML reads it as a number and drops leading zeros`,
      });
    }
  }
  return problems;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const out = problems.filter((p) => {
    const key = `${p.location.line}:${p.location.column}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return out.sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column);
}

function buildConfig(file: string, raw: RawConfig, locator: Locator, problems: Problem[], warnings: Problem[]): Omit<DesiredConfig, 'newPolicyTypes' | 'warnings'> {
  const repositoryDir = dirname(file);
  const limits: LimitOverrides = {};
  for (const [type, override] of Object.entries(raw.limits ?? {})) if (type !== IAM_ROLE_LIMIT_KEY) limits[type] = { ...override };
  const iamRoleLimits = { maxAttachments: raw.limits?.[IAM_ROLE_LIMIT_KEY]?.maxAttachments ?? IAM_ROLE_QUOTA.defaultMaxAttachments };
  warnings.push(...limitsAboveQuotas(limits, locator));

  const policies = new Map<string, DesiredPolicy>();
  const ownerOfName = new Map<string, string>();
  const declaredFile = new Map<string, { name: string; location: SourceLocation }>();
  for (const [name, spec] of Object.entries(raw.policies ?? {})) {
    const keyLocation = locator.key(['policies'], name);
    problems.push(...controlCharacters(name, spec, locator));
    if (defaultPolicyByName(name)) {
      problems.push({ location: keyLocation, message: `${name} is AWS-managed: list it under attachments without declaring it` });
      continue;
    }
    (spec.formerNames ?? []).forEach((former, i) => {
      if (defaultPolicyByName(former)) {
        problems.push({
          location: locator.value(['policies', name, 'formerNames', i]),
          message: `former name ${former} is an AWS-managed policy, which can never be renamed: remove it from formerNames`,
        });
      }
    });
    for (const former of spec.formerNames ?? []) {
      const owner = ownerOfName.get(former);
      if (former === name || raw.policies?.[former] || owner) {
        problems.push({
          location: locator.value(['policies', name, 'formerNames']),
          message: `former name ${former} is already ${owner ? `a former name of ${owner}` : 'the name of a declared policy'}`,
        });
      }
      ownerOfName.set(former, name);
    }
    const fileLocation = locator.value(['policies', name, 'file']);
    const read = readPolicyFile(repositoryDir, spec.file, fileLocation);
    if (!read.ok) {
      problems.push(...read.problems);
      continue;
    }
    const grammar = checkPolicyGrammar(spec.type, read.value.document as Record<string, unknown>, read.locator);
    problems.push(...grammar.errors);
    warnings.push(...grammar.warnings);
    // Two names for one file: most often a copied declaration whose file was not changed.
    const first = declaredFile.get(read.realPath);
    if (first) {
      warnings.push({
        location: fileLocation,
        message: `${spec.file} is also the file of ${first.name} (line ${first.location.line}): two policies with one document`,
      });
    } else declaredFile.set(read.realPath, { name, location: fileLocation });
    const { maxSize } = limitsFor(spec.type, limits);
    const size = Buffer.byteLength(read.value.content, 'utf8');
    if (size > maxSize) {
      problems.push({
        location: fileLocation,
        message: `${spec.file} is ${size} bytes once minified; ${spec.type} allows at most ${maxSize}`,
      });
    }
    policies.set(name, {
      name,
      type: spec.type,
      description: spec.description,
      file: spec.file,
      document: read.value.document,
      content: read.value.content,
      formerNames: spec.formerNames ?? [],
      source: keyLocation,
    });
  }

  const targets = targetEntries(raw, locator, problems);
  const typeOfPolicy = (name: string): PolicyType | undefined =>
    raw.policies?.[name]?.type ?? defaultPolicyByName(name)?.type;
  const managedTypes = new Set<PolicyType>(Object.values(raw.policies ?? {}).map((p) => p.type));
  if (targets.length > 0) managedTypes.add(SCP);
  for (const entry of targets) {
    for (const name of entry.policies) {
      const type = typeOfPolicy(name);
      if (type) managedTypes.add(type);
    }
  }
  for (const entry of targets) checkTargetEntry(entry, typeOfPolicy, [...managedTypes], limits, problems);
  warnings.push(...scpsOnManagementAccount(raw, targets, typeOfPolicy));
  const iamRoles = iamRoleEntries(raw.iamRoles, iamRoleLimits.maxAttachments, locator, problems);

  return {
    file,
    organization: raw.organization ?? {},
    limits,
    policies,
    targets,
    unlistedTargets: raw.unlistedTargets ?? 'ignore',
    iamRoles,
    iamRoleLimits,
    managedTypes: [...managedTypes].sort(),
  };
}

/**
 * Limits are configuration because AWS changes its quotas (SCPs went from 5 to 10 attachments); one above the
 * quota AWS documents today is probably a typo, and AWS would refuse what it lets through.
 */
/**
 * SCPs never apply to the management account
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html): listing any besides
 * FullAWSAccess there restricts nothing. Offline, the management account is known when org.yaml's guard names it
 * (the plan says the same from the live organization).
 */
function scpsOnManagementAccount(raw: RawConfig, targets: TargetEntry[], typeOfPolicy: (name: string) => PolicyType | undefined): Problem[] {
  const management = raw.organization?.managementAccountId;
  const entry = management ? targets.find((t) => t.selector.kind === 'accountId' && t.selector.id === management) : undefined;
  const scps = entry?.policies.filter((name) => typeOfPolicy(name) === SCP && name !== DEFAULT_POLICIES[SCP].name) ?? [];
  if (!entry || scps.length === 0) return [];
  return [{ location: entry.source, message: `${entry.key} is the management account: SCPs never apply to it, so ${scps.join(', ')} restricts nothing there` }];
}

function limitsAboveQuotas(limits: LimitOverrides, locator: Locator): Problem[] {
  const found: Problem[] = [];
  for (const [type, override] of Object.entries(limits)) {
    if (!KNOWN_POLICY_TYPES.includes(type)) continue; // a newer type's quotas are not known here
    const quotas = defaultLimits(type);
    for (const field of ['maxAttachments', 'maxSize'] as const) {
      const value = override[field];
      if (value === undefined || value <= quotas[field]) continue;
      found.push({
        location: locator.value(['limits', type, field]),
        message:
          `limits.${type}.${field} ${value} is above AWS's quota of ${quotas[field]}; plans follow org.yaml, ` +
          `but AWS refuses what goes past its quota (\`reconcile rehearse\` will use AWS's)`,
      });
    }
  }
  return found;
}

/** Any C0 or C1 control character but tab, newline and carriage return. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * A policy's name, description and former names go to AWS and on to consoles, logs and terminals, where a NUL
 * or an escape sequence hides or rewrites what a reviewer saw. YAML's "\0" and "\e" make them easy to write.
 */
function controlCharacters(name: string, spec: { description?: string; formerNames?: string[] }, locator: Locator): Problem[] {
  const found: Problem[] = [];
  const check = (text: string, what: string, location: SourceLocation) => {
    const match = CONTROL_CHARACTER.exec(text);
    if (!match) return;
    const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    found.push({ location, message: `${what} ${printable(text)} contains the control character U+${code}; write plain text` });
  };
  check(name, 'policy name', locator.key(['policies'], name));
  if (spec.description !== undefined) check(spec.description, `the description of ${JSON.stringify(name)}`, locator.value(['policies', name, 'description']));
  (spec.formerNames ?? []).forEach((former, i) => check(former, 'former name', locator.value(['policies', name, 'formerNames', i])));
  return found;
}

/** `text` quoted, with every control character escaped: JSON.stringify leaves C1 controls (a terminal's CSI) as they are. */
function printable(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function targetEntries(raw: RawConfig, locator: Locator, problems: Problem[]): TargetEntry[] {
  const entries: TargetEntry[] = [];
  const attachments = raw.attachments ?? {};
  if (attachments.root) {
    entries.push({ key: 'root', selector: { kind: 'root' }, policies: attachments.root, source: locator.key(['attachments'], 'root') });
  }
  for (const [key, policies] of Object.entries(attachments.ous ?? {})) {
    const source = locator.key(['attachments', 'ous'], key);
    let selector: TargetSelector;
    if (OU_ID.test(key)) selector = { kind: 'ouId', id: key };
    else {
      const path = key.split('/').slice(1);
      if (path.some((segment) => segment.length === 0)) {
        problems.push({ location: source, message: `OU path ${key} has an empty segment (write /Parent/Child)` });
        continue;
      }
      selector = { kind: 'ouPath', path };
    }
    entries.push({ key, selector, policies, source });
  }
  for (const [key, policies] of Object.entries(attachments.accounts ?? {})) {
    const source = locator.key(['attachments', 'accounts'], key);
    const selector: TargetSelector = ACCOUNT_ID.test(key) ? { kind: 'accountId', id: key } : { kind: 'accountName', name: key };
    if (/^\d+$/.test(key) && selector.kind === 'accountName') {
      problems.push({ location: source, message: `account id ${key} is not 12 digits` });
      continue;
    }
    entries.push({ key, selector, policies, source });
  }
  return entries;
}

function checkTargetEntry(
  entry: TargetEntry,
  typeOfPolicy: (name: string) => PolicyType | undefined,
  managedTypes: PolicyType[],
  limits: LimitOverrides,
  problems: Problem[],
): void {
  const counts = new Map<PolicyType, number>();
  const seen = new Set<string>();
  for (const name of entry.policies) {
    if (seen.has(name)) problems.push({ location: entry.source, message: `${entry.key} lists ${name} twice` });
    seen.add(name);
    const type = typeOfPolicy(name);
    if (!type) {
      problems.push({ location: entry.source, message: `${entry.key} lists ${name}, which is not declared under policies` });
      continue;
    }
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  for (const type of managedTypes) {
    const count = counts.get(type) ?? 0;
    const { minAttachments, maxAttachments } = limitsFor(type, limits);
    const defaultPolicy = DEFAULT_POLICIES[type];
    if (count < minAttachments) {
      const hint = defaultPolicy ? ` (list ${defaultPolicy.name} to keep AWS's default)` : '';
      problems.push({
        location: entry.source,
        message: `${entry.key} lists ${count} ${type} ${count === 1 ? 'policy' : 'policies'}; every target must keep at least ${minAttachments}${hint}`,
      });
    }
    if (count > maxAttachments) {
      problems.push({
        location: entry.source,
        message: `${entry.key} lists ${count} ${type} policies; at most ${maxAttachments} may be attached to one target`,
      });
    }
    if (defaultPolicy && !defaultPolicy.detachable && count >= minAttachments && !entry.policies.includes(defaultPolicy.name)) {
      problems.push({
        location: entry.source,
        message: `${entry.key} must list ${defaultPolicy.name}: AWS never detaches it`,
      });
    }
  }
}
