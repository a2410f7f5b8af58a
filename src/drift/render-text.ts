// `reconcile drift` for people: each difference from org.yaml with what is wanted and what was found (and who
// made it, with --cloudtrail), then the steps that undo it, drawn as a plan.

import type { Colors } from '../render/colors.js';
import { renderPlan } from '../render/text.js';
import type { DriftView } from './view.js';
import { attributionText, CODE_TITLES, desiredText, foundText, itemText, unattributedText } from './words.js';

export function renderDriftText(view: DriftView, c: Colors): string {
  const { items, remediation } = view;
  if (items.length === 0) return c.green(`No drift: what org.yaml owns in ${remediation.plan.organizationId} matches it.`) + '\n';
  const lines = [c.bold(`Drift: ${items.length} difference${items.length === 1 ? '' : 's'} from org.yaml`), ''];
  items.forEach((item, index) => {
    lines.push(`  ${c.yellow(`${CODE_TITLES[item.code]}:`)} ${itemText(remediation, item)}`);
    lines.push(`      ${c.dim(`desired: ${desiredText(item)} · found: ${foundText(item)}`)}`);
    if (view.cloudTrail) {
      const attribution = view.cloudTrail.attributions[index];
      lines.push(`      ${attribution ? attributionText(attribution) : c.dim(unattributedText(item, view.cloudTrail.since))}`);
    }
  });
  lines.push('', c.bold('To undo it (reconcile drift --fix takes these steps):'));
  return lines.join('\n') + '\n' + renderPlan(remediation, c);
}
