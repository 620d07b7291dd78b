import OutboundRecordingPlugin from '../../src/OutboundRecordingPlugin';
import { FakeFetch } from '../support/fake-fetch';
import { StandIn, advance, dialOut, flushPromises, initPlugin, startPlugin } from '../support/plugin-harness';

afterEach(() => {
  jest.useRealTimers();
});

/**
 * What a browser reload does: the old page's requests already sent have gone out, then its code, timers and
 * listeners simply vanish (disposing the old plugin stands for that), and a fresh page loads the plugin again.
 */
async function reload(desk: StandIn.FlexDesk, oldPage: OutboundRecordingPlugin, options?: { tasksLoaded?: boolean }): Promise<FakeFetch> {
  await flushPromises();
  oldPage.dispose();
  jest.clearAllTimers();
  desk.reloadPage(options);
  const fetch = new FakeFetch();
  initPlugin(fetch);
  return fetch;
}

describe('page reload in the middle of an outbound call', () => {
  it('picks up the accepted call and records the customer who is already on the line', async () => {
    const { desk, plugin } = startPlugin();
    const call = await dialOut(desk);
    const customer = call.customerAnswers({ visibility: 'store-only' });
    const fetch = await reload(desk, plugin);
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.last.fields).toMatchObject({ TaskSid: call.taskSid, CallSid: customer.callSid, ConferenceSid: call.conferenceSid });
  });

  it('picks up a task Flex loads only after the plugin started', async () => {
    const { desk, plugin } = startPlugin();
    const call = await dialOut(desk);
    call.customerAnswers();
    const fetch = await reload(desk, plugin, { tasksLoaded: false });
    await advance(3000);
    expect(fetch.requests).toEqual([]);
    desk.loadTasks();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.last.fields.TaskSid).toBe(call.taskSid);
  });

  it('a call still ringing at reload is recorded when the customer answers', async () => {
    const { desk, plugin } = startPlugin();
    const call = await dialOut(desk);
    const fetch = await reload(desk, plugin);
    await flushPromises();
    expect(fetch.requests).toEqual([]);
    call.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
  });

  it('sends one request only, however much the store churns after the reload', async () => {
    const { desk, plugin } = startPlugin();
    const call = await dialOut(desk);
    call.customerAnswers();
    const fetch = await reload(desk, plugin);
    for (let i = 0; i < 5; i += 1) desk.churn();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
  });

  it('leaves alone a task already in wrap-up, and inbound calls', async () => {
    const { desk, plugin } = startPlugin();
    const wrapping = await dialOut(desk);
    wrapping.customerAnswers();
    await wrapping.wrapUp();
    const inbound = desk.receiveInboundCall();
    await inbound.accept();
    inbound.connectAgent();
    inbound.customerAnswers();
    const fetch = await reload(desk, plugin);
    await advance(1000);
    expect(fetch.requests).toEqual([]);
    expect(desk.listenerCounts().store).toBe(1);
  });

  it('cleans up after the reloaded watch like after any other', async () => {
    const { desk, plugin } = startPlugin();
    await dialOut(desk);
    await reload(desk, plugin);
    expect(desk.listenerCounts().store).toBe(2);
    await advance(120000);
    expect(desk.listenerCounts().store).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
