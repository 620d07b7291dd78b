import { reply } from '../support/fake-fetch';
import { StandIn, advance, dialOut, flushPromises, startPlugin } from '../support/plugin-harness';

afterEach(() => {
  jest.useRealTimers();
});

describe('the watch ends with the task', () => {
  it('wrap-up before the customer answered: watch gone, no request, no notification', async () => {
    const { desk, fetch, baselineStoreListeners } = startPlugin();
    const call = await dialOut(desk);
    await call.wrapUp();
    expect(desk.listenerCounts().store).toBe(baselineStoreListeners);
    expect(jest.getTimerCount()).toBe(0);
    await advance(200000);
    expect(fetch.requests).toEqual([]);
    expect(StandIn.Notifications.shown).toEqual([]);
  });

  it('task completed (it leaves the store): watch gone', async () => {
    const { desk, baselineStoreListeners, plugin } = startPlugin();
    const call = await dialOut(desk);
    await call.complete();
    expect(desk.listenerCounts().store).toBe(baselineStoreListeners);
    expect(jest.getTimerCount()).toBe(0);
    expect(plugin.coordinator?.activeWatchCount).toBe(0);
  });

  it('task canceled by TaskRouter: watch gone', async () => {
    const { desk, baselineStoreListeners } = startPlugin();
    const call = await dialOut(desk);
    call.cancel();
    expect(desk.listenerCounts().store).toBe(baselineStoreListeners);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('any status that is not pending/accepted (e.g. paused) ends the watch', async () => {
    const { desk, fetch, baselineStoreListeners } = startPlugin();
    const call = await dialOut(desk);
    call.setStatus('paused');
    call.customerAnswers();
    await flushPromises();
    expect(desk.listenerCounts().store).toBe(baselineStoreListeners);
    expect(fetch.requests).toEqual([]);
  });

  it('wrap-up while the request is in flight: the request is aborted, the agent is not bothered', async () => {
    const { desk, fetch, baselineStoreListeners } = startPlugin();
    fetch.replyByDefault(reply.hang());
    const call = await dialOut(desk);
    call.customerAnswers();
    await flushPromises();
    expect(fetch.inFlight).toBe(1);
    await call.wrapUp();
    await flushPromises();
    expect(fetch.requests[0].signal?.aborted).toBe(true);
    expect(fetch.inFlight).toBe(0);
    expect(StandIn.Notifications.shown).toEqual([]);
    expect(desk.listenerCounts().store).toBe(baselineStoreListeners);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('wrap-up while waiting to retry: no retry is sent', async () => {
    const { desk, fetch } = startPlugin();
    fetch.thenReply(reply.error('twilio_unavailable'));
    const call = await dialOut(desk);
    call.customerAnswers();
    await flushPromises();
    await call.wrapUp();
    await advance(60000);
    expect(fetch.requests).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('a finished task is not watched again while it stays in the store, and forgotten once it leaves', async () => {
    const { desk, fetch, plugin } = startPlugin();
    const call = await dialOut(desk);
    call.customerAnswers();
    await flushPromises();
    expect(plugin.coordinator?.finishedTaskCount).toBe(1);
    desk.churn();
    expect(plugin.coordinator?.activeWatchCount).toBe(0);
    await call.wrapUp();
    await call.complete();
    expect(plugin.coordinator?.finishedTaskCount).toBe(0);
    expect(fetch.requests).toHaveLength(1);
  });

  it('the memory of finished tasks stays bounded over a shift of calls', async () => {
    const { desk, fetch, plugin } = startPlugin();
    for (let i = 0; i < 25; i += 1) {
      const call = await dialOut(desk);
      call.customerAnswers();
      await flushPromises();
      await call.wrapUp();
      await call.complete();
    }
    expect(fetch.requests).toHaveLength(25);
    expect(plugin.coordinator?.finishedTaskCount).toBe(0);
    expect(desk.listenerCounts().store).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('dispose removes every listener, subscription and timer, even mid-watch', async () => {
    const { desk, fetch, plugin } = startPlugin();
    fetch.replyByDefault(reply.hang());
    await dialOut(desk);
    const answered = await dialOut(desk);
    answered.customerAnswers();
    await flushPromises();
    plugin.dispose();
    expect(desk.totalListenerCount()).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    expect(fetch.inFlight).toBe(0);
    expect(StandIn.Notifications.shown).toEqual([]);
  });
});
