import type twilio from 'twilio';
import { SETTINGS_LOCATION, rawSettingsOf, readPluginSettings } from 'plugin-outbound-recording/settings';
import type { FunctionConfig } from '../src/config/function-config';
import { isFunctionsDomain } from './deploy-output';
import { FLEX_CONFIGURATION_URL, canonical, readFlexRecordingConfiguration } from './flex-configuration';
import { SAMPLE_SETTINGS, describeSettings, type SettingsFile } from './plugin-settings-file';
import type { Finding } from './report';

export type TwilioClient = ReturnType<typeof twilio>;

/** How the doctor gets a client: the product's own factory in real use, one aimed at the emulator in tests. */
export type ConnectTwilio = (config: FunctionConfig) => TwilioClient;

/** Error codes of a request that never reached Twilio: the doctor then skips rather than fails. */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED', 'EPIPE']);

export type Outcome<T> = { kind: 'ok'; value: T } | { kind: 'unreachable'; code: string } | { kind: 'refused'; status: number; code?: number; message: string };

export async function attempt<T>(request: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { kind: 'ok', value: await request() };
  } catch (error) {
    const { status, code, message } = (error ?? {}) as { status?: unknown; code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(error);
    // The library's RestException has a numeric HTTP status; transport errors (axios) a string code.
    if (typeof status === 'number') return { kind: 'refused', status, ...(typeof code === 'number' ? { code } : {}), message: text };
    if (typeof code === 'string' && UNREACHABLE.has(code)) return { kind: 'unreachable', code };
    return { kind: 'unreachable', code: text };
  }
}

/** How every "Twilio refused the credentials" finding starts (the doctor skips later checks after one). */
export const CREDENTIALS_REFUSED = 'Twilio refused the credentials';

export function refusal(what: string, outcome: { status: number; code?: number; message: string }, notFoundFix: string): Finding {
  const detail = `HTTP ${outcome.status}${outcome.code ? `, Twilio error ${outcome.code}` : ''}: ${outcome.message}`;
  if (outcome.status === 401) {
    return {
      severity: 'block',
      message: `${CREDENTIALS_REFUSED} for ${what} (${detail})`,
      fix: 'Check that API_SECRET is the secret of API_KEY, that the key was not deleted, and that it belongs to ACCOUNT_SID\n(Console > Account > API keys & tokens); create a new key if the secret is lost',
    };
  }
  if (outcome.status === 403) {
    return {
      severity: 'block',
      message: `The API key may not use ${what} (${detail})`,
      fix: 'Use a Standard API key, or give the restricted key access to Voice recordings (read/create) and TaskRouter (read/update)',
    };
  }
  if (outcome.status === 404) return { severity: 'block', message: `${what}: not found (${detail})`, fix: notFoundFix };
  return { severity: 'warn', message: `Could not check ${what} (${detail})`, fix: 'Twilio may be having trouble; run the doctor again later (https://status.twilio.com)' };
}

/**
 * With the Functions' own credentials: can they reach what the Functions use? One Recordings list page
 * (the Voice API and its recordings permission) and the workspace (TaskRouter), then where the Functions
 * currently live. No network is not a failure: it is reported as skipped.
 */
export async function checkTwilioAccess(
  config: FunctionConfig,
  connect: ConnectTwilio,
  deployment: { serviceName: string | undefined; environment: string },
): Promise<Finding[]> {
  const client = connect(config);
  const recordings = await attempt(() => client.api.v2010.accounts(config.accountSid).recordings.page({ pageSize: 1 }));
  if (recordings.kind === 'unreachable') {
    return [{ severity: 'skip', message: `Twilio API checks skipped (no network: ${recordings.code})` }];
  }
  const findings: Finding[] = [];
  if (recordings.kind === 'refused') {
    findings.push(refusal('the Recordings API', recordings, 'Check ACCOUNT_SID: it must be the account the API key belongs to'));
    if (recordings.status === 401) {
      findings.push({ severity: 'skip', message: 'TaskRouter check skipped (credentials refused)' });
      return findings;
    }
  } else {
    findings.push({ severity: 'ok', message: 'Recordings API reachable with these credentials' });
  }

  const workspace = await attempt(() => client.taskrouter.v1.workspaces(config.workspaceSid).fetch());
  if (workspace.kind === 'unreachable') findings.push({ severity: 'skip', message: `TaskRouter check skipped (no network: ${workspace.code})` });
  else if (workspace.kind === 'refused') {
    findings.push(
      refusal(`TaskRouter workspace ${config.workspaceSid}`, workspace, 'Copy the SID of the "Flex Task Assignment" workspace of this account (Console > TaskRouter > Workspaces)'),
    );
  } else {
    const name = workspace.value.friendlyName;
    findings.push({ severity: 'ok', message: `TaskRouter workspace ${config.workspaceSid} ("${name}")` });
    if (name !== 'Flex Task Assignment') {
      findings.push({
        severity: 'warn',
        message: `Workspace "${name}" is not named "Flex Task Assignment", the workspace Flex creates for its tasks`,
        fix: 'Make sure TWILIO_WORKSPACE_SID is the workspace your Flex agents work in',
      });
    }
  }

  if (deployment.serviceName !== undefined) findings.push(await checkDeployedDomain(client, deployment.serviceName, deployment.environment));
  return findings;
}

/** Where the Functions of this environment are now (the plugin will be pointed there by the next deploy). */
async function checkDeployedDomain(client: TwilioClient, serviceName: string, environment: string): Promise<Finding> {
  const environments = await attempt(() => client.serverless.v1.services(serviceName).environments.list({ limit: 50 }));
  if (environments.kind === 'unreachable') return { severity: 'skip', message: `Functions domain check skipped (no network: ${environments.code})` };
  if (environments.kind === 'refused') {
    if (environments.status === 404) {
      return { severity: 'info', message: `Functions service "${serviceName}" is not deployed yet: the first \`npm run deploy\` creates it` };
    }
    return refusal(`the Functions service "${serviceName}"`, environments, 'Check the credentials');
  }
  const match = environments.value.find((candidate) => candidate.domainSuffix === environment || candidate.uniqueName === environment);
  if (match === undefined) {
    return { severity: 'info', message: `Functions environment "${environment}" of "${serviceName}" is not deployed yet: \`npm run deploy\` creates it` };
  }
  if (!isFunctionsDomain(match.domainName)) {
    return { severity: 'warn', message: `Functions environment "${environment}" has an unexpected domain "${match.domainName}"`, fix: 'Check the service in Console > Functions and Assets > Services' };
  }
  return { severity: 'ok', message: `Functions domain of "${environment}": https://${match.domainName} (the plugin is pointed here on deploy)` };
}

/**
 * The plugin's settings as agents get them now: the Flex configuration's ui_attributes, read with the
 * Functions' API key and checked by the plugin's own reader. A bad value is a warning, not a blocker:
 * the plugin uses its default for it, and the deploy does not depend on it. `local` is the file
 * `npm run deploy -- --settings` would write, to say whether that would change anything.
 */
export async function checkFlexSettings(config: FunctionConfig, connect: ConnectTwilio, local: SettingsFile | undefined, writeCommand: string): Promise<Finding[]> {
  const read = await attempt(() => readFlexRecordingConfiguration(connect(config)));
  if (read.kind === 'unreachable') return [{ severity: 'skip', message: `Flex configuration check skipped (no network: ${read.code})` }];
  if (read.kind === 'refused') {
    if (read.status === 404) {
      return [
        {
          severity: 'block',
          message: `The Flex configuration of account ${config.accountSid} was not found (HTTP 404): is Flex set up on this account?`,
          fix: 'Use the account of your Flex instance in ACCOUNT_SID (and its API key), or finish the Flex setup in Console > Flex',
        },
      ];
    }
    if (read.status === 403) {
      return [
        {
          severity: 'block',
          message: `The API key may not read the Flex configuration (GET ${FLEX_CONFIGURATION_URL}: HTTP 403${read.code ? `, Twilio error ${read.code}` : ''})`,
          fix: 'Use a Standard API key (Console > Account > API keys & tokens): deploy reads and writes the plugin settings with it',
        },
      ];
    }
    return [refusal('the Flex Configuration API', read, 'Check ACCOUNT_SID: it must be the account of your Flex instance')];
  }
  const { settings, problems } = readPluginSettings(read.value.uiAttributes);
  const fix = local
    ? `Fix it with \`${writeCommand}\` (writes ${local.display}), or in the Flex configuration (${FLEX_CONFIGURATION_URL})`
    : `Correct ${SETTINGS_LOCATION} in the Flex configuration: put the settings in plugin-outbound-recording/ui-settings.<env>.json, e.g.\n${SAMPLE_SETTINGS}\nand run \`${writeCommand}\``;
  const findings: Finding[] = problems.map((problem) => ({ severity: 'warn' as const, message: `Flex configuration: ${problem}`, fix }));
  findings.push({ severity: 'ok', message: `Flex configuration read: agents get ${describeSettings(settings)}${problems.length > 0 ? ' (defaults where a value is not valid)' : ''}` });
  const native = nativeRecordingFinding(read.value.callRecordingEnabled, settings.nativeRecording);
  if (native !== undefined) findings.push(native);
  if (local) {
    const current = rawSettingsOf(read.value.uiAttributes);
    findings.push(
      canonical(current) === canonical(local.value)
        ? { severity: 'info', message: `${local.display} matches the Flex configuration: writing it changes nothing` }
        : { severity: 'info', message: `${local.display} differs from the Flex configuration (${current === undefined ? 'no settings there yet' : `now ${JSON.stringify(current)}`}): \`${writeCommand}\` writes it` },
    );
  }
  return findings;
}


/**
 * NATIVE_RECORDING: Flex's own call recording (the account's `call_recording_enabled`) beside this product's.
 * Kept, every outbound call is recorded twice (pause and resume act on both): said so it is a choice.
 */
export function nativeRecordingFinding(callRecordingEnabled: boolean, choice: 'keep' | 'skip'): Finding | undefined {
  if (!callRecordingEnabled) return undefined;
  if (choice === 'skip') {
    return { severity: 'ok', message: "Flex's native call recording is on; the plugin turns it off for the outbound calls it records (native_recording \"skip\")" };
  }
  return {
    severity: 'warn',
    message: "Flex's native call recording is on and native_recording is \"keep\": every outbound call is recorded twice (a conference recording with the agent on channel 1); pause and resume act on both",
    fix: 'If that is not meant: set "native_recording": "skip" in the plugin settings (the plugin then turns it off for the calls it records), or turn it off in Console > Flex > Voice > Call recording',
  };
}
