/**
 * Pause and resume, the indicator and its clean-up, on the real Flex UI 2.17.1 runtime (ported from the
 * stand-in's test/plugin/recording-controls.test.ts): Flex's own Actions, its KeyboardShortcutManager on the
 * window's keydown events, Notifications and string templates, and the plugin's indicator rendered inside
 * Flex's own CallCanvas and TaskCanvasHeader.
 */
import * as Flex from '@twilio/flex-ui';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { CustomizationProvider } from '@twilio-paste/customization';
import * as React from 'react';

import { NOTIFICATION_IDS, RETRYABLE_NOTIFICATION_ID } from '../../src/agent-messages/agent-notifier';
import { ENGLISH, JAPANESE } from '../../src/agent-messages/strings';
import { RecordingStateAttribute } from '../../src/contract/recording-api';
import { reply } from '../support/fake-fetch';
import {
  DEFAULT_FLEX_TOKEN,
  FUNCTIONS_BASE_URL,
  RunningPlugin,
  actionListenerCounts,
  advance,
  dialOut,
  pluginNotifications,
  pluginTimerCount,
  reloadPage,
  settle,
  shownTexts,
  startPlugin,
  stopPlugin,
  storeListenerCount,
} from '../support/real-flex-plugin';
import { PluginEnvironment } from '../support/plugin-environment';
import {
  FLEX_COMPACT_CALL_CANVAS_PX,
  flexShortcuts,
  forgetShortcutPresses,
  pressKeys,
  renderTaskCanvas,
  startFlexKeyboardShortcuts,
  storeTask,
  withUserTiming,
} from '../support/real-flex-ui';

beforeAll(() => {
  // Manager.create starts Flex's shortcuts before it loads plugins.
  startFlexKeyboardShortcuts();
});

beforeEach(() => {
  forgetShortcutPresses();
});

afterEach(() => {
  stopPlugin();
  jest.useRealTimers();
});

const RE = 'RE' + 'e'.repeat(32);
const answered = (status: 'paused' | 'in-progress') => reply.raw(200, JSON.stringify({ recordingSid: RE, status }));
const viewOf = (running: RunningPlugin, taskSid: string) => running.plugin.views?.get(taskSid);
const controlRequests = (running: RunningPlugin) => running.fetch.requests.filter((r) => !r.url.endsWith('/recording/start'));
const env = (more: PluginEnvironment = {}): PluginEnvironment => ({ FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL, ...more });

function start(more?: PluginEnvironment): RunningPlugin {
  const running = startPlugin(env(more));
  withUserTiming();
  return running;
}

/** An outbound call whose customer answered and that the plugin recorded (the start answered RE). */
async function recordedCall(more?: PluginEnvironment) {
  const running = start(more);
  const call = await dialOut(running);
  const customer = call.customerAnswers();
  await settle();
  return { running, call, customer };
}

function recordingState(over: Partial<RecordingStateAttribute>): RecordingStateAttribute {
  return { status: 'in-progress', updated_at: '2026-01-01T00:00:00.000Z', ...over };
}

type RootWrapper = (component: React.ComponentType) => (props: { theme?: { isLight: boolean; tokens: object } }) => React.ReactElement | null;
const rootWrappers = () => (Flex.RootContainer.Content as unknown as { getAllWrappers(): RootWrapper[] }).getAllWrappers();
const toggleButton = (taskSid: string) => screen.queryByTestId(`recording-toggle-${taskSid}`);
const indicators = (taskSid: string) => screen.queryAllByTestId(`recording-status-${taskSid}`);

describe('pause and resume', () => {
  it('PauseCallRecording / ResumeCallRecording send the contract fields, the configured PauseBehavior and the current token', async () => {
    const { running, call, customer } = await recordedCall({ FLEX_APP_PAUSE_BEHAVIOR: 'silence' });
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE, callSid: customer.callSid });

    running.fetch.thenReply(answered('paused'));
    await Flex.Actions.invokeAction('PauseCallRecording', { task: storeTask(running, call) });
    expect(running.fetch.last.url).toBe(`${FUNCTIONS_BASE_URL}/recording/pause`);
    expect(running.fetch.last.fields).toEqual({
      Token: DEFAULT_FLEX_TOKEN,
      TaskSid: call.taskSid,
      CallSid: customer.callSid,
      ConferenceSid: call.conferenceSid,
      PauseBehavior: 'silence',
    });
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'paused', recordingSid: RE, callSid: customer.callSid });

    // Flex refreshed the agent's token meanwhile: the next request carries the new one.
    running.session.refreshToken('refreshed.token.after.an.hour');
    running.fetch.thenReply(answered('in-progress'));
    await Flex.Actions.invokeAction('ResumeCallRecording', { taskSid: call.taskSid });
    expect(running.fetch.last.url).toBe(`${FUNCTIONS_BASE_URL}/recording/resume`);
    expect(running.fetch.last.fields.PauseBehavior).toBeUndefined();
    expect(running.fetch.last.fields.Token).toBe('refreshed.token.after.an.hour');
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE, callSid: customer.callSid });
  });

  it("ToggleCallRecording without a payload acts on the agent's recorded call", async () => {
    const { running, call } = await recordedCall();
    running.fetch.thenReply(answered('paused'));
    await Flex.Actions.invokeAction('ToggleCallRecording');
    expect(running.fetch.last.url).toMatch(/\/recording\/pause$/);
    expect(running.fetch.last.fields.PauseBehavior).toBe('skip');
    expect(viewOf(running, call.taskSid)?.kind).toBe('paused');
    running.fetch.thenReply(answered('in-progress'));
    await Flex.Actions.invokeAction('ToggleCallRecording');
    expect(running.fetch.last.url).toMatch(/\/recording\/resume$/);
    expect(viewOf(running, call.taskSid)?.kind).toBe('recording');
  });

  it("Flex's keyboard shortcut (Ctrl+Shift+P by default) toggles; Flex throttles a double press and says so", async () => {
    const { running, call } = await recordedCall();
    running.fetch.thenReply(answered('paused'));
    await pressKeys('P');
    await advance(300);
    await pressKeys('P');
    expect(controlRequests(running).map((r) => r.url)).toEqual([`${FUNCTIONS_BASE_URL}/recording/pause`]);
    expect(viewOf(running, call.taskSid)?.kind).toBe('paused');
    expect(running.shown.map((n) => n.id)).toEqual(['ShortcutUsedTooRecentlyNotificationTitle']);

    // Shift+P alone is typing, not the shortcut.
    await pressKeys('P', { ctrlKey: false, shiftKey: true });
    expect(controlRequests(running)).toHaveLength(1);

    // Past the throttle, the next press resumes.
    await advance(1000);
    running.fetch.thenReply(answered('in-progress'));
    await pressKeys('P');
    expect(controlRequests(running).map((r) => r.url)).toEqual([`${FUNCTIONS_BASE_URL}/recording/pause`, `${FUNCTIONS_BASE_URL}/recording/resume`]);
    expect(viewOf(running, call.taskSid)?.kind).toBe('recording');
  });

  it("pause_shortcut off adds no shortcut; another key is used as given, next to Flex's own", async () => {
    start({ FLEX_APP_PAUSE_SHORTCUT: 'off' });
    expect(flexShortcuts().P).toBeUndefined();

    const { running, call } = await recordedCall({ FLEX_APP_PAUSE_SHORTCUT: 'k' });
    expect(flexShortcuts().K).toMatchObject({ name: 'Pause or resume call recording', throttle: 1000 });
    expect(flexShortcuts().P).toBeUndefined();
    expect(flexShortcuts().H).toBeDefined();
    running.fetch.thenReply(answered('paused'));
    await pressKeys('K');
    expect(controlRequests(running).map((r) => r.url)).toEqual([`${FUNCTIONS_BASE_URL}/recording/pause`]);
    expect(viewOf(running, call.taskSid)?.kind).toBe('paused');
  });

  it('a failed pause says plainly that the call is still being recorded, and the view goes back', async () => {
    const { running, call, customer } = await recordedCall();
    running.fetch.thenReply(reply.error('call_not_in_progress'));
    await Flex.Actions.invokeAction('PauseCallRecording', { task: storeTask(running, call) });
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE, callSid: customer.callSid });
    expect(shownTexts(running)).toEqual(['The recording could NOT be paused: it is still recording. The call ended before recording could start.']);
    expect(running.shown.map((n) => n.id)).toEqual([NOTIFICATION_IDS.error]);
    const registered = (Flex.Notifications as unknown as { registeredNotifications: Map<string, { type: Flex.NotificationType }> }).registeredNotifications;
    expect(registered.get(NOTIFICATION_IDS.error)?.type).toBe(Flex.NotificationType.error);
  });

  it('shows "Pausing…" (button disabled) while the request is out; one request per task at a time; a timeout changes nothing', async () => {
    const { running, call, customer } = await recordedCall();
    renderTaskCanvas(running, call);
    running.fetch.thenReply(reply.hang());
    await act(async () => {
      void Flex.Actions.invokeAction('PauseCallRecording');
      await advance(0);
    });
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'recording', pending: 'pause' });
    expect(toggleButton(call.taskSid)).toHaveProperty('disabled', true);
    expect(toggleButton(call.taskSid)?.textContent).toBe('Pausing…');
    await act(() => Flex.Actions.invokeAction('ToggleCallRecording', { taskSid: call.taskSid }));
    expect(controlRequests(running)).toHaveLength(1);

    // The attempt times out (15 s): nothing changed, and the agent is told.
    await act(() => advance(15_000));
    expect(controlRequests(running)[0].signal?.aborted).toBe(true);
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE, callSid: customer.callSid });
    expect(shownTexts(running)).toEqual([expect.stringMatching(/could NOT be paused: it is still recording/)]);
    expect(toggleButton(call.taskSid)).toHaveProperty('disabled', false);
    expect(toggleButton(call.taskSid)?.textContent).toBe('Pause recording');
    expect(pluginTimerCount()).toBe(0);
  });

  it("the Pause / Resume button in Flex's call canvas pauses and resumes; the task header shows the status only", async () => {
    const { running, call } = await recordedCall();
    renderTaskCanvas(running, call);
    // One indicator in the task header (compact: no button) and one in the call canvas.
    expect(indicators(call.taskSid)).toHaveLength(2);
    expect(screen.getAllByTestId(/^recording-toggle-/)).toHaveLength(1);
    const canvas = screen.getByTestId('callCanvasContainer');
    const button = within(canvas).getByTestId(`recording-toggle-${call.taskSid}`);
    expect(button.textContent).toBe('Pause recording');
    expect(button.getAttribute('aria-keyshortcuts')).toBe('Control+Shift+P');
    expect(within(canvas).getByText('Shortcut: Ctrl+Shift+P')).toBeTruthy();

    running.fetch.thenReply(answered('paused'));
    await act(async () => {
      fireEvent.click(button);
      await advance(0);
    });
    expect(running.fetch.last.url).toBe(`${FUNCTIONS_BASE_URL}/recording/pause`);
    expect(running.fetch.last.fields.TaskSid).toBe(call.taskSid);
    expect(indicators(call.taskSid).map((node) => node.getAttribute('data-state'))).toEqual(['paused', 'paused']);
    expect(toggleButton(call.taskSid)?.textContent).toBe('Resume recording');

    running.fetch.thenReply(answered('in-progress'));
    await act(async () => {
      fireEvent.click(toggleButton(call.taskSid) as HTMLElement);
      await advance(0);
    });
    expect(running.fetch.last.url).toBe(`${FUNCTIONS_BASE_URL}/recording/resume`);
    expect(toggleButton(call.taskSid)?.textContent).toBe('Pause recording');
  });

  it(`keeps the Pause button in a call canvas shorter than ${FLEX_COMPACT_CALL_CANVAS_PX} px (Flex then lays it out compact)`, async () => {
    // Flex 2.17.1 gives every CallCanvas content component `compact` (the canvas shorter than 370 px) among the
    // props it passes; that overrides the plugin's own `compact`, meant for the task header's variant, so a
    // short call canvas shows the badge only: no Pause / Resume button, its detail for screen readers only.
    const { running, call } = await recordedCall();
    renderTaskCanvas(running, call, FLEX_COMPACT_CALL_CANVAS_PX - 70);
    const canvas = screen.getByTestId('callCanvasContainer');
    expect(within(canvas).getByTestId(`recording-status-${call.taskSid}`).getAttribute('data-state')).toBe('recording');
    expect(within(canvas).queryByTestId(`recording-toggle-${call.taskSid}`)).not.toBeNull();
  });

  it('pause with no recorded call warns instead of sending anything', async () => {
    const running = start();
    await Flex.Actions.invokeAction('PauseCallRecording');
    expect(running.fetch.requests).toEqual([]);
    expect(shownTexts(running)).toEqual(['There is no recorded call to pause or resume.']);
    expect(running.shown.map((n) => n.id)).toEqual([NOTIFICATION_IDS.warning]);
  });
});

describe('the indicator follows the task attributes (server truth)', () => {
  it('a reload while paused shows Paused from call_recording, and asks nothing for the leg it shows recorded', async () => {
    const { running, call, customer } = await recordedCall();
    running.session.backend.pushTaskAttributes(call.taskSid, {
      ...call.task.attributes,
      call_recording: recordingState({ status: 'paused', recording_sid: RE, call_sid: customer.callSid }),
    });
    await settle();
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'paused', recordingSid: RE, callSid: customer.callSid });
    const sentBefore = running.fetch.requests.length;

    const reloaded = await reloadPage(running);
    expect(viewOf(reloaded, call.taskSid)).toEqual({ kind: 'paused', recordingSid: RE, callSid: customer.callSid });
    // The current customer leg is recorded (paused) by the server's own account: no start is sent.
    expect(reloaded.fetch.requests).toHaveLength(sentBefore);
    renderTaskCanvas(reloaded, call);
    expect(toggleButton(call.taskSid)?.textContent).toBe('Resume recording');
    expect(pluginNotifications(reloaded)).toEqual([]);
  });

  it("a supervisor-visible 'not-recorded' becomes Failed with the reason", async () => {
    const running = start();
    const call = await dialOut(running);
    running.session.backend.pushTaskAttributes(call.taskSid, {
      ...call.task.attributes,
      call_recording: { status: 'not-recorded', reason: 'x', reason_code: 'call_not_in_progress', updated_at: 'z' },
    });
    await settle();
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'failed', reason: { kind: 'refused', code: 'call_not_in_progress' }, retryable: false });
  });

  it('wrap-up shows Not recording (call ended); completing the task forgets it', async () => {
    const { running, call } = await recordedCall();
    call.wrapUp();
    await settle();
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'not-recording', why: 'ended' });
    call.complete();
    await settle();
    expect(running.plugin.views?.size).toBe(0);
  });
});

describe('failures, retry and languages', () => {
  it('a retryable failure offers Retry, which asks again and records the call; the watch follows the task throughout', async () => {
    const running = start({ FLEX_APP_RECORDING_WAIT_SECONDS: '20' });
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    running.fetch.replyByDefault(reply.error('twilio_unavailable'));
    const call = await dialOut(running);
    const customer = call.customerAnswers();
    await advance(25_000);
    expect(viewOf(running, call.taskSid)).toMatchObject({ kind: 'failed', retryable: true });
    const [shown] = pluginNotifications(running);
    expect(shown.id).toBe(RETRYABLE_NOTIFICATION_ID);
    const attempts = running.fetch.requests.length;
    expect(String(shown.context?.text)).toBe(
      `This call is NOT being recorded. Twilio did not answer the recording service. Gave up after ${attempts} attempts. Select Retry to try again.`,
    );
    // Given up on the leg, not on the task: one subscription (no timer) until the task ends.
    expect(storeListenerCount()).toBe(running.baselineStoreListeners + 1);
    expect(pluginTimerCount()).toBe(0);

    running.fetch.replyByDefault(reply.started());
    (shown.context?.onRetry as () => void)();
    await settle();
    expect(running.fetch.requests).toHaveLength(attempts + 1);
    expect(running.fetch.last.fields.CallSid).toBe(customer.callSid);
    expect(viewOf(running, call.taskSid)).toEqual({ kind: 'recording', recordingSid: RE, callSid: customer.callSid });
    expect(Flex.Notifications.isNotificationActive(RETRYABLE_NOTIFICATION_ID)).toBe(false);
    expect(storeListenerCount()).toBe(running.baselineStoreListeners + 1);
    expect(pluginTimerCount()).toBe(0);

    call.hangUp();
    call.complete();
    await settle();
    expect(storeListenerCount()).toBe(running.baselineStoreListeners);
  });

  it('a refusal retrying cannot fix has no Retry', async () => {
    const running = start();
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    running.fetch.replyByDefault(reply.error('task_not_held'));
    const call = await dialOut(running);
    call.customerAnswers();
    await settle();
    expect(running.shown.map((n) => n.id)).toEqual([NOTIFICATION_IDS.error]);
    expect(running.shown[0].context?.onRetry).toBeUndefined();
  });

  it('notifies in Japanese when Flex is in Japanese, and registers every string into manager.strings', async () => {
    const running = start();
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // What Flex's LocaleManager reports once it has settled on the agent's language; then the page is loaded again.
    let owner: object | null = running.session.manager;
    while (owner !== null && Object.getOwnPropertyDescriptor(owner, 'localization') === undefined) owner = Object.getPrototypeOf(owner);
    jest.spyOn(owner as { localization: unknown }, 'localization', 'get').mockReturnValue({ localeTag: 'ja-JP' });
    const japanese = await reloadPage(running);
    const strings = Flex.Manager.getInstance().strings as unknown as Record<string, string>;
    for (const [key, value] of Object.entries(JAPANESE)) expect([key, strings[key]]).toEqual([key, value]);
    const templates = (Flex as unknown as { templates: Record<string, (values?: object) => string> }).templates;
    expect(templates.OutboundRecordingShortcutHint({ shortcut: 'P' })).toBe('ショートカット: Ctrl+Shift+P');

    japanese.fetch.replyByDefault(reply.error('task_not_held'));
    const call = await dialOut(japanese);
    call.customerAnswers();
    await settle();
    expect(shownTexts(japanese)).toEqual(['この通話は録音されていません。録音サービスによると、このタスクはあなたに割り当てられていません。']);
  });

  it('English by default', async () => {
    const { running, call } = await recordedCall();
    const strings = Flex.Manager.getInstance().strings as unknown as Record<string, string>;
    for (const [key, value] of Object.entries(ENGLISH)) expect([key, strings[key]]).toEqual([key, value]);
    renderTaskCanvas(running, call);
    expect(within(screen.getByTestId('callCanvasContainer')).getByText('Recording (dual)')).toBeTruthy();
  });
});

describe('slots and clean-up', () => {
  it("adds the indicator to Flex's call canvas and task header, themes Paste through Flex's providers, and dispose removes everything", async () => {
    const wrappersBefore = rootWrappers().length;
    const { running, call } = await recordedCall();
    const canvas = renderTaskCanvas(running, call);
    expect(indicators(call.taskSid)).toHaveLength(2);
    // Flex.setProviders({ PasteThemeProvider }) wraps Flex's RootContainer in Paste's provider, with Flex's theme.
    expect(rootWrappers()).toHaveLength(wrappersBefore + 1);
    const Inner = () => null;
    const wrapped = rootWrappers()[wrappersBefore](Inner)({ theme: { isLight: true, tokens: {} } });
    expect(wrapped?.type).toBe(CustomizationProvider);
    expect(wrapped?.props).toMatchObject({ baseTheme: 'default' });
    const listenersWithPlugin = actionListenerCounts();
    expect(flexShortcuts().P).toBeDefined();

    act(() => running.plugin.dispose());
    expect(indicators(call.taskSid)).toHaveLength(0);
    expect(screen.getByTestId('callCanvasContainer')).toBeTruthy();
    expect(flexShortcuts().P).toBeUndefined();
    expect(flexShortcuts().H).toBeDefined();
    expect(pluginTimerCount()).toBe(0);
    const listenersWithout = actionListenerCounts();
    const removed = Object.entries(listenersWithPlugin).filter(([event, count]) => count !== (listenersWithout[event] ?? 0));
    expect(removed.map(([event, count]) => [event, count - (listenersWithout[event] ?? 0)])).toEqual([['beforeAcceptTask', 1]]);
    // With Flex's canvas gone too (its react-redux subscription), nobody listens to the store any more.
    canvas.unmount();
    expect(storeListenerCount()).toBe(0);
    // The shortcut is gone with it: pressing it sends nothing.
    const sent = running.fetch.requests.length;
    await pressKeys('P');
    expect(running.fetch.requests).toHaveLength(sent);
  });

  it('show_indicator off renders nothing but still records', async () => {
    const { running, call } = await recordedCall({ FLEX_APP_RECORDING_INDICATOR: 'off' });
    renderTaskCanvas(running, call);
    expect(screen.getByTestId('callCanvasContainer')).toBeTruthy();
    expect(indicators(call.taskSid)).toHaveLength(0);
    expect(running.fetch.requests).toHaveLength(1);
    expect(viewOf(running, call.taskSid)?.kind).toBe('recording');
  });
});
