import { DEFAULT_SETTINGS, SETTINGS_LOCATION, readPluginSettings } from '../../src/configuration/plugin-settings';

const withSettings = (settings: unknown) => ({ other_plugin: { x: 1 }, custom_data: { features: { other_feature: { enabled: true }, outbound_recording: settings } } });

describe('readPluginSettings: the administrator settings in ui_attributes', () => {
  it('uses the defaults when there are none (no custom_data, no features, no entry)', () => {
    for (const uiAttributes of [undefined, null, {}, { custom_data: {} }, { custom_data: { features: {} } }, withSettings(undefined)]) {
      expect(readPluginSettings(uiAttributes)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    }
    expect(DEFAULT_SETTINGS).toEqual({ showIndicator: true, pauseBehavior: 'skip', pauseShortcutKey: 'P', recordingWaitMs: 120_000, serverTrigger: true, nativeRecording: 'keep' });
  });

  it('reads every setting', () => {
    expect(readPluginSettings(withSettings({ show_indicator: false, pause_behavior: 'Silence', pause_shortcut: 'k', wait_seconds: 30, server_trigger: false, native_recording: 'skip' }))).toEqual({
      settings: { showIndicator: false, pauseBehavior: 'silence', pauseShortcutKey: 'K', recordingWaitMs: 30_000, serverTrigger: false, nativeRecording: 'skip' },
      problems: [],
    });
    expect(readPluginSettings(withSettings({ pause_shortcut: false })).settings.pauseShortcutKey).toBeUndefined();
    expect(readPluginSettings(withSettings({ wait_seconds: 15 })).settings.recordingWaitMs).toBe(15_000);
    expect(readPluginSettings(withSettings({ wait_seconds: 900 })).settings.recordingWaitMs).toBe(900_000);
  });

  it.each([
    [{ show_indicator: 'no' }, /show_indicator must be true or false/, { showIndicator: true }],
    [{ pause_behavior: 'mute' }, /pause_behavior must be "skip" or "silence"/, { pauseBehavior: 'skip' }],
    [{ pause_shortcut: 'ctrl+p' }, /pause_shortcut must be one letter or digit/, { pauseShortcutKey: 'P' }],
    [{ pause_shortcut: 'H' }, /"H" is already a Flex UI shortcut \(Ctrl\+Shift\+H\)/, { pauseShortcutKey: 'P' }],
    [{ wait_seconds: 14 }, /wait_seconds must be a whole number of seconds from 15 to 900/, { recordingWaitMs: 120_000 }],
    [{ wait_seconds: '30' }, /wait_seconds must be a whole number/, { recordingWaitMs: 120_000 }],
    [{ wait_seconds: 30.5 }, /wait_seconds must be a whole number/, { recordingWaitMs: 120_000 }],
    [{ wait_secs: 30 }, /wait_secs is not a setting/, {}],
    [{ server_trigger: 'off' }, /server_trigger must be true or false/, { serverTrigger: true }],
  ])('falls back to the default for %j, with a problem naming where it is', (settings, problem, fallback) => {
    const result = readPluginSettings(withSettings(settings));
    expect(result.problems).toEqual([expect.stringMatching(problem)]);
    expect(result.problems[0]).toContain(SETTINGS_LOCATION);
    expect(result.settings).toMatchObject(fallback);
  });

  it('refuses a settings entry that is not an object, keeping every default', () => {
    expect(readPluginSettings(withSettings('on'))).toEqual({ settings: DEFAULT_SETTINGS, problems: [expect.stringContaining('must be an object')] });
    expect(readPluginSettings(withSettings([1]))).toEqual({ settings: DEFAULT_SETTINGS, problems: [expect.stringContaining('must be an object')] });
  });
});

describe('ui-settings.example.json, the template administrators copy', () => {
  it('is valid and spells out every default', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires -- a JSON file beside the package
    const example = require('../../ui-settings.example.json') as unknown;
    expect(readPluginSettings({ custom_data: { features: { outbound_recording: example } } })).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    expect(Object.keys(example as object).sort()).toEqual(['native_recording', 'pause_behavior', 'pause_shortcut', 'server_trigger', 'show_indicator', 'wait_seconds']);
  });
});
