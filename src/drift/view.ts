// What every drift renderer draws from: the items, the plan that undoes them (as the plan's renderers see it),
// and, with --cloudtrail, who made each change and when.

import type { PlanView } from '../render/plan-view.js';
import type { Attribution } from './attribution.js';
import type { DriftItem } from './drift.js';

export interface DriftView {
  items: DriftItem[];
  /** The remediation: the plan whose steps undo the items. */
  remediation: PlanView;
  /** With --cloudtrail: what was searched, and one attribution per item (null where none was found). */
  cloudTrail?: { since: Date; attributions: (Attribution | null)[] };
}
