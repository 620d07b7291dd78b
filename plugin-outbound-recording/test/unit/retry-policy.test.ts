import { DEFAULT_RETRY_POLICY, decideRetry } from '../../src/functions-client/retry-policy';
import { StartFailure } from '../../src/functions-client/start-outcome';

const transient: StartFailure = { retryable: true, code: 'twilio_unavailable', httpStatus: 502, detail: '' };
const final: StartFailure = { retryable: false, code: 'call_not_in_progress', httpStatus: 409, detail: '' };
const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 };

describe('decideRetry', () => {
  it('never retries what is not retryable', () => {
    expect(decideRetry({ failure: final, attempt: 1, msLeft: 100000, random: 0.5 }, policy)).toEqual({ retry: false, reason: 'not-retryable' });
  });

  it('doubles the ceiling per attempt up to the maximum, all of it jittered (full jitter)', () => {
    const delays = [1, 2, 3, 4].map((attempt) => [0, 0.5, 0.999999].map((random) => decideRetry({ failure: transient, attempt, msLeft: 1e6, random }, policy)));
    expect(delays).toEqual([
      [{ retry: true, delayMs: 0 }, { retry: true, delayMs: 500 }, { retry: true, delayMs: 1000 }],
      [{ retry: true, delayMs: 0 }, { retry: true, delayMs: 1000 }, { retry: true, delayMs: 2000 }],
      [{ retry: true, delayMs: 0 }, { retry: true, delayMs: 2000 }, { retry: true, delayMs: 4000 }],
      [{ retry: true, delayMs: 0 }, { retry: true, delayMs: 4000 }, { retry: true, delayMs: 8000 }],
    ]);
    const capped = decideRetry({ failure: transient, attempt: 4, msLeft: 1e6, random: 1 }, { ...policy, maxAttempts: 10, maxDelayMs: 5000 });
    expect(capped).toEqual({ retry: true, delayMs: 5000 });
  });

  it('stops after the maximum number of attempts', () => {
    expect(decideRetry({ failure: transient, attempt: 5, msLeft: 1e6, random: 0 }, policy)).toEqual({ retry: false, reason: 'attempts-exhausted' });
    expect(decideRetry({ failure: transient, attempt: 4, msLeft: 1e6, random: 0 }, policy).retry).toBe(true);
  });

  it('does not schedule a retry that would land after the bound', () => {
    expect(decideRetry({ failure: transient, attempt: 1, msLeft: 1000, random: 1 }, policy)).toEqual({ retry: false, reason: 'out-of-time' });
    expect(decideRetry({ failure: transient, attempt: 1, msLeft: 1001, random: 1 }, policy)).toEqual({ retry: true, delayMs: 1000 });
    expect(decideRetry({ failure: transient, attempt: 1, msLeft: -10, random: 0 }, policy)).toEqual({ retry: false, reason: 'out-of-time' });
  });

  it('clamps a random value outside [0, 1]', () => {
    expect(decideRetry({ failure: transient, attempt: 1, msLeft: 1e6, random: 7 }, policy)).toEqual({ retry: true, delayMs: 1000 });
    expect(decideRetry({ failure: transient, attempt: 1, msLeft: 1e6, random: -1 }, policy)).toEqual({ retry: true, delayMs: 0 });
  });

  it('has defaults that leave the cap to the bound (a ringing customer is refused until they answer), one request per 4 s on average once backed off', () => {
    expect(decideRetry({ failure: transient, attempt: 1000, msLeft: 1e6, random: 0.5 })).toEqual({ retry: true, delayMs: 4000 });
    // Within the default two-minute wait, at the average delays.
    let elapsed = 0;
    let attempt = 1;
    for (;;) {
      const decision = decideRetry({ failure: transient, attempt, msLeft: 120000 - elapsed, random: 0.5 });
      if (!decision.retry) break;
      elapsed += decision.delayMs;
      attempt += 1;
    }
    // 0.5 + 1 + 2 + 4 s, then every 4 s: 33 requests for a customer whose phone rings the full two minutes.
    expect(attempt).toBe(33);
    expect(DEFAULT_RETRY_POLICY.maxDelayMs).toBe(8000);
  });
});
