/**
 * An outbound call from start to recording, on the real Flex UI 2.17.1 runtime (ported from the stand-in's
 * test/plugin/outbound-recording.test.ts). Flex shows a customer leg `joined` as soon as it is added (still
 * ringing); `customerAnswers()` adds it answered, `customerLegAdded()` ringing. Flex batches participant
 * updates within 500 ms, hence `settle()` after leg changes.
 */
import * as Flex from '@twilio/flex-ui';

import { DEFAULT_WORKER_SID } from '../../dev/real-flex/sdk/flex-backend';
import { RawParticipantType } from '../../dev/real-flex/sdk/interaction-participants';
import { newSid } from '../../dev/real-flex/sdk/sids';
import { FakeFetch, reply } from '../support/fake-fetch';
import {
  DEFAULT_FLEX_TOKEN,
  RunningPlugin,
  START_URL,
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
} from '../support/real-flex-plugin';

afterEach(() => {
  stopPlugin();
  jest.useRealTimers();
});

const DEFAULT_WAIT_MS = 120_000;
const viewOf = (running: RunningPlugin, taskSid: string) => running.plugin.views?.get(taskSid);
const callSidsAsked = (running: RunningPlugin) => running.fetch.requests.map((r) => r.fields.CallSid);
type StoreTask = { taskSid: string; status: string; conference?: unknown };
const storeTask = (running: RunningPlugin, taskSid: string): StoreTask | undefined =>
  (Array.from(running.session.store.getState().flex.worker.tasks.values()) as StoreTask[]).find((task) => task.taskSid === taskSid);

describe('an outbound call the customer answers', () => {
  it('does not hold up the accept: AcceptTask completes while nothing is known about the conference', async () => {
    const running = startPlugin();
    running.fetch.replyByDefault(reply.hang());
    const completed: string[] = [];
    const afterAccept = (payload: { task: { status: string } }) => completed.push(payload.task.status);
    Flex.Actions.addListener('afterAcceptTask', afterAccept);
    try {
      const call = running.session.backend.dial();
      await advance(1);
      // Flex's auto-accept went through the plugin's before-listener and finished, before TaskRouter accepted.
      expect(completed).toEqual(['pending']);
      expect(call.reservation.status).toBe('pending');
      expect(running.fetch.requests).toEqual([]);
      await settle();
      expect(call.reservation.status).toBe('accepted');
      expect(completed).toEqual(['pending']);
      expect(running.fetch.requests).toEqual([]);
    } finally {
      Flex.Actions.removeListener('afterAcceptTask', afterAccept);
    }
  });

  it("sends nothing while only the agent's own leg has joined", async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    await advance(30_000);
    expect(running.fetch.requests).toEqual([]);
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'waiting' });
  });

  it('sends exactly one form-encoded request with the token, task, customer leg and conference', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    const customer = call.customerAnswers();
    await settle();

    expect(running.fetch.requests).toHaveLength(1);
    expect(running.fetch.last.url).toBe(START_URL);
    expect(running.fetch.last.method).toBe('POST');
    expect(running.fetch.last.fields).toEqual({
      Token: DEFAULT_FLEX_TOKEN,
      TaskSid: call.taskSid,
      CallSid: customer.callSid,
      ConferenceSid: call.conferenceSid,
    });
    expect(call.conferenceSid).toMatch(/^CF[0-9a-f]{32}$/);
    await advance(60_000);
    expect(running.fetch.requests).toHaveLength(1);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'recording', callSid: customer.callSid });
  });

  it('sends the contract\'s JSON envelope with only a JSON Content-Type header and no credentials', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    call.customerAnswers();
    await settle();
    expect(running.fetch.last.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(Object.keys(JSON.parse(running.fetch.last.body) as object)).toEqual(['recordingRequest']);
    expect(running.fetch.last.credentials).toBe('omit');
  });

  it('uses the token Flex holds when the customer answers (tokens are refreshed during a shift)', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    running.session.refreshToken('refreshed.token.after.accept.x');
    call.customerAnswers();
    await settle();
    expect(running.fetch.last.fields.Token).toBe('refreshed.token.after.accept.x');
  });

  it('once recorded, follows the call with one store subscription and no timer, tells nobody, and lets go when the task ends', async () => {
    const running = startPlugin();
    const { baselineStoreListeners } = running;
    const call = await dialOut(running);
    expect(storeListenerCount()).toBe(baselineStoreListeners + 1);
    // The bound for the customer.
    expect(pluginTimerCount()).toBe(1);
    call.customerAnswers();
    await settle();

    expect(viewOf(running, call.taskSid)?.kind).toBe('recording');
    expect(storeListenerCount()).toBe(baselineStoreListeners + 1);
    expect(pluginTimerCount()).toBe(0);
    expect(running.plugin.coordinator?.activeWatchCount).toBe(1);
    await advance(200_000);
    expect(running.fetch.requests).toHaveLength(1);
    expect(pluginTimerCount()).toBe(0);
    expect(pluginNotifications(running)).toEqual([]);

    call.hangUp();
    await settle();
    expect(storeListenerCount()).toBe(baselineStoreListeners);
    expect(pluginTimerCount()).toBe(0);
    expect(running.plugin.coordinator?.activeWatchCount).toBe(0);
    expect(pluginNotifications(running)).toEqual([]);
  });

  it('never asks twice for the same customer leg, whatever happens in the store; a new leg gets one request of its own', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    const customer = call.customerAnswers();
    await settle();
    await churn(running, call);
    customer.hold();
    await settle();
    customer.hold(false);
    await churn(running, call);
    await advance(200_000);
    expect(callSidsAsked(running)).toEqual([customer.callSid]);

    // The customer's leg ends and the customer is in the conference again on a new call SID.
    customer.leave();
    await settle();
    const again = call.customerAnswers();
    await settle();
    await churn(running, call);
    await advance(200_000);
    expect(callSidsAsked(running)).toEqual([customer.callSid, again.callSid]);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'recording', callSid: again.callSid });
    expect(running.plugin.coordinator?.activeWatchCount).toBe(1);
    expect(running.plugin.coordinator?.finishedTaskCount).toBe(0);

    call.hangUp();
    await churn(running, call);
    expect(running.plugin.coordinator?.activeWatchCount).toBe(0);
    expect(running.plugin.coordinator?.finishedTaskCount).toBe(1);
    expect(running.fetch.requests).toHaveLength(2);
  });

  it('records the customer who answers late, as long as it is within the wait', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    // dialOut settled for 600 ms, 550 ms of them after TaskRouter's accept: 119.05 s into the wait.
    await advance(118_500);
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'waiting' });
    const customer = call.customerAnswers();
    await settle();
    expect(callSidsAsked(running)).toEqual([customer.callSid]);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'recording', callSid: customer.callSid });
  });

  it('records two simultaneous outbound calls once each', async () => {
    const running = startPlugin();
    const first = await dialOut(running);
    const second = await dialOut(running);
    const secondCustomer = second.customerAnswers();
    const firstCustomer = first.customerAnswers();
    await settle();
    await advance(60_000);
    const asked = running.fetch.requests.map((r) => [r.fields.TaskSid, r.fields.CallSid]);
    expect(asked).toHaveLength(2);
    expect(asked).toEqual(
      expect.arrayContaining([
        [second.taskSid, secondCustomer.callSid],
        [first.taskSid, firstCustomer.callSid],
      ]),
    );
  });
});

describe('an outbound call the customer never answers', () => {
  it('gives up silently when the wait runs out, then only follows the task (no timer) until it ends', async () => {
    const running = startPlugin();
    const { baselineStoreListeners } = running;
    const call = await dialOut(running);
    await advance(DEFAULT_WAIT_MS);

    expect(running.fetch.requests).toEqual([]);
    expect(pluginNotifications(running)).toEqual([]);
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'not-recording', why: 'not-answered' });
    expect(storeListenerCount()).toBe(baselineStoreListeners + 1);
    expect(pluginTimerCount()).toBe(0);
    expect(actionListenerCounts().beforeAcceptTask).toBe(1);
    expect(running.plugin.coordinator?.activeWatchCount).toBe(1);

    call.hangUp();
    await settle();
    expect(storeListenerCount()).toBe(baselineStoreListeners);
    expect(running.plugin.coordinator?.activeWatchCount).toBe(0);
    expect(pluginTimerCount()).toBe(0);
    expect(running.fetch.requests).toEqual([]);
    expect(pluginNotifications(running)).toEqual([]);
  });

  it('does not record a customer who rang until the wait ran out and answers after it', async () => {
    const running = startPlugin(undefined, new FakeFetch(reply.error('customer_not_answered')));
    const call = await dialOut(running);
    const customer = call.customerLegAdded();
    await advance(DEFAULT_WAIT_MS + 1000);
    const sent = running.fetch.requests.length;
    // Asked again and again while it rang (one request every 4-8 s at most)...
    expect(sent).toBeGreaterThan(10);
    expect(new Set(callSidsAsked(running))).toEqual(new Set([customer.callSid]));
    // ... then an ordinary unanswered call: no "not recorded" error.
    expect(pluginNotifications(running)).toEqual([]);
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'not-recording', why: 'not-answered' });
    expect(pluginTimerCount()).toBe(0);

    customer.answer();
    running.fetch.replyByDefault(reply.started());
    await advance(60_000);
    expect(running.fetch.requests).toHaveLength(sent);
    expect(pluginTimerCount()).toBe(0);
  });

  it('asks for a customer leg that first joins after the wait ran out, within a wait of its own', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    await advance(DEFAULT_WAIT_MS + 1000);
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'not-recording', why: 'not-answered' });
    const customer = call.customerAnswers();
    await settle();
    expect(callSidsAsked(running)).toEqual([customer.callSid]);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'recording', callSid: customer.callSid });
  });

  it("honours the administrator's wait_seconds setting (ui_attributes)", async () => {
    const running = startPlugin(undefined, undefined, { settings: { wait_seconds: 30 } });
    const early = await dialOut(running);
    // 29.05 s after the accept.
    await advance(28_500);
    expect(viewOf(running, early.taskSid)).toEqual({ kind: 'waiting' });
    early.customerAnswers();
    await settle();
    expect(running.fetch.requests.map((r) => r.fields.TaskSid)).toEqual([early.taskSid]);

    running.fetch.replyByDefault(reply.error('customer_not_answered'));
    const late = await dialOut(running);
    const lateCustomer = late.customerLegAdded();
    await advance(30_000);
    const sent = running.fetch.requests.length;
    expect(sent).toBeGreaterThan(2);
    // With the default 120 s it would still be asking; after 30 s it is an unanswered call.
    expect(viewOf(running, late.taskSid)).toEqual({ kind: 'not-recording', why: 'not-answered' });
    lateCustomer.answer();
    running.fetch.replyByDefault(reply.started());
    await advance(60_000);
    expect(running.fetch.requests).toHaveLength(sent);
    expect(pluginTimerCount()).toBe(0);
  });
});

describe('which conference participant gets recorded', () => {
  it('not a transfer target (a colleague, or an external number)', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    call.addParty('agent', { workerSid: 'WK' + '9'.repeat(32) });
    await settle();
    call.addParty('external');
    await advance(1000);
    expect(running.fetch.requests).toEqual([]);
  });

  it('not a supervisor monitoring or barging in', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    call.addParty('supervisor', { workerSid: 'WK' + '5'.repeat(32) });
    await advance(1000);
    expect(running.fetch.requests).toEqual([]);
  });

  it('not a participant of unknown or missing type', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    call.addParty('unknown');
    // The Interactions channel reports a leg without a type at all.
    call.addParty(undefined as unknown as RawParticipantType);
    call.addParty('external');
    await advance(1000);
    const participants = (running.session.store.getState().flex.conferences.states.get(call.taskSid)?.source as { participants: Array<{ participantType?: string }> }).participants;
    expect(participants.map((p) => p.participantType)).toEqual(['worker', 'unknown', undefined, 'external']);
    expect(running.fetch.requests).toEqual([]);
  });

  it('not a second leg of the same agent (Join Call from another device)', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    call.addParty('agent', { workerSid: DEFAULT_WORKER_SID });
    await advance(1000);
    expect(running.fetch.requests).toEqual([]);
  });

  it('only the customer, when a transfer target and a supervisor are in the call as well', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    call.addParty('agent', { workerSid: 'WK' + '9'.repeat(32) });
    call.addParty('supervisor', { workerSid: 'WK' + '5'.repeat(32) });
    const customer = call.customerAnswers();
    await settle();
    await advance(1000);
    expect(callSidsAsked(running)).toEqual([customer.callSid]);
  });

  it("a customer Flex shows in its conference state, which task.conference is the same object of", async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    const customer = call.customerAnswers();
    await settle();
    const conference = running.session.store.getState().flex.conferences.states.get(call.taskSid)?.source;
    expect(storeTask(running, call.taskSid)?.conference).toBe(conference);
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.fetch.last.fields).toMatchObject({ CallSid: customer.callSid, ConferenceSid: call.conferenceSid });
  });

  it("a customer Flex learns of only from the channel's participant listing (the leg was there before Flex listened)", async () => {
    const running = startPlugin();
    const call = running.session.backend.dial();
    // Added while the reservation is still pending: Flex has no conference listener yet, and lists the legs
    // when it starts one on the accept.
    const customer = call.customerAnswers();
    await settle();
    expect(call.reservation.status).toBe('accepted');
    expect(callSidsAsked(running)).toEqual([customer.callSid]);
    expect(running.fetch.last.fields.ConferenceSid).toBe(call.conferenceSid);
  });

  it('a customer shown without a call SID at first is recorded once the SID arrives', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    const customer = call.customerAnswers({ callSid: null });
    await churn(running, call);
    await advance(2000);
    expect(running.fetch.requests).toEqual([]);

    customer.setCallSid(newSid('CA'));
    await settle();
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.fetch.last.fields.CallSid).toBe(customer.callSid);
    expect(customer.callSid).toMatch(/^CA[0-9a-f]{32}$/);
  });

  it('waits for the conference SID when Flex has none, and asks once TaskRouter writes it into the task', async () => {
    const running = startPlugin();
    const call = await dialOut(running, { conferenceSid: null });
    call.customerAnswers();
    await settle();
    await advance(2000);
    expect(running.fetch.requests).toEqual([]);

    const conferenceSid = newSid('CF');
    running.session.backend.pushTaskAttributes(call.taskSid, { ...call.task.attributes, conference: { sid: conferenceSid } });
    await settle();
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.fetch.last.fields.ConferenceSid).toBe(conferenceSid);
  });

  it('not a customer who already left the conference when Flex first shows the leg', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    // Flex sends the first participant update at once and holds the next ones back for up to 500 ms: the
    // customer's join and leave arrive in one batch.
    call.agentLeg()?.hold();
    await advance(1);
    const customer = call.customerAnswers();
    await advance(1);
    customer.leave();
    await settle();
    await advance(1000);
    const shown = (running.session.store.getState().flex.conferences.states.get(call.taskSid)?.source as { participants: Array<{ callSid?: string; status: string }> }).participants;
    expect(shown.find((p) => p.callSid === customer.callSid)?.status).toMatch(/left/);
    expect(running.fetch.requests).toEqual([]);
  });
});

describe('tasks the plugin leaves alone', () => {
  it('an internal (agent-to-agent) call: no watch at all, whoever is in the conference', async () => {
    const running = startPlugin();
    const call = await dialOut(running, { to: 'client:bob', attributes: { client_call: true } });
    expect(call.reservation.status).toBe('accepted');
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);
    call.customerAnswers();
    await advance(1000);
    expect(running.fetch.requests).toEqual([]);
    expect(pluginTimerCount()).toBe(0);
    expect(viewOf(running, call.taskSid)).toBeUndefined();
  });

  it("an inbound call is asked for like any call with a customer; the Functions' recording_excluded ends it quietly, the indicator saying why", async () => {
    const running = startPlugin(undefined, new FakeFetch(reply.error('recording_excluded')));
    const call = running.session.backend.offerInbound();
    await advance(1);
    await Flex.Actions.invokeAction('AcceptTask', { sid: call.reservation.sid });
    await settle();
    expect(call.reservation.status).toBe('accepted');
    expect(storeListenerCount()).toBe(running.baselineStoreListeners + 1);
    const customer = call.customerAnswers();
    await settle();
    await advance(60_000);
    expect(callSidsAsked(running)).toEqual([customer.callSid]);
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'not-recording', why: 'excluded' });
    expect(pluginNotifications(running)).toEqual([]);
    expect(pluginTimerCount()).toBe(0);
  });

  it('a non-voice task, even with an outbound direction attribute', async () => {
    const running = startPlugin();
    const chat = running.session.backend.dial({ taskChannelUniqueName: 'chat', attributes: { direction: 'outbound' }, targetsWorker: false, agentJoinsOnAccept: false });
    await advance(1);
    await Flex.Actions.invokeAction('AcceptTask', { sid: chat.reservation.sid });
    await settle();
    expect(storeTask(running, chat.taskSid)?.status).toBe('accepted');
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);
    expect(pluginTimerCount()).toBe(0);
    expect(running.fetch.requests).toEqual([]);
    expect(viewOf(running, chat.taskSid)).toBeUndefined();
  });

  it('an outbound call whose accept another plugin cancelled, once its task is rejected', async () => {
    const running = startPlugin();
    const veto = (_payload: unknown, abort: () => void) => abort();
    Flex.Actions.addListener('beforeAcceptTask', veto);
    try {
      const call = running.session.backend.dial({ targetsWorker: false });
      await advance(1);
      await expect(Flex.Actions.invokeAction('AcceptTask', { sid: call.reservation.sid })).rejects.toThrow('Action AcceptTask cancelled by before event');
      await settle();
      expect(call.reservation.status).toBe('pending');
      expect(storeTask(running, call.taskSid)?.status).toBe('pending');
      call.reject();
      await settle();
      expect(storeListenerCount()).toBe(running.baselineStoreListeners);
      expect(pluginTimerCount()).toBe(0);
      expect(running.plugin.coordinator?.activeWatchCount).toBe(0);
      expect(running.plugin.coordinator?.pendingAcceptCount).toBe(0);
      expect(running.fetch.requests).toEqual([]);
    } finally {
      Flex.Actions.removeListener('beforeAcceptTask', veto);
    }
  });

  it('accepts the AcceptTask payload with the task object instead of its SID', async () => {
    const running = startPlugin();
    const call = running.session.backend.dial({ targetsWorker: false });
    await advance(1);
    const task = running.session.store.getState().flex.worker.tasks.get(call.reservation.sid);
    expect(task?.taskSid).toBe(call.taskSid);
    await Flex.Actions.invokeAction('AcceptTask', { task });
    await settle();
    const customer = call.customerAnswers();
    await settle();
    expect(callSidsAsked(running)).toEqual([customer.callSid]);
  });
});
