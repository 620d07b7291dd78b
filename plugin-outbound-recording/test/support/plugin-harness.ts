import type * as Flex from '@twilio/flex-ui';

import * as StandIn from '../../dev/flex-stand-in';
import OutboundRecordingPlugin from '../../src/OutboundRecordingPlugin';
import { FakeFetch } from './fake-fetch';
import { flushPromises } from './flush';

import { FUNCTIONS_BASE_URL, PluginEnvironment, setPluginEnvironment } from './plugin-environment';

export { FUNCTIONS_BASE_URL, setPluginEnvironment };
export type { PluginEnvironment };
export const START_URL = `${FUNCTIONS_BASE_URL}/recording/start`;

export interface RunningPlugin {
  plugin: OutboundRecordingPlugin;
  fetch: FakeFetch;
  desk: StandIn.FlexDesk;
  notifications: typeof StandIn.Notifications;
  /** The plugin's permanent store subscription (the task pick-up); watches add one each. */
  baselineStoreListeners: number;
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
