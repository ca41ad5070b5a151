// In-process notifications that a task has new events; the store stays the source of truth for what they are.

type Listener = () => void;

/**
 * Wakes the SSE streams of a task when its log grows. It carries no event data on purpose: listeners
 * re-read the store after their last seq, so concurrent appends published out of order cannot create a
 * gap or a repeat on the wire.
 */
export class TaskBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(taskId: string, fn: Listener): () => void {
    let set = this.listeners.get(taskId);
    if (!set) this.listeners.set(taskId, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(taskId);
    };
  }

  notify(taskId: string): void {
    for (const fn of this.listeners.get(taskId) ?? []) fn();
  }

  /** Streams open on a task (for tests and metrics). */
  listenerCount(taskId: string): number {
    return this.listeners.get(taskId)?.size ?? 0;
  }
}
