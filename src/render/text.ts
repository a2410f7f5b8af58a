// The plan as a careful reviewer wants to read it: numbered steps grouped by phase, every policy and target by
// name and id, a unified diff of policy content for updates, and a summary line with counts.

import type { AttachmentStep, Phase, Plan, RoleAttachmentStep, Step } from '../plan/plan.js';
import { isRoleAttachment, summarize } from '../plan/plan.js';
import type { Colors } from './colors.js';
import { indent } from './content-diff.js';
import { targetText, type PlanView } from './plan-view.js';
import {
  documentChangeText,
  effectiveGroupText,
  effectiveNote,
  iamLeftOutTexts,
  policyLabel,
  reasonText,
  roleReasonText,
  roleText,
  shortType,
  unmanagedText,
  warningText,
} from './words.js';

const PHASE_TITLES: Record<Phase, string> = {
  enable: 'Enable policy types',
  create: 'Create policies',
  update: 'Update policies',
  attach: 'Attach (replacements go on before anything comes off)',
  detach: 'Detach',
  delete: 'Delete policies',
};

export function renderPlan(view: PlanView, c: Colors): string {
  const { plan } = view;
  const lines: string[] = [];
  if (plan.steps.length === 0) {
    lines.push(c.green(`No changes. Organization ${plan.organizationId} matches org.yaml.`));
  } else {
    let number = 0;
    let lastTarget: string | undefined;
    let phase: Phase | undefined;
    for (const step of plan.steps) {
      number++;
      if (step.phase !== phase) {
        phase = step.phase;
        lastTarget = undefined;
        lines.push('', c.bold(PHASE_TITLES[phase]));
      }
      if (isAttachment(step)) {
        if (step.target.id !== lastTarget) {
          lines.push(`  ${c.bold(targetText(view, step.target))}`);
          lastTarget = step.target.id;
        }
        lines.push(`    ${c.dim(`${number}.`)} ${attachmentLine(view, step, c)}`);
      } else if (isRoleAttachment(step)) {
        // Grouped by account and role, as a reviewer checks one role at a time.
        const group = `role\0${step.account.id}\0${step.role}`;
        if (group !== lastTarget) {
          lines.push(`  ${c.bold(roleText(view, step))}`);
          lastTarget = group;
        }
        lines.push(`    ${c.dim(`${number}.`)} ${roleAttachmentLine(step, c)}`);
      } else {
        lines.push(...policyStepLines(view, step, number, c));
      }
    }
  }
  if (plan.effective.length > 0) {
    lines.push('', c.bold('Effective policy changes (what DescribeEffectivePolicy will return after apply)'));
    plan.effective.forEach((change, index) => {
      lines.push(`  ${c.bold(`${shortType(change.policyType)}:`)} ${effectiveGroupText(view, change)}`);
      const note = effectiveNote(change);
      if (note) lines.push(`    ${c.dim(`(${note})`)}`);
      for (const item of change.changes) lines.push(`    ${documentChangeText(item)}`);
      lines.push(...indent(colourDiff(view.effectiveDiffs[index], c), 4));
    });
  }
  if (plan.warnings.length > 0) {
    lines.push('', c.bold(c.yellow('Warnings')));
    for (const w of plan.warnings) lines.push(`  ${c.yellow('!')} ${warningText(view, w)}`);
  }
  const leftOut = plan.iam ? iamLeftOutTexts(view, plan.iam) : [];
  if (leftOut.length > 0) {
    lines.push('', c.bold('IAM roles left out'));
    for (const line of leftOut) lines.push(`  ${c.yellow('!')} ${line}`);
  }
  if (plan.unmanaged.length > 0) {
    lines.push('', c.bold('Policies org.yaml does not declare'));
    for (const p of plan.unmanaged) lines.push(`  ${p.name} (${p.id}, ${shortType(p.type)}): ${unmanagedText(view, p)}`);
  }
  lines.push('', summaryLine(plan, c));
  return lines.join('\n').replace(/^\n/, '') + '\n';
}

function isAttachment(step: Step): step is AttachmentStep {
  return step.action === 'attach' || step.action === 'detach';
}

function attachmentLine(view: PlanView, step: AttachmentStep, c: Colors): string {
  const sign = step.action === 'attach' ? c.green('+ attach') : c.red('- detach');
  return `${sign} ${shortType(step.policy.type)} ${policyLabel(step.policy)} ${c.dim(`— ${reasonText(view, step)}`)}`;
}

function roleAttachmentLine(step: RoleAttachmentStep, c: Colors): string {
  const sign = step.action === 'attach-role-policy' ? c.green('+ attach') : c.red('- detach');
  return `${sign} ${step.policyArn} ${c.dim(`— ${roleReasonText(step)}`)}`;
}

function policyStepLines(view: PlanView, step: Exclude<Step, AttachmentStep | RoleAttachmentStep>, number: number, c: Colors): string[] {
  const n = c.dim(`${number}.`);
  const diff = view.diffs.get(number - 1) ?? [];
  switch (step.action) {
    case 'enable-policy-type':
      return [`  ${n} ${c.green('+ enable')} ${step.policyType} on root ${step.rootId}`];
    case 'create-policy':
      return [
        `  ${n} ${c.green('+ create')} ${shortType(step.policy.type)} ${step.policy.name}${step.description ? c.dim(` — ${step.description}`) : ''}`,
        ...indent(colourDiff(diff, c), 7),
      ];
    case 'update-policy': {
      const out = [`  ${n} ${c.yellow('~ update')} ${shortType(step.policy.type)} ${policyLabel(step.policy)}`];
      if (step.name) out.push(`       name: ${step.name.from} → ${step.name.to}`);
      if (step.description) out.push(`       description: ${JSON.stringify(step.description.from)} → ${JSON.stringify(step.description.to)}`);
      if (step.content) out.push(...indent(colourDiff(diff, c), 7));
      return out;
    }
    case 'delete-policy':
      return [`  ${n} ${c.red('- delete')} ${shortType(step.policy.type)} ${policyLabel(step.policy)}`];
  }
}

function colourDiff(lines: string[], c: Colors): string[] {
  return lines.map((line) =>
    line.startsWith('+++') || line.startsWith('---')
      ? c.bold(line)
      : line.startsWith('+')
        ? c.green(line)
        : line.startsWith('-')
          ? c.red(line)
          : line.startsWith('@@')
            ? c.cyan(line)
            : line,
  );
}


export function summaryLine(plan: Plan, c: Colors): string {
  const s = summarize(plan);
  const parts = [
    `${s.enable} to enable`,
    `${s.create} to create`,
    `${s.update} to update`,
    `${s.attach} to attach`,
    `${s.detach} to detach`,
    `${s.delete} to delete`,
  ];
  const alone =
    plan.leftAlone === undefined
      ? 'Targets not listed in org.yaml are left alone (not counted: that would cost extra API calls)'
      : `${plan.leftAlone} target${plan.leftAlone === 1 ? '' : 's'} not listed in org.yaml left alone`;
  return `${c.bold('Plan:')} ${parts.join(', ')}. ${alone}.`;
}
