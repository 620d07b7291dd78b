import { readFunctionConfig } from '../src/config/function-config';
import { isLoopbackUrl } from '../src/twilio/local-request-client';
import { validatePluginConfig } from 'plugin-outbound-recording/config';
import { SETTINGS_LOCATION } from 'plugin-outbound-recording/settings';
import { overridingPluginSettings, type EnvFileResult, type EnvValues, type PluginFileSetting } from './env-file';
import { settingsCommand } from './plugin-settings-file';
import type { Finding } from './report';

const API_KEY_FIX =
  'Create an API key (Console > Account > API keys & tokens > Create API key, type Standard) in the Flex account;\n' +
  'put its SID (SK...) in API_KEY and its secret in API_SECRET';

/** The fix for each problem readFunctionConfig reports, by the variable it names first. */
const FIXES: ReadonlyArray<[RegExp, string]> = [
  [/^ACCOUNT_SID/, 'Copy the Account SID of the Flex account (Console > Account Info): AC followed by 32 hex digits'],
  [/^API_KEY|^API_SECRET|^Set API_KEY/, API_KEY_FIX],
  [/^TWILIO_WORKSPACE_SID/, 'Copy the SID (WS...) of the "Flex Task Assignment" workspace (Console > TaskRouter > Workspaces)'],
  [/^ALLOWED_ORIGINS/, 'List the web origins of your Flex UI, comma separated, scheme and host only (e.g. https://flex.twilio.com); or remove the line for that default'],
  [/^RECORDING_STATUS_CALLBACK_URL/, 'Use an https:// URL, or remove the line to request no status callbacks'],
  [/^TWILIO_EMULATOR_URL/, 'Remove TWILIO_EMULATOR_URL: it is for local development only'],
  [/^EXCLUDED_QUEUES/, 'List TaskQueue SIDs (WQ + 32 hex digits) or queue names, comma separated'],
  [/^DO_NOT_RECORD_ATTRIBUTE/, 'Name a top-level task attribute (letters, digits, _ and -), or write none to turn the check off'],
  [/^RECORD_INBOUND/, 'Write true or false (or remove the line: false)'],
];

function fixFor(problem: string): string {
  return FIXES.find(([pattern]) => pattern.test(problem))?.[1] ?? 'See "Configuration" in README.md';
}

/**
 * The Functions' env file as `twilio serverless:deploy` would upload it. The Functions' own validator
 * decides what is well formed; this adds what only matters for a deploy.
 */
export function checkFunctionsEnv(result: EnvFileResult): Finding[] {
  if (!result.ok) return [{ severity: 'block', message: result.problem, fix: result.fix }];
  const { file } = result;
  const env = file.values;
  const findings: Finding[] = [];
  if (file.fellBack) {
    findings.push({
      severity: 'warn',
      message: `serverless/${file.name} is used: there is no serverless/${file.wanted}`,
      fix: 'Create serverless/.env.<env> (copy serverless/.env.example) if this environment needs its own account or settings',
    });
  } else {
    findings.push({ severity: 'info', message: `Functions configuration: serverless/${file.name}` });
  }

  const config = readFunctionConfig(env);
  const problems = config.ok ? [] : config.problems;
  for (const problem of problems) findings.push({ severity: 'block', message: problem, fix: fixFor(problem) });

  const has = (key: string): boolean => (env[key] ?? '').trim() !== '';
  if (!has('API_KEY') && !has('API_SECRET') && has('AUTH_TOKEN')) {
    findings.push({
      severity: 'block',
      message:
        'AUTH_TOKEN is used instead of an API key: `twilio serverless:deploy` never uploads AUTH_TOKEN (nor ACCOUNT_SID) from the file, ' +
        'and the auth token cannot be revoked without breaking everything else on the account',
      fix: `${API_KEY_FIX}, then delete AUTH_TOKEN from serverless/${file.name}`,
    });
  } else if (has('AUTH_TOKEN')) {
    findings.push({
      severity: 'warn',
      message: 'AUTH_TOKEN is set next to API_KEY/API_SECRET: it is ignored and not uploaded, but it is one more copy of the master credential',
      fix: `Delete AUTH_TOKEN from serverless/${file.name}`,
    });
  }
  if (has('TWILIO_EMULATOR_URL') && !problems.some((problem) => problem.startsWith('TWILIO_EMULATOR_URL'))) {
    findings.push({
      severity: 'block',
      message: 'TWILIO_EMULATOR_URL is set: the deployed Functions would send every Twilio request to this machine\'s loopback address and fail',
      fix: `Remove TWILIO_EMULATOR_URL from serverless/${file.name} (keep it only in the .env you use for local development)`,
    });
  }
  if (config.ok) {
    const local = [...config.config.allowedOrigins].filter((origin) => isLoopbackUrl(origin));
    if (local.length > 0) {
      findings.push({
        severity: 'warn',
        message: `ALLOWED_ORIGINS includes local development origins (${local.join(', ')})`,
        fix: 'Fine for a dev environment; remove them for production',
      });
    }
    findings.push({
      severity: 'ok',
      message:
        `account ${config.config.accountSid}, API key ${config.config.credentials.username}, workspace ${config.config.workspaceSid}, ` +
        `allowed origins ${[...config.config.allowedOrigins].join(', ')}`,
    });
  }
  return findings;
}

/** FLEX_APP_* names that say they hold a credential: they would be inlined into every agent's browser. */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|AUTH|CREDENTIAL|PRIVATE/i;

/**
 * FLEX_APP_* settings the plugin no longer reads: an administrator tunes them at run time in the Flex
 * configuration now (no rebuild), so a value left in a .env file silently does nothing. Each maps to
 * its key in ui_attributes.custom_data.features.outbound_recording, with the value converted.
 */
const RETIRED_SETTINGS: Record<string, { key: string; json: (value: string) => string }> = {
  FLEX_APP_RECORDING_WAIT_SECONDS: { key: 'wait_seconds', json: (value) => (/^\d+$/.test(value) ? value : '120') },
  FLEX_APP_RECORDING_INDICATOR: { key: 'show_indicator', json: (value) => (value.toLowerCase() === 'off' ? 'false' : 'true') },
  FLEX_APP_PAUSE_BEHAVIOR: { key: 'pause_behavior', json: (value) => JSON.stringify(value.toLowerCase() === 'silence' ? 'silence' : 'skip') },
  FLEX_APP_PAUSE_SHORTCUT: {
    key: 'pause_shortcut',
    json: (value) => (value.toLowerCase() === 'off' ? 'false' : /^[A-Za-z0-9]$/.test(value) ? JSON.stringify(value.toUpperCase()) : '"P"'),
  },
};

/** FLEX_APP_* policy values the plugin no longer reads: the Functions alone decide what is recorded. */
const POLICY_SETTINGS: Record<string, string> = {
  FLEX_APP_RECORD_INBOUND: 'RECORD_INBOUND',
  FLEX_APP_EXCLUDED_QUEUES: 'EXCLUDED_QUEUES',
  FLEX_APP_DO_NOT_RECORD_ATTRIBUTE: 'DO_NOT_RECORD_ATTRIBUTE',
};

/** What checkPluginEnv needs to write its fixes: the environment, and the Functions' env file deploy uses. */
export interface PluginEnvContext {
  environment: string;
  /** The command that writes the settings file into the Flex configuration. */
  writeCommand: string;
  functionsEnv?: { name: string; values: EnvValues };
}

/**
 * The plugin's build-time values: the files that would override what deploy wires in, any FLEX_APP_*
 * value that looks secret, and the settings the plugin no longer reads at build time (where they went).
 */
export function checkPluginEnv(fileSettings: readonly PluginFileSetting[], shellEnv: NodeJS.ProcessEnv, context?: PluginEnvContext): Finding[] {
  const findings: Finding[] = [];
  for (const setting of overridingPluginSettings(fileSettings)) {
    findings.push({
      severity: 'block',
      message:
        `plugin-outbound-recording/${setting.file} sets ${setting.key}=${setting.value}: the plugin build lets that file override ` +
        'the Functions domain deploy wires in, so the plugin would call that URL instead of the Functions just deployed',
      fix:
        `Delete the ${setting.key} line from plugin-outbound-recording/${setting.file}. For local development pass it in the shell instead:\n` +
        `${setting.key}=http://localhost:3000 twilio flex:plugins:start`,
    });
  }
  const shellSettings: PluginFileSetting[] = Object.entries(shellEnv)
    .filter((entry): entry is [string, string] => /^FLEX_APP_/i.test(entry[0]) && typeof entry[1] === 'string')
    .map(([key, value]) => ({ file: '(your shell environment)', key, value }));
  const environment = context?.environment ?? 'dev';
  const writeCommand = context?.writeCommand ?? settingsCommand(undefined);
  for (const setting of [...fileSettings, ...shellSettings]) {
    const inShell = setting.file.startsWith('(');
    const where = inShell ? setting.file : `plugin-outbound-recording/${setting.file}`;
    const remove = inShell ? `Unset ${setting.key} (\`unset ${setting.key}\`)` : `Delete the ${setting.key} line from ${where}`;
    const name = setting.key.toUpperCase();
    const value = setting.value.trim();
    if (SECRET_NAME.test(setting.key) || /^SK[0-9a-f]{32}$/.test(setting.value)) {
      findings.push({
        severity: 'block',
        message: `${setting.key} in ${where} looks like a credential: every FLEX_APP_* value is inlined into the plugin bundle that every agent's browser downloads`,
        fix: `Remove ${setting.key}; credentials belong only in serverless/.env* (the Functions)`,
      });
    }
    const retired = RETIRED_SETTINGS[name];
    if (retired !== undefined) {
      findings.push({
        severity: 'warn',
        message:
          `${setting.key} in ${where} is ignored: the plugin now reads its settings when Flex loads, from the Flex configuration ` +
          `(${SETTINGS_LOCATION}.${retired.key}), so they change without a rebuild`,
        fix:
          `${remove}; put "${retired.key}": ${retired.json(value)} in plugin-outbound-recording/ui-settings.${environment}.json\n` +
          `and write it with \`${writeCommand}\``,
      });
    }
    const policy = POLICY_SETTINGS[name];
    if (policy !== undefined) {
      const functionsEnv = context?.functionsEnv;
      const current = functionsEnv?.values[policy];
      const functionsFile = functionsEnv ? `serverless/${functionsEnv.name}` : 'serverless/.env';
      const fix =
        value === ''
          ? `${remove}`
          : current !== undefined && current.trim() === value
            ? `${remove}: ${functionsFile} already sets ${policy}=${current.trim()}`
            : `${remove}, and set ${policy}=${value} in ${functionsFile} if that is the policy you want ` +
              `(${current === undefined ? `it does not set ${policy}` : `it has ${policy}=${current.trim()}`})`;
      findings.push({
        severity: 'warn',
        message: `${setting.key} in ${where} is ignored: the Functions alone decide what is recorded (${policy} in serverless/.env*); the plugin asks them for every call`,
        fix,
      });
    }
  }
  if (findings.length === 0) findings.push({ severity: 'ok', message: 'plugin build values: nothing overrides the Functions domain, nothing secret' });
  return findings;
}

/** What the plugin would be built with once the domain is known, checked by the plugin's own validator. */
export function checkFunctionsBaseUrl(url: string): Finding[] {
  // Only the base URL is a build value now; the validator's other (retired) fields are optional.
  const result = validatePluginConfig({ functionsBaseUrl: url });
  return result.ok ? [] : result.problems.map((problem) => ({ severity: 'block' as const, message: problem, fix: 'Report this: the deployed domain was not a usable https origin' }));
}

/** flex-plugin-scripts 7.1.2 supports Node 16-22 and this repository Node 20-22 (package.json "engines"). */
export function checkNodeVersion(version: string): Finding {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major >= 20 && major <= 22) return { severity: 'ok', message: `Node ${version}` };
  return {
    severity: 'block',
    message: `Node ${version} is not supported: the Flex plugin toolchain and this repository need Node 20, 21 or 22`,
    fix: 'Install Node 22 LTS (e.g. `nvm install 22 && nvm use 22`) and run `npm ci` again',
  };
}
