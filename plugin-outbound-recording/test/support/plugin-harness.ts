import type * as Flex from '@twilio/flex-ui';

import * as StandIn from '../../dev/flex-stand-in';
import OutboundRecordingPlugin from '../../src/OutboundRecordingPlugin';
import { FakeFetch } from './fake-fetch';
import { flushPromises } from './flush';

export const FUNCTIONS_BASE_URL = 'https://recording-1234-dev.twil.io';
export const START_URL = `${FUNCTIONS_BASE_URL}/recording/start`;

export interface PluginEnvironment {
  FLEX_APP_FUNCTIONS_BASE_URL?: string;
  FLEX_APP_RECORDING_WAIT_SECONDS?: string;
  FLEX_APP_RECORDING_INDICATOR?: string;
  FLEX_APP_PAUSE_BEHAVIOR?: string;
  FLEX_APP_PAUSE_SHORTCUT?: string;
}

export interface RunningPlugin {
  plugin: OutboundRecordingPlugin;
  fetch: FakeFetch;
  desk: StandIn.FlexDesk;
  notifications: typeof StandIn.Notifications;
  /** The plugin's permanent store subscription (the task pick-up); watches add one each. */
  baselineStoreListeners: number;
}

const ENV_KEYS = [
  'FLEX_APP_FUNCTIONS_BASE_URL',
  'FLEX_APP_RECORDING_WAIT_SECONDS',
  'FLEX_APP_RECORDING_INDICATOR',
  'FLEX_APP_PAUSE_BEHAVIOR',
  'FLEX_APP_PAUSE_SHORTCUT',
] as const;

/** Sets the build-time environment the plugin reads (flex-plugin-scripts would inline these). */
export function setPluginEnvironment(env: PluginEnvironment): void {
  for (const key of ENV_KEYS) {
    const value = env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

/**
 * Loads the plugin the way Flex does (constructor, then init with the Flex module and the Manager) against
 * the stand-in, with a recording fake fetch. The stand-in only models the surface the plugin uses, hence
 * the casts to Flex's full types.
 */
export function initPlugin(fetch: FakeFetch, env: PluginEnvironment = { FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL }): OutboundRecordingPlugin {
  setPluginEnvironment(env);
  globalThis.fetch = fetch.fetch as unknown as typeof globalThis.fetch;
  const plugin = new OutboundRecordingPlugin();
  plugin.init(StandIn as unknown as typeof Flex, StandIn.Manager.getInstance() as unknown as Flex.Manager);
  return plugin;
}

/** A fresh desk, fake timers, and the plugin loaded. */
export function startPlugin(env?: PluginEnvironment, fetch = new FakeFetch()): RunningPlugin {
  jest.useFakeTimers();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  StandIn.desk.reset();
  const plugin = initPlugin(fetch, env);
  return {
    plugin,
    fetch,
    desk: StandIn.desk,
    notifications: StandIn.Notifications,
    baselineStoreListeners: StandIn.desk.listenerCounts().store,
  };
}

/** Dials out and connects the agent's own leg (conference active), the usual start of every scenario. */
export async function dialOut(desk: StandIn.FlexDesk): Promise<StandIn.SimCall> {
  const call = await desk.placeOutboundCall();
  call.connectAgent();
  await flushPromises();
  return call;
}

export async function advance(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
  await flushPromises();
}

export function shownTexts(): string[] {
  return StandIn.Notifications.shown.map((n) => String((n.context as { text?: unknown } | undefined)?.text));
}

export { flushPromises, StandIn };
