/**
 * A watch lives exactly as long as its task, on the real Flex UI 2.17.1 runtime (ported from the stand-in's
 * test/plugin/task-lifecycle.test.ts). A watch follows its task until the task ends (wrap-up, completion,
 * cancellation, any status that is not live): then its store subscription, timers and requests go.
 */
import { reply } from '../support/fake-fetch';
import {
  RunningPlugin,
  actionListenerCounts,
  advance,
  churn,
  dialOut,
  pluginNotifications,
  pluginTimerCount,
  settle,
  startPlugin,
  stopPlugin,
  storeListenerCount,
  taskStatusChanges,
} from '../support/real-flex-plugin';

afterEach(() => {
  stopPlugin();
  jest.useRealTimers();
});

const viewOf = (running: RunningPlugin, taskSid: string) => running.plugin.views?.get(taskSid);
const tasksInStore = (running: RunningPlugin) => running.session.store.getState().flex.worker.tasks.size;

describe('the watch ends with the task', () => {
  it('wrap-up before the customer answered: watch gone, no request, no notification', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    expect(storeListenerCount()).toBe(running.baselineStoreListeners + 1);
    call.hangUp();
    await settle();
    expect(call.reservation.status).toBe('wrapping');
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);
    expect(pluginTimerCount()).toBe(0);
    expect(running.plugin.coordinator?.activeWatchCount).toBe(0);
    await advance(200_000);
    expect(running.fetch.requests).toEqual([]);
    expect(pluginNotifications(running)).toEqual([]);
  });

  it('task completed (it leaves the store): watch gone', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    call.complete();
    await settle();
    expect(tasksInStore(running)).toBe(0);
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);
    expect(pluginTimerCount()).toBe(0);
    expect(running.plugin.coordinator?.activeWatchCount).toBe(0);
  });

  it('task canceled by TaskRouter: watch gone', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    call.cancel();
    await settle();
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);
    expect(pluginTimerCount()).toBe(0);
    expect(running.plugin.coordinator?.activeWatchCount).toBe(0);
  });

  it("any status that is not live ends the watch: the task wrapping while its reservation still shows accepted", async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    await taskStatusChanges(call, 'wrapping');
    const task = running.session.store.getState().flex.worker.tasks.get(call.reservation.sid);
    expect([task?.status, task?.taskStatus]).toEqual(['accepted', 'wrapping']);
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);
    call.customerAnswers();
    await settle();
    expect(running.fetch.requests).toEqual([]);
    expect(pluginTimerCount()).toBe(0);
  });

  it('wrap-up while the request is in flight: the request is aborted, the agent is not bothered', async () => {
    const running = startPlugin();
    running.fetch.replyByDefault(reply.hang());
    const call = await dialOut(running);
    call.customerAnswers();
    await settle();
    expect(running.fetch.inFlight).toBe(1);
    call.hangUp();
    await settle();
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.fetch.requests[0].signal?.aborted).toBe(true);
    expect(running.fetch.inFlight).toBe(0);
    expect(pluginNotifications(running)).toEqual([]);
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);
    expect(pluginTimerCount()).toBe(0);
  });

  it('wrap-up while waiting to retry: no retry is sent', async () => {
    const running = startPlugin();
    running.fetch.thenReply(reply.error('twilio_unavailable'));
    // The first backoff is 0.5-1 s; this makes it ~1 s.
    jest.spyOn(Math, 'random').mockReturnValue(0.99);
    const call = await dialOut(running);
    call.customerAnswers();
    // Flex shows the first participant change after a quiet spell at once.
    await advance(1);
    expect(running.fetch.requests).toHaveLength(1);
    // The bound and the backoff before the retry.
    expect(pluginTimerCount()).toBe(2);
    call.hangUp();
    await settle();
    await advance(60_000);
    expect(running.fetch.requests).toHaveLength(1);
    expect(pluginTimerCount()).toBe(0);
    expect(pluginNotifications(running)).toEqual([]);
  });

  it('the watch follows a recorded call until the task ends; then the task is not watched again while it stays in the store, and is forgotten once it leaves', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    call.customerAnswers();
    await settle();
    expect(viewOf(running, call.taskSid)?.kind).toBe('recording');
    expect(running.plugin.coordinator?.activeWatchCount).toBe(1);
    expect(running.plugin.coordinator?.finishedTaskCount).toBe(0);

    call.hangUp();
    await settle();
    expect(running.plugin.coordinator?.activeWatchCount).toBe(0);
    expect(running.plugin.coordinator?.finishedTaskCount).toBe(1);
    await churn(running, call);
    expect(running.plugin.coordinator?.activeWatchCount).toBe(0);
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);

    call.complete();
    await settle();
    expect(running.plugin.coordinator?.finishedTaskCount).toBe(0);
    expect(running.fetch.requests).toHaveLength(1);
  });

  it('the memory of finished tasks stays bounded over a shift of calls', async () => {
    const running = startPlugin();
    const taskSids: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      const call = await dialOut(running);
      taskSids.push(call.taskSid);
      call.customerAnswers();
      await settle();
      call.hangUp();
      await settle();
      call.complete();
      await settle();
    }
    expect(new Set(running.fetch.requests.map((r) => r.fields.TaskSid))).toEqual(new Set(taskSids));
    expect(running.fetch.requests).toHaveLength(25);
    expect(tasksInStore(running)).toBe(0);
    expect(running.plugin.coordinator?.finishedTaskCount).toBe(0);
    expect(running.plugin.coordinator?.activeWatchCount).toBe(0);
    expect(taskSids.filter((taskSid) => viewOf(running, taskSid) !== undefined)).toEqual([]);
    expect(storeListenerCount()).toBe(1);
    expect(pluginTimerCount()).toBe(0);
  });

  it('dispose removes every listener, subscription and timer, even mid-watch', async () => {
    const running = startPlugin();
    running.fetch.replyByDefault(reply.hang());
    const withPlugin = actionListenerCounts();
    await dialOut(running);
    const answered = await dialOut(running);
    answered.customerAnswers();
    await settle();
    expect(running.fetch.inFlight).toBe(1);
    expect(pluginTimerCount()).toBeGreaterThan(0);
    running.plugin.dispose();
    expect(storeListenerCount()).toBe(0);
    // Only the plugin's own beforeAcceptTask listener goes: Flex's own listeners stay.
    const withoutPlugin = Object.entries({ ...withPlugin, beforeAcceptTask: withPlugin.beforeAcceptTask - 1 }).filter(([, count]) => count > 0);
    expect(actionListenerCounts()).toEqual(Object.fromEntries(withoutPlugin));
    expect(pluginTimerCount()).toBe(0);
    expect(running.fetch.inFlight).toBe(0);
    expect(pluginNotifications(running)).toEqual([]);
  });
});
