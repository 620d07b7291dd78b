/**
 * Counts what the agents' plugins send to their Functions: every request reaching a Function is one
 * invocation. The plugins call globalThis.fetch at send time, so wrapping it once sees every agent's traffic.
 */
export interface FetchCounter {
  /** Requests sent to URLs starting with `prefix`. */
  count(prefix: string): number;
  /** Requests whose answer (or failure) has not arrived yet. */
  readonly inFlight: number;
  restore(): void;
}

export function countFetches(): FetchCounter {
  const original = globalThis.fetch;
  const sent: string[] = [];
  let inFlight = 0;
  globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    sent.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    inFlight += 1;
    // The body is read by the caller after this resolves; counting until then is close enough for "settled".
    return original(input, init).finally(() => (inFlight -= 1));
  };
  return {
    count: (prefix) => sent.filter((url) => url.startsWith(prefix)).length,
    get inFlight() {
      return inFlight;
    },
    restore: () => {
      globalThis.fetch = original;
    },
  };
}
