// The order of attach and detach on one target for one policy type, so that its count of attachments stays
// within [min, max] after every single call: a crash between any two calls leaves the target valid.
//
// Attach first while there is room: a replacement is in place before anything (FullAWSAccess included) goes.
// At the maximum, make room by detaching one policy, then attach; policies that stay are never touched, which
// also keeps the precedence of management policies (the first attached wins a conflict).

export type SequenceOp = { op: 'attach' | 'detach'; key: string };

export interface SequenceLimits {
  min: number;
  max: number;
}

export type SequenceResult = { ok: true; ops: SequenceOp[] } | { ok: false; reason: string };

/**
 * @param current policy keys attached now, in attachment order
 * @param desired policy keys wanted, in the order listed (new ones are attached in this order)
 * @param keepLast a policy to detach only after every other removal (the type's default: FullAWSAccess), so
 *   that making room at the maximum takes away another policy before it takes away the broad allow
 */
export function sequenceChanges(current: string[], desired: string[], limits: SequenceLimits, keepLast?: string): SequenceResult {
  const adds = desired.filter((key) => !current.includes(key));
  const removes = current.filter((key) => !desired.includes(key));
  removes.sort((a, b) => Number(a === keepLast) - Number(b === keepLast));
  const ops: SequenceOp[] = [];
  let count = current.length;
  while (adds.length > 0 || removes.length > 0) {
    if (adds.length > 0 && count < limits.max) {
      ops.push({ op: 'attach', key: adds.shift()! });
      count++;
    } else if (removes.length > 0 && count > limits.min) {
      ops.push({ op: 'detach', key: removes.shift()! });
      count--;
    } else {
      return {
        ok: false,
        reason:
          adds.length > 0 && removes.length > 0
            ? `a swap needs room: with ${count} attached and limits min ${limits.min} / max ${limits.max}, nothing can be attached before something is detached, nor detached before something is attached`
            : adds.length > 0
              ? `attaching would exceed the maximum of ${limits.max}`
              : `detaching would go below the minimum of ${limits.min}`,
      };
    }
  }
  return { ok: true, ops };
}
