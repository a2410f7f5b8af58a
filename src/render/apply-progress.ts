// How an apply is shown as it happens: a line per step for people (with the plan's numbering, as each step
// finishes), or one JSON object per line for CI systems (`apply --format json`), ending with the result.

import { tally, type StepEvent, type StepOutcome } from '../apply/execute.js';
import type { Colors } from './colors.js';
import type { PlanView } from './plan-view.js';
import { stepText } from './words.js';

/**
 * Steps run in parallel across targets and finish in any order; people read them in plan order. Each line waits
 * until every earlier step has ended (a step that never starts ends with the apply), then goes out.
 */
export function inPlanOrder(write: (line: string) => void): (number: number, line: string) => void {
  let next = 1;
  const held = new Map<number, string>();
  return (number, line) => {
    held.set(number, line);
    for (; held.has(next); next++) {
      write(held.get(next)!);
      held.delete(next);
    }
  };
}

/** The line for a finished step, or undefined for events people need no line for. */
export function stepLine(view: PlanView, event: StepEvent, c: Colors): string | undefined {
  if (event.type !== 'step-finished') return undefined;
  const mark = event.status === 'done' ? c.green('✓') : event.status === 'already-done' ? c.dim('=') : c.red('✗');
  return `  ${mark} ${event.number}. ${stepText(view, event.step)}${event.error ? ` — ${event.error}` : ''}\n`;
}

/** `{"type":"step","number":3,"status":"started",…}`: one JSON line per step event. */
export function stepJson(view: PlanView, event: StepEvent): string {
  const status = event.type === 'step-started' ? 'started' : event.type === 'step-not-started' ? 'not-started' : event.status;
  return (
    JSON.stringify({
      type: 'step',
      number: event.number,
      status,
      action: event.step.action,
      description: stepText(view, event.step),
      ...(event.type === 'step-finished' && event.error ? { error: event.error } : {}),
    }) + '\n'
  );
}

/** How an apply ended, as the engine reports it. */
export interface ApplyEnd {
  status: string;
  outcomes: StepOutcome[];
  calls: Record<string, number>;
  seconds: number;
}

/** The last JSON line: how the apply ended, and whether the organization then matched org.yaml. */
export function resultJson(result: ApplyEnd | undefined, verified: boolean | undefined): string {
  const counts = result ? tally(result.outcomes) : { done: 0, alreadyDone: 0, failed: 0, notStarted: 0 };
  return (
    JSON.stringify({
      type: 'result',
      status: result?.status ?? 'no-changes',
      ...counts,
      calls: result?.calls ?? {},
      seconds: result?.seconds ?? 0,
      verified: verified ?? null,
    }) + '\n'
  );
}
