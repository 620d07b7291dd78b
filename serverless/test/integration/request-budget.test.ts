import { RequestBudget, type RetryTools } from '../../src/recording/retry-policy';
import { coreFor, outboundCall, startTwilioEmulator, type TwilioEmulator } from '../support/emulated-functions';

/**
 * One retry budget per invocation (retry-policy.ts RequestBudget), through the real core and the real
 * twilio library: when Twilio keeps refusing, the start stops within its budget and says so, to the caller
 * and in the task; it never goes quiet.
 */
let emulator: TwilioEmulator;

beforeEach(async () => {
  emulator = await startTwilioEmulator();
});

afterEach(async () => {
  await emulator.close();
});

/** Backoffs that take no time, a per-look-up cap far above the budget: only the budget can stop the retrying. */
function budgeted(retries: number, delays: number[] = []): RetryTools {
  return {
    policy: { maxAttempts: 50, baseDelayMs: 100, maxDelayMs: 1000 },
    budget: new RequestBudget({ retries, retryUntilMs: 60_000, answerByMs: 60_000 }),
    random: Math.random,
    sleep: async (ms) => void delays.push(ms),
  };
}

const creates = () => emulator.requests({ routeId: 'CreateCallRecording' }).length;

it('stops retrying a create Twilio keeps refusing once the budget is spent, answers rate_limited and writes "not recorded" into the task', async () => {
  const call = outboundCall(emulator);
  emulator.configureFaults({ rate429: 1, match: { method: 'POST', pathPattern: /\/Calls\/CA[0-9a-f]{32}\/Recordings\.json$/ } });
  const delays: number[] = [];
  const answer = await coreFor(emulator, {}, budgeted(4, delays))(call.request);
  expect(answer).toMatchObject({ ok: false, code: 'rate_limited' });
  expect(creates()).toBe(5);
  // Full jitter: every backoff is somewhere between zero and its exponential ceiling.
  delays.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** i)));
  expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(0);
  expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'not-recorded', reason_code: 'rate_limited' });
});

it('shares the budget between look-ups: with every request refused, the invocation retries 3 times in all, not 3 per look-up', async () => {
  const call = outboundCall(emulator);
  emulator.configureFaults({ rate429: 1 });
  const answer = await coreFor(emulator, {}, budgeted(3))(call.request);
  expect(answer).toMatchObject({ ok: false, code: 'rate_limited' });
  const requests = emulator.requests();
  expect(requests.every((entry) => entry.status === 429)).toBe(true);
  // Each look-up sent once, plus three retries between them all.
  const lookUps = new Set(requests.map((entry) => `${entry.method} ${entry.routeId}`)).size;
  expect(requests.length).toBe(lookUps + 3);
});
