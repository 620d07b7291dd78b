import { TwilioFailure } from './twilio-port';

/** Bounds for retrying Twilio requests that failed for a passing reason (rate limit, server error, network). */
export interface TwilioRetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Three attempts within about a second: a Function has a 10 s execution limit and the agent's plugin
 * retries the whole (idempotent) request itself if this is not enough.
 */
export const DEFAULT_TWILIO_RETRY_POLICY: TwilioRetryPolicy = { maxAttempts: 3, baseDelayMs: 150, maxDelayMs: 1000 };

/** 429 and 5xx mean "not now", a network failure (status 0) means "not reached": all worth another try. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof TwilioFailure)) return false;
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

/**
 * "Full jitter" exponential backoff: a random delay up to base * 2^attempt, so that many Functions
 * throttled at the same moment do not come back at the same moment.
 */
export function backoffDelayMs(policy: TwilioRetryPolicy, failedAttempts: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
  return Math.round(random() * ceiling);
}

export interface RetryTools {
  policy: TwilioRetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** Runs `attempt` until it succeeds, fails for a lasting reason, or the policy's attempts are used up. */
export async function withRetry<T>(tools: RetryTools, attempt: (attemptNumber: number) => Promise<T>): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!isTransient(error) || attemptNumber >= tools.policy.maxAttempts) throw error;
      await tools.sleep(backoffDelayMs(tools.policy, attemptNumber, tools.random));
    }
  }
}
