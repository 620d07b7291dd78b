import { startTwilioEmulator, type TwilioEmulator } from '../index';
import { clientFor, restError, useEmulator } from './helpers';

const ctx = useEmulator();

/** Statuses of `n` sequential fetches. */
async function statuses(emulator: TwilioEmulator, callSid: string, n: number): Promise<number[]> {
  const client = clientFor(emulator);
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) {
    out.push(await client.calls(callSid).fetch().then(() => 200, (error: { status: number }) => error.status));
  }
  return out;
}

describe('faults by configuration', () => {
  it('answers 429 (20429) above maxConcurrent requests in flight, like Twilio', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    emulator.configureFaults({ rateLimit: { maxConcurrent: 2 }, latencyMs: 150 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => client.calls(customerCallSid).fetch().then(() => ({ status: 200, code: 0 }), (error: { status: number; code: number }) => error)),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(results.filter((r) => r.status === 429).map((r) => r.code)).toEqual([20429, 20429, 20429]);
    expect(emulator.requests({ status: 429 }).map((r) => r.faultKind)).toEqual(['concurrency', 'concurrency', 'concurrency']);
    // Once they are answered the slots are free again.
    await expect(client.calls(customerCallSid).fetch()).resolves.toBeDefined();
  });

  it('answers 429 above ratePerSecond requests within a second', async () => {
    const { emulator } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    emulator.configureFaults({ rateLimit: { ratePerSecond: 3 } });
    expect(await statuses(emulator, customerCallSid, 5)).toEqual([200, 200, 200, 429, 429]);
    expect(emulator.requests({ status: 429 })[0]).toMatchObject({ faulted: true, faultKind: 'rate', errorCode: 20429 });
  });

  it('injects random 429s and 5xx reproducibly from a seed (and again after reset)', async () => {
    const { emulator } = ctx;
    const config = { rate429: 0.3, rate5xx: 0.3, seed: 42 };
    emulator.configureFaults(config);
    const { customerCallSid } = emulator.placeOutboundCall();
    const first = await statuses(emulator, customerCallSid, 30);
    expect(new Set(first)).toEqual(new Set([200, 429, 500, 503]));
    expect(emulator.faultConfig).toMatchObject(config);

    emulator.configureFaults(config); // same seed: same sequence
    expect(await statuses(emulator, customerCallSid, 30)).toEqual(first);

    const other = await startTwilioEmulator({ faults: config });
    try {
      const call = other.placeOutboundCall();
      expect(await statuses(other, call.customerCallSid, 30)).toEqual(first);
      other.reset(); // restores the configured faults with their seed
      const again = other.placeOutboundCall();
      expect(await statuses(other, again.customerCallSid, 30)).toEqual(first);
    } finally {
      await other.close();
    }
    const kinds = new Set(emulator.requests().map((r) => r.faultKind));
    expect(kinds).toEqual(new Set([null, 'random-429', 'random-5xx']));
  });

  it('adds latency, fixed or within a range, and limits random faults to matching requests', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid, taskSid } = emulator.placeOutboundCall();
    emulator.configureFaults({ latencyMs: { min: 80, max: 120 }, rate5xx: 1, match: { host: 'taskrouter' }, seed: 1 });
    const started = Date.now();
    await client.calls(customerCallSid).fetch(); // not matched: no latency, no fault
    expect(Date.now() - started).toBeLessThan(80);
    const before = Date.now();
    expect((await restError(client.taskrouter.v1.workspaces(emulator.workspaceSid).tasks(taskSid).fetch())).status).toBeGreaterThanOrEqual(500);
    expect(Date.now() - before).toBeGreaterThanOrEqual(75);
    emulator.configureFaults({});
    await expect(client.taskrouter.v1.workspaces(emulator.workspaceSid).tasks(taskSid).fetch()).resolves.toBeDefined();
  });

  it('keeps per-request injected faults and hooks working alongside', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    emulator.configureFaults({ rate429: 0, seed: 3 });
    emulator.injectFault({ status: 500 });
    expect((await restError(client.calls(customerCallSid).fetch())).status).toBe(500);
    expect(emulator.requests()[0]!.faultKind).toBe('injected');
    await expect(client.calls(customerCallSid).fetch()).resolves.toBeDefined();
  });

  it('refuses nonsense configurations', () => {
    const { emulator } = ctx;
    expect(() => emulator.configureFaults({ rate429: 2 })).toThrow(RangeError);
    expect(() => emulator.configureFaults({ rateLimit: { maxConcurrent: 0 } })).toThrow(RangeError);
    expect(() => emulator.configureFaults({ latencyMs: { min: 10, max: 5 } })).toThrow(RangeError);
  });
});

describe('customer behaviours', () => {
  it("'answers': in-progress and in the conference when placeOutboundCall returns", () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ customer: 'answers' });
    expect(emulator.getCall(call.customerCallSid).status).toBe('in-progress');
    expect(emulator.getConference(call.conferenceSid).participants.map((p) => p.callSid)).toEqual([call.workerCallSid, call.customerCallSid]);
  });

  it("'answers' after answerAfterMs; reset() cancels a pending answer", async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ customer: 'answers', answerAfterMs: 40 });
    expect(emulator.getCall(call.customerCallSid).status).toBe('ringing');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(emulator.getCall(call.customerCallSid).status).toBe('in-progress');

    emulator.placeOutboundCall({ customer: 'answers', answerAfterMs: 40 });
    emulator.reset();
    await new Promise((resolve) => setTimeout(resolve, 80)); // nothing left to answer: no throw, no state
    expect(emulator.snapshot().calls).toEqual([]);
  });

  it("'never-answers': keeps ringing, or ends as no-answer after ringTimeoutMs; recording it is 21220", async () => {
    const { emulator, client } = ctx;
    const forever = emulator.placeOutboundCall({ customer: 'never-answers' });
    expect(await restError(client.calls(forever.customerCallSid).recordings.create({ recordingChannels: 'dual' }))).toMatchObject({ status: 400, code: 21220 });
    const timed = emulator.placeOutboundCall({ customer: 'never-answers', ringTimeoutMs: 30 });
    await new Promise((resolve) => setTimeout(resolve, 70));
    expect(emulator.getCall(timed.customerCallSid).status).toBe('no-answer');
    expect(emulator.getCall(forever.customerCallSid).status).toBe('ringing');
  });

  it("'hangs-up-before-recording': answers, then hangs up as the recording request lands (21220)", async () => {
    const { emulator, client } = ctx;
    const call = emulator.placeOutboundCall({ customer: 'hangs-up-before-recording' });
    await expect(client.calls(call.customerCallSid).fetch()).resolves.toMatchObject({ status: 'in-progress' });
    expect(await restError(client.calls(call.customerCallSid).recordings.create({ recordingChannels: 'dual' }))).toMatchObject({ status: 400, code: 21220 });
    expect(emulator.getCall(call.customerCallSid).status).toBe('completed');
    expect(emulator.getConference(call.conferenceSid).participants.map((p) => p.callSid)).toEqual([call.workerCallSid]);
    expect(emulator.recordingsForCall(call.customerCallSid)).toEqual([]);
  });
});
