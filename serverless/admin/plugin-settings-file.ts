import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { SETTINGS_LOCATION, SETTINGS_PATH, readPluginSettings, type PluginSettings } from 'plugin-outbound-recording/settings';
import { shellQuote, type Finding } from './report';

/**
 * The plugin's run-time settings as an administrator keeps them: one JSON file per environment,
 * `plugin-outbound-recording/ui-settings.<env>.json`, holding exactly the object that goes to
 * `ui_attributes.custom_data.features.outbound_recording` in the Flex configuration:
 *
 *   { "show_indicator": true, "pause_behavior": "skip", "pause_shortcut": "P", "wait_seconds": 120, "server_trigger": true, "native_recording": "keep" }
 *
 * `npm run deploy -- --settings [FILE]` writes it (FILE defaults to that per-environment file);
 * `npm run doctor` checks it. The file is not secret (it ends up in every agent's browser anyway).
 */
export function defaultSettingsFile(pluginDir: string, environment: string): string {
  return join(pluginDir, `ui-settings.${environment}.json`);
}

/** What `--settings` asked for: nothing, the environment's file, or a file named on the command line. */
export type SettingsChoice = { kind: 'none' } | { kind: 'default' } | { kind: 'file'; path: string };

export const SAMPLE_SETTINGS = '{ "show_indicator": true, "pause_behavior": "skip", "pause_shortcut": "P", "wait_seconds": 120, "server_trigger": true, "native_recording": "keep" }';

export interface SettingsFile {
  path: string;
  /** The path as an administrator reads it: relative to the repository when inside it. */
  display: string;
  /** The object as written in the file: what deploy writes, unchanged. */
  value: Record<string, unknown>;
  /** The same, read by the plugin's own reader. */
  settings: PluginSettings;
}

export type SettingsFileResult =
  | { kind: 'ok'; path: string; display: string; file: SettingsFile }
  | { kind: 'absent'; path: string; display: string }
  | { kind: 'invalid'; path: string; display: string; problems: string[] };

/** The file `--settings` names (relative paths from where npm was started), or the environment's file. */
export function resolveSettingsPath(choice: SettingsChoice, pluginDir: string, environment: string, cwd: string): string {
  if (choice.kind === 'file') return isAbsolute(choice.path) ? choice.path : resolve(cwd, choice.path);
  return defaultSettingsFile(pluginDir, environment);
}

export function displayPath(path: string, repoRoot: string): string {
  const inside = relative(repoRoot, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

/** The settings object wrapped where it lives in ui_attributes, as the plugin reads it at run time. */
export function asUiAttributes(value: unknown): Record<string, unknown> {
  let node: unknown = value;
  for (const key of [...SETTINGS_PATH].reverse()) node = { [key]: node };
  return node as Record<string, unknown>;
}

/**
 * Reads and validates the file with the plugin's own reader. Unlike the plugin, which falls back to a
 * default for a bad value, a file with any problem is refused: deploy must never write it.
 */
export function readSettingsFile(path: string, repoRoot: string): SettingsFileResult {
  const display = displayPath(path, repoRoot);
  if (!existsSync(path)) return { kind: 'absent', path, display };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { kind: 'invalid', path, display, problems: [`${display} is not valid JSON (${error instanceof Error ? error.message : String(error)})`] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', path, display, problems: [`${display} must hold one JSON object (the settings), not ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`] };
  }
  const { settings, problems } = readPluginSettings(asUiAttributes(value));
  if (problems.length > 0) return { kind: 'invalid', path, display, problems: problems.map((problem) => problem.replace(/; [^;]* used$/, '')) };
  return { kind: 'ok', path, display, file: { path, display, value: value as Record<string, unknown>, settings } };
}

/**
 * The command that writes the settings and nothing else (no build, no deploy):
 * `npm run deploy -- [--env <env>] [--settings <file>] --settings-only`.
 */
export function settingsCommand(environment: string | undefined, choice: SettingsChoice = { kind: 'default' }): string {
  const args = [...(environment ? ['--env', environment] : []), ...(choice.kind === 'file' ? ['--settings', shellQuote(choice.path)] : []), '--settings-only'];
  return `npm run deploy -- ${args.join(' ')}`;
}

/** One line: what agents get with these settings. */
export function describeSettings(settings: PluginSettings): string {
  return [
    `indicator ${settings.showIndicator ? 'shown' : 'hidden'}`,
    `paused time ${settings.pauseBehavior === 'skip' ? 'skipped' : 'kept as silence'}`,
    `shortcut ${settings.pauseShortcutKey === undefined ? 'off' : `Ctrl+Shift+${settings.pauseShortcutKey}`}`,
    `wait ${settings.recordingWaitMs / 1000} s`,
    `server-side trigger ${settings.serverTrigger ? 'on' : 'off'}`,
    `native recording ${settings.nativeRecording === 'skip' ? 'skipped' : 'kept'}`,
  ].join(', ');
}

/**
 * The local file as a finding list. `required`: `--settings` was given, so a missing file blocks (deploy
 * would have nothing to write); otherwise a missing file is only information.
 */
export function checkSettingsFile(result: SettingsFileResult, options: { required: boolean; writeCommand: string }): Finding[] {
  if (result.kind === 'absent') {
    if (options.required) {
      return [
        {
          severity: 'block',
          message: `No plugin settings file ${result.display}`,
          fix: `Create it with the settings object for ${SETTINGS_LOCATION}, e.g.\n${SAMPLE_SETTINGS}\n(or leave out --settings to keep what the Flex configuration holds)`,
        },
      ];
    }
    return [
      {
        severity: 'info',
        message: `No local plugin settings file (${result.display}): deploy leaves the Flex configuration's settings as they are ` +
          `(to manage them from here, put the settings object in that file and run \`${options.writeCommand}\`)`,
      },
    ];
  }
  if (result.kind === 'invalid') {
    return result.problems.map((problem) => ({
      severity: 'block' as const,
      message: `${problem} (in ${result.display})`,
      fix: `Fix ${result.display}: deploy refuses to write settings the plugin would not use. Valid:\n${SAMPLE_SETTINGS}`,
    }));
  }
  return [
    {
      severity: 'ok',
      message: `${result.file.display}: ${describeSettings(result.file.settings)}${options.required ? '' : `; \`${options.writeCommand}\` writes it`}`,
    },
  ];
}
