import { DEFAULT_RECORDING_WAIT_SECONDS, validatePluginConfig } from '../../src/config/plugin-config';

const valid = (functionsBaseUrl: string, recordingWaitSeconds?: string) => validatePluginConfig({ functionsBaseUrl, recordingWaitSeconds });

describe('validatePluginConfig', () => {
  it.each([
    ['https://recording-1234-dev.twil.io', 'https://recording-1234-dev.twil.io'],
    ['https://recording-1234-dev.twil.io/', 'https://recording-1234-dev.twil.io'],
    ['  https://recording-1234-dev.twil.io  ', 'https://recording-1234-dev.twil.io'],
    ['HTTPS://Recording-1234-DEV.twil.io', 'https://recording-1234-dev.twil.io'],
    ['https://functions.example.com:8443', 'https://functions.example.com:8443'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
  ])('accepts %s as %s', (input, expected) => {
    expect(valid(input)).toMatchObject({ ok: true, config: { functionsBaseUrl: expected, recordingWaitMs: DEFAULT_RECORDING_WAIT_SECONDS * 1000 } });
  });

  it.each([
    [undefined, /is not set/],
    ['', /is not set/],
    ['recording-1234-dev.twil.io', /is not a URL/],
    ['https://', /is not a URL/],
    ['http://recording-1234-dev.twil.io', /must use https/],
    ['http://localhost.evil.com', /must use https/],
    ['ftp://recording-1234-dev.twil.io', /must use https/],
    ['javascript:alert(1)', /must use https/],
    ['https://recording-1234-dev.twil.io/recording', /a path/],
    ['https://recording-1234-dev.twil.io/recording/start', /a path/],
    ['https://recording-1234-dev.twil.io?debug=1', /a query/],
    ['https://recording-1234-dev.twil.io?', /a query/],
    ['https://recording-1234-dev.twil.io#x', /a fragment/],
    ['https://user:pw@recording-1234-dev.twil.io', /credentials/],
  ])('refuses %p', (input, problem) => {
    const result = validatePluginConfig({ functionsBaseUrl: input, recordingWaitSeconds: undefined });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join(' ')).toMatch(problem);
  });

  it('reads the wait in whole seconds within 15..900', () => {
    expect(valid('https://a.twil.io', '30')).toEqual({
      ok: true,
      config: { functionsBaseUrl: 'https://a.twil.io', recordingWaitMs: 30000, showIndicator: true, pauseBehavior: 'skip', pauseShortcutKey: 'P' },
    });
    expect(valid('https://a.twil.io', ' 900 ')).toMatchObject({ ok: true, config: { recordingWaitMs: 900000 } });
    expect(valid('https://a.twil.io', '15')).toMatchObject({ ok: true, config: { recordingWaitMs: 15000 } });
    expect(valid('https://a.twil.io', '')).toMatchObject({ ok: true, config: { recordingWaitMs: 120000 } });
  });

  it.each(['14', '901', '0', '-30', '30.5', '1e2', 'abc', '30s'])('refuses the wait %p', (seconds) => {
    const result = valid('https://a.twil.io', seconds);
    expect(result).toEqual({ ok: false, problems: [expect.stringContaining('FLEX_APP_RECORDING_WAIT_SECONDS')] });
  });

  it('reports every problem at once', () => {
    const result = validatePluginConfig({ functionsBaseUrl: 'http://example.com', recordingWaitSeconds: 'soon' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toHaveLength(2);
  });
});

describe('indicator, pause behaviour and shortcut settings', () => {
  const base = { functionsBaseUrl: 'https://a.twil.io', recordingWaitSeconds: undefined };
  const config = (extra: Record<string, string | undefined>) => validatePluginConfig({ ...base, ...extra });

  it('defaults to indicator on, PauseBehavior skip, shortcut Ctrl+Shift+P', () => {
    expect(config({})).toMatchObject({ ok: true, config: { showIndicator: true, pauseBehavior: 'skip', pauseShortcutKey: 'P' } });
  });

  it('reads on/off, skip/silence and a shortcut key, forgiving case and spaces', () => {
    expect(config({ recordingIndicator: ' OFF ', pauseBehavior: 'Silence', pauseShortcut: 'off' })).toMatchObject({
      ok: true,
      config: { showIndicator: false, pauseBehavior: 'silence', pauseShortcutKey: undefined },
    });
    expect(config({ recordingIndicator: 'on', pauseShortcut: 'on' })).toMatchObject({ ok: true, config: { showIndicator: true, pauseShortcutKey: 'P' } });
    expect(config({ pauseShortcut: 'k' })).toMatchObject({ ok: true, config: { pauseShortcutKey: 'K' } });
    expect(config({ pauseShortcut: '9' })).toMatchObject({ ok: true, config: { pauseShortcutKey: '9' } });
  });

  it.each([
    [{ recordingIndicator: 'yes' }, /FLEX_APP_RECORDING_INDICATOR must be on or off, not "yes"/],
    [{ pauseBehavior: 'mute' }, /FLEX_APP_PAUSE_BEHAVIOR must be skip or silence, not "mute"/],
    [{ pauseShortcut: 'ctrl+p' }, /FLEX_APP_PAUSE_SHORTCUT must be on, off, or one letter or digit/],
    [{ pauseShortcut: 'H' }, /"H" is already a Flex UI shortcut \(Ctrl\+Shift\+H\)/],
  ])('refuses %j with a reason an admin can act on', (extra, message) => {
    const result = config(extra);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual([expect.stringMatching(message)]);
  });
});
