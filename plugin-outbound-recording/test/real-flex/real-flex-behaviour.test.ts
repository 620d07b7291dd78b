/**
 * What real Flex does differently from the stand-in the plugin was first written against, each case with
 * the fix it needed (issue "The plugin runs on the real Flex UI runtime"). Every test runs the plugin on the
 * installed Flex UI 2.17.1 runtime, driven from below at the SDK layer.
 */
import * as Flex from '@twilio/flex-ui';

import { RecordingStateAttribute } from '../../src/contract/recording-api';
import { reply } from '../support/fake-fetch';
import { FUNCTIONS_BASE_URL, RunningPlugin, START_URL, advance, dialOut, settle, startPlugin, stopPlugin, storeListenerCount } from '../support/real-flex-plugin';

const WAIT_SECONDS = 30;
const RE = (n: number) => 'RE' + n.toString(16).padStart(32, '0');

beforeEach(() => {
  // The backoff's jitter, fixed: each scenario then asks at the same moments on every run (3/4 of each
  // ceiling, the moments these scenarios were written for).
  jest.spyOn(Math, 'random').mockReturnValue(0.75);
});

afterEach(() => {
  stopPlugin();
  jest.useRealTimers();
});

function start(): RunningPlugin {
  return startPlugin({ FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL, FLEX_APP_RECORDING_WAIT_SECONDS: String(WAIT_SECONDS) });
}

const viewOf = (running: RunningPlugin, taskSid: string) => running.plugin.views?.get(taskSid);
/** What this plugin showed the agent (Flex's own, e.g. IncomingTask for an offered call, left out). */
const pluginNotices = (running: RunningPlugin) => running.shown.filter((n) => n.id.startsWith('OutboundRecording'));
const startRequests = (running: RunningPlugin) => running.fetch.requests.filter((r) => r.url === START_URL);

function recordingState(over: Partial<RecordingStateAttribute>): RecordingStateAttribute {
  return { status: 'in-progress', updated_at: new Date().toISOString(), ...over };
}

describe('a customer leg added while it still rings (Flex shows it joined at once)', () => {
  it('is asked for again after "not answered yet" and recorded once the customer answers; nobody is told otherwise', async () => {
    const running = start();
    running.fetch.replyByDefault(reply.error('customer_not_answered'));
    const call = await dialOut(running);
    const customer = call.customerLegAdded();
    await settle();
    expect(startRequests(running)).toHaveLength(1);
    expect(viewOf(running, call.taskSid)?.kind).toBe('starting');

    // Rings for 20 s: longer than any fixed number of attempts would have lasted.
    await advance(20_000);
    const whileRinging = startRequests(running).length;
    expect(whileRinging).toBeGreaterThan(5);
    customer.answer();
    running.fetch.replyByDefault(reply.started(RE(1)));
    await advance(10_000);

    expect(startRequests(running).length).toBe(whileRinging + 1);
    expect(running.fetch.last.fields).toMatchObject({ TaskSid: call.taskSid, CallSid: customer.callSid, ConferenceSid: call.conferenceSid });
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'recording', recordingSid: RE(1) });
    expect(pluginNotices(running)).toEqual([]);
  });

  it('rung until the bound and never answered: an unanswered call, no "not recorded" error for the agent', async () => {
    const running = start();
    running.fetch.replyByDefault(reply.error('customer_not_answered'));
    const call = await dialOut(running);
    call.customerLegAdded();
    await advance(WAIT_SECONDS * 1000 + 1000);
    expect(pluginNotices(running)).toEqual([]);
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'not-recording', why: 'not-answered' });
    await advance(60_000);
    const sent = startRequests(running).length;
    await advance(60_000);
    expect(startRequests(running)).toHaveLength(sent);
  });
});

describe('the bound waits for the customer from the moment the accept goes through', () => {
  it('starts when TaskRouter has accepted, not at beforeAcceptTask: a slow accept does not eat the wait', async () => {
    const running = startPlugin(
      { FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL, FLEX_APP_RECORDING_WAIT_SECONDS: String(WAIT_SECONDS) },
      undefined,
      { latencyMs: 20_000 },
    );
    const call = running.session.backend.dial();
    await advance(20_000 + 600);
    expect(call.reservation.status).toBe('accepted');
    // 25 s after the accept, 45 s after beforeAcceptTask: past a bound that had started at the hook.
    await advance(25_000);
    call.customerAnswers();
    await settle();
    expect(startRequests(running)).toHaveLength(1);
    expect(viewOf(running, call.taskSid)?.kind).toBe('recording');
  });

  it('lets a request sent just before the bound finish within its own timeout, and its "recorded" counts', async () => {
    const running = start();
    const call = await dialOut(running);
    await advance(WAIT_SECONDS * 1000 - 3000);
    running.fetch.thenReply(reply.after(8000, reply.started(RE(2))));
    call.customerAnswers();
    await settle();
    expect(running.fetch.inFlight).toBe(1);
    await advance(9000);
    expect(startRequests(running)).toHaveLength(1);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'recording', recordingSid: RE(2) });
    expect(pluginNotices(running)).toEqual([]);
  });

  it('never tells the agent "not recorded" for a call the server recorded while the requests kept failing', async () => {
    const running = start();
    running.fetch.replyByDefault(reply.error('rate_limited'));
    const call = await dialOut(running);
    const customer = call.customerAnswers();
    await advance(5000);
    running.session.backend.pushTaskAttributes(call.taskSid, {
      ...call.task.attributes,
      call_recording: recordingState({ recording_sid: RE(3), call_sid: customer.callSid }),
    });
    await advance(WAIT_SECONDS * 1000);
    expect(pluginNotices(running)).toEqual([]);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'recording', recordingSid: RE(3) });
  });
});

describe('an accept that does not go through', () => {
  it("another plugin's before-listener aborts it: no watch, timer or indicator; a later accept is watched", async () => {
    const running = start();
    const veto = (_payload: unknown, abort: () => void) => abort();
    Flex.Actions.addListener('beforeAcceptTask', veto);
    const call = running.session.backend.dial({ targetsWorker: false });
    await advance(1);
    await Flex.Actions.invokeAction('AcceptTask', { sid: call.reservation.sid }).catch(() => undefined);
    await settle();
    Flex.Actions.removeListener('beforeAcceptTask', veto);
    expect(call.reservation.status).toBe('pending');
    expect(running.plugin.coordinator?.activeWatchCount).toBe(0);
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);
    expect(viewOf(running, call.taskSid)).toBeUndefined();
    await advance(WAIT_SECONDS * 1000 * 2);
    expect(pluginNotices(running)).toEqual([]);

    await Flex.Actions.invokeAction('AcceptTask', { sid: call.reservation.sid });
    await settle();
    call.customerAnswers();
    await settle();
    expect(startRequests(running).map((r) => r.fields.TaskSid)).toEqual([call.taskSid]);
    expect(viewOf(running, call.taskSid)?.kind).toBe('recording');
  });

  it('TaskRouter refuses the conference instruction: nothing is left behind', async () => {
    const running = start();
    running.session.backend.failConferenceInstructions = true;
    const call = running.session.backend.dial();
    await settle();
    call.reject();
    await settle();
    expect(running.plugin.coordinator?.activeWatchCount).toBe(0);
    expect(running.plugin.coordinator?.pendingAcceptCount ?? 0).toBe(0);
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);
    expect(viewOf(running, call.taskSid)).toBeUndefined();
    expect(startRequests(running)).toEqual([]);
  });
});

describe('the recording follows the customer', () => {
  it('records a customer leg that joins the same conference again with a new call SID, after the first', async () => {
    const running = start();
    running.fetch.thenReply(reply.started(RE(4)), reply.started(RE(5)));
    const call = await dialOut(running);
    const first = call.customerAnswers();
    await settle();
    first.leave();
    await settle();
    const second = call.customerAnswers();
    await settle();
    expect(startRequests(running).map((r) => r.fields.CallSid)).toEqual([first.callSid, second.callSid]);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'recording', recordingSid: RE(5) });
    // Still one subscription for the live task, no timer held while only following.
    expect(storeListenerCount()).toBe(running.baselineStoreListeners + 1);
    call.hangUp();
    call.complete();
    await settle();
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);
  });
});

describe('the indicator tells the truth', () => {
  it('after the watch gave up it says not recorded, and later shows the recording the server reports', async () => {
    const running = start();
    running.fetch.replyByDefault(reply.error('twilio_unavailable'));
    const call = await dialOut(running);
    const customer = call.customerAnswers();
    await advance(WAIT_SECONDS * 1000 + 1000);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'failed' });
    expect(pluginNotices(running)).toHaveLength(1);
    running.session.backend.pushTaskAttributes(call.taskSid, {
      ...call.task.attributes,
      call_recording: recordingState({ recording_sid: RE(6), call_sid: customer.callSid }),
    });
    await settle();
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'recording', recordingSid: RE(6) });
  });
});

describe('no deprecated Flex getters', () => {
  it('a whole call logs none of Flex 2.17.1\'s deprecation warnings', async () => {
    const running = start();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Flex's logger binds the console when its level is set.
    running.session.internals.log.setLevel('warn');
    const call = await dialOut(running);
    call.customerLegAdded().answer();
    await settle();
    call.addParty('external');
    await settle();
    call.hangUp();
    await settle();
    expect(startRequests(running)).toHaveLength(1);
    expect(warn.mock.calls.flat().join('\n')).not.toMatch(/deprecated/i);
  });
});
