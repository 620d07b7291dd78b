/**
 * The EventEmitter surface the TaskRouter and Interactions SDK objects offer Flex (`on`, `addListener`,
 * `removeListener`, `once`, `emit`). Browser safe, so the same fakes run under jsdom and in Chromium.
 */
type Listener = (...args: unknown[]) => void;

export class SdkEmitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  addListener(event: string, listener: Listener): this {
    return this.on(event, listener);
  }

  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.removeListener(event, wrapped);
      listener(...args);
    };
    return this.on(event, wrapped);
  }

  off(event: string, listener: Listener): this {
    return this.removeListener(event, listener);
  }

  removeListener(event: string, listener: Listener): this {
    const remaining = (this.listeners.get(event) ?? []).filter((candidate) => candidate !== listener);
    if (remaining.length === 0) this.listeners.delete(event);
    else this.listeners.set(event, remaining);
    return this;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  emit(event: string, ...args: unknown[]): boolean {
    const current = this.listeners.get(event) ?? [];
    for (const listener of current.slice()) listener(...args);
    return current.length > 0;
  }

  listenerCount(event?: string): number {
    if (event !== undefined) return this.listeners.get(event)?.length ?? 0;
    let total = 0;
    for (const list of this.listeners.values()) total += list.length;
    return total;
  }
}
