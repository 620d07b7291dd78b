import { NOTIFICATION_IDS } from '../../src/agent-messages/agent-notifier';
import { reply } from '../support/fake-fetch';
import { StandIn, advance, dialOut, flushPromises, shownTexts, startPlugin } from '../support/plugin-harness';

afterEach(() => {
  jest.useRealTimers();
});

async function answeredCall(...replies: ReturnType<(typeof reply)[keyof typeof reply]>[]) {
  const running = startPlugin();
  running.fetch.thenReply(...replies);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const call = await dialOut(running.desk);
  const customer = call.customerAnswers();
  await flushPromises();
  return { ...running, call, customer };
}

function expectNothingLeft(desk: StandIn.FlexDesk, baselineStoreListeners: number): void {
  expect(desk.listenerCounts().store).toBe(baselineStoreListeners);
  expect(jest.getTimerCount()).toBe(0);
}

describe('refusals that asking again will not change', () => {
  it('409 call_not_in_progress (the customer hung up first): no retry, a warning saying so', async () => {
    const { fetch, desk, baselineStoreListeners } = await answeredCall(reply.error('call_not_in_progress'));
    await advance(60000);
    expect(fetch.requests).toHaveLength(1);
    expect(StandIn.Notifications.shown.map((n) => n.id)).toEqual([NOTIFICATION_IDS.warning]);
    expect(shownTexts()[0]).toMatch(/NOT being recorded.*call ended before recording could start/);
    expectNothingLeft(desk, baselineStoreListeners);
  });

  it.each([
    ['task_not_held', /not assigned to you/],
    ['call_not_customer_leg', /did not accept the call leg/],
    ['origin_not_allowed', /does not accept requests from this Flex address/],
    ['token_invalid', /could not verify your Flex session/],
    ['token_missing', /did not send your session/],
    ['invalid_request', /malformed/],
    ['misconfigured', /misconfigured/],
  ] as const)('%s: no retry, an error notification explaining it', async (code, text) => {
    const { fetch, desk, baselineStoreListeners } = await answeredCall(reply.error(code));
    await advance(60000);
    expect(fetch.requests).toHaveLength(1);
    expect(StandIn.Notifications.shown.map((n) => [n.id, n.type])).toEqual([[NOTIFICATION_IDS.error, StandIn.NotificationType.error]]);
    expect(shownTexts()[0]).toMatch(/This call is NOT being recorded/);
    expect(shownTexts()[0]).toMatch(text);
    expectNothingLeft(desk, baselineStoreListeners);
  });

  it('an HTML 404 (wrong Functions URL): no retry, the notification points at the URL setting', async () => {
    const { fetch } = await answeredCall(reply.raw(404, '<html>Not found</html>'));
    await advance(60000);
    expect(fetch.requests).toHaveLength(1);
    expect(shownTexts()[0]).toMatch(/HTTP 404.*FLEX_APP_FUNCTIONS_BASE_URL/);
  });

  it('a 200 that is not a recording (something else answered): no retry, an error', async () => {
    const { fetch } = await answeredCall(reply.raw(200, '<html>captive portal</html>'));
    await advance(60000);
    expect(fetch.requests).toHaveLength(1);
    expect(StandIn.Notifications.shown.map((n) => n.id)).toEqual([NOTIFICATION_IDS.error]);
  });
});

describe('transient failures', () => {
  it('502 twilio_unavailable, then success: asks again after a backoff and stays quiet', async () => {
    const { fetch, desk, baselineStoreListeners } = await answeredCall(reply.error('twilio_unavailable'), reply.started());
    expect(fetch.requests).toHaveLength(1);
    await advance(499);
    expect(fetch.requests).toHaveLength(1);
    await advance(1000);
    expect(fetch.requests).toHaveLength(2);
    expect(fetch.requests[1].fields).toEqual(fetch.requests[0].fields);
    expect(StandIn.Notifications.shown).toEqual([]);
    expectNothingLeft(desk, baselineStoreListeners);
  });

  it('a network error, then success: retried', async () => {
    const { fetch } = await answeredCall(reply.networkError(), reply.started());
    await advance(1000);
    expect(fetch.requests).toHaveLength(2);
    expect(StandIn.Notifications.shown).toEqual([]);
  });

  it('an unreadable 503 from a gateway, then success: retried', async () => {
    const { fetch } = await answeredCall(reply.raw(503, 'Service Unavailable'), reply.started());
    await advance(1000);
    expect(fetch.requests).toHaveLength(2);
    expect(StandIn.Notifications.shown).toEqual([]);
  });

  it('429 rate_limited twice, then success: three requests with growing delays', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const { fetch } = await answeredCall(reply.error('rate_limited'), reply.error('rate_limited'), reply.started());
    // Equal jitter at random 0.5: 3/4 of the 1 s, then of the 2 s ceiling.
    await advance(749);
    expect(fetch.requests).toHaveLength(1);
    await advance(1);
    expect(fetch.requests).toHaveLength(2);
    await advance(1499);
    expect(fetch.requests).toHaveLength(2);
    await advance(1);
    expect(fetch.requests).toHaveLength(3);
    expect(StandIn.Notifications.shown).toEqual([]);
  });

  it('keeps failing: gives up after a bounded number of attempts and says the call is not recorded', async () => {
    const { fetch, desk, baselineStoreListeners } = await answeredCall(...Array(10).fill(reply.error('internal')));
    await advance(120000);
    expect(fetch.requests).toHaveLength(5);
    expect(shownTexts()).toEqual([expect.stringMatching(/NOT being recorded.*failed.*Gave up after 5 attempts/)]);
    expectNothingLeft(desk, baselineStoreListeners);
  });

  it('never schedules a retry past the wait: a late answer leaves room for fewer attempts', async () => {
    const running = startPlugin({ FLEX_APP_FUNCTIONS_BASE_URL: 'https://recording-1234-dev.twil.io', FLEX_APP_RECORDING_WAIT_SECONDS: '20' });
    running.fetch.replyByDefault(reply.networkError());
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const call = await dialOut(running.desk);
    await advance(18000);
    call.customerAnswers();
    await advance(5000);
    expect(running.fetch.requests.length).toBeLessThan(5);
    expect(running.fetch.requests.length).toBeGreaterThanOrEqual(1);
    expect(shownTexts()).toEqual([expect.stringMatching(/could not be reached/)]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('an attempt that hangs is abandoned after its timeout and asked again', async () => {
    const { fetch } = await answeredCall(reply.hang(), reply.started());
    expect(fetch.inFlight).toBe(1);
    await advance(15000);
    expect(fetch.requests[0].signal?.aborted).toBe(true);
    await advance(1000);
    expect(fetch.requests).toHaveLength(2);
    expect(StandIn.Notifications.shown).toEqual([]);
  });

  it('no answer before the wait runs out: the request is aborted and the agent told it was not confirmed', async () => {
    const running = startPlugin({ FLEX_APP_FUNCTIONS_BASE_URL: 'https://recording-1234-dev.twil.io', FLEX_APP_RECORDING_WAIT_SECONDS: '20' });
    running.fetch.replyByDefault(reply.hang());
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const call = await dialOut(running.desk);
    await advance(10000);
    call.customerAnswers();
    await advance(10000);
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.fetch.requests[0].signal?.aborted).toBe(true);
    expect(running.fetch.inFlight).toBe(0);
    expect(shownTexts()).toEqual([expect.stringMatching(/did not confirm a recording within 20 seconds/)]);
    expectNothingLeft(running.desk, running.baselineStoreListeners);
  });
});

describe('one request at a time', () => {
  it('store churn while a request is in flight does not send a second one', async () => {
    const { fetch, desk, call } = await answeredCall(reply.hang());
    for (let i = 0; i < 10; i += 1) desk.churn();
    call.join('supervisor');
    call.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.inFlight).toBe(1);
  });

  it('store churn while waiting to retry does not bring the retry forward', async () => {
    const { fetch, desk } = await answeredCall(reply.error('twilio_unavailable'), reply.started());
    for (let i = 0; i < 10; i += 1) desk.churn();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
    await advance(1000);
    expect(fetch.requests).toHaveLength(2);
  });
});
