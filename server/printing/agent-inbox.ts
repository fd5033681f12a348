/** Long-poll wake-ups for device agents: a committed print job for a queue wakes its waiting claim. */
export class AgentInbox {
  private waiters = new Map<string, Set<() => void>>();

  /** Registers first, so a job committed between a claim and the wait still wakes it. */
  wait(queue: string, ms: number): { done: Promise<void>; cancel(): void } {
    let wake!: () => void;
    const done = new Promise<void>((resolve) => (wake = resolve));
    const set = this.waiters.get(queue) ?? new Set();
    this.waiters.set(queue, set);
    const timer = setTimeout(() => finish(), ms);
    const finish = () => {
      clearTimeout(timer);
      set.delete(finish);
      if (set.size === 0) this.waiters.delete(queue);
      wake();
    };
    set.add(finish);
    return { done, cancel: finish };
  }

  notify(queue: string): void {
    for (const f of [...(this.waiters.get(queue) ?? [])]) f();
  }

  closeAll(): void {
    for (const set of [...this.waiters.values()]) for (const f of [...set]) f();
  }
}
