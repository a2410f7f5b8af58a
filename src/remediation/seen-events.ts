// The event ids this process has handled, so that an event delivered twice (EventBridge delivers at least once;
// a poller's windows overlap) is acted on once. Bounded: the oldest ids are forgotten first, long after any
// redelivery, and a forgotten event that did come again would find nothing to do, since the handler plans from
// the organization as it is.

const DEFAULT_CAPACITY = 10_000;

export class SeenEvents {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
  }

  /** Forgets an id whose handling failed, so that a retry of the event is acted on. */
  delete(id: string): void {
    this.ids.delete(id);
  }
}
