import * as Flex from '@twilio/flex-ui';

import { DEFAULT_FLEX_TOKEN, RealFlexOptions, RealFlexSession } from '../../dev/real-flex/boot-real-flex';
import { DialOptions, SimulatedCall } from '../../dev/real-flex/sdk/flex-backend';
import { RawPluginSettings, rawSettingsOf } from '../../src/configuration/plugin-settings';
import OutboundRecordingPlugin from '../../src/OutboundRecordingPlugin';
import { browserTimers } from '../../src/flex/browser-runtime';
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

/**
 * The administrator's settings live in the Flex configuration's ui_attributes (src/configuration/
 * plugin-settings.ts); suites give them either as `settings` or in the shorthand of the plugin environment
 * (wait seconds, indicator, pause behaviour, shortcut), which is put where an administrator would put it.
 */
function withSettings(options: RealFlexOptions & { settings?: RawPluginSettings }, env: PluginEnvironment): RealFlexOptions {
  const serviceConfiguration = options.serviceConfiguration ?? {};
  const uiAttributes = (serviceConfiguration.ui_attributes ?? {}) as Record<string, unknown>;
  const stated = rawSettingsOf(uiAttributes);
  // The browser path's suites run without the server-side trigger (on by default): with it, the plugin would
  // first give a server these suites do not run its moment (watch-calls.ts SERVER_TRIGGER_GRACE_MS).
  // server-trigger.test.ts turns it on. Settings a suite wrote into ui_attributes itself stay as written
  // (a suite testing what an administrator may get wrong), only completed with that default.
  const browserOnly: RawPluginSettings = { server_trigger: false };
  if (stated !== undefined) {
    if (typeof stated !== 'object' || stated === null || Array.isArray(stated) || 'server_trigger' in stated) return options;
    return withSettingsObject(options, uiAttributes, { ...browserOnly, ...(stated as RawPluginSettings), ...options.settings });
  }
  return withSettingsObject(options, uiAttributes, { ...browserOnly, ...settingsFromEnvironment(env), ...options.settings });
}

function withSettingsObject(options: RealFlexOptions, uiAttributes: Record<string, unknown>, settings: RawPluginSettings): RealFlexOptions {
  const serviceConfiguration = options.serviceConfiguration ?? {};
  const customData = (typeof uiAttributes.custom_data === 'object' && uiAttributes.custom_data !== null ? uiAttributes.custom_data : {}) as Record<string, unknown>;
  const features = (typeof customData.features === 'object' && customData.features !== null ? customData.features : {}) as Record<string, unknown>;
  return {
    ...options,
    serviceConfiguration: {
      ...serviceConfiguration,
      ui_attributes: { ...uiAttributes, custom_data: { ...customData, features: { ...features, outbound_recording: settings } } },
    },
  };
}

function settingsFromEnvironment(env: PluginEnvironment): RawPluginSettings {
  const settings: RawPluginSettings = {};
  if (env.FLEX_APP_RECORDING_WAIT_SECONDS !== undefined) settings.wait_seconds = Number(env.FLEX_APP_RECORDING_WAIT_SECONDS);
  if (env.FLEX_APP_RECORDING_INDICATOR !== undefined) settings.show_indicator = env.FLEX_APP_RECORDING_INDICATOR === 'on';
  if (env.FLEX_APP_PAUSE_BEHAVIOR !== undefined) settings.pause_behavior = env.FLEX_APP_PAUSE_BEHAVIOR;
  if (env.FLEX_APP_PAUSE_SHORTCUT !== undefined) settings.pause_shortcut = env.FLEX_APP_PAUSE_SHORTCUT === 'off' ? false : env.FLEX_APP_PAUSE_SHORTCUT === 'on' ? 'P' : env.FLEX_APP_PAUSE_SHORTCUT;
  return settings;
}

/** A fresh page on a fresh backend, the plugin loaded on it the way Flex loads plugins; fake timers. */
export function startPlugin(
  env: PluginEnvironment = { FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL },
  fetch = new FakeFetch(),
  options: RealFlexOptions & { settings?: RawPluginSettings } = {},
): RunningPlugin {
  stopPlugin();
  jest.useFakeTimers();
  session = new RealFlexSession(withSettings(options, env));
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

/**
 * The plugin's own timers (every one goes through browserTimers), per page session. jest.getTimerCount()
 * cannot tell: Flex keeps timers of its own during a call (a 15 s one, lodash debounces, the throttle).
 */
const pluginTimers = new Map<ReturnType<typeof setTimeout>, RealFlexSession | undefined>();
{
  const { setTimeout: setPluginTimeout, clearTimeout: clearPluginTimeout } = browserTimers;
  browserTimers.setTimeout = (callback, ms) => {
    const handle = setPluginTimeout(() => {
      pluginTimers.delete(handle);
      callback();
    }, ms);
    pluginTimers.set(handle, session);
    return handle;
  };
  browserTimers.clearTimeout = (handle) => {
    pluginTimers.delete(handle);
    clearPluginTimeout(handle);
  };
}

/** Timers the plugin has set on the current page and not cleared (nor seen fire). */
export function pluginTimerCount(): number {
  return Array.from(pluginTimers.values()).filter((owner) => owner !== undefined && owner === session).length;
}

/** Listeners on Flex.Actions per event (Flex's own included: e.g. beforeSendMessage). */
export function actionListenerCounts(): Record<string, number> {
  const emitter = (Flex.Actions as unknown as { emitter: { eventNames(): Array<string | symbol>; listenerCount(event: string | symbol): number } }).emitter;
  return Object.fromEntries(emitter.eventNames().map((event) => [String(event), emitter.listenerCount(event)]));
}

/** What this plugin showed the agent (Flex's own notifications, e.g. an offered call's, left out). */
export function pluginNotifications(target: RunningPlugin): ShownNotification[] {
  return target.shown.filter((n) => n.id.startsWith('OutboundRecording'));
}

/**
 * Store updates that change nothing the plugin cares about: the same token dispatched again, the task's
 * attributes pushed again unchanged, the agent's leg held and unheld (fresh conference objects).
 */
export async function churn(target: RunningPlugin, call: SimulatedCall): Promise<void> {
  target.session.refreshToken(Flex.Manager.getInstance().user.token);
  target.session.backend.pushTaskAttributes(call.taskSid, { ...call.task.attributes });
  const agent = call.agentLeg();
  agent?.hold();
  await settle();
  agent?.hold(false);
  await settle();
}

/** TaskRouter moves the task itself (not the reservation) to another status, e.g. 'wrapping'. */
export async function taskStatusChanges(call: SimulatedCall, status: SimulatedCall['task']['status']): Promise<void> {
  call.task.status = status;
  call.task.dateUpdated = new Date();
  call.task.emit('updated', call.task);
  await settle();
}

/**
 * reloadPage without waiting afterwards: the plugin as it is the moment it is loaded again, before Flex has
 * listed the conferences of the tasks it rebuilt (it asks the Interactions channel asynchronously).
 */
export function reloadPageNow(current: RunningPlugin): RunningPlugin {
  current.plugin.dispose();
  current.session.reloadPage();
  countingSubscriptions(current.session);
  const plugin = loadPlugin(current.fetch);
  running = { ...current, plugin, baselineStoreListeners: storeListeners };
  return running;
}
