import * as Flex from '@twilio/flex-ui';

import { DEFAULT_FLEX_TOKEN, RealFlexOptions, RealFlexSession } from '../../dev/real-flex/boot-real-flex';
import { DialOptions, SimulatedCall } from '../../dev/real-flex/sdk/flex-backend';
import OutboundRecordingPlugin from '../../src/OutboundRecordingPlugin';
import { FakeFetch } from './fake-fetch';
import { flushPromises } from './flush';
import { FUNCTIONS_BASE_URL, PluginEnvironment, setPluginEnvironment } from './plugin-environment';

/**
 * The plugin on the real Flex UI runtime (dev/real-flex): Flex's own Actions, store, WorkerListener and
 * ConferenceListener (with its 500 ms participant throttle) on SDK fakes. One Flex load per test file:
 * `startPlugin` reloads the page (a fresh store and listeners on a fresh backend) for every test.
 */

export { DEFAULT_FLEX_TOKEN, FUNCTIONS_BASE_URL, flushPromises };
export const START_URL = `${FUNCTIONS_BASE_URL}/recording/start`;
/** Flex batches conference updates for up to 500 ms; waiting this long shows the last of them. */
export const FLEX_THROTTLE_MS = 500;

export interface ShownNotification {
  id: string;
  context: Record<string, unknown> | undefined;
}

export interface RunningPlugin {
  plugin: OutboundRecordingPlugin;
  fetch: FakeFetch;
  session: RealFlexSession;
  /** Every Notifications.showNotification call Flex received, in order. */
  shown: ShownNotification[];
  /** Store subscriptions at start (Flex's own plus the plugin's permanent one). */
  baselineStoreListeners: number;
}

let session: RealFlexSession | undefined;
let notificationsObserved = false;

/** Flex's own Notifications announce each notification they add; the tests read what the agent saw. */
function observeNotifications(): void {
  if (notificationsObserved) return;
  notificationsObserved = true;
  (Flex.Notifications as unknown as { addListener(event: string, listener: (notification: { id: string; context?: Record<string, unknown> }) => void): void }).addListener(
    Flex.NotificationEvent.notificationAdded,
    (notification) => shown.push({ id: notification.id, context: notification.context }),
  );
}
let running: RunningPlugin | undefined;
let storeListeners = 0;
const shown: ShownNotification[] = [];

/** Counts store subscriptions (Flex's own and the plugin's) so tests can see listeners removed. */
function countingSubscriptions(target: RealFlexSession): void {
  const store = target.store as unknown as { subscribe(listener: () => void): () => void };
  const subscribe = store.subscribe.bind(store);
  storeListeners = 0;
  store.subscribe = (listener) => {
    storeListeners += 1;
    const unsubscribe = subscribe(listener);
    let active = true;
    return () => {
      if (active) storeListeners -= 1;
      active = false;
      unsubscribe();
    };
  };
}

export function storeListenerCount(): number {
  return storeListeners;
}

/** A fresh page on a fresh backend, the plugin loaded on it the way Flex loads plugins; fake timers. */
export function startPlugin(env: PluginEnvironment = { FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL }, fetch = new FakeFetch(), options: RealFlexOptions = {}): RunningPlugin {
  stopPlugin();
  jest.useFakeTimers();
  session = new RealFlexSession(options);
  countingSubscriptions(session);
  observeNotifications();
  shown.length = 0;
  Flex.Notifications.dismissAll();
  const plugin = loadPlugin(fetch, env);
  running = { plugin, fetch, session, shown, baselineStoreListeners: storeListeners };
  return running;
}

/** Loads (another instance of) the plugin on the current page, as Flex does: constructor, then init. */
export function loadPlugin(fetch: FakeFetch, env: PluginEnvironment = { FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL }): OutboundRecordingPlugin {
  if (session === undefined) throw new Error('startPlugin first');
  setPluginEnvironment(env);
  globalThis.fetch = fetch.fetch as unknown as typeof globalThis.fetch;
  const plugin = new OutboundRecordingPlugin();
  plugin.init(Flex, session.manager);
  return plugin;
}

/**
 * A page reload mid-shift: the plugin instance dies with the page, Flex rebuilds its state from TaskRouter's
 * reservations, and the plugin is loaded again.
 */
export async function reloadPage(current: RunningPlugin): Promise<RunningPlugin> {
  current.plugin.dispose();
  current.session.reloadPage();
  countingSubscriptions(current.session);
  const plugin = loadPlugin(current.fetch);
  running = { ...current, plugin, baselineStoreListeners: storeListeners };
  await settle();
  return running;
}

/** Ends the test's plugin and page (afterEach). */
export function stopPlugin(): void {
  running?.plugin.dispose();
  running = undefined;
  session?.unloadPage();
  session = undefined;
}

/** Dials out; TaskRouter accepts and the agent's own leg joins (conference active). */
export async function dialOut(target: RunningPlugin, options: DialOptions = {}): Promise<SimulatedCall> {
  const call = target.session.backend.dial(options);
  await settle();
  return call;
}

/** Moves fake time on, letting promise chains and Flex's throttled updates run. */
export async function advance(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
  await flushPromises();
}

/** Long enough for TaskRouter's accept and Flex's conference throttle to have shown everything. */
export async function settle(): Promise<void> {
  await advance(FLEX_THROTTLE_MS + 100);
}

export function shownTexts(target: RunningPlugin): string[] {
  return target.shown.map((n) => String(n.context?.text));
}
