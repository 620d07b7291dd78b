import { backoffDelayMs, isTransient, withRetry, type RetryTools } from '../../src/recording/retry-policy';
import { TwilioFailure } from '../../src/recording/twilio-port';

const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 250 };

function tools(delays: number[] = []): RetryTools {
  return { policy, random: () => 1, sleep: async (ms) => void delays.push(ms) };
}

describe('isTransient', () => {
  it.each([
    [429, 20429, true],
    [500, undefined, true],
    [503, undefined, true],
    [0, undefined, true],
    [400, 21220, false],
    [401, 20003, false],
    [404, 20404, false],
    [412, undefined, false],
  ])('status %s code %s -> %s', (status, code, expected) => {
    expect(isTransient(new TwilioFailure(status, code, 'x'))).toBe(expected);
  });

  it('does not retry programming errors', () => {
    expect(isTransient(new TypeError('boom'))).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  it('grows exponentially up to the ceiling', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(policy, n, () => 1))).toEqual([100, 200, 250, 250]);
  });

  it('is jittered between zero and the ceiling', () => {
    expect(backoffDelayMs(policy, 2, () => 0)).toBe(0);
    expect(backoffDelayMs(policy, 2, () => 0.5)).toBe(100);
  });
});

describe('withRetry', () => {
  it('retries transient failures and returns the first success', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(tools(delays), async () => {
      calls += 1;
      if (calls < 3) throw new TwilioFailure(429, 20429, 'Too Many Requests');
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  it('gives up after the last attempt with the last failure', async () => {
    let calls = 0;
    await expect(
      withRetry(tools(), async () => {
        calls += 1;
        throw new TwilioFailure(503, undefined, `down ${calls}`);
      }),
    ).rejects.toThrow('down 3');
    expect(calls).toBe(3);
  });

  it('does not retry a lasting failure', async () => {
    let calls = 0;
    await expect(
      withRetry(tools(), async () => {
        calls += 1;
        throw new TwilioFailure(400, 21220, 'Call is not in-progress');
      }),
    ).rejects.toThrow('not in-progress');
    expect(calls).toBe(1);
  });
});
