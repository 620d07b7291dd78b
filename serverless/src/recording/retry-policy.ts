import { TwilioFailure } from './twilio-port';

/** Bounds for retrying Twilio requests that failed for a passing reason (rate limit, server error, network). */
export interface TwilioRetryPolicy {
  /** Attempts of one look-up or write at most, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Three attempts of one Twilio request, backoffs within about a second. Under load the request's own
 * budget (RequestBudget below) is what usually ends the retrying: a Function has a 10 s execution limit and
 * the agent's plugin retries the whole (idempotent) request itself.
 */
export const DEFAULT_TWILIO_RETRY_POLICY: TwilioRetryPolicy = { maxAttempts: 3, baseDelayMs: 150, maxDelayMs: 1000 };

/**
 * One budget per Function invocation, shared by every Twilio request it makes (not one per look-up: six
 * look-ups retrying three times each would multiply the load a rate limit is already refusing).
 * - `retries`: retries of the whole invocation together;
 * - `retryUntilMs`: no backoff may end later than this, counted from the invocation's start;
 * - `answerByMs`: an attempt still unanswered then is given up on (status 0, "not reached"), so the
 *   Function answers inside Twilio's 10 s execution limit with room for the runtime's own overhead.
 * Between the two, a last attempt and the write of a "not recorded" state still fit.
 */
export interface RequestBudgetLimits {
  retries: number;
  retryUntilMs: number;
  answerByMs: number;
}

export const DEFAULT_REQUEST_BUDGET: RequestBudgetLimits = { retries: 6, retryUntilMs: 6000, answerByMs: 9000 };

export class RequestBudget {
  private retriesLeft: number;

  constructor(
    readonly limits: RequestBudgetLimits,
    private readonly now: () => number = () => Date.now(),
    /** When the invocation began (a cleanup budget shares it: forCleanup). */
    private readonly startedAt: number = now(),
  ) {
    this.retriesLeft = limits.retries;
  }

  /** Takes one retry whose backoff is `delayMs`; false when none is left or it would end too late. */
  takeRetry(delayMs: number): boolean {
    if (this.retriesLeft <= 0 || this.elapsedMs() + delayMs > this.limits.retryUntilMs) return false;
    this.retriesLeft -= 1;
    return true;
  }

  /** Time an attempt may still take before the invocation must answer. */
  msUntilAnswer(): number {
    return this.limits.answerByMs - this.elapsedMs();
  }

  /**
   * The same invocation's clock with retries of its own: for cleaning up (deleting a duplicate recording),
   * which must not be starved by the look-ups that spent the invocation's retries, yet still answers in time.
   */
  forCleanup(retries: number): RequestBudget {
    const retryUntilMs = Math.max(this.limits.retryUntilMs, this.limits.answerByMs - 1000);
    return new RequestBudget({ ...this.limits, retries, retryUntilMs }, this.now, this.startedAt);
  }

  get retriesRemaining(): number {
    return this.retriesLeft;
  }

  private elapsedMs(): number {
    return this.now() - this.startedAt;
  }
}

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
  /** The invocation's budget (runtime-deps.ts makes one per invocation); without it only the policy bounds retries. */
  budget?: RequestBudget;
}

/**
 * Runs `attempt` until it succeeds, fails for a lasting reason, or the policy's attempts or the
 * invocation's budget are used up.
 */
export async function withRetry<T>(tools: RetryTools, attempt: (attemptNumber: number) => Promise<T>): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await withinAnswerTime(tools.budget, () => attempt(attemptNumber));
    } catch (error) {
      if (!isTransient(error) || attemptNumber >= tools.policy.maxAttempts) throw error;
      const delayMs = backoffDelayMs(tools.policy, attemptNumber, tools.random);
      if (tools.budget !== undefined && !tools.budget.takeRetry(delayMs)) throw error;
      await tools.sleep(delayMs);
    }
  }
}

/**
 * The attempt, or a "not reached" failure once the invocation must answer. The request itself is not
 * cancelled (the twilio library offers no per-request abort): its effect, if any, is what an unanswered
 * request always leaves, and the cores handle that (a create is looked for before another is made).
 */
async function withinAnswerTime<T>(budget: RequestBudget | undefined, send: () => Promise<T>): Promise<T> {
  if (budget === undefined) return send();
  const msLeft = budget.msUntilAnswer();
  // Not sent at all: nobody would wait for its answer.
  if (msLeft <= 0) throw new TwilioFailure(0, undefined, 'No time left in this invocation for another Twilio request');
  const attempt = send();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TwilioFailure(0, undefined, 'Twilio did not answer in time')), msLeft);
  });
  try {
    return await Promise.race([attempt, late]);
  } finally {
    clearTimeout(timer);
    attempt.catch(() => undefined);
  }
}
