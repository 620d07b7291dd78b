import { matches, type RequestMatcher } from './faults';
import { mulberry32, randomSeed } from './prng';
import type { EmulatorRequest } from './request';

/**
 * Faults by configuration, for the sandbox and for resilience tests: limits that answer 429 the way
 * Twilio does, random 429/5xx answers, and added latency. Per-request faults (injectFault) stay the
 * tool for exact, one-off situations; this is the tool for "a bad day at Twilio".
 */
export interface FaultConfig {
  rateLimit?: {
    /** More requests than this in flight at once answer 429 (code 20429), like Twilio's concurrency limit. */
    maxConcurrent?: number;
    /** More requests than this within any rolling second answer 429 (code 20429). */
    ratePerSecond?: number;
  };
  /** Probability (0..1) that a request answers 429 (code 20429). */
  rate429?: number;
  /** Probability (0..1) that a request answers 500 (20500) or 503 (20503), half each. */
  rate5xx?: number;
  /** Added to the emulator's latency for every request: fixed, or uniform in [min, max]. */
  latencyMs?: number | { min: number; max: number };
  /** Seed of the random decisions (default: a random one, reported by `faultConfig`). */
  seed?: number;
  /** Only requests matching this are subject to the random faults and latency (default: all). */
  match?: RequestMatcher;
}

/** What the configuration decided for one request. */
export interface FaultDecision {
  extraLatencyMs: number;
  /** An answer to give instead of handling the request, or null. */
  fault: { status: number; code: number; message: string; kind: FaultKind } | null;
}

export type FaultKind = 'injected' | 'concurrency' | 'rate' | 'random-429' | 'random-5xx';

function probability(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1)) throw new RangeError(`${name} must be between 0 and 1`);
}

function positiveInteger(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new RangeError(`${name} must be a positive integer`);
}

export function checkFaultConfig(config: FaultConfig): void {
  positiveInteger('rateLimit.maxConcurrent', config.rateLimit?.maxConcurrent);
  positiveInteger('rateLimit.ratePerSecond', config.rateLimit?.ratePerSecond);
  probability('rate429', config.rate429);
  probability('rate5xx', config.rate5xx);
  const latency = config.latencyMs;
  if (typeof latency === 'number' && !(latency >= 0)) throw new RangeError('latencyMs must be non-negative');
  if (typeof latency === 'object' && !(latency.min >= 0 && latency.max >= latency.min)) {
    throw new RangeError('latencyMs must be { min, max } with 0 <= min <= max');
  }
  if (config.seed !== undefined && !Number.isInteger(config.seed)) throw new RangeError('seed must be an integer');
}

const TOO_MANY = 'Too Many Requests';

/** A request's place in the in-flight count; release it when the answer has been written. */
export interface Arrival {
  overConcurrency: boolean;
  overRate: boolean;
  release(): void;
}

export class FaultEngine {
  private current: FaultConfig & { seed: number } = { seed: randomSeed() };
  private random = mulberry32(this.current.seed);
  private inFlight = 0;
  /** Arrival times (ms, real time) within the last second, for ratePerSecond. */
  private recent: number[] = [];

  constructor(config: FaultConfig = {}) {
    this.configure(config);
  }

  /** Replaces the whole configuration and restarts the random sequence from its seed. */
  configure(config: FaultConfig): void {
    checkFaultConfig(config);
    this.current = { ...config, seed: config.seed ?? randomSeed() };
    this.random = mulberry32(this.current.seed);
    this.recent = [];
  }

  get config(): Readonly<FaultConfig & { seed: number }> {
    return this.current;
  }

  /** Counted as soon as the request arrives: a request waiting on latency is still "in flight". */
  arrive(now = Date.now()): Arrival {
    this.inFlight += 1;
    this.recent = this.recent.filter((at) => now - at < 1000);
    this.recent.push(now);
    const { maxConcurrent, ratePerSecond } = this.current.rateLimit ?? {};
    let released = false;
    return {
      overConcurrency: maxConcurrent !== undefined && this.inFlight > maxConcurrent,
      overRate: ratePerSecond !== undefined && this.recent.length > ratePerSecond,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
      },
    };
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /**
   * The random part. Three numbers are drawn for every subject request, whatever the outcome, so
   * the sequence of decisions depends only on the seed and the order of requests.
   */
  decide(request: EmulatorRequest, arrival: Arrival): FaultDecision {
    if (arrival.overConcurrency) return { extraLatencyMs: 0, fault: { status: 429, code: 20429, message: TOO_MANY, kind: 'concurrency' } };
    if (arrival.overRate) return { extraLatencyMs: 0, fault: { status: 429, code: 20429, message: TOO_MANY, kind: 'rate' } };
    const { rate429 = 0, rate5xx = 0, latencyMs = 0, match } = this.current;
    if (match !== undefined && !matches(match, request)) return { extraLatencyMs: 0, fault: null };
    const [latencyRoll, faultRoll, statusRoll] = [this.random(), this.random(), this.random()];
    const extraLatencyMs = typeof latencyMs === 'number' ? latencyMs : Math.round(latencyMs.min + latencyRoll * (latencyMs.max - latencyMs.min));
    if (faultRoll < rate429) return { extraLatencyMs, fault: { status: 429, code: 20429, message: TOO_MANY, kind: 'random-429' } };
    if (faultRoll < rate429 + rate5xx) {
      const fault =
        statusRoll < 0.5
          ? { status: 500, code: 20500, message: 'Internal Server Error', kind: 'random-5xx' as const }
          : { status: 503, code: 20503, message: 'Service Unavailable', kind: 'random-5xx' as const };
      return { extraLatencyMs, fault };
    }
    return { extraLatencyMs, fault: null };
  }
}
