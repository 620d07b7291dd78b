import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type EnvValues = Record<string, string>;

/**
 * Parses a .env file exactly as the tools that consume ours do: twilio-run (dotenv 6.2, which uploads
 * the Functions' variables) and flex-plugin-webpack (dotenv 10, which inlines FLEX_APP_* values) share
 * this line-based grammar. Reading it the same way matters: `KEY=value # note` keeps " # note" in the
 * value there, so the doctor must see that value too, not a friendlier one.
 */
export function parseEnvFile(text: string): EnvValues {
  const values: EnvValues = {};
  for (const line of text.split(/\r\n|\n|\r/)) {
    const match = /^\s*([\w.-]+)\s*=\s*(.*)?\s*$/.exec(line);
    if (match === null) continue;
    const key = match[1] as string;
    let value = match[2] ?? '';
    const end = value.length - 1;
    const doubleQuoted = value.startsWith('"') && value[end] === '"' && end > 0;
    const singleQuoted = value.startsWith("'") && value[end] === "'" && end > 0;
    if (doubleQuoted || singleQuoted) {
      value = value.substring(1, end);
      if (doubleQuoted) value = value.replace(/\\n/g, '\n');
    } else {
      value = value.trim();
    }
    values[key] = value;
  }
  return values;
}

export interface FunctionsEnvFile {
  /** File name relative to the serverless folder, as passed to `twilio serverless:deploy --env`. */
  name: string;
  path: string;
  values: EnvValues;
  /** True when `--env X` was asked for but serverless/.env.X does not exist and .env is used instead. */
  fellBack: boolean;
  /** The file that was looked for first (`.env.X` for `--env X`). */
  wanted: string;
}

export type EnvFileResult = { ok: true; file: FunctionsEnvFile } | { ok: false; problem: string; fix: string };

/** Environment names become file names and a domain suffix: keep them to what both accept. */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,15}$/;

/**
 * serverless/.env.<env> for `--env <env>`, falling back to serverless/.env; serverless/.env without `--env`.
 */
export function resolveFunctionsEnvFile(serverlessDir: string, environment: string | undefined): EnvFileResult {
  const candidates = environment === undefined ? ['.env'] : [`.env.${environment}`, '.env'];
  for (const name of candidates) {
    const path = join(serverlessDir, name);
    if (existsSync(path)) {
      return {
        ok: true,
        file: {
          name,
          path,
          values: parseEnvFile(readFileSync(path, 'utf8')),
          fellBack: name !== candidates[0],
          wanted: candidates[0] as string,
        },
      };
    }
  }
  const wanted = candidates.map((name) => `serverless/${name}`).join(' or ');
  return {
    ok: false,
    problem: `No Functions configuration file: looked for ${wanted}`,
    fix: `Copy serverless/.env.example to serverless/${candidates[0]} and fill it in`,
  };
}

/** A FLEX_APP_* value found in one of the plugin's own .env files. */
export interface PluginFileSetting {
  file: string;
  key: string;
  value: string;
}

/**
 * The plugin's build (flex-plugin-webpack) starts from the process environment, then lets `.env` and
 * then `.<twilio profile>.env` in the plugin folder override it. Which profile applies is only known
 * inside the Twilio CLI, so every `.<name>.env` file counts.
 */
export function readPluginEnvFiles(pluginDir: string): { files: string[]; settings: PluginFileSetting[] } {
  let names: string[];
  try {
    names = readdirSync(pluginDir);
  } catch {
    return { files: [], settings: [] };
  }
  const files = names.filter((name) => name === '.env' || /^\.[^.]+\.env$/.test(name)).sort((a, b) => (a === '.env' ? -1 : b === '.env' ? 1 : a.localeCompare(b)));
  const settings: PluginFileSetting[] = [];
  for (const file of files) {
    const values = parseEnvFile(readFileSync(join(pluginDir, file), 'utf8'));
    for (const [key, value] of Object.entries(values)) {
      // The build matches the prefix case-insensitively.
      if (/^FLEX_APP_/i.test(key)) settings.push({ file, key, value });
    }
  }
  return { files, settings };
}

/** The FLEX_APP_* keys deploy wires itself; a plugin .env file that sets one would silently win. */
export const WIRED_PLUGIN_KEYS = ['FLEX_APP_FUNCTIONS_BASE_URL'];

export function overridingPluginSettings(settings: readonly PluginFileSetting[]): PluginFileSetting[] {
  return settings.filter((setting) => WIRED_PLUGIN_KEYS.includes(setting.key.toUpperCase()));
}
