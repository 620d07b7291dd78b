import { DEFAULT_PAUSE_BEHAVIOR, PAUSE_BEHAVIORS, PauseBehavior, isPauseBehavior } from '../contract/recording-api';

/**
 * Start-up configuration: what the plugin needs to know before it may watch any call.
 *
 * Validation is strict on purpose. A wrong Functions URL does not fail loudly by itself: every outbound
 * call would silently go unrecorded. So anything doubtful is rejected with a reason an admin can act on.
 */

/** Raw values as the build injected them (see .env.example). */
export interface RawPluginConfig {
  functionsBaseUrl: string | undefined;
  recordingWaitSeconds: string | undefined;
  /** FLEX_APP_RECORDING_INDICATOR: on | off (default on). */
  recordingIndicator?: string | undefined;
  /** FLEX_APP_PAUSE_BEHAVIOR: skip | silence (default skip). */
  pauseBehavior?: string | undefined;
  /** FLEX_APP_PAUSE_SHORTCUT: on | off | one letter or digit for Ctrl+Shift+<key> (default on = P). */
  pauseShortcut?: string | undefined;
}

export interface PluginConfig {
  /** Scheme, host and port only, never a trailing slash: paths from the contract are appended as they are. */
  functionsBaseUrl: string;
  /** How long one task is watched for its customer leg and a successful start, in milliseconds. */
  recordingWaitMs: number;
  /** Show the recording status (and the pause button) on the call. */
  showIndicator: boolean;
  /** What Twilio does with paused time: left out of the file (skip) or kept as silence. */
  pauseBehavior: PauseBehavior;
  /** The Ctrl+Shift+<key> that pauses/resumes, or undefined when the shortcut is off. */
  pauseShortcutKey: string | undefined;
}

export type ConfigResult = { ok: true; config: PluginConfig } | { ok: false; problems: string[] };

export const DEFAULT_RECORDING_WAIT_SECONDS = 120;
/** Below this a normal ringing phase would already exhaust the wait; above it a stale watch outlives most calls. */
export const MIN_RECORDING_WAIT_SECONDS = 15;
export const MAX_RECORDING_WAIT_SECONDS = 900;

const LOCAL_DEVELOPMENT_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

export function validatePluginConfig(raw: RawPluginConfig): ConfigResult {
  const problems: string[] = [];
  const functionsBaseUrl = readFunctionsBaseUrl(raw.functionsBaseUrl, problems);
  const recordingWaitSeconds = readRecordingWaitSeconds(raw.recordingWaitSeconds, problems);
  const showIndicator = readOnOff('FLEX_APP_RECORDING_INDICATOR', raw.recordingIndicator, true, problems);
  const pauseBehavior = readPauseBehavior(raw.pauseBehavior, problems);
  const pauseShortcutKey = readPauseShortcut(raw.pauseShortcut, problems);
  if (problems.length > 0 || functionsBaseUrl === undefined || recordingWaitSeconds === undefined) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    config: { functionsBaseUrl, recordingWaitMs: recordingWaitSeconds * 1000, showIndicator, pauseBehavior, pauseShortcutKey },
  };
}

export const DEFAULT_PAUSE_SHORTCUT_KEY = 'P';
/** Flex UI's own Ctrl+Shift shortcuts (KeyboardShortcuts.defaultKeyboardShortcuts): never taken over. */
export const FLEX_SHORTCUT_KEYS: ReadonlySet<string> = new Set(['1', 'L', 'A', 'R', 'T', 'Y', 'S', 'H', 'M', 'C']);

function readOnOff(name: string, value: string | undefined, fallback: boolean, problems: string[]): boolean {
  const text = value?.trim().toLowerCase() ?? '';
  if (text === '') return fallback;
  if (text === 'on') return true;
  if (text === 'off') return false;
  problems.push(`${name} must be on or off, not "${value?.trim()}"`);
  return fallback;
}

function readPauseBehavior(value: string | undefined, problems: string[]): PauseBehavior {
  const text = value?.trim().toLowerCase() ?? '';
  if (text === '') return DEFAULT_PAUSE_BEHAVIOR;
  if (isPauseBehavior(text)) return text;
  problems.push(`FLEX_APP_PAUSE_BEHAVIOR must be ${PAUSE_BEHAVIORS.join(' or ')}, not "${value?.trim()}"`);
  return DEFAULT_PAUSE_BEHAVIOR;
}

function readPauseShortcut(value: string | undefined, problems: string[]): string | undefined {
  const text = value?.trim() ?? '';
  const lower = text.toLowerCase();
  if (text === '' || lower === 'on') return DEFAULT_PAUSE_SHORTCUT_KEY;
  if (lower === 'off') return undefined;
  const key = text.toUpperCase();
  if (!/^[A-Z0-9]$/.test(key)) {
    problems.push(`FLEX_APP_PAUSE_SHORTCUT must be on, off, or one letter or digit (Ctrl+Shift+<key>), not "${text}"`);
    return undefined;
  }
  if (FLEX_SHORTCUT_KEYS.has(key)) {
    problems.push(`FLEX_APP_PAUSE_SHORTCUT "${key}" is already a Flex UI shortcut (Ctrl+Shift+${key}); choose another key`);
    return undefined;
  }
  return key;
}

function readFunctionsBaseUrl(value: string | undefined, problems: string[]): string | undefined {
  const text = value?.trim() ?? '';
  if (text === '') {
    problems.push('FLEX_APP_FUNCTIONS_BASE_URL is not set');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`FLEX_APP_FUNCTIONS_BASE_URL is not a URL: "${text}"`);
    return undefined;
  }
  const isLocal = LOCAL_DEVELOPMENT_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocal)) {
    problems.push('FLEX_APP_FUNCTIONS_BASE_URL must use https (plain http is only accepted for localhost)');
    return undefined;
  }
  // Each of these would be silently mangled when the contract's path is appended.
  const junk: string[] = [];
  if (url.username !== '' || url.password !== '') junk.push('credentials');
  if (url.pathname !== '/' && url.pathname !== '') junk.push(`a path ("${url.pathname}")`);
  if (url.search !== '' || text.includes('?')) junk.push('a query');
  if (url.hash !== '' || text.includes('#')) junk.push('a fragment');
  if (junk.length > 0) {
    problems.push(`FLEX_APP_FUNCTIONS_BASE_URL must be the Functions domain only (like https://example-1234.twil.io), not ${junk.join(', ')}`);
    return undefined;
  }
  return url.origin;
}

function readRecordingWaitSeconds(value: string | undefined, problems: string[]): number | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return DEFAULT_RECORDING_WAIT_SECONDS;
  const seconds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(seconds) || seconds < MIN_RECORDING_WAIT_SECONDS || seconds > MAX_RECORDING_WAIT_SECONDS) {
    problems.push(
      `FLEX_APP_RECORDING_WAIT_SECONDS must be a whole number of seconds from ${MIN_RECORDING_WAIT_SECONDS} to ${MAX_RECORDING_WAIT_SECONDS}, not "${text}"`,
    );
    return undefined;
  }
  return seconds;
}
