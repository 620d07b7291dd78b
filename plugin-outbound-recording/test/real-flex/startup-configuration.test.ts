/**
 * What the plugin does when Flex loads it, on the real Flex UI 2.17.1 runtime (ported from the stand-in's
 * test/plugin/startup-configuration.test.ts): with a valid build configuration it hooks Flex and watches
 * calls; with a broken one it tells the agent, in an error notification, and touches nothing.
 */
import * as Flex from '@twilio/flex-ui';

import { NOTIFICATION_IDS, RETRYABLE_NOTIFICATION_ID } from '../../src/agent-messages/agent-notifier';
import {
  FUNCTIONS_BASE_URL,
  RunningPlugin,
  actionListenerCounts,
  advance,
  dialOut,
  pluginNotifications,
  pluginTimerCount,
  settle,
  startPlugin,
  stopPlugin,
  storeListenerCount,
} from '../support/real-flex-plugin';

afterEach(() => {
  stopPlugin();
  jest.useRealTimers();
});

type Registry = { registeredNotifications: Map<string, { type: Flex.NotificationType; timeout?: number }> };
const registered = (id: string) => (Flex.Notifications as unknown as Registry).registeredNotifications.get(id);
const texts = (running: RunningPlugin) => pluginNotifications(running).map((n) => String(n.context?.text));

/** Flex.Actions listeners with the plugin loaded, and after it is gone: what the plugin itself added. */
function actionListenersAddedByPlugin(running: RunningPlugin): Record<string, number> {
  const withPlugin = actionListenerCounts();
  running.plugin.dispose();
  const without = actionListenerCounts();
  return Object.fromEntries(Object.entries(withPlugin).flatMap(([event, count]) => (count > (without[event] ?? 0) ? [[event, count - (without[event] ?? 0)]] : [])));
}

describe('plugin start-up with a valid configuration', () => {
  it('hooks beforeAcceptTask and subscribes to the store once, without notifying anyone', () => {
    const running = startPlugin();
    expect(storeListenerCount()).toBe(1);
    expect(running.baselineStoreListeners).toBe(1);
    expect(pluginTimerCount()).toBe(0);
    expect(running.shown).toEqual([]);
    const managerEvents = (Flex.Manager.getInstance() as unknown as { events: { eventNames(): Array<string | symbol> } }).events.eventNames();
    expect(actionListenersAddedByPlugin(running)).toEqual({ beforeAcceptTask: 1 });
    expect((Flex.Manager.getInstance() as unknown as { events: { eventNames(): Array<string | symbol> } }).events.eventNames()).toEqual(managerEvents);
    expect(storeListenerCount()).toBe(0);
  });

  it('registers its warning and error notifications with Flex (errors stay until closed)', () => {
    startPlugin();
    expect(registered(NOTIFICATION_IDS.error)).toMatchObject({ type: Flex.NotificationType.error, timeout: 0 });
    expect(registered(NOTIFICATION_IDS.warning)?.type).toBe(Flex.NotificationType.warning);
    expect(registered(RETRYABLE_NOTIFICATION_ID)).toMatchObject({ type: Flex.NotificationType.error, timeout: 0 });
  });

  it('accepts http://localhost for local development and sends requests there', async () => {
    const running = startPlugin({ FLEX_APP_FUNCTIONS_BASE_URL: 'http://localhost:3000' });
    const call = await dialOut(running);
    call.customerAnswers();
    await settle();
    expect(running.fetch.requests.map((r) => r.url)).toEqual(['http://localhost:3000/recording/start']);
  });

  it('drops a trailing slash from the base URL instead of sending to "//recording/start"', async () => {
    const running = startPlugin({ FLEX_APP_FUNCTIONS_BASE_URL: `${FUNCTIONS_BASE_URL}/` });
    const call = await dialOut(running);
    call.customerAnswers();
    await settle();
    expect(running.fetch.requests.map((r) => r.url)).toEqual([`${FUNCTIONS_BASE_URL}/recording/start`]);
  });

  it('warns in the console when Flex native recording is on too, does not bother an agent with it, and still records', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const running = startPlugin(undefined, undefined, { serviceConfiguration: { call_recording_enabled: true } });
    expect(running.session.manager.serviceConfiguration.call_recording_enabled).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('native call recording is ON'));
    expect(pluginNotifications(running)).toEqual([]);
    const call = await dialOut(running);
    call.customerAnswers();
    await settle();
    expect(running.fetch.requests).toHaveLength(1);
  });

  it('tells an administrator in Flex that native recording is on too', () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const running = startPlugin(undefined, undefined, { serviceConfiguration: { call_recording_enabled: true }, roles: ['admin'] });
    expect(pluginNotifications(running).map((n) => n.id)).toEqual([NOTIFICATION_IDS.warning]);
    expect(texts(running)[0]).toMatch(/native call recording is ON/);
  });
});

describe("the administrator's settings (ui_attributes)", () => {
  it('a wait that is not a number: the default 120 s, a console warning, and calls are still recorded', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const running = startPlugin(undefined, undefined, { settings: { wait_seconds: 'two minutes' } });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/wait_seconds must be a whole number of seconds.*"two minutes"; 120 is used/));
    // An agent is not bothered with it.
    expect(pluginNotifications(running)).toEqual([]);
    const call = await dialOut(running);
    // 119.05 s after the accept: within the default wait.
    await advance(118_500);
    expect(running.plugin.views?.get(call.taskSid)).toEqual({ kind: 'waiting' });
    call.customerAnswers();
    await settle();
    expect(running.fetch.requests).toHaveLength(1);
  });
});

describe('plugin start-up with a broken configuration', () => {
  const broken: Array<[string, Record<string, string | undefined>, RegExp]> = [
    ['a missing Functions URL', { FLEX_APP_FUNCTIONS_BASE_URL: undefined }, /FLEX_APP_FUNCTIONS_BASE_URL is not set/],
    ['an empty Functions URL', { FLEX_APP_FUNCTIONS_BASE_URL: '   ' }, /FLEX_APP_FUNCTIONS_BASE_URL is not set/],
    ['plain http to a public host', { FLEX_APP_FUNCTIONS_BASE_URL: 'http://recording-1234-dev.twil.io' }, /must use https/],
    ['garbage', { FLEX_APP_FUNCTIONS_BASE_URL: 'not a url at all' }, /is not a URL/],
    ['a URL with a path', { FLEX_APP_FUNCTIONS_BASE_URL: `${FUNCTIONS_BASE_URL}/recording/start` }, /not a path/],
    ['a URL with a query', { FLEX_APP_FUNCTIONS_BASE_URL: `${FUNCTIONS_BASE_URL}?x=1` }, /a query/],
  ];

  it.each(broken)('with %s: shows an error notification saying what is wrong, and watches nothing', async (_name, env, reason) => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const running = startPlugin(env);

    expect(running.shown.map((n) => n.id)).toEqual([NOTIFICATION_IDS.error]);
    expect(registered(running.shown[0].id)?.type).toBe(Flex.NotificationType.error);
    expect(texts(running)[0]).toMatch(/Outbound call recording is OFF/);
    expect(texts(running)[0]).toMatch(reason);
    expect(error).toHaveBeenCalled();

    expect(storeListenerCount()).toBe(0);
    expect(actionListenerCounts().beforeAcceptTask ?? 0).toBe(0);
    const call = await dialOut(running);
    call.customerAnswers();
    await settle();
    expect(call.reservation.status).toBe('accepted');
    expect(running.fetch.requests).toEqual([]);
    expect(pluginTimerCount()).toBe(0);
    expect(running.plugin.views).toBeUndefined();
    expect(running.shown.map((n) => n.id)).toEqual([NOTIFICATION_IDS.error]);
  });
});
