import * as Flex from '@twilio/flex-ui';
import { RenderResult, act, render } from '@testing-library/react';
import * as React from 'react';
import { Provider } from 'react-redux';

import { DEFAULT_QUEUE, SimulatedCall } from '../../dev/real-flex/sdk/flex-backend';
import { newSid } from '../../dev/real-flex/sdk/sids';
import { FakeReservation, FakeTask } from '../../dev/real-flex/sdk/taskrouter-fakes';
import { RunningPlugin, advance } from './real-flex-plugin';

/**
 * What the agent sees and presses, on the real Flex UI runtime: Flex's own CallCanvas and TaskCanvasHeader
 * rendered for a task (the plugin's indicator inside them, as Flex places it), and Flex's own
 * KeyboardShortcutManager listening to the window's keydown events.
 */

/**
 * jsdom has no User Timing API (nor do jest's fake timers add one), which a browser always has and Flex calls
 * in some actions (AcceptTask of a transfer, the call canvas's actions). No-ops, after jest.useFakeTimers().
 */
export function withUserTiming(): void {
  const performance = globalThis.performance as unknown as Record<string, unknown>;
  for (const name of ['mark', 'measure', 'clearMarks', 'clearMeasures', 'clearResourceTimings']) {
    if (typeof performance[name] !== 'function') performance[name] = () => undefined;
  }
  for (const name of ['getEntries', 'getEntriesByName', 'getEntriesByType']) {
    if (typeof performance[name] !== 'function') performance[name] = () => [];
  }
}

let shortcutsStarted = false;

/**
 * What Manager.create does after login, before it loads plugins: Flex's KeyboardShortcutManager starts with
 * Flex's default shortcuts and listens to keydown on the window. Once per test file (jsdom's window lives as
 * long as the file), before the first plugin loads (it would replace the plugin's shortcut).
 */
export function startFlexKeyboardShortcuts(): void {
  if (shortcutsStarted) return;
  shortcutsStarted = true;
  Flex.KeyboardShortcutManager.init(Flex.defaultKeyboardShortcuts);
}

/**
 * A fresh page's KeyboardShortcutManager has used no shortcut yet. Its "used too recently" memory is kept
 * in Date time, which each test's fake clock restarts: without this a press could count as a double press
 * of one made in an earlier test.
 */
export function forgetShortcutPresses(): void {
  (Flex.KeyboardShortcutManager as unknown as { timeShortcutLastUsed: Record<string, number> }).timeShortcutLastUsed = {};
}

/** The shortcuts Flex knows now (its own and the plugins'). */
export function flexShortcuts(): Record<string, { name: string; throttle?: number } | undefined> {
  return Flex.KeyboardShortcutManager.keyboardShortcuts as unknown as Record<string, { name: string; throttle?: number } | undefined>;
}

/** The agent presses Ctrl+Shift+<key> (or the given modifiers) anywhere in Flex. */
export async function pressKeys(key: string, modifiers: { ctrlKey?: boolean; shiftKey?: boolean } = { ctrlKey: true, shiftKey: true }): Promise<void> {
  const code = /^\d$/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`;
  window.dispatchEvent(new KeyboardEvent('keydown', { key: key.toUpperCase(), code, bubbles: true, ...modifiers }));
  await advance(0);
}

/** Flex's CallCanvas goes compact (and tells its content so) when it is shorter than this. */
export const FLEX_COMPACT_CALL_CANVAS_PX = 370;

/**
 * Flex's own CallCanvas and TaskCanvasHeader for the call's task, as Flex's task panel renders them: inside
 * the store's Provider, Flex's ContextProvider and a TaskContextSource (keyed, like Flex's task map, by
 * reservation SID). `canvasHeightPx` is what the browser would measure (jsdom measures 0: a compact canvas).
 */
export function renderTaskCanvas(running: RunningPlugin, call: SimulatedCall, canvasHeightPx = 800): RenderResult {
  const rect = { height: canvasHeightPx, width: 600, top: 0, left: 0, right: 600, bottom: canvasHeightPx, x: 0, y: 0, toJSON: () => ({}) };
  jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(rect as DOMRect);
  const TaskContextSource = (Flex as unknown as { TaskContextSource: React.ComponentType<{ taskSid: string; children?: React.ReactNode }> }).TaskContextSource;
  let result: RenderResult | undefined;
  act(() => {
    result = render(
      <Provider store={running.session.store}>
        <Flex.ContextProvider manager={running.session.manager}>
          <TaskContextSource taskSid={call.reservation.sid}>
            <Flex.TaskCanvasHeader />
            <Flex.CallCanvas />
          </TaskContextSource>
        </Flex.ContextProvider>
      </Provider>,
    );
  });
  return result as RenderResult;
}

/** The store's task (Flex's ITask) for a call: what Flex hands actions and canvases as `task`. */
export function storeTask(running: RunningPlugin, call: SimulatedCall): Flex.ITask {
  const task = running.session.store.getState().flex.worker.tasks.get(call.reservation.sid) as Flex.ITask | undefined;
  if (task === undefined) throw new Error(`Task ${call.taskSid} is not in Flex's store`);
  return task;
}

export const COLLEAGUE_WORKER_SID = 'WK00000000000000000000000000000099';

/**
 * A colleague's accepted call on the same Twilio account: its own task, reservation and conference, with the
 * colleague's leg on it. It never reaches this agent's page (no reservation of this worker): this page only
 * sees it when the colleague transfers it here (`session.backend.receiveTransfer(call, mode)`).
 */
export function colleaguesCall(running: RunningPlugin, attributes: Record<string, unknown> = {}): SimulatedCall {
  const task = new FakeTask(
    newSid('WT'),
    { direction: 'outbound', outbound_to: '+15005550006', name: '+15005550006', from: '+15005550001', ...attributes },
    'voice',
    DEFAULT_QUEUE.sid,
    DEFAULT_QUEUE.name,
    COLLEAGUE_WORKER_SID,
    (changed, next) => {
      changed.attributes = next;
      return Promise.resolve(changed);
    },
  );
  const reservation: FakeReservation = new FakeReservation(newSid('WR'), COLLEAGUE_WORKER_SID, task, () => Promise.resolve(reservation));
  const call = new SimulatedCall(running.session.backend, reservation, newSid('CF'), true);
  call.accept();
  return call;
}
