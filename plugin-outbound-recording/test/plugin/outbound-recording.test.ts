import { DEFAULT_TOKEN } from '../../dev/flex-stand-in';
import { reply } from '../support/fake-fetch';
import { START_URL, StandIn, advance, dialOut, flushPromises, startPlugin } from '../support/plugin-harness';

afterEach(() => {
  jest.useRealTimers();
});

describe('an outbound call the customer answers', () => {
  it('does not hold up the accept: AcceptTask completes while nothing is known about the conference', async () => {
    const { desk, fetch } = startPlugin();
    fetch.replyByDefault(reply.hang());
    const call = await desk.placeOutboundCall();
    expect(call.task?.status).toBe('accepted');
    expect(StandIn.Actions.invocations.map((i) => [i.name, i.outcome])).toEqual([['AcceptTask', 'completed']]);
    expect(fetch.requests).toEqual([]);
  });

  it("sends nothing while only the agent's own leg has joined", async () => {
    const { desk, fetch } = startPlugin();
    await dialOut(desk);
    await advance(30000);
    expect(fetch.requests).toEqual([]);
  });

  it('sends exactly one form-encoded request with the token, task, customer leg and conference', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    const customer = call.customerAnswers();
    await flushPromises();

    expect(fetch.requests).toHaveLength(1);
    expect(fetch.last.url).toBe(START_URL);
    expect(fetch.last.method).toBe('POST');
    expect(fetch.last.fields).toEqual({
      Token: DEFAULT_TOKEN,
      TaskSid: call.taskSid,
      CallSid: customer.callSid,
      ConferenceSid: call.conferenceSid,
    });
    expect(call.conferenceSid).toMatch(/^CF[0-9a-f]{32}$/);
  });

  it('keeps the request a CORS simple request: only a form Content-Type header, no credentials', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    call.customerAnswers();
    await flushPromises();
    expect(fetch.last.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(fetch.last.credentials).toBe('omit');
  });

  it('uses the token Flex holds when the customer answers (tokens are refreshed during a shift)', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    StandIn.Manager.getInstance().user.token = 'refreshed.token.after.accept.x';
    call.customerAnswers();
    await flushPromises();
    expect(fetch.last.fields.Token).toBe('refreshed.token.after.accept.x');
  });

  it('stops watching after the recording started: subscriptions and timers are gone, nobody is notified', async () => {
    const { desk, baselineStoreListeners } = startPlugin();
    const call = await dialOut(desk);
    expect(desk.listenerCounts().store).toBe(baselineStoreListeners + 1);
    expect(jest.getTimerCount()).toBe(1);
    call.customerAnswers();
    await flushPromises();

    expect(desk.listenerCounts().store).toBe(baselineStoreListeners);
    expect(jest.getTimerCount()).toBe(0);
    expect(StandIn.Notifications.shown).toEqual([]);
  });

  it('never asks twice for the same call, whatever happens in the store afterwards', async () => {
    const { desk, fetch, plugin } = startPlugin();
    const call = await dialOut(desk);
    const customer = call.customerAnswers();
    await flushPromises();
    desk.churn();
    customer.leave();
    call.customerAnswers();
    desk.churn();
    await advance(200000);
    expect(fetch.requests).toHaveLength(1);
    expect(plugin.coordinator?.activeWatchCount).toBe(0);
    expect(plugin.coordinator?.finishedTaskCount).toBe(1);
  });

  it('records the customer who answers late, as long as it is within the wait', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    await advance(119000);
    call.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
  });

  it('records two simultaneous outbound calls once each', async () => {
    const { desk, fetch } = startPlugin();
    const first = await dialOut(desk);
    const second = await dialOut(desk);
    const secondCustomer = second.customerAnswers();
    const firstCustomer = first.customerAnswers();
    await flushPromises();
    expect(fetch.requests.map((r) => [r.fields.TaskSid, r.fields.CallSid])).toEqual([
      [second.taskSid, secondCustomer.callSid],
      [first.taskSid, firstCustomer.callSid],
    ]);
  });
});

describe('an outbound call the customer never answers', () => {
  it('gives up silently when the wait runs out: no request, no notification, nothing left behind', async () => {
    const { desk, fetch, baselineStoreListeners, plugin } = startPlugin();
    await dialOut(desk);
    await advance(120000);

    expect(fetch.requests).toEqual([]);
    expect(StandIn.Notifications.shown).toEqual([]);
    expect(desk.listenerCounts().store).toBe(baselineStoreListeners);
    expect(desk.listenerCounts().actions).toEqual({ beforeAcceptTask: 1 });
    expect(jest.getTimerCount()).toBe(0);
    expect(plugin.coordinator?.activeWatchCount).toBe(0);
  });

  it('does not record a customer who answers after the wait ran out', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    await advance(120001);
    call.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toEqual([]);
  });

  it('honours FLEX_APP_RECORDING_WAIT_SECONDS', async () => {
    const { desk, fetch } = startPlugin({ FLEX_APP_FUNCTIONS_BASE_URL: 'https://recording-1234-dev.twil.io', FLEX_APP_RECORDING_WAIT_SECONDS: '30' });
    const early = await dialOut(desk);
    await advance(29000);
    early.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);

    const late = await dialOut(desk);
    await advance(30000);
    late.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('which conference participant gets recorded', () => {
  it('not a transfer target', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    call.join('transfer');
    await advance(1000);
    expect(fetch.requests).toEqual([]);
  });

  it('not a supervisor monitoring or barging in', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    call.join('supervisor', { workerSid: 'WK' + '5'.repeat(32) });
    await advance(1000);
    expect(fetch.requests).toEqual([]);
  });

  it('not a participant of unknown or missing type', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    call.join('unknown');
    call.join(undefined);
    call.join('external');
    await advance(1000);
    expect(fetch.requests).toEqual([]);
  });

  it('not a second worker leg of the same agent (Join Call from another device)', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    call.join('worker', { isCurrentWorker: false });
    await advance(1000);
    expect(fetch.requests).toEqual([]);
  });

  it('only the customer, when a transfer target and a supervisor are in the call as well', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    call.join('transfer');
    call.join('supervisor');
    const customer = call.customerAnswers();
    await flushPromises();
    expect(fetch.requests.map((r) => r.fields.CallSid)).toEqual([customer.callSid]);
  });

  it('a customer Flex shows only in the store conference state, not in task.conference', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    const customer = call.customerAnswers({ visibility: 'store-only' });
    expect(call.task?.conference?.participants.some((p) => p.participantType === 'customer')).toBe(false);
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.last.fields).toMatchObject({ CallSid: customer.callSid, ConferenceSid: call.conferenceSid });
  });

  it('a customer Flex shows only in task.conference', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    const customer = call.customerAnswers({ visibility: 'task-only' });
    await flushPromises();
    expect(fetch.last.fields.CallSid).toBe(customer.callSid);
  });

  it('a customer shown without a call SID at first is recorded once the SID arrives', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    const customer = call.customerAnswers({ callSid: null });
    desk.churn();
    await advance(2000);
    expect(fetch.requests).toEqual([]);

    customer.setCallSid();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.last.fields.CallSid).toBe(customer.callSid);
    expect(customer.callSid).toMatch(/^CA[0-9a-f]{32}$/);
  });

  it('waits for the conference SID when the customer shows up while the conference is still being set up', async () => {
    const { desk, fetch } = startPlugin();
    const call = await desk.placeOutboundCall();
    call.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toEqual([]);

    call.conferenceStarts();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.last.fields.ConferenceSid).toBe(call.conferenceSid);
  });

  it('not a customer who has already left the conference', async () => {
    const { desk, fetch } = startPlugin();
    const call = await dialOut(desk);
    const customer = call.customerAnswers({ callSid: null });
    customer.leave();
    customer.setCallSid();
    await advance(1000);
    expect(fetch.requests).toEqual([]);
  });
});

describe('tasks the plugin leaves alone', () => {
  it('an inbound call: no watch at all, even when the customer is in the conference', async () => {
    const { desk, fetch, baselineStoreListeners } = startPlugin();
    const call = desk.receiveInboundCall();
    await call.accept();
    expect(desk.listenerCounts().store).toBe(baselineStoreListeners);
    call.connectAgent();
    call.customerAnswers();
    await advance(1000);
    expect(fetch.requests).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('a non-voice task, even with an outbound direction attribute', async () => {
    const { desk, fetch, baselineStoreListeners } = startPlugin();
    const chat = desk.receiveTask('chat', { direction: 'outbound' });
    await chat.accept();
    expect(desk.listenerCounts().store).toBe(baselineStoreListeners);
    expect(fetch.requests).toEqual([]);
  });

  it('an outbound call whose accept another plugin cancelled, once its task is rejected', async () => {
    const { desk, fetch, baselineStoreListeners } = startPlugin();
    const veto = (_payload: unknown, abort: () => void) => abort();
    StandIn.Actions.addListener('beforeAcceptTask', veto);
    const call = await desk.placeOutboundCall({ autoAccept: false });
    await expect(call.accept()).rejects.toThrow('Action AcceptTask cancelled by before event');
    expect(call.task?.status).toBe('pending');
    await call.reject();
    expect(desk.listenerCounts().store).toBe(baselineStoreListeners);
    expect(jest.getTimerCount()).toBe(0);
    expect(fetch.requests).toEqual([]);
  });

  it('accepts the AcceptTask payload with the task object instead of its SID', async () => {
    const { desk, fetch } = startPlugin();
    const call = await desk.placeOutboundCall({ autoAccept: false });
    await StandIn.Actions.invokeAction('AcceptTask', { task: call.task });
    call.connectAgent();
    call.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
  });
});
