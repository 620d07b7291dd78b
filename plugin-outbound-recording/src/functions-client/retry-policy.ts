import { StartFailure } from './start-outcome';

export interface RetryPolicy {
  /** Including the first attempt; Infinity leaves the cap to the time bound. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The watch's policy. No attempt cap: a customer whose phone still rings is refused (retryably) until they
 * answer, and the watch must keep asking until its bound, however many refusals that takes. The capped
 * backoff keeps that to one request every 4-8 s per ringing call.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 1000, maxDelayMs: 8000 };

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'not-retryable' | 'attempts-exhausted' | 'out-of-time' };

export interface RetryInput {
  failure: StartFailure;
  /** Attempts made so far, the failed one included (1 after the first failure). */
  attempt: number;
  /** Time left in the watch bound. */
  msLeft: number;
  /** A number in [0, 1), from Math.random in production. */
  random: number;
}

/**
 * Exponential backoff with "full jitter": a random delay up to the exponential ceiling, so many agents'
 * browsers refused by a busy Function at the same moment (shift start) come back spread over the whole
 * window rather than in waves. A retry that could not even be sent before the bound runs out is not scheduled.
 */
export function decideRetry(input: RetryInput, policy: RetryPolicy = DEFAULT_RETRY_POLICY): RetryDecision {
  if (!input.failure.retryable) return { retry: false, reason: 'not-retryable' };
  if (input.attempt >= policy.maxAttempts) return { retry: false, reason: 'attempts-exhausted' };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (input.attempt - 1));
  const random = Math.min(Math.max(input.random, 0), 1);
  const delayMs = Math.round(ceiling * random);
  if (delayMs >= input.msLeft) return { retry: false, reason: 'out-of-time' };
  return { retry: true, delayMs };
}
