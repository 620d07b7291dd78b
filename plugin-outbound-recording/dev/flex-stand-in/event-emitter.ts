/**
 * The small part of Node's EventEmitter that Flex's emitters expose to plugins. Written out here so the
 * stand-in runs in a browser page without a bundler polyfill.
 */
// Listener arguments vary by event, exactly as with Node's EventEmitter.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Listener = (...args: any[]) => unknown;

export class StandInEmitter {
  private readonly listenersByEvent = new Map<string | symbol, Listener[]>();

  addListener(event: string | symbol, listener: Listener): this {
    this.listenersByEvent.set(event, [...this.listeners(event), listener]);
    return this;
  }

  on(event: string | symbol, listener: Listener): this {
    return this.addListener(event, listener);
  }

  /** Like Node: removes the most recently added registration of that exact function. */
  removeListener(event: string | symbol, listener: Listener): this {
    const current = this.listeners(event);
    const index = current.lastIndexOf(listener);
    if (index !== -1) {
      const next = current.slice(0, index).concat(current.slice(index + 1));
      if (next.length === 0) this.listenersByEvent.delete(event);
      else this.listenersByEvent.set(event, next);
    }
    return this;
  }

  off(event: string | symbol, listener: Listener): this {
    return this.removeListener(event, listener);
  }

  /** Calls the listeners registered when the emit began, in order; returns whether there were any. */
  emit(event: string | symbol, ...args: unknown[]): boolean {
    const current = this.listeners(event);
    for (const listener of current) listener(...args);
    return current.length > 0;
  }

  listeners(event: string | symbol): Listener[] {
    return this.listenersByEvent.get(event) ?? [];
  }

  listenerCount(event: string | symbol): number {
    return this.listeners(event).length;
  }

  /** Total over every event: what a leak check wants. */
  totalListenerCount(): number {
    let total = 0;
    for (const list of this.listenersByEvent.values()) total += list.length;
    return total;
  }

  /** Counts by event name, for readable assertions and debugging. */
  listenerCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [event, list] of this.listenersByEvent) counts[String(event)] = list.length;
    return counts;
  }

  removeAllListeners(): this {
    this.listenersByEvent.clear();
    return this;
  }
}
