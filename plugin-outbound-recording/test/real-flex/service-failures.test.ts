/**
 * What the plugin does when the start-recording Function refuses, fails or does not answer, on the real Flex
 * UI 2.17.1 runtime (ported from the stand-in's test/plugin/service-failures.test.ts). Refusals that asking
 * again will not change are told at once; retryable failures are asked again, with backoff, until the bound
 * (FLEX_APP_RECORDING_WAIT_SECONDS, from the accept) and no attempt cap; a request in flight at the bound
 * finishes within its own timeout. Whatever happens to one customer leg, the watch follows its task until the
 * task ends (one store subscription, no timer).
 */
import * as Flex from '@twilio/flex-ui';

import { NOTIFICATION_IDS } from '../../src/agent-messages/agent-notifier';
import { SimulatedCall } from '../../dev/real-flex/sdk/flex-backend';
import { Reply, reply } from '../support/fake-fetch';
import {
  FUNCTIONS_BASE_URL,
  RunningPlugin,
  advance,
  churn,
  dialOut,
  pluginNotifications,
  pluginTimerCount,
  settle,
  shownTexts,
  startPlugin,
  stopPlugin,
  storeListenerCount,
} from '../support/real-flex-plugin';

afterEach(() => {
  stopPlugin();
  jest.useRealTimers();
});

const viewOf = (running: RunningPlugin, taskSid: string) => running.plugin.views?.get(taskSid);

function start(waitSeconds?: number): RunningPlugin {
  const running = startPlugin({
    FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL,
    ...(waitSeconds === undefined ? {} : { FLEX_APP_RECORDING_WAIT_SECONDS: String(waitSeconds) }),
  });
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  return running;
}

/**
 * An accepted outbound call whose customer has just answered: the first start request is out (Flex shows a
 * participant change outside its 500 ms throttle window at once) and answered from `replies`.
 */
async function answeredCall(...replies: Reply[]) {
  const running = start();
  running.fetch.thenReply(...replies);
  const call = await dialOut(running);
  const customer = call.customerAnswers();
  await advance(0);
  expect(running.fetch.requests).toHaveLength(1);
  return { running, call, customer };
}

/** Done with the leg, not with the task: the watch only follows it (one subscription, no timer) until it ends. */
async function expectOnlyFollowing(running: RunningPlugin, call: SimulatedCall): Promise<void> {
  expect(storeListenerCount()).toBe(running.baselineStoreListeners + 1);
  expect(pluginTimerCount()).toBe(0);
  expect(running.fetch.inFlight).toBe(0);
  call.hangUp();
  call.complete();
  await settle();
  expect(storeListenerCount()).toBe(running.baselineStoreListeners);
  expect(pluginTimerCount()).toBe(0);
}

describe('a leg Twilio does not list yet', () => {
  it('403 call_not_customer_leg is asked again within the bound (Twilio may list the leg a moment later), then reported', async () => {
    const { running, call } = await answeredCall(reply.error('call_not_customer_leg'));
    running.fetch.replyByDefault(reply.error('call_not_customer_leg'));
    await advance(5_000);
    expect(running.fetch.requests.length).toBeGreaterThan(1);
    expect(running.shown).toEqual([]);
    // The bound: 120 s from the accept.
    await advance(130_000);
    const asked = running.fetch.requests.length;
    expect(shownTexts(running)).toHaveLength(1);
    expect(shownTexts(running)[0]).toMatch(/^This call is NOT being recorded\. /);
    expect(shownTexts(running)[0]).toMatch(/did not accept the call leg/);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'failed' });
    await advance(60_000);
    expect(running.fetch.requests).toHaveLength(asked);
  });

  it('is recorded when Twilio lists the leg on a later attempt', async () => {
    const { running, call } = await answeredCall(reply.error('call_not_customer_leg'));
    running.fetch.replyByDefault(reply.started());
    await advance(5_000);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'recording' });
    expect(running.shown).toEqual([]);
  });
});

describe('refusals that asking again will not change', () => {
  it('409 call_not_in_progress (the customer hung up first): no retry, a warning saying so', async () => {
    const { running, call } = await answeredCall(reply.error('call_not_in_progress'));
    await advance(60_000);
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.shown.map((n) => n.id)).toEqual([NOTIFICATION_IDS.warning]);
    expect(shownTexts(running)[0]).toMatch(/NOT being recorded.*call ended before recording could start/);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'failed', retryable: false });
    await expectOnlyFollowing(running, call);
  });

  it.each([
    ['task_not_held', /not assigned to you/],
    ['origin_not_allowed', /does not accept requests from this Flex address/],
    ['token_invalid', /could not verify your Flex session/],
    ['token_missing', /did not send your session/],
    ['invalid_request', /malformed/],
    ['misconfigured', /misconfigured/],
  ] as const)('%s: no retry, an error notification explaining it', async (code, text) => {
    const { running, call } = await answeredCall(reply.error(code));
    await advance(60_000);
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.shown.map((n) => n.id)).toEqual([NOTIFICATION_IDS.error]);
    const registered = (Flex.Notifications as unknown as { registeredNotifications: Map<string, { type: Flex.NotificationType }> }).registeredNotifications;
    expect(registered.get(NOTIFICATION_IDS.error)?.type).toBe(Flex.NotificationType.error);
    expect(shownTexts(running)[0]).toMatch(/^This call is NOT being recorded\. /);
    expect(shownTexts(running)[0]).toMatch(text);
    await expectOnlyFollowing(running, call);
  });

  it('an HTML 404 (wrong Functions URL): no retry, the notification points at the URL setting', async () => {
    const { running } = await answeredCall(reply.raw(404, '<html>Not found</html>'));
    await advance(60_000);
    expect(running.fetch.requests).toHaveLength(1);
    expect(shownTexts(running)[0]).toMatch(/HTTP 404.*FLEX_APP_FUNCTIONS_BASE_URL/);
  });

  it('a 200 that is not a recording (something else answered): no retry, an error', async () => {
    const { running } = await answeredCall(reply.raw(200, '<html>captive portal</html>'));
    await advance(60_000);
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.shown.map((n) => n.id)).toEqual([NOTIFICATION_IDS.error]);
  });
});

describe('transient failures', () => {
  beforeEach(() => {
    // Full jitter at random 0.75: 3/4 of each backoff ceiling (1 s, 2 s, 4 s, 8 s, 8 s...).
    jest.spyOn(Math, 'random').mockReturnValue(0.75);
  });

  it('502 twilio_unavailable, then success: asks again after a backoff, the same fields, and stays quiet', async () => {
    const { running, call, customer } = await answeredCall(reply.error('twilio_unavailable'), reply.started());
    await advance(749);
    expect(running.fetch.requests).toHaveLength(1);
    await advance(1);
    expect(running.fetch.requests).toHaveLength(2);
    expect(running.fetch.requests[1].fields).toEqual(running.fetch.requests[0].fields);
    expect(running.fetch.requests[1].fields).toMatchObject({ TaskSid: call.taskSid, CallSid: customer.callSid, ConferenceSid: call.conferenceSid });
    expect(running.shown).toEqual([]);
    expect(viewOf(running, call.taskSid)?.kind).toBe('recording');
    await expectOnlyFollowing(running, call);
  });

  it('a network error, then success: retried', async () => {
    const { running } = await answeredCall(reply.networkError(), reply.started());
    await advance(1000);
    expect(running.fetch.requests).toHaveLength(2);
    expect(running.shown).toEqual([]);
  });

  it('an unreadable 503 from a gateway, then success: retried', async () => {
    const { running } = await answeredCall(reply.raw(503, 'Service Unavailable'), reply.started());
    await advance(1000);
    expect(running.fetch.requests).toHaveLength(2);
    expect(running.shown).toEqual([]);
  });

  it('429 rate_limited twice, then success: three requests with growing delays', async () => {
    const { running } = await answeredCall(reply.error('rate_limited'), reply.error('rate_limited'), reply.started());
    await advance(749);
    expect(running.fetch.requests).toHaveLength(1);
    await advance(1);
    expect(running.fetch.requests).toHaveLength(2);
    await advance(1499);
    expect(running.fetch.requests).toHaveLength(2);
    await advance(1);
    expect(running.fetch.requests).toHaveLength(3);
    expect(running.shown).toEqual([]);
  });

  it('keeps failing: asks again until the bound (120 s from the accept), with no attempt cap, then says how often it asked', async () => {
    const running = start();
    running.fetch.replyByDefault(reply.error('internal'));
    const call = await dialOut(running);
    call.customerAnswers();
    await advance(119_000);
    // Quiet while asking, however often: the stand-in's version gave up after five attempts.
    expect(running.fetch.requests.length).toBeGreaterThan(10);
    expect(pluginNotifications(running)).toEqual([]);
    await advance(1000);
    const asked = running.fetch.requests.length;
    expect(shownTexts(running)).toEqual([`This call is NOT being recorded. The recording service failed. Gave up after ${asked} attempts. Select Retry to try again.`]);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'failed', retryable: true });
    await advance(120_000);
    expect(running.fetch.requests).toHaveLength(asked);
    await expectOnlyFollowing(running, call);
  });

  it('never schedules a retry past the bound: a late answer leaves room for fewer attempts', async () => {
    const running = start(20);
    running.fetch.replyByDefault(reply.networkError());
    const call = await dialOut(running);
    await advance(18_000);
    call.customerAnswers();
    await advance(0);
    expect(running.fetch.requests).toHaveLength(1);
    // 18.75 s: the second attempt; the third (1.5 s later) would be past the bound, so it is not scheduled.
    await advance(1000);
    expect(running.fetch.requests).toHaveLength(2);
    await advance(5000);
    expect(running.fetch.requests).toHaveLength(2);
    expect(shownTexts(running)).toEqual([expect.stringMatching(/could not be reached\. Gave up after 2 attempts\./)]);
    await expectOnlyFollowing(running, call);
  });

  it('an attempt that hangs is abandoned after its timeout and asked again', async () => {
    const { running } = await answeredCall(reply.hang(), reply.started());
    expect(running.fetch.inFlight).toBe(1);
    await advance(15_000);
    expect(running.fetch.requests[0].signal?.aborted).toBe(true);
    await advance(1000);
    expect(running.fetch.requests).toHaveLength(2);
    expect(running.shown).toEqual([]);
  });

  it('a request still out when the bound runs out is not aborted: it gets its own timeout, then the agent is told it was not confirmed', async () => {
    const running = start(20);
    running.fetch.replyByDefault(reply.hang());
    const call = await dialOut(running);
    await advance(10_000);
    call.customerAnswers();
    await advance(10_000);
    // The bound has passed (20 s from the accept): the request sent at 10 s is still waited for.
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.fetch.requests[0].signal?.aborted).toBe(false);
    expect(running.fetch.inFlight).toBe(1);
    expect(pluginNotifications(running)).toEqual([]);
    // Its own timeout: 12 s (watch-calls.ts REQUEST_TIMEOUT_MS, past Twilio's 10 s Function limit).
    await advance(1999);
    expect(running.fetch.requests[0].signal?.aborted).toBe(false);
    await advance(1);
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.fetch.requests[0].signal?.aborted).toBe(true);
    expect(shownTexts(running)).toEqual([expect.stringMatching(/did not confirm a recording within 12 seconds/)]);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'failed', reason: { kind: 'timed-out', seconds: 12 }, retryable: true });
    await expectOnlyFollowing(running, call);
  });
});

describe('one request at a time', () => {
  it('store churn while a request is in flight does not send a second one', async () => {
    const { running, call, customer } = await answeredCall(reply.hang());
    for (let i = 0; i < 5; i += 1) await churn(running, call);
    // A supervisor starts monitoring (Flex filters supervisors out) and Twilio reports the customer's leg again.
    call.addParty('supervisor');
    customer.answer();
    await settle();
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.fetch.inFlight).toBe(1);
  });

  it('store churn while waiting to retry does not bring the retry forward', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.75);
    const { running, call } = await answeredCall(reply.error('twilio_unavailable'), reply.started());
    // The retry is due 750 ms after the refusal; within that time the store changes again and again.
    for (let i = 0; i < 10; i += 1) {
      running.session.refreshToken(Flex.Manager.getInstance().user.token);
      running.session.backend.pushTaskAttributes(call.taskSid, { ...call.task.attributes });
      await advance(20);
    }
    call.agentLeg()?.hold();
    await advance(500);
    expect(running.fetch.requests).toHaveLength(1);
    await advance(1000);
    expect(running.fetch.requests).toHaveLength(2);
    expect(viewOf(running, call.taskSid)?.kind).toBe('recording');
  });
});
