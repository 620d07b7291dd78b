import { parseArgs } from 'node:util';
import { ENVIRONMENT_NAME } from './env-file';
import type { SettingsChoice } from './plugin-settings-file';

export type VersionBump = 'patch' | 'minor' | 'major';

export interface DeployOptions {
  /** Selects serverless/.env.<env> and the Functions' domain suffix; undefined: serverless/.env and "dev". */
  environment: string | undefined;
  /** Twilio CLI profile for every twilio command; undefined: the CLI's active profile. */
  profile: string | undefined;
  release: boolean;
  dryRun: boolean;
  bump: VersionBump;
  changelog: string | undefined;
  releaseName: string | undefined;
  releaseDescription: string | undefined;
  /** --settings [FILE]: write the plugin's settings into the Flex configuration's ui_attributes. */
  settings: SettingsChoice;
  /** --settings-only: write the settings and run no build or deploy step. */
  settingsOnly: boolean;
}

export interface DoctorOptions {
  environment: string | undefined;
  profile: string | undefined;
  /** Skip the checks that talk to Twilio. */
  offline: boolean;
  /** --settings [FILE]: the settings file to check (default: the environment's, when it exists). */
  settings: SettingsChoice;
}

export type Parsed<T> = { ok: true; options: T } | { ok: false; help: true } | { ok: false; help: false; error: string };

export const DEPLOY_USAGE = `Usage: npm run deploy -- [--env <name>] [--profile <name>] [--release] [--dry-run]
                         [--settings [<file>]] [--settings-only]
                         [--patch | --minor | --major] [--changelog <text>]
                         [--release-name <text>] [--release-description <text>]

  --env <name>        use serverless/.env.<name> (else serverless/.env) and deploy the Functions
                      to the <name> environment (domain suffix); default environment: dev
  --profile <name>    Twilio CLI profile for every twilio command (default: the active profile,
                      see \`twilio profiles:list\` / \`twilio profiles:use\`)
  --release           also release the deployed plugin version to all agents
  --dry-run           print every command and the configuration it would use, and the plugin
                      settings --settings would write; run and write nothing
  --settings [<file>] first write the plugin's settings (agents' indicator, pause, shortcut, wait)
                      into the Flex configuration: ui_attributes.custom_data.features.outbound_recording
                      is replaced by the file's object, every other key is kept. Default file:
                      plugin-outbound-recording/ui-settings.<env>.json (env: --env, else dev).
                      Without --settings the Flex configuration is not touched
  --settings-only     write the settings (--settings, default file) and nothing else: no build,
                      no Functions or plugin deploy. Agents get them when they next load Flex
  --patch|--minor|--major   plugin version bump (default --patch)
  --changelog <text>  plugin version changelog (default names the environment)
  --release-name, --release-description   name and description of the release (--release)`;

export const DOCTOR_USAGE = `Usage: npm run doctor -- [--env <name>] [--profile <name>] [--offline] [--settings [<file>]]

  --env <name>        check serverless/.env.<name> (else serverless/.env), as deploy would use it
  --profile <name>    check this Twilio CLI profile (default: the active one)
  --offline           skip the checks that call Twilio's APIs (the Flex configuration too)
  --settings [<file>] check this plugin settings file (default, also without --settings when it
                      exists: plugin-outbound-recording/ui-settings.<env>.json)`;

export function parseDeployArgs(argv: readonly string[]): Parsed<DeployOptions> {
  const read = readArgs(expandBareSettings(argv), {
    env: { type: 'string' },
    profile: { type: 'string' },
    release: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    patch: { type: 'boolean' },
    minor: { type: 'boolean' },
    major: { type: 'boolean' },
    changelog: { type: 'string' },
    'release-name': { type: 'string' },
    'release-description': { type: 'string' },
    settings: { type: 'string' },
    'settings-only': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!read.ok) return read;
  const values = read.values;
  const settingsOnly = values['settings-only'] === true;
  if (settingsOnly) {
    const deployFlags = ['release', 'patch', 'minor', 'major', 'changelog', 'release-name', 'release-description'].filter((flag) => values[flag] !== undefined);
    if (deployFlags.length > 0) {
      return { ok: false, help: false, error: `--settings-only deploys nothing, so ${deployFlags.map((flag) => `--${flag}`).join(' ')} would do nothing: leave ${deployFlags.length > 1 ? 'them' : 'it'} out` };
    }
  }
  const bumps = (['patch', 'minor', 'major'] as const).filter((bump) => values[bump] === true);
  if (bumps.length > 1) return { ok: false, help: false, error: `Choose one of --patch, --minor, --major (got ${bumps.map((b) => `--${b}`).join(' ')})` };
  const common = readCommon(values);
  if (!common.ok) return common;
  const texts = {
    changelog: nonBlank(values.changelog, '--changelog'),
    releaseName: nonBlank(values['release-name'], '--release-name'),
    releaseDescription: nonBlank(values['release-description'], '--release-description'),
  };
  for (const text of Object.values(texts)) if (typeof text === 'object') return text;
  return {
    ok: true,
    options: {
      ...common.value,
      release: values.release === true,
      dryRun: values['dry-run'] === true,
      bump: bumps[0] ?? 'patch',
      changelog: texts.changelog as string | undefined,
      releaseName: texts.releaseName as string | undefined,
      releaseDescription: texts.releaseDescription as string | undefined,
      // --settings-only without --settings writes the environment's file.
      settings: settingsOnly && values.settings === undefined ? { kind: 'default' } : settingsChoice(values.settings),
      settingsOnly,
    },
  };
}

export function parseDoctorArgs(argv: readonly string[]): Parsed<DoctorOptions> {
  const read = readArgs(expandBareSettings(argv), {
    env: { type: 'string' },
    profile: { type: 'string' },
    offline: { type: 'boolean' },
    settings: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!read.ok) return read;
  const common = readCommon(read.values);
  if (!common.ok) return common;
  return { ok: true, options: { ...common.value, offline: read.values.offline === true, settings: settingsChoice(read.values.settings) } };
}

/**
 * `--settings` may stand alone (then it means the environment's file): parseArgs needs a value, so a
 * bare `--settings` (last, or followed by another flag) gets an empty one.
 */
function expandBareSettings(argv: readonly string[]): string[] {
  const out: string[] = [];
  argv.forEach((arg, index) => {
    out.push(arg);
    const next = argv[index + 1];
    if (arg === '--settings' && (next === undefined || next.startsWith('-'))) out.push('');
  });
  return out;
}

function settingsChoice(value: string | boolean | undefined): SettingsChoice {
  if (typeof value !== 'string') return { kind: 'none' };
  return value.trim() === '' ? { kind: 'default' } : { kind: 'file', path: value };
}

type Values = Record<string, string | boolean | undefined>;
type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function readArgs(argv: readonly string[], options: OptionSpec): { ok: true; values: Values } | { ok: false; help: true } | { ok: false; help: false; error: string } {
  let values: Values;
  try {
    // strict: a mistyped flag (--relase) must stop the deploy, not be ignored.
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Values;
  } catch (error) {
    return { ok: false, help: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (values.help === true) return { ok: false, help: true };
  return { ok: true, values };
}

function readCommon(values: Values): { ok: true; value: { environment: string | undefined; profile: string | undefined } } | { ok: false; help: false; error: string } {
  const environment = values.env as string | undefined;
  if (environment !== undefined && !ENVIRONMENT_NAME.test(environment)) {
    return {
      ok: false,
      help: false,
      error: `--env "${environment}" is not an environment name: lower-case letters, digits and "-", starting with a letter, at most 16 characters (e.g. dev, prod)`,
    };
  }
  const profile = values.profile as string | undefined;
  // A value starting with "-" is almost always a forgotten profile name swallowing the next flag.
  if (profile !== undefined && (profile.trim() === '' || profile.startsWith('-'))) {
    return { ok: false, help: false, error: `--profile needs a Twilio CLI profile name (see \`twilio profiles:list\`), got "${profile}"` };
  }
  return { ok: true, value: { environment, profile } };
}

function nonBlank(value: string | boolean | undefined, flag: string): string | undefined | { ok: false; help: false; error: string } {
  if (value === undefined || typeof value === 'boolean') return undefined;
  if (value.trim() === '') return { ok: false, help: false, error: `${flag} must not be empty` };
  return value;
}
