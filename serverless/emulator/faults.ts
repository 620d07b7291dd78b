import type { EmulatorRequest, HostKind } from './request';

/**
 * Which requests a fault or hook applies to. Every given field must match; an empty matcher
 * matches every request.
 */
export interface RequestMatcher {
  method?: string;
  /** A host kind ("api", "taskrouter", "iam") or an exact host name. */
  host?: HostKind | string;
  /** Tested against the path on the Twilio host, e.g. /\/Recordings\.json$/. */
  pathPattern?: RegExp;
}

export interface FaultSpec extends RequestMatcher {
  /** HTTP status to answer, e.g. 429, 500, 503. */
  status: number;
  /** Twilio error code for the body, e.g. 20429. Defaults from the status. */
  code?: number;
  message?: string;
  /** How many matching requests to fail; default 1. Use Infinity for "until removed". */
  times?: number;
  /** Extra delay before answering, on top of the emulator-wide latency. */
  delayMs?: number;
  /** Extra response headers (e.g. Retry-After). */
  headers?: Record<string, string>;
}

export interface BeforeHandleHook extends RequestMatcher {
  /** How many matching requests to run for; default 1. Use Infinity for "until removed". */
  times?: number;
  run: (request: EmulatorRequest) => void | Promise<void>;
}

/** Returned by injectFault()/beforeHandle(): see how often it fired, or take it away early. */
export interface Registration {
  /** How many times it has applied so far. */
  readonly hits: number;
  /** How many more matching requests it will apply to. */
  readonly remaining: number;
  remove(): void;
}

export function matches(matcher: RequestMatcher, request: EmulatorRequest): boolean {
  if (matcher.method !== undefined && matcher.method.toUpperCase() !== request.method) return false;
  if (matcher.host !== undefined && matcher.host !== request.hostKind && matcher.host !== request.host) return false;
  if (matcher.pathPattern !== undefined) {
    matcher.pathPattern.lastIndex = 0; // a /g pattern would otherwise remember where it stopped
    if (!matcher.pathPattern.test(request.path)) return false;
  }
  return true;
}

const DEFAULT_CODES: Record<number, number> = { 400: 20001, 401: 20003, 404: 20404, 412: 20412, 429: 20429, 500: 20500, 503: 20503 };
const DEFAULT_MESSAGES: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function defaultCodeFor(status: number): number {
  return DEFAULT_CODES[status] ?? 20000 + status;
}

export function defaultMessageFor(status: number): string {
  return DEFAULT_MESSAGES[status] ?? `Injected fault (HTTP ${status})`;
}

/**
 * An ordered list of one-shot-or-counted entries that match requests: the fault table and the hook
 * table are both this. (Fault *rates* can later be a field of FaultSpec checked in `take`.)
 */
export class MatchTable<T extends RequestMatcher & { times?: number }> {
  private entries: Array<{ spec: T; remaining: number; hits: number }> = [];

  add(spec: T): Registration {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new RangeError('times must be positive');
    const entry = { spec, remaining: times, hits: 0 };
    this.entries.push(entry);
    const entries = () => this.entries;
    return {
      get hits() {
        return entry.hits;
      },
      get remaining() {
        return entry.remaining;
      },
      remove: () => {
        this.entries = entries().filter((candidate) => candidate !== entry);
      },
    };
  }

  /** The first live entry matching the request, consuming one of its uses. */
  take(request: EmulatorRequest): T | undefined {
    const entry = this.entries.find((candidate) => candidate.remaining > 0 && matches(candidate.spec, request));
    if (!entry) return undefined;
    entry.remaining -= 1;
    entry.hits += 1;
    if (entry.remaining <= 0) this.entries = this.entries.filter((candidate) => candidate !== entry);
    return entry.spec;
  }

  /** Every live entry matching the request, each consuming one use (hooks all run). */
  takeAll(request: EmulatorRequest): T[] {
    const taken: T[] = [];
    while (true) {
      const next = this.entries.find(
        (candidate) => candidate.remaining > 0 && !taken.includes(candidate.spec) && matches(candidate.spec, request),
      );
      if (!next) return taken;
      next.remaining -= 1;
      next.hits += 1;
      taken.push(next.spec);
      if (next.remaining <= 0) this.entries = this.entries.filter((candidate) => candidate !== next);
    }
  }

  clear(): void {
    this.entries = [];
  }
}
