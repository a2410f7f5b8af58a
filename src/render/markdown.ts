// `reconcile plan --format markdown`: the plan as a pull-request comment. The summary comes first, attachment
// changes are a table grouped by target (and IAM role attachments by account and role), content diffs fold away, warnings stand out. A comment on GitHub holds
// at most 65,536 characters: past that, diffs and then table rows are summarised, always saying what was left
// out, never dropping a step silently.

import type { AttachmentStep, Plan, RoleAttachmentStep, Step } from '../plan/plan.js';
import { hasChanges, isRoleAttachment } from '../plan/plan.js';
import { colorsFor } from './colors.js';
import { labelOf, type PlanView } from './plan-view.js';
import { summaryLine } from './text.js';
import { documentChangeText, effectiveGroupText, effectiveNote, iamLeftOutTexts, shortType, unmanagedText, warningText } from './words.js';

/** Lets the CI recipe find and update its own comment. */
export const COMMENT_MARKER = '<!-- reconcile-plan -->';
export const GITHUB_COMMENT_LIMIT = 65_536;

// Names and descriptions come from AWS, where anyone with access to the console could have written them: each is
// kept to one line and to text, so that none can end a list item, start a heading, close a <details> or split a
// table row.
const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ');
const code = (s: string) => '`' + oneLine(s).replace(/`/g, "'") + '`';
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Prose that may quote names from AWS. */
const text = (s: string) => escapeHtml(oneLine(s));
/** A table cell: a pipe would start the next cell (GitHub honours `\|`, inside code spans too). */
const cell = (s: string) => oneLine(s).replace(/\|/g, '\\|');

export function renderMarkdown(view: PlanView, limit = GITHUB_COMMENT_LIMIT): string {
  const { plan } = view;
  const head = header(view);
  const unmanaged = [...iamLeftOutSection(view), ...unmanagedSection(view)];
  const policies = policySection(plan);
  const diffs = diffSection(view);
  let rows = attachmentRows(view);
  const size = (parts: string[][]) => parts.flat().join('\n').length + 1;

  // Past the limit, the diffs go first (content, then effective policies), then attachment rows.
  let diffPart = diffs;
  let effective = effectiveSection(view, true);
  const build = (attachments: string[]) => [head, policies, attachments, diffPart, effective, unmanaged];
  if (size(build(attachmentSection(rows, 0))) > limit && diffs.length) {
    const count = view.diffs.size;
    diffPart = ['', '#### Content changes', '', `_${count} content diff${count === 1 ? '' : 's'} left out to stay under GitHub's comment size; run \`reconcile plan\` or see the plan artifact._`];
  }
  if (size(build(attachmentSection(rows, 0))) > limit) effective = effectiveSection(view, false);
  let omitted = 0;
  while (size(build(attachmentSection(rows, omitted))) > limit && rows.length > 0) {
    const cut = Math.max(1, Math.ceil(rows.length / 10));
    omitted += cut;
    rows = rows.slice(0, rows.length - cut);
  }
  return build(attachmentSection(rows, omitted)).flat().join('\n') + '\n';
}

function header(view: PlanView): string[] {
  const { plan } = view;
  const lines = [COMMENT_MARKER, `### reconcile plan for ${code(plan.organizationId)}`, ''];
  if (!hasChanges(plan)) lines.push('**No changes.** The organization matches org.yaml.');
  else lines.push(`**${summaryLine(plan, colorsFor({ isTTY: false })).replace(/^Plan: /, '')}**`);
  if (plan.warnings.length > 0) {
    lines.push('', '> [!WARNING]');
    for (const w of plan.warnings) lines.push(`> - ${text(warningText(view, w))}`);
  }
  const enable = plan.steps.filter((s) => s.action === 'enable-policy-type');
  if (enable.length) {
    lines.push('', '#### Policy types to enable', '');
    for (const s of enable) if (s.action === 'enable-policy-type') lines.push(`- ${code(s.policyType)}`);
  }
  return lines;
}

function policySection(plan: Plan): string[] {
  const steps = plan.steps.filter((s) => s.action === 'create-policy' || s.action === 'update-policy' || s.action === 'delete-policy');
  if (!steps.length) return [];
  const lines = ['', '#### Policies', '', '| Change | Policy | Type | Details |', '|---|---|---|---|'];
  for (const s of steps) lines.push(policyRow(s));
  return lines;
}

function policyRow(step: Step): string {
  switch (step.action) {
    case 'create-policy':
      return `| ➕ create | ${cell(code(step.policy.name))} | ${shortType(step.policy.type)} | ${cell(text(step.description || 'new policy'))} |`;
    case 'update-policy': {
      const details = [
        step.name ? `renamed from ${code(step.name.from)}` : '',
        step.description ? `description ${step.description.from ? code(step.description.from) : '_(none)_'} → ${code(step.description.to)}` : '',
        step.content ? 'content changed (diff below)' : '',
      ].filter(Boolean);
      return `| ✏️ update | ${cell(code(step.policy.name))} (${code(step.policy.key)}) | ${shortType(step.policy.type)} | ${cell(details.join('; '))} |`;
    }
    case 'delete-policy':
      return `| 🗑️ delete | ${cell(code(step.policy.name))} (${code(step.policy.key)}) | ${shortType(step.policy.type)} | not declared in org.yaml and attached nowhere |`;
    default:
      return '';
  }
}

function attachmentRows(view: PlanView): string[] {
  const byTarget = new Map<string, AttachmentStep[]>();
  const byRole = new Map<string, RoleAttachmentStep[]>();
  for (const s of view.plan.steps) {
    if (isRoleAttachment(s)) {
      const key = `${s.account.id}\0${s.role}`;
      byRole.set(key, [...(byRole.get(key) ?? []), s]);
    }
    if (s.action !== 'attach' && s.action !== 'detach') continue;
    byTarget.set(s.target.id, [...(byTarget.get(s.target.id) ?? []), s]);
  }
  return [...targetRows(view, byTarget), ...roleRows(view, byRole)];
}

/** One row per account and role: the managed policies attached and detached. */
function roleRows(view: PlanView, byRole: Map<string, RoleAttachmentStep[]>): string[] {
  return [...byRole.values()].map((steps) => {
    const { account, role } = steps[0];
    const label = labelOf(view, account);
    const where = `role ${code(role)} in ${label === account.id ? code(account.id) : `${code(label)} (${code(account.id)})`}`;
    const list = (action: RoleAttachmentStep['action']) =>
      steps
        .filter((s) => s.action === action)
        .map((s) => code(s.policyArn))
        .join(', ');
    return `| ${cell(where)} | ${cell(list('attach-role-policy'))} | ${cell(list('detach-role-policy'))} |`;
  });
}

function targetRows(view: PlanView, byTarget: Map<string, AttachmentStep[]>): string[] {
  return [...byTarget.values()].map((steps) => {
    const t = steps[0].target;
    const label = labelOf(view, t);
    const name = label === t.id ? code(t.id) : `${code(label)} (${code(t.id)})`;
    const list = (action: 'attach' | 'detach') =>
      steps
        .filter((s) => s.action === action)
        .map((s) => `${code(s.policy.name)} ${shortType(s.policy.type)}`)
        .join(', ');
    return `| ${cell(name)} | ${cell(list('attach'))} | ${cell(list('detach'))} |`;
  });
}

function attachmentSection(rows: string[], omitted: number): string[] {
  if (!rows.length && !omitted) return [];
  const lines = ['', '#### Attachments', '', 'Replacements are attached before anything is detached on each target.', '', '| Target | Attach | Detach |', '|---|---|---|', ...rows];
  if (omitted) lines.push('', `_…and ${omitted} more target${omitted === 1 ? '' : 's'} with changes, left out to stay under GitHub's comment size; the plan artifact and \`reconcile plan\` list every step._`);
  return lines;
}

function iamLeftOutSection(view: PlanView): string[] {
  const lines = view.plan.iam ? iamLeftOutTexts(view, view.plan.iam) : [];
  if (!lines.length) return [];
  return ['', '#### IAM roles left out', '', ...lines.map((line) => `- ${text(line)}`)];
}

function diffSection(view: PlanView): string[] {
  const lines: string[] = [];
  for (const [index, diff] of view.diffs) {
    const s = view.plan.steps[index] as Extract<Step, { action: 'create-policy' | 'update-policy' }>;
    const added = diff.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;
    const removed = diff.filter((l) => l.startsWith('-') && !l.startsWith('---')).length;
    const what = s.action === 'create-policy' ? 'new policy' : 'content diff';
    // GitHub renders no markdown inside <summary>: HTML only.
    lines.push('', `<details><summary><code>${text(s.policy.name)}</code>: ${what} (+${added} −${removed})</summary>`, '', '```diff', ...diff, '```', '', '</details>');
  }
  return lines.length ? ['', '#### Content changes', ...lines] : [];
}

function effectiveSection(view: PlanView, withDiffs: boolean): string[] {
  const { plan } = view;
  if (!plan.effective.length) return [];
  const lines = ['', '#### Effective policy changes', '', '_What DescribeEffectivePolicy will return for the accounts after apply._'];
  if (!withDiffs) lines.push('', "_Their diffs are left out to stay under GitHub's comment size; run `reconcile plan` or see the plan artifact._");
  plan.effective.forEach((change, index) => {
    lines.push('', `- **${shortType(change.policyType)}**: ${text(effectiveGroupText(view, change))}`);
    const note = effectiveNote(change);
    if (note) lines.push(`  - _${text(note)}_`);
    for (const item of change.changes) lines.push(`  - ${text(documentChangeText(item))}`);
    if (withDiffs) lines.push('', '  <details><summary>diff</summary>', '', '  ```diff', ...view.effectiveDiffs[index].map((l) => `  ${l}`), '  ```', '', '  </details>');
  });
  return lines;
}

function unmanagedSection(view: PlanView): string[] {
  const { plan } = view;
  if (!plan.unmanaged.length) return [];
  return ['', '#### Not declared in org.yaml', '', ...plan.unmanaged.map((p) => `- ${code(p.name)} (${code(p.id)}, ${shortType(p.type)}): ${text(unmanagedText(view, p))}`)];
}
