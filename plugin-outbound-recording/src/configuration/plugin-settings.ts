import { DEFAULT_PAUSE_BEHAVIOR, PAUSE_BEHAVIORS, PauseBehavior, isPauseBehavior } from '../contract/recording-api';

/**
 * The settings an administrator tunes, read when Flex loads from the Flex configuration's `ui_attributes`
 * (where Flex teams keep their plugins' settings, as flex-project-template does:
 * `ui_attributes.custom_data.features.<feature>`). Changing one is a Flex Configuration API update (or
 * `npm run deploy -- --settings`), then a page reload: no rebuild, no redeploy of the plugin.
 *
 * Every value has a default, and a value that is not valid falls back to its default with a problem an
 * administrator can act on: none of them is worth leaving calls unrecorded for.
 */

/** Where the settings live inside `ui_attributes`. */
export const SETTINGS_PATH = ['custom_data', 'features', 'outbound_recording'] as const;
export const SETTINGS_LOCATION = `ui_attributes.${SETTINGS_PATH.join('.')}`;

/** The settings as an administrator writes them (JSON). */
export interface RawPluginSettings {
  /** Show the recording status (and the pause button) on the call. Default true. */
  show_indicator?: unknown;
  /** What Twilio does with paused time: "skip" (left out of the file) or "silence". Default "skip". */
  pause_behavior?: unknown;
  /** The Ctrl+Shift+<key> that pauses and resumes: one letter or digit, or false for none. Default "P". */
  pause_shortcut?: unknown;
  /** How long a call is watched for the customer to answer, from the accept, in seconds. Default 120. */
  wait_seconds?: unknown;
  /**
   * Ask Twilio to report each call's joins to the Functions (the server-side trigger: the customer is
   * recorded from the server the moment they answer, with or without the agent's browser). false: record
   * from the browser only, e.g. when another integration owns the conference status callback. Default true.
   */
  server_trigger?: unknown;
  /**
   * NATIVE_RECORDING: what to do with Flex's own call recording (a conference recording, agent on channel 1)
   * when it is switched on for the account. "keep": leave it; then pause and resume act on it too. "skip":
   * the plugin turns it off (conferenceRecord false) for the outbound calls it records. Default "keep".
   */
  native_recording?: unknown;
}

export interface PluginSettings {
  showIndicator: boolean;
  pauseBehavior: PauseBehavior;
  /** Undefined when the shortcut is off. */
  pauseShortcutKey: string | undefined;
  recordingWaitMs: number;
  serverTrigger: boolean;
  nativeRecording: NativeRecordingChoice;
}

export interface SettingsResult {
  settings: PluginSettings;
  /** Values that were not valid and were replaced by their defaults. */
  problems: string[];
}

export const NATIVE_RECORDING_CHOICES = ['keep', 'skip'] as const;
export type NativeRecordingChoice = (typeof NATIVE_RECORDING_CHOICES)[number];

export const DEFAULT_RECORDING_WAIT_SECONDS = 120;
/** Below this a normal ringing phase would already exhaust the wait; above it a stale watch outlives most calls. */
export const MIN_RECORDING_WAIT_SECONDS = 15;
export const MAX_RECORDING_WAIT_SECONDS = 900;
export const DEFAULT_PAUSE_SHORTCUT_KEY = 'P';
/** Flex UI's own Ctrl+Shift shortcuts (KeyboardShortcuts.defaultKeyboardShortcuts): never taken over. */
export const FLEX_SHORTCUT_KEYS: ReadonlySet<string> = new Set(['1', 'L', 'A', 'R', 'T', 'Y', 'S', 'H', 'M', 'C']);

export const DEFAULT_SETTINGS: PluginSettings = {
  showIndicator: true,
  pauseBehavior: DEFAULT_PAUSE_BEHAVIOR,
  pauseShortcutKey: DEFAULT_PAUSE_SHORTCUT_KEY,
  recordingWaitMs: DEFAULT_RECORDING_WAIT_SECONDS * 1000,
  serverTrigger: true,
  nativeRecording: 'keep',
};

/** The plugin's settings object inside ui_attributes, or undefined when there is none (all defaults). */
export function rawSettingsOf(uiAttributes: unknown): unknown {
  let node: unknown = uiAttributes;
  for (const key of SETTINGS_PATH) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function readPluginSettings(uiAttributes: unknown): SettingsResult {
  const raw = rawSettingsOf(uiAttributes);
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings: DEFAULT_SETTINGS, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings: DEFAULT_SETTINGS, problems: [`${SETTINGS_LOCATION} must be an object; the defaults are used`] };
  }
  const values = raw as RawPluginSettings;
  const known = new Set(['show_indicator', 'pause_behavior', 'pause_shortcut', 'wait_seconds', 'server_trigger', 'native_recording']);
  for (const key of Object.keys(values)) if (!known.has(key)) problems.push(`${SETTINGS_LOCATION}.${key} is not a setting (known: ${Array.from(known).join(', ')})`);
  return {
    settings: {
      showIndicator: readBoolean('show_indicator', values.show_indicator, DEFAULT_SETTINGS.showIndicator, problems),
      pauseBehavior: readPauseBehavior(values.pause_behavior, problems),
      pauseShortcutKey: readPauseShortcut(values.pause_shortcut, problems),
      recordingWaitMs: readWaitSeconds(values.wait_seconds, problems) * 1000,
      serverTrigger: readBoolean('server_trigger', values.server_trigger, DEFAULT_SETTINGS.serverTrigger, problems),
      nativeRecording: readNativeRecording(values.native_recording, problems),
    },
    problems,
  };
}

function where(key: string): string {
  return `${SETTINGS_LOCATION}.${key}`;
}

function readBoolean(key: string, value: unknown, fallback: boolean, problems: string[]): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  problems.push(`${where(key)} must be true or false, not ${JSON.stringify(value)}; ${String(fallback)} is used`);
  return fallback;
}

function readPauseBehavior(value: unknown, problems: string[]): PauseBehavior {
  if (value === undefined) return DEFAULT_PAUSE_BEHAVIOR;
  if (typeof value === 'string' && isPauseBehavior(value.trim().toLowerCase())) return value.trim().toLowerCase() as PauseBehavior;
  problems.push(`${where('pause_behavior')} must be ${PAUSE_BEHAVIORS.map((b) => `"${b}"`).join(' or ')}, not ${JSON.stringify(value)}; "${DEFAULT_PAUSE_BEHAVIOR}" is used`);
  return DEFAULT_PAUSE_BEHAVIOR;
}

function readNativeRecording(value: unknown, problems: string[]): NativeRecordingChoice {
  if (value === undefined) return DEFAULT_SETTINGS.nativeRecording;
  const choice = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if ((NATIVE_RECORDING_CHOICES as ReadonlyArray<string>).includes(choice)) return choice as NativeRecordingChoice;
  problems.push(`${where('native_recording')} must be "keep" or "skip", not ${JSON.stringify(value)}; "${DEFAULT_SETTINGS.nativeRecording}" is used`);
  return DEFAULT_SETTINGS.nativeRecording;
}

function readPauseShortcut(value: unknown, problems: string[]): string | undefined {
  if (value === undefined || value === true) return DEFAULT_PAUSE_SHORTCUT_KEY;
  if (value === false) return undefined;
  const key = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!/^[A-Z0-9]$/.test(key)) {
    problems.push(`${where('pause_shortcut')} must be one letter or digit (Ctrl+Shift+<key>) or false, not ${JSON.stringify(value)}; "${DEFAULT_PAUSE_SHORTCUT_KEY}" is used`);
    return DEFAULT_PAUSE_SHORTCUT_KEY;
  }
  if (FLEX_SHORTCUT_KEYS.has(key)) {
    problems.push(`${where('pause_shortcut')} "${key}" is already a Flex UI shortcut (Ctrl+Shift+${key}); "${DEFAULT_PAUSE_SHORTCUT_KEY}" is used`);
    return DEFAULT_PAUSE_SHORTCUT_KEY;
  }
  return key;
}

function readWaitSeconds(value: unknown, problems: string[]): number {
  if (value === undefined) return DEFAULT_RECORDING_WAIT_SECONDS;
  if (typeof value === 'number' && Number.isInteger(value) && value >= MIN_RECORDING_WAIT_SECONDS && value <= MAX_RECORDING_WAIT_SECONDS) return value;
  problems.push(
    `${where('wait_seconds')} must be a whole number of seconds from ${MIN_RECORDING_WAIT_SECONDS} to ${MAX_RECORDING_WAIT_SECONDS}, not ${JSON.stringify(value)}; ${DEFAULT_RECORDING_WAIT_SECONDS} is used`,
  );
  return DEFAULT_RECORDING_WAIT_SECONDS;
}
