/**
 * One configuration, changeable without a rebuild: the same plugin build (the same build environment, only
 * the Functions' URL) behaves differently when an administrator changes the Flex configuration's
 * ui_attributes and the agent reloads Flex. (pause_shortcut on the next load: recording-controls.test.ts.)
 */
import { reply } from '../support/fake-fetch';
import { FUNCTIONS_BASE_URL, RunningPlugin, advance, dialOut, pluginNotifications, settle, startPlugin, stopPlugin } from '../support/real-flex-plugin';

const BUILD = { FLEX_APP_FUNCTIONS_BASE_URL: FUNCTIONS_BASE_URL };

afterEach(() => {
  stopPlugin();
  jest.useRealTimers();
});

function loadFlexWith(settings: Record<string, unknown> | undefined, roles: string[] = ['agent']): RunningPlugin {
  const uiAttributes = { other_team: { keep: true }, custom_data: { features: { other_feature: { enabled: true }, ...(settings === undefined ? {} : { outbound_recording: settings }) } } };
  return startPlugin(BUILD, undefined, { serviceConfiguration: { ui_attributes: uiAttributes }, roles });
}

async function waitedBeforeGivingUp(running: RunningPlugin): Promise<number> {
  running.fetch.replyByDefault(reply.error('customer_not_answered'));
  const call = await dialOut(running);
  call.customerLegAdded();
  for (let seconds = 1; seconds <= 200; seconds += 1) {
    await advance(1000);
    if (running.plugin.views?.get(call.taskSid)?.kind === 'not-recording') return seconds;
  }
  return Number.POSITIVE_INFINITY;
}

describe('settings read from ui_attributes when Flex loads', () => {
  it('wait_seconds: 20, then 60 after the administrator changed it (same build)', async () => {
    expect(await waitedBeforeGivingUp(loadFlexWith({ wait_seconds: 20 }))).toBeLessThanOrEqual(21);
    const after = await waitedBeforeGivingUp(loadFlexWith({ wait_seconds: 60 }));
    expect(after).toBeGreaterThanOrEqual(59);
    expect(after).toBeLessThanOrEqual(61);
    expect(await waitedBeforeGivingUp(loadFlexWith(undefined))).toBeGreaterThanOrEqual(119);
  });

  it('an invalid value falls back to its default and tells an administrator, never switches recording off', async () => {
    const running = loadFlexWith({ wait_seconds: 'two minutes' }, ['admin']);
    await settle();
    expect(pluginNotifications(running).map((n) => String(n.context?.text))).toEqual([expect.stringContaining('wait_seconds must be a whole number')]);
    running.fetch.replyByDefault(reply.started());
    const call = await dialOut(running);
    call.customerAnswers();
    await settle();
    expect(running.fetch.requests).toHaveLength(1);
    expect(running.plugin.views?.get(call.taskSid)?.kind).toBe('recording');
  });

  it('agents are not bothered with an invalid setting (the console says it)', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const running = loadFlexWith({ pause_behavior: 'mute' });
    await settle();
    expect(pluginNotifications(running)).toEqual([]);
    expect(warn.mock.calls.flat().join(' ')).toMatch(/pause_behavior must be "skip" or "silence"/);
  });
});
