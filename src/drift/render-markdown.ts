// `reconcile drift --format markdown`: for an issue, a job summary or a chat that renders markdown. A table of the
// differences (with who and when, from --cloudtrail), then the plan that undoes them, folded, as `plan --format
// markdown` draws it. Names come from AWS, where anyone with console access could have written them: every cell is
// one line of text that cannot end the cell, the row or the table.

import { renderMarkdown } from '../render/markdown.js';
import type { DriftView } from './view.js';
import { attributionText, CODE_TITLES, desiredText, foundText, itemText, unattributedText } from './words.js';

export const DRIFT_MARKER = '<!-- reconcile-drift -->';
/** What the embedded plan may take, leaving room for the table under GitHub's 65,536-character comment limit. */
const REMEDIATION_LIMIT = 30_000;

/** One line of text, safe in a table cell. */
function cell(value: string): string {
  return value
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}

export function renderDriftMarkdown(view: DriftView): string {
  const { items, remediation } = view;
  const lines = [DRIFT_MARKER, `### reconcile drift in ${cell(remediation.plan.organizationId)}`, ''];
  if (items.length === 0) return [...lines, '**No drift.** What org.yaml owns matches it.', ''].join('\n');
  lines.push(`**${items.length} difference${items.length === 1 ? '' : 's'} from org.yaml.**`, '');
  const who = view.cloudTrail ? ' Who and when |' : '';
  lines.push(`| Drift | What | Desired | Found |${who}`, `|---|---|---|---|${view.cloudTrail ? '---|' : ''}`);
  items.forEach((item, index) => {
    const row = [CODE_TITLES[item.code], itemText(remediation, item), desiredText(item), foundText(item)];
    if (view.cloudTrail) {
      const attribution = view.cloudTrail.attributions[index];
      row.push(attribution ? attributionText(attribution) : `_${unattributedText(item, view.cloudTrail.since)}_`);
    }
    lines.push(`| ${row.map(cell).join(' | ')} |`);
  });
  // The plan's own comment marker and heading would make it look like a plan comment to the CI recipe.
  const plan = renderMarkdown(remediation, REMEDIATION_LIMIT).split('\n').slice(2).join('\n');
  const steps = remediation.plan.steps.length;
  lines.push('', `<details><summary>To undo it: ${steps} step${steps === 1 ? '' : 's'} (<code>reconcile drift --fix</code>)</summary>`, plan, '</details>', '');
  return lines.join('\n');
}
