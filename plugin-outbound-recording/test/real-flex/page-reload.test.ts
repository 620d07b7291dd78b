/**
 * A browser reload in the middle of a call, on the real Flex UI 2.17.1 runtime (ported from the stand-in's
 * test/plugin/page-reload.test.ts). The old page's plugin dies with it; Flex rebuilds every reservation's
 * task (without AcceptTask) and lists its conference's legs again; the plugin is loaded anew and has no
 * memory of the old page: only the task's `call_recording` attribute (the server's truth) carries over.
 */
import * as Flex from '@twilio/flex-ui';

import { RecordingStateAttribute } from '../../src/contract/recording-api';
import { reply } from '../support/fake-fetch';
import {
  RunningPlugin,
  START_URL,
  advance,
  churn,
  dialOut,
  pluginNotifications,
  pluginTimerCount,
  reloadPage,
  reloadPageNow,
  settle,
  startPlugin,
  stopPlugin,
  storeListenerCount,
} from '../support/real-flex-plugin';

afterEach(() => {
  stopPlugin();
  jest.useRealTimers();
});

const RE = (n: number) => 'RE' + n.toString(16).padStart(32, '0');
const viewOf = (running: RunningPlugin, taskSid: string) => running.plugin.views?.get(taskSid);
/** The requests sent from the `from`-th on (the old page's went out before the reload). */
const sentSince = (running: RunningPlugin, from: number) => running.fetch.requests.slice(from);

function recordingState(over: Partial<RecordingStateAttribute>): RecordingStateAttribute {
  return { status: 'in-progress', updated_at: new Date().toISOString(), ...over };
}

describe('page reload in the middle of an outbound call', () => {
  it('picks up the accepted call and records the customer who is already on the line', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    const customer = call.customerAnswers();
    await settle();
    const before = running.fetch.requests.length;
    const reloaded = await reloadPage(running);
    expect(sentSince(reloaded, before).map((r) => [r.url, r.fields.TaskSid, r.fields.CallSid, r.fields.ConferenceSid])).toEqual([
      [START_URL, call.taskSid, customer.callSid, call.conferenceSid],
    ]);
    expect(viewOf(reloaded, call.taskSid)).toMatchObject({ kind: 'recording', callSid: customer.callSid });
  });

  it("picks up a task whose conference Flex lists only after the plugin started", async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    const customer = call.customerAnswers();
    await settle();
    const before = running.fetch.requests.length;
    const reloaded = reloadPageNow(running);
    // Flex has rebuilt the task from its reservation, but not the conference yet.
    expect(reloaded.session.store.getState().flex.worker.tasks.get(call.reservation.sid)?.status).toBe('accepted');
    const conference = reloaded.session.store.getState().flex.conferences.states.get(call.taskSid)?.source as { participants: Array<{ callSid?: string }> } | undefined;
    expect(conference?.participants.some((p) => p.callSid === customer.callSid) ?? false).toBe(false);
    expect(sentSince(reloaded, before)).toEqual([]);
    await settle();
    expect(sentSince(reloaded, before).map((r) => [r.fields.TaskSid, r.fields.CallSid])).toEqual([[call.taskSid, customer.callSid]]);
  });

  it('a call with no customer leg yet at reload is recorded when the customer answers', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    const reloaded = await reloadPage(running);
    await advance(1000);
    expect(reloaded.fetch.requests).toEqual([]);
    const customer = call.customerAnswers();
    await settle();
    expect(reloaded.fetch.requests.map((r) => r.fields.CallSid)).toEqual([customer.callSid]);
  });

  it('a customer still ringing at reload is asked for again and recorded once they answer', async () => {
    const running = startPlugin();
    running.fetch.replyByDefault(reply.error('customer_not_answered'));
    const call = await dialOut(running);
    const customer = call.customerLegAdded();
    await advance(3000);
    const before = running.fetch.requests.length;
    const reloaded = await reloadPage(running);
    expect(sentSince(reloaded, before).length).toBeGreaterThanOrEqual(1);
    customer.answer();
    reloaded.fetch.replyByDefault(reply.started(RE(1)));
    await advance(10_000);
    expect(viewOf(reloaded, call.taskSid)).toMatchObject({ kind: 'recording', recordingSid: RE(1), callSid: customer.callSid });
    expect(new Set(sentSince(reloaded, before).map((r) => r.fields.CallSid))).toEqual(new Set([customer.callSid]));
    const sent = reloaded.fetch.requests.length;
    await advance(60_000);
    expect(reloaded.fetch.requests).toHaveLength(sent);
    expect(pluginNotifications(reloaded)).toEqual([]);
  });

  it('sends one request only, however much the store churns after the reload', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    call.customerAnswers();
    await settle();
    const before = running.fetch.requests.length;
    const reloaded = await reloadPage(running);
    for (let i = 0; i < 5; i += 1) await churn(reloaded, call);
    await advance(60_000);
    expect(sentSince(reloaded, before)).toHaveLength(1);
  });

  it('sends nothing for a customer leg the task shows recorded already, and shows that recording', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    const customer = call.customerAnswers();
    await settle();
    running.session.backend.pushTaskAttributes(call.taskSid, {
      ...call.task.attributes,
      call_recording: recordingState({ recording_sid: RE(2), call_sid: customer.callSid }),
    });
    await settle();
    const before = running.fetch.requests.length;
    const reloaded = await reloadPage(running);
    await advance(60_000);
    expect(sentSince(reloaded, before)).toEqual([]);
    expect(viewOf(reloaded, call.taskSid)).toMatchObject({ kind: 'recording', recordingSid: RE(2) });
    expect(pluginNotifications(reloaded)).toEqual([]);
  });

  it("asks for the customer's current leg when the task shows only an earlier leg recorded", async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    const first = call.customerAnswers();
    await settle();
    running.session.backend.pushTaskAttributes(call.taskSid, {
      ...call.task.attributes,
      call_recording: recordingState({ recording_sid: RE(3), call_sid: first.callSid }),
    });
    first.leave();
    await settle();
    const second = call.customerAnswers();
    await settle();
    const before = running.fetch.requests.length;
    const reloaded = await reloadPage(running);
    await advance(1000);
    expect(sentSince(reloaded, before).map((r) => r.fields.CallSid)).toEqual([second.callSid]);
  });

  it('leaves alone a task already in wrap-up, and an internal (agent-to-agent) call', async () => {
    const running = startPlugin();
    const wrapping = await dialOut(running);
    wrapping.customerAnswers();
    await settle();
    wrapping.hangUp();
    await settle();
    const internal = await dialOut(running, { to: 'client:bob', attributes: { client_call: true } });
    internal.customerAnswers();
    await settle();
    const before = running.fetch.requests.length;
    const reloaded = await reloadPage(running);
    await advance(1000);
    expect(reloaded.session.store.getState().flex.worker.tasks.size).toBe(2);
    expect(sentSince(reloaded, before)).toEqual([]);
    // The plugin's one permanent subscription, no watch.
    expect(storeListenerCount()).toBe(1);
    expect(pluginTimerCount()).toBe(0);
  });

  it('picks up an inbound call accepted before the reload and asks for its customer', async () => {
    const running = startPlugin();
    const inbound = running.session.backend.offerInbound();
    await advance(1);
    await Flex.Actions.invokeAction('AcceptTask', { sid: inbound.reservation.sid });
    await settle();
    const customer = inbound.customerAnswers();
    await settle();
    const before = running.fetch.requests.length;
    const reloaded = await reloadPage(running);
    expect(sentSince(reloaded, before).map((r) => [r.fields.TaskSid, r.fields.CallSid])).toEqual([[inbound.taskSid, customer.callSid]]);
  });

  it('follows the reloaded call like any other, and cleans up after it when the task ends', async () => {
    const running = startPlugin();
    const call = await dialOut(running);
    const reloaded = await reloadPage(running);
    expect(storeListenerCount()).toBe(2);
    expect(pluginTimerCount()).toBe(1);
    await advance(120_000);
    expect(viewOf(reloaded, call.taskSid)).toEqual({ kind: 'not-recording', why: 'not-answered' });
    expect(storeListenerCount()).toBe(2);
    expect(pluginTimerCount()).toBe(0);
    call.hangUp();
    await settle();
    expect(storeListenerCount()).toBe(1);
    expect(pluginTimerCount()).toBe(0);
    expect(reloaded.fetch.requests).toEqual([]);
  });
});
