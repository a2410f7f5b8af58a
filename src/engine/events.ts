// What the engine reports while it works, as typed events: the command line draws them as text or streams them
// as JSON lines; a remediation handler or a watcher logs them. The engine itself never prints.

import type { StepEvent } from '../apply/execute.js';


export type EngineEvent =
  /** Reading the organization started. */
  | { type: 'read-started' }
  /** Reading finished: the calls it made per operation, and how long it took. */
  | { type: 'read-finished'; calls: Record<string, number>; seconds: number }
  | StepEvent
  /** The check after apply reads again; `attempt` counts from 1. */
  | { type: 'verify-started'; attempt: number };

export type EventSink = (event: EngineEvent) => void;
