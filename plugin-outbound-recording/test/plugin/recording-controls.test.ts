import { ENGLISH, JAPANESE } from '../../src/agent-messages/strings';
import { reply } from '../support/fake-fetch';
import { FUNCTIONS_BASE_URL, StandIn, advance, dialOut, flushPromises, initPlugin, setPluginEnvironment, shownTexts, startPlugin } from '../support/plugin-harness';
import { FakeFetch } from '../support/fake-fetch';

afterEach(() => {
  jest.useRealTimers();
  setPluginEnvironment({ FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL });
});

const RE = 'RE' + 'e'.repeat(32);
const answered = (status: 'paused' | 'in-progress') => reply.raw(200, JSON.stringify({ recordingSid: RE, status }));

async function recordedCall(env?: Parameters<typeof startPlugin>[0]) {
  const running = startPlugin(env);
  const call = await dialOut(running.desk);
  const customer = call.customerAnswers();
  await flushPromises();
  return { ...running, call, customer };
}

describe('pause and resume', () => {
  it('PauseCallRecording / ResumeCallRecording send the contract fields and the configured PauseBehavior', async () => {
    const { plugin, fetch, call, customer } = await recordedCall({ FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL, FLEX_APP_PAUSE_BEHAVIOR: 'silence' });
    expect(plugin.views?.get(call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE });

    fetch.thenReply(answered('paused'));
    await StandIn.Actions.invokeAction('PauseCallRecording', { task: call.task });
    expect(fetch.last.url).toBe(`${FUNCTIONS_BASE_URL}/recording/pause`);
    expect(fetch.last.fields).toEqual({
      Token: StandIn.Manager.getInstance().user.token,
      TaskSid: call.taskSid,
      CallSid: customer.callSid,
      ConferenceSid: call.conferenceSid,
      PauseBehavior: 'silence',
    });
    expect(plugin.views?.get(call.taskSid)).toEqual({ kind: 'paused', recordingSid: RE });

    fetch.thenReply(answered('in-progress'));
    await StandIn.Actions.invokeAction('ResumeCallRecording', { taskSid: call.taskSid });
    expect(fetch.last.url).toBe(`${FUNCTIONS_BASE_URL}/recording/resume`);
    expect(fetch.last.fields.PauseBehavior).toBeUndefined();
    expect(plugin.views?.get(call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE });
  });

  it('ToggleCallRecording without a payload acts on the agent\'s recorded call', async () => {
    const { plugin, fetch, call } = await recordedCall();
    fetch.thenReply(answered('paused'));
    await StandIn.Actions.invokeAction('ToggleCallRecording');
    expect(fetch.last.url).toMatch(/\/recording\/pause$/);
    expect(fetch.last.fields.PauseBehavior).toBe('skip');
    fetch.thenReply(answered('in-progress'));
    await StandIn.Actions.invokeAction('ToggleCallRecording');
    expect(fetch.last.url).toMatch(/\/recording\/resume$/);
    expect(plugin.views?.get(call.taskSid)?.kind).toBe('recording');
  });

  it('the keyboard shortcut (Ctrl+Shift+P by default) toggles, throttled against double presses', async () => {
    const { fetch } = await recordedCall();
    const press = (now: number) => StandIn.KeyboardShortcutManager.handleKeydown({ ctrlKey: true, shiftKey: true, key: 'P', code: 'KeyP' }, now);
    fetch.thenReply(answered('paused'));
    press(10_000);
    press(10_300);
    await flushPromises();
    expect(fetch.requests.filter((r) => r.url.endsWith('/recording/pause'))).toHaveLength(1);
    StandIn.KeyboardShortcutManager.handleKeydown({ ctrlKey: false, shiftKey: true, key: 'P', code: 'KeyP' });
    await flushPromises();
    expect(fetch.requests).toHaveLength(2);
  });

  it('FLEX_APP_PAUSE_SHORTCUT=off adds no shortcut; another key is used as given', async () => {
    startPlugin({ FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL, FLEX_APP_PAUSE_SHORTCUT: 'off' });
    expect(StandIn.KeyboardShortcutManager.keyboardShortcuts.P).toBeUndefined();
    startPlugin({ FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL, FLEX_APP_PAUSE_SHORTCUT: 'k' });
    expect(StandIn.KeyboardShortcutManager.keyboardShortcuts.K).toMatchObject({ name: 'Pause or resume call recording', throttle: 1000 });
    expect(StandIn.KeyboardShortcutManager.keyboardShortcuts.H).toBeDefined();
  });

  it('a failed pause says plainly that the call is still being recorded, and the view goes back', async () => {
    const { plugin, fetch, call } = await recordedCall();
    fetch.thenReply(reply.error('call_not_in_progress'));
    await StandIn.Actions.invokeAction('PauseCallRecording', { task: call.task });
    expect(plugin.views?.get(call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE });
    expect(shownTexts()).toEqual(['The recording could NOT be paused: it is still recording. The call ended before recording could start.']);
    expect(StandIn.Notifications.shown[0].type).toBe('error');
  });

  it('shows "pausing…" while the request is out; one request per task at a time', async () => {
    const { plugin, fetch, call } = await recordedCall();
    fetch.thenReply(reply.hang());
    void StandIn.Actions.invokeAction('PauseCallRecording');
    await flushPromises();
    expect(plugin.views?.get(call.taskSid)).toMatchObject({ kind: 'recording', pending: 'pause' });
    await StandIn.Actions.invokeAction('ToggleCallRecording', { taskSid: call.taskSid });
    expect(fetch.requests.filter((r) => !r.url.endsWith('/recording/start'))).toHaveLength(1);
    // The attempt times out (15 s): nothing changed, and the agent is told.
    await advance(15_000);
    expect(plugin.views?.get(call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE });
    expect(shownTexts()).toEqual([expect.stringMatching(/could NOT be paused: it is still recording/)]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('pause with no recorded call warns instead of sending anything', async () => {
    const { fetch } = startPlugin();
    await StandIn.Actions.invokeAction('PauseCallRecording');
    expect(fetch.requests).toEqual([]);
    expect(shownTexts()).toEqual(['There is no recorded call to pause or resume.']);
  });
});

describe('the indicator follows the task attributes (server truth)', () => {
  it('a reload while paused shows Paused from call_recording, not a default', async () => {
    const { desk, plugin, call } = await recordedCall();
    const state = { status: 'paused', recording_sid: RE, call_sid: call.participants()[1].callSid, updated_at: '2026-01-01T00:00:00.000Z' };
    call.updateAttributes({ ...call.task?.attributes, call_recording: state });
    expect(plugin.views?.get(call.taskSid)).toEqual({ kind: 'paused', recordingSid: RE });

    plugin.dispose();
    jest.clearAllTimers();
    desk.reloadPage();
    const fetch = new FakeFetch(answered('paused'));
    const reloaded = initPlugin(fetch);
    await flushPromises();
    expect(reloaded.views?.get(call.taskSid)).toEqual({ kind: 'paused', recordingSid: RE });
    expect(fetch.requests).toHaveLength(1);
  });

  it("a supervisor-visible 'not-recorded' becomes Failed with the reason", async () => {
    const { desk, plugin } = startPlugin();
    const call = await dialOut(desk);
    call.updateAttributes({ ...call.task?.attributes, call_recording: { status: 'not-recorded', reason: 'x', reason_code: 'call_not_in_progress', updated_at: 'z' } });
    expect(plugin.views?.get(call.taskSid)).toEqual({ kind: 'failed', reason: { kind: 'refused', code: 'call_not_in_progress' }, retryable: false });
  });

  it('wrap-up shows Not recording (call ended); completing the task forgets it', async () => {
    const { plugin, call } = await recordedCall();
    await call.wrapUp();
    expect(plugin.views?.get(call.taskSid)).toEqual({ kind: 'not-recording', why: 'ended' });
    await call.complete();
    expect(plugin.views?.size).toBe(0);
  });
});

describe('failures, retry and languages', () => {
  it('a retryable failure offers Retry, which watches the task again and records it', async () => {
    const { desk, fetch, plugin, baselineStoreListeners } = startPlugin({ FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL, FLEX_APP_RECORDING_WAIT_SECONDS: '20' });
    fetch.replyByDefault(reply.error('twilio_unavailable'));
    const call = await dialOut(desk);
    call.customerAnswers();
    await advance(25_000);
    expect(plugin.views?.get(call.taskSid)).toMatchObject({ kind: 'failed', retryable: true });
    const [shown] = StandIn.Notifications.shown;
    expect(shown.id).toBe('OutboundRecordingErrorRetryable');
    expect(String(shown.context?.text)).toMatch(/NOT being recorded.*Select Retry to try again\.$/);
    expect(desk.listenerCounts().store).toBe(baselineStoreListeners);

    fetch.replyByDefault(reply.started());
    (shown.context?.onRetry as () => void)();
    await flushPromises();
    expect(plugin.views?.get(call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE });
    expect(StandIn.Notifications.isNotificationActive('OutboundRecordingErrorRetryable')).toBe(false);
    expect(desk.listenerCounts().store).toBe(baselineStoreListeners);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('a refusal retrying cannot fix has no Retry', async () => {
    const { desk, fetch } = startPlugin();
    fetch.replyByDefault(reply.error('task_not_held'));
    const call = await dialOut(desk);
    call.customerAnswers();
    await flushPromises();
    expect(StandIn.Notifications.shown.map((n) => n.id)).toEqual(['OutboundRecordingError']);
  });

  it('notifies in Japanese when Flex is in Japanese, and registers every string into manager.strings', async () => {
    jest.useFakeTimers();
    StandIn.desk.reset();
    StandIn.Manager.getInstance().localization.localeTag = 'ja-JP';
    const fetch = new FakeFetch(reply.error('task_not_held'));
    initPlugin(fetch);
    expect(StandIn.Manager.getInstance().strings.OutboundRecordingPause).toBe(JAPANESE.OutboundRecordingPause);
    expect(StandIn.templates.OutboundRecordingShortcutHint({ shortcut: 'P' })).toBe('ショートカット: Ctrl+Shift+P');
    const call = await dialOut(StandIn.desk);
    call.customerAnswers();
    await flushPromises();
    expect(shownTexts()).toEqual(['この通話は録音されていません。録音サービスによると、このタスクはあなたに割り当てられていません。']);
  });

  it('English by default', () => {
    startPlugin();
    expect(StandIn.Manager.getInstance().strings.OutboundRecordingPause).toBe(ENGLISH.OutboundRecordingPause);
  });
});

describe('slots and clean-up', () => {
  it('adds the indicator to the call canvas and the task header, and dispose removes everything', async () => {
    const { plugin, desk } = await recordedCall();
    expect(StandIn.CallCanvas.Content.size).toBe(1);
    expect(StandIn.TaskCanvasHeader.Content.size).toBe(1);
    expect(StandIn.registeredProviders.current.PasteThemeProvider).toBeDefined();
    plugin.dispose();
    expect(StandIn.CallCanvas.Content.size).toBe(0);
    expect(StandIn.TaskCanvasHeader.Content.size).toBe(0);
    expect(StandIn.KeyboardShortcutManager.keyboardShortcuts.P).toBeUndefined();
    expect(desk.totalListenerCount()).toBe(0);
  });

  it('FLEX_APP_RECORDING_INDICATOR=off renders nothing but still records', async () => {
    const { fetch } = await recordedCall({ FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL, FLEX_APP_RECORDING_INDICATOR: 'off' });
    expect(StandIn.CallCanvas.Content.size).toBe(0);
    expect(fetch.requests).toHaveLength(1);
  });
});
