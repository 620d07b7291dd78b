import { RequestBudget, backoffDelayMs, isTransient, withRetry, type RetryTools } from '../../src/recording/retry-policy';
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

describe('one retry budget per invocation (RequestBudget)', () => {
  const rateLimited = () => new TwilioFailure(429, 20429, 'Too Many Requests');

  /** A clock the test moves: sleeping advances it, as real backoffs do. */
  function clocked(limits: { retries: number; retryUntilMs: number; answerByMs: number }) {
    let now = 0;
    const budget = new RequestBudget(limits, () => now);
    const shared: RetryTools = {
      policy: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 100 },
      random: () => 1,
      budget,
      sleep: async (ms) => {
        now += ms;
      },
    };
    return { shared, budget, advance: (ms: number) => (now += ms) };
  }

  it('is shared by every look-up of the invocation: retries stop when it is spent, whichever look-up spent it', async () => {
    const { shared, budget } = clocked({ retries: 4, retryUntilMs: 60_000, answerByMs: 60_000 });
    const attempts = { task: 0, call: 0 };
    const refuse = (lookUp: keyof typeof attempts) => async () => {
      attempts[lookUp] += 1;
      throw rateLimited();
    };
    await expect(withRetry(shared, refuse('task'))).rejects.toThrow(TwilioFailure);
    expect(attempts.task).toBe(5);
    expect(budget.retriesRemaining).toBe(0);
    // The next look-up of the same invocation gets its first attempt, and no retry.
    await expect(withRetry(shared, refuse('call'))).rejects.toThrow(TwilioFailure);
    expect(attempts.call).toBe(1);
  });

  it('takes no retry whose backoff would end after retryUntilMs', async () => {
    const { shared, advance } = clocked({ retries: 100, retryUntilMs: 1_000, answerByMs: 60_000 });
    advance(950);
    let attempts = 0;
    await expect(withRetry(shared, async () => { attempts += 1; throw rateLimited(); })).rejects.toThrow(TwilioFailure);
    expect(attempts).toBe(1);
  });

  it('sends nothing once the invocation must answer, and gives up on an attempt that would outlast it', async () => {
    const { shared, advance } = clocked({ retries: 100, retryUntilMs: 0, answerByMs: 1_000 });
    advance(1_000);
    let sent = 0;
    await expect(withRetry(shared, async () => { sent += 1; return 'late'; })).rejects.toMatchObject({ status: 0 });
    expect(sent).toBe(0);

    jest.useFakeTimers();
    try {
      const real = new RequestBudget({ retries: 0, retryUntilMs: 0, answerByMs: 50 });
      const hanging = withRetry({ ...shared, budget: real }, () => new Promise<string>(() => undefined));
      const outcome = expect(hanging).rejects.toMatchObject({ status: 0, message: 'Twilio did not answer in time' });
      jest.advanceTimersByTime(60);
      await outcome;
    } finally {
      jest.useRealTimers();
    }
  });

  it('gives cleanup retries of its own on the same clock (forCleanup): spent look-ups do not starve it, the answer time still holds', () => {
    let now = 0;
    const budget = new RequestBudget({ retries: 1, retryUntilMs: 6000, answerByMs: 9000 }, () => now);
    expect(budget.takeRetry(0)).toBe(true);
    expect(budget.takeRetry(0)).toBe(false);
    now = 7000;
    const cleanup = budget.forCleanup(4);
    expect(cleanup.msUntilAnswer()).toBe(2000);
    expect(cleanup.takeRetry(500)).toBe(true);
    expect(cleanup.takeRetry(1500)).toBe(false);
  });
});
