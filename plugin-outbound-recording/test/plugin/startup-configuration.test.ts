import { NOTIFICATION_IDS } from '../../src/agent-messages/agent-notifier';
import { FakeFetch } from '../support/fake-fetch';
import { FUNCTIONS_BASE_URL, StandIn, dialOut, flushPromises, shownTexts, startPlugin } from '../support/plugin-harness';

afterEach(() => {
  jest.useRealTimers();
});

describe('plugin start-up with a valid configuration', () => {
  it('hooks beforeAcceptTask and subscribes to the store once, without notifying anyone', () => {
    const { desk } = startPlugin();
    expect(desk.listenerCounts().actions).toEqual({ beforeAcceptTask: 1 });
    expect(desk.listenerCounts().store).toBe(1);
    expect(desk.listenerCounts().events).toEqual({});
    expect(StandIn.Notifications.shown).toEqual([]);
  });

  it('registers its warning and error notifications with Flex', () => {
    startPlugin();
    expect(StandIn.Notifications.registeredNotifications.get(NOTIFICATION_IDS.error)?.type).toBe(StandIn.NotificationType.error);
    expect(StandIn.Notifications.registeredNotifications.get(NOTIFICATION_IDS.warning)?.type).toBe(StandIn.NotificationType.warning);
  });

  it('accepts http://localhost for local development and sends requests there', async () => {
    const { desk, fetch } = startPlugin({ FLEX_APP_FUNCTIONS_BASE_URL: 'http://localhost:3000' });
    const call = await dialOut(desk);
    call.customerAnswers();
    await flushPromises();
    expect(fetch.requests.map((r) => r.url)).toEqual(['http://localhost:3000/recording/start']);
  });

  it('drops a trailing slash from the base URL instead of sending to "//recording/start"', async () => {
    const { desk, fetch } = startPlugin({ FLEX_APP_FUNCTIONS_BASE_URL: `${FUNCTIONS_BASE_URL}/` });
    const call = await dialOut(desk);
    call.customerAnswers();
    await flushPromises();
    expect(fetch.last.url).toBe(`${FUNCTIONS_BASE_URL}/recording/start`);
  });

  it('warns in the console when Flex native recording is on too, and still records', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    jest.useFakeTimers();
    StandIn.desk.reset();
    StandIn.Manager.getInstance().serviceConfiguration.call_recording_enabled = true;
    const { initPlugin } = await import('../support/plugin-harness');
    const fetch = new FakeFetch();
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    initPlugin(fetch);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('native call recording is on'));
    const call = await dialOut(StandIn.desk);
    call.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toHaveLength(1);
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
    [
      'a wait that is not a number',
      { FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL, FLEX_APP_RECORDING_WAIT_SECONDS: 'two minutes' },
      /FLEX_APP_RECORDING_WAIT_SECONDS/,
    ],
  ];

  it.each(broken)('with %s: shows an error notification saying what is wrong, and watches nothing', async (_name, env, reason) => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { desk, fetch } = startPlugin(env);

    expect(StandIn.Notifications.shown).toHaveLength(1);
    expect(StandIn.Notifications.shown[0].id).toBe(NOTIFICATION_IDS.error);
    expect(StandIn.Notifications.shown[0].type).toBe(StandIn.NotificationType.error);
    expect(shownTexts()[0]).toMatch(/Outbound call recording is OFF/);
    expect(shownTexts()[0]).toMatch(reason);
    expect(error).toHaveBeenCalled();

    expect(desk.totalListenerCount()).toBe(0);
    const call = await dialOut(desk);
    call.customerAnswers();
    await flushPromises();
    expect(fetch.requests).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
