// `reconcile effective`: for each account and management policy type, the effective policy now, after the plan
// (with a diff and the policies that contributed at each level), and, with --compare, whether AWS's own answer
// agrees. As text for people, or as a documented JSON document (schema in effective-document-schema.ts).

import type { EffectiveResult } from '../effective/result.js';
import type { TargetRef } from '../model/org-state.js';
import type { Colors } from './colors.js';
import equal from 'fast-deep-equal';
import { contentDiff, indent, prettyDocument } from './content-diff.js';
import { shortType } from './words.js';

export const EFFECTIVE_DOCUMENT_VERSION = 1;

export interface EffectiveReport {
  account: TargetRef;
  policyType: string;
  current: EffectiveResult;
  /** After the plan of org.yaml; undefined without an org.yaml. */
  planned?: EffectiveResult;
  /** AWS's DescribeEffectivePolicy answer (null: not found), with --compare. */
  aws?: Record<string, unknown> | null;
  /** How a level of the account's path reads (the root, an OU's path, the account's name), for the contributors. */
  levelName: (id: string) => string | undefined;
}

/** Documents compare as data: AWS returns keys in no stable order. */
const same = (a: unknown, b: unknown) => equal(a, b);

export function matchesAws(report: EffectiveReport): boolean | undefined {
  return report.aws === undefined ? undefined : same(report.aws, report.current.document);
}

export function effectiveDocument(reports: EffectiveReport[]): object {
  return {
    format: 'reconcile/effective',
    version: EFFECTIVE_DOCUMENT_VERSION,
    accounts: reports.map((r) => ({
      account: { id: r.account.id, name: r.account.label === r.account.id ? null : r.account.label },
      policyType: r.policyType,
      current: r.current.document,
      planned: r.planned ? r.planned.document : null,
      changed: r.planned ? !same(r.current.document, r.planned.document) : false,
      contributors: (r.planned ?? r.current).contributors.map((c) => ({
        target: { id: c.targetId, type: c.targetType, name: r.levelName(c.targetId) ?? null },
        policies: c.policies,
      })),
      validationErrors: (r.planned ?? r.current).validationErrors,
      conflicts: (r.planned ?? r.current).conflicts,
      ...(r.aws !== undefined ? { aws: r.aws, matchesAws: matchesAws(r) } : {}),
    })),
  };
}

export function renderEffectiveText(reports: EffectiveReport[], c: Colors): string {
  const lines: string[] = [];
  for (const r of reports) {
    const who = r.account.label === r.account.id ? r.account.id : `${r.account.label} (${r.account.id})`;
    lines.push(c.bold(`${who}: effective ${shortType(r.policyType)} policy`));
    const shown = r.planned ?? r.current;
    for (const level of shown.contributors) {
      lines.push(`  from ${r.levelName(level.targetId) ?? level.targetId}: ${level.policies.map((p) => p.name).join(', ')}`);
    }
    if (r.current.document === null) lines.push(c.dim(`  now: ${r.policyType} is not enabled: AWS finds no effective policy`));
    else lines.push('  now:', ...indent(prettyDocument(r.current.document).trimEnd().split('\n'), 4));
    if (r.planned) {
      if (same(r.current.document, r.planned.document)) lines.push(c.dim('  after the plan: the same'));
      else lines.push('  after the plan:', ...indent(contentDiff(r.current.document ?? {}, r.planned.document ?? {}, 'now', 'after the plan'), 4));
    }
    for (const e of shown.validationErrors) lines.push(`  ${c.yellow('!')} invalid for AWS: ${e.errorCode} at ${e.pathToError || 'the top'}: ${e.errorMessage}`);
    for (const x of shown.conflicts) {
      lines.push(`  ${c.yellow('!')} ${x.path}: ${x.winner.name} wins over ${x.others.map((p) => p.name).join(', ')} because it was attached first`);
    }
    const match = matchesAws(r);
    if (match !== undefined) lines.push(match ? c.green("  AWS's DescribeEffectivePolicy agrees") : c.red("  AWS's DescribeEffectivePolicy differs:"));
    if (match === false) lines.push(...indent(contentDiff(r.current.document ?? {}, r.aws ?? {}, 'reconcile', 'AWS'), 4));
    lines.push('');
  }
  return lines.join('\n');
}

