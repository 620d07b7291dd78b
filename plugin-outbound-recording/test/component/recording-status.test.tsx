/** @jest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { Theme } from '@twilio-paste/theme';
import * as React from 'react';

import * as Flex from '@twilio/flex-ui';

import { RealFlexSession } from '../../dev/real-flex/boot-real-flex';
import { ENGLISH, JAPANESE, RecordingStrings, createTranslator } from '../../src/agent-messages/strings';
import { RecordingController } from '../../src/recording-controls/recording-controller';
import { RecordingStatus } from '../../src/recording-indicator/RecordingStatus';
import { RecordingEvent } from '../../src/recording-indicator/recording-view';
import { createRecordingViewStore } from '../../src/recording-indicator/recording-view-store';

const TASK = { taskSid: 'WT' + '1'.repeat(32) };
const RE = 'RE' + 'a'.repeat(32);

beforeAll(() => {
  // Paste's animation library asks for the reduced-motion preference; jsdom has no matchMedia.
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  })) as typeof window.matchMedia;
});

// The real Flex runtime: Flex's own Template renders the strings from its Manager.
new RealFlexSession();

function setUp(strings: RecordingStrings = ENGLISH, options: { placement?: 'call-canvas' | 'task-header'; shortcutKey?: string } = {}) {
  // Flex's string templates, as the plugin registers them.
  Flex.Manager.getInstance().strings = { ...Flex.Manager.getInstance().strings, ...strings };
  const views = createRecordingViewStore();
  const controller: jest.Mocked<RecordingController> = {
    pause: jest.fn(async () => undefined),
    resume: jest.fn(async () => undefined),
    toggle: jest.fn(async () => undefined),
    dispose: jest.fn(),
  };
  const translate = createTranslator(() => Flex.Manager.getInstance().strings as unknown as Record<string, unknown>);
  const utils = render(
    <Theme.Provider theme="default">
      <RecordingStatus task={TASK} views={views} controller={controller} translate={translate} shortcutKey={options.shortcutKey} placement={options.placement} />
    </Theme.Provider>,
  );
  const send = (...events: RecordingEvent[]) => act(() => events.forEach((event) => views.dispatch(TASK.taskSid, event)));
  const status = () => screen.queryByRole('status');
  return { ...utils, views, controller, send, status };
}

describe('RecordingStatus', () => {
  it('renders nothing until the task has a recording view', () => {
    const { container } = setUp();
    expect(container.textContent).toBe('');
  });

  it.each<[string, RecordingEvent[], string, string]>([
    ['waiting', [{ type: 'watch-waiting' }], 'Not recording', 'Recording starts when the customer answers.'],
    ['starting', [{ type: 'watch-starting' }], 'Starting recording…', "The recording starts as soon as the customer's line is connected."],
    ['recording', [{ type: 'recorded', recordingSid: RE, status: 'in-progress' }], 'Recording (dual)', 'the customer and the agent on separate channels'],
    ['paused', [{ type: 'recorded', recordingSid: RE, status: 'paused' }], 'Paused', 'Resume it when the sensitive part of the call is over.'],
    ['ended', [{ type: 'watch-waiting' }, { type: 'call-ended' }], 'Not recording', 'The call has ended.'],
    [
      'failed',
      [{ type: 'start-failed', reason: { kind: 'refused', code: 'misconfigured' }, retryable: false }],
      'Recording failed',
      'The recording service is misconfigured. Please tell your Flex administrator.',
    ],
  ])('%s: a labelled status region says it in words', (_name, events, title, detail) => {
    const { send, status } = setUp();
    send(...events);
    const region = status();
    expect(region).not.toBeNull();
    // The region's accessible name, and its text: not colour alone.
    const labelId = region?.getAttribute('aria-labelledby');
    expect(document.getElementById(String(labelId))?.textContent).toBe('Call recording');
    expect(region?.getAttribute('aria-live')).toBe('polite');
    expect(region?.textContent).toContain(title);
    expect(region?.textContent).toContain(detail);
  });

  it('offers Pause while recording and Resume while paused, with the shortcut for assistive technology', () => {
    const { send, controller } = setUp(ENGLISH, { shortcutKey: 'P' });
    send({ type: 'watch-waiting' });
    expect(screen.queryByRole('button')).toBeNull();
    send({ type: 'recorded', recordingSid: RE, status: 'in-progress' });
    const pause = screen.getByRole('button', { name: 'Pause recording' });
    expect(pause.getAttribute('aria-keyshortcuts')).toBe('Control+Shift+P');
    expect(screen.getByText('Shortcut: Ctrl+Shift+P')).toBeTruthy();
    fireEvent.click(pause);
    expect(controller.pause).toHaveBeenCalledWith(TASK.taskSid);

    send({ type: 'control-pending', action: 'pause' });
    const pausing = screen.getByRole('button', { name: 'Pausing…' }) as HTMLButtonElement;
    expect(pausing.disabled).toBe(true);

    send({ type: 'control-done', recordingSid: RE, status: 'paused' });
    fireEvent.click(screen.getByRole('button', { name: 'Resume recording' }));
    expect(controller.resume).toHaveBeenCalledWith(TASK.taskSid);
    send({ type: 'control-pending', action: 'resume' });
    expect((screen.getByRole('button', { name: 'Resuming…' }) as HTMLButtonElement).disabled).toBe(true);
    send({ type: 'control-failed' });
    expect(screen.getByRole('button', { name: 'Resume recording' })).toBeTruthy();
  });

  it('without the shortcut: no hint, no aria-keyshortcuts', () => {
    const { send } = setUp();
    send({ type: 'recorded', recordingSid: RE, status: 'in-progress' });
    expect(screen.getByRole('button', { name: 'Pause recording' }).hasAttribute('aria-keyshortcuts')).toBe(false);
    expect(screen.queryByText(/Shortcut/)).toBeNull();
  });

  it('compact (task header): the badge, its explanation for screen readers only, no button', () => {
    const { send, status } = setUp(ENGLISH, { placement: 'task-header' });
    send({ type: 'recorded', recordingSid: RE, status: 'paused' });
    expect(status()?.textContent).toContain('Paused');
    expect(status()?.textContent).toContain('Recording is paused.');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('speaks Japanese when Flex is in Japanese', () => {
    const { send, status } = setUp(JAPANESE, { shortcutKey: 'P' });
    send({ type: 'recorded', recordingSid: RE, status: 'in-progress' });
    expect(status()?.textContent).toContain('録音中（デュアル）');
    expect(screen.getByRole('button', { name: '録音を一時停止' })).toBeTruthy();
    send({ type: 'start-failed', reason: { kind: 'refused', code: 'twilio_unavailable' }, retryable: true }, { type: 'call-ended' });
    send({ type: 'server-state', state: { status: 'not-recorded', reason_code: 'twilio_unavailable', updated_at: '2026-01-01T00:00:00Z' } });
    expect(status()?.textContent).toContain('録音に失敗しました');
    expect(status()?.textContent).toContain('Twilio が録音サービスに応答しませんでした。');
  });

  it("uses an administrator's override of a string", () => {
    const { send, status } = setUp({ ...ENGLISH, OutboundRecordingStatusPaused: 'Paused for card details' });
    send({ type: 'recorded', recordingSid: RE, status: 'paused' });
    expect(status()?.textContent).toContain('Paused for card details');
  });

  it('unsubscribes when unmounted', () => {
    const { views, unmount, send } = setUp();
    send({ type: 'watch-waiting' });
    expect(views.listenerCount).toBe(1);
    unmount();
    expect(views.listenerCount).toBe(0);
  });
});
