/**
 * Which calls the plugin asks the Functions to record, on the real Flex UI 2.17.1 runtime (ported from the
 * stand-in's test/plugin/call-paths.test.ts). The recording policy (inbound opt-in, excluded queues, the
 * do-not-record attribute, calls Studio recorded) is the Functions' decision alone, configured once, in the
 * Functions: the plugin asks for every call with a customer (internal agent-to-agent calls have none), and a
 * `recording_excluded` answer ends quietly, the indicator saying why. The stand-in's version had the plugin
 * apply its own copy of the policy (FLEX_APP_EXCLUDED_QUEUES, FLEX_APP_DO_NOT_RECORD_ATTRIBUTE,
 * FLEX_APP_RECORD_INBOUND) and send nothing for such calls.
 */
import * as Flex from '@twilio/flex-ui';
import { screen, within } from '@testing-library/react';

import { SimulatedCall } from '../../dev/real-flex/sdk/flex-backend';
import { RecordingStateAttribute } from '../../src/contract/recording-api';
import { FakeFetch, reply } from '../support/fake-fetch';
import {
  FUNCTIONS_BASE_URL,
  RunningPlugin,
  advance,
  dialOut,
  pluginNotifications,
  pluginTimerCount,
  settle,
  shownTexts,
  startPlugin,
  stopPlugin,
  storeListenerCount,
} from '../support/real-flex-plugin';
import { colleaguesCall, renderTaskCanvas, withUserTiming } from '../support/real-flex-ui';

/** The recording policy's names in the stand-in era's plugin build; the plugin no longer reads any of them. */
const OLD_POLICY_KEYS = ['FLEX_APP_EXCLUDED_QUEUES', 'FLEX_APP_DO_NOT_RECORD_ATTRIBUTE', 'FLEX_APP_RECORD_INBOUND'] as const;

afterEach(() => {
  for (const key of OLD_POLICY_KEYS) delete process.env[key];
  stopPlugin();
  jest.useRealTimers();
});

const RE = (n: number) => 'RE' + n.toString(16).padStart(32, '0');
const viewOf = (running: RunningPlugin, taskSid: string) => running.plugin.views?.get(taskSid);

function start(fetch = new FakeFetch()): RunningPlugin {
  const running = startPlugin(undefined, fetch);
  withUserTiming();
  return running;
}

/** An inbound call offered to the agent, who accepts it in Flex; the caller's leg is on the conference. */
async function acceptedInbound(running: RunningPlugin, attributes: Record<string, unknown> = {}) {
  const call = running.session.backend.offerInbound({ attributes });
  await advance(1);
  // Ringing in Flex: nothing is asked for (nor shown) before the agent accepts.
  expect(running.shown.map((n) => n.id)).toEqual(['IncomingTask']);
  expect(running.fetch.requests).toEqual([]);
  expect(viewOf(running, call.taskSid)).toBeUndefined();
  await Flex.Actions.invokeAction('AcceptTask', { sid: call.reservation.sid });
  await settle();
  const customer = call.customerAnswers();
  await settle();
  return { call, customer };
}

/** What the Functions' policy said no to: one request, nothing for the agent to act on, the indicator says why. */
async function expectExcludedQuietly(running: RunningPlugin, call: SimulatedCall): Promise<void> {
  await advance(60_000);
  expect(running.fetch.requests).toHaveLength(1);
  expect(pluginNotifications(running)).toEqual([]);
  expect(viewOf(running, call.taskSid)).toEqual({ kind: 'not-recording', why: 'excluded' });
  expect(pluginTimerCount()).toBe(0);
  renderTaskCanvas(running, call);
  const canvas = screen.getByTestId('callCanvasContainer');
  expect(within(canvas).getByText('Not recording')).toBeTruthy();
  expect(within(canvas).getByText('Calls like this one are not recorded (recording policy).')).toBeTruthy();
  expect(screen.queryByTestId(`recording-toggle-${call.taskSid}`)).toBeNull();
}

describe('outbound calls', () => {
  it.each([
    ['in an excluded queue', { queue: { sid: 'WQ' + 'f'.repeat(32), name: 'Payments' } }],
    ['flagged do-not-record', { attributes: { no_rec: true } }],
  ])('%s are asked for like any other; the Functions\' recording_excluded ends it quietly', async (_what, dial) => {
    const running = start(new FakeFetch(reply.error('recording_excluded')));
    const call = await dialOut(running, dial);
    const customer = call.customerAnswers();
    await settle();
    expect(running.fetch.last.fields).toMatchObject({ TaskSid: call.taskSid, CallSid: customer.callSid, ConferenceSid: call.conferenceSid });
    await expectExcludedQuietly(running, call);
  });

  it.each([
    ['a client: address', { to: 'client:bob' }],
    ['client_call set', { to: '+15005550006', attributes: { client_call: true } }],
  ])('internal (agent-to-agent) calls, by %s, are never asked for and get no indicator', async (_what, dial) => {
    const running = start();
    const call = await dialOut(running, dial);
    call.addParty('agent');
    await settle();
    call.customerAnswers();
    await settle();
    expect(running.fetch.requests).toEqual([]);
    expect(viewOf(running, call.taskSid)).toBeUndefined();
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);
  });

  it("the plugin applies no recording policy of its own: the old FLEX_APP_* policy values neither refuse the start-up nor skip a call", async () => {
    process.env.FLEX_APP_EXCLUDED_QUEUES = 'Everyone';
    process.env.FLEX_APP_DO_NOT_RECORD_ATTRIBUTE = 'no_rec';
    process.env.FLEX_APP_RECORD_INBOUND = 'sometimes';
    const running = start();
    expect(running.shown).toEqual([]);
    const call = await dialOut(running, { attributes: { no_rec: true } });
    call.customerAnswers();
    await settle();
    expect(running.fetch.requests.map((r) => r.fields.TaskSid)).toEqual([call.taskSid]);
    expect(viewOf(running, call.taskSid)?.kind).toBe('recording');
  });
});

describe('inbound calls', () => {
  it('are asked for once the agent accepts them (the caller leg); recorded when the Functions record them', async () => {
    const running = start(new FakeFetch(reply.started(RE(1))));
    const { call, customer } = await acceptedInbound(running);
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.fetch.last.fields).toMatchObject({ TaskSid: call.taskSid, CallSid: customer.callSid, ConferenceSid: call.conferenceSid });
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE(1), callSid: customer.callSid });
    expect(pluginNotifications(running)).toEqual([]);
  });

  it('not enabled in the Functions (their default): recording_excluded, quietly', async () => {
    const running = start(new FakeFetch(reply.error('recording_excluded')));
    const { call } = await acceptedInbound(running);
    await expectExcludedQuietly(running, call);
  });

  it('Studio already linked a recording: the Functions say recording_excluded, quietly', async () => {
    const running = start(new FakeFetch(reply.error('recording_excluded')));
    const media = [{ url: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', type: 'VoiceRecording', start_time: 1, channels: ['customer', 'others'] }];
    const { call } = await acceptedInbound(running, { conversations: { media } });
    await expectExcludedQuietly(running, call);
  });
});

describe("a transfer's receiving agent", () => {
  function recordingState(over: Partial<RecordingStateAttribute>): RecordingStateAttribute {
    return { status: 'in-progress', updated_at: '2026-01-01T00:00:00Z', ...over };
  }

  /** A colleague's recorded call, transferred to this agent, who accepts it in Flex. */
  async function acceptedTransfer(running: RunningPlugin, mode: 'COLD' | 'WARM', callRecording: (customerCallSid: string) => RecordingStateAttribute) {
    const colleague = colleaguesCall(running);
    const customer = colleague.customerAnswers();
    // What the Functions wrote into the colleague's task, which Flex copies into the transfer's task.
    colleague.task.attributes = {
      ...colleague.task.attributes,
      conversations: { media: [{ url: `https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/${RE(2)}`, type: 'VoiceRecording' }] },
      call_recording: callRecording(customer.callSid as string),
    };
    const call = running.session.backend.receiveTransfer(colleague, mode);
    await advance(1);
    expect(call.reservation.status).toBe('pending');
    expect(running.fetch.requests).toEqual([]);
    await Flex.Actions.invokeAction('AcceptTask', { sid: call.reservation.sid });
    await settle();
    expect(call.reservation.status).toBe('accepted');
    return { colleague, customer, call };
  }

  it.each(['COLD', 'WARM'] as const)(
    '%s: the copied recording state names the customer leg: nothing is asked, the indicator shows it, and pause acts on this task',
    async (mode) => {
      const running = start();
      const { customer, call } = await acceptedTransfer(running, mode, (callSid) => recordingState({ recording_sid: RE(2), call_sid: callSid }));
      expect(running.fetch.requests).toEqual([]);
      expect(viewOf(running, call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE(2), callSid: customer.callSid });
      expect(pluginNotifications(running)).toEqual([]);

      running.fetch.thenReply(reply.raw(200, JSON.stringify({ recordingSid: RE(2), status: 'paused' })));
      await Flex.Actions.invokeAction('PauseCallRecording', { taskSid: call.taskSid });
      expect(running.fetch.last.url).toBe(`${FUNCTIONS_BASE_URL}/recording/pause`);
      expect(running.fetch.last.fields).toMatchObject({ TaskSid: call.taskSid, CallSid: customer.callSid, ConferenceSid: call.conferenceSid });
      expect(viewOf(running, call.taskSid)?.kind).toBe('paused');
    },
  );

  it('the copied state does not name the leg (an older link): asks to link the same recording for its own task', async () => {
    const running = start(new FakeFetch(reply.started(RE(2))));
    const { customer, call } = await acceptedTransfer(running, 'COLD', () => recordingState({ recording_sid: RE(2) }));
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.fetch.last.fields).toMatchObject({ TaskSid: call.taskSid, CallSid: customer.callSid, ConferenceSid: call.conferenceSid });
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE(2), callSid: customer.callSid });
  });
});

describe('configuration', () => {
  it.each([
    [['admin'], true],
    [['supervisor'], true],
    [['agent'], false],
  ])('tells %j about Flex native recording being on too: %s', async (roles, told) => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const running = startPlugin(undefined, new FakeFetch(), { serviceConfiguration: { call_recording_enabled: true }, roles });
    const warnings = shownTexts(running).filter((text) => /native call recording is ON/.test(text));
    expect(warnings).toHaveLength(told ? 1 : 0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('native call recording is ON'));
  });
});
