import { CONFERENCE_STATUS_PATH, RECORDING_STATUS_PATH, isLoopbackHost, isLoopbackHttpUrl, isSid } from 'plugin-outbound-recording/contract';
import { readRecordingPolicy, type RecordingPolicy } from 'plugin-outbound-recording/contract';

/** What the Functions need from their environment (the service's `.env` / Twilio Console variables). */
export interface FunctionConfig {
  accountSid: string;
  /** Basic-auth user and password for Twilio's APIs: an API key and secret, or the account SID and auth token. */
  credentials: { username: string; password: string };
  workspaceSid: string;
  allowedOrigins: ReadonlySet<string>;
  /**
   * Where Twilio posts recording status callbacks (the start Function adds `?TaskSid=WT…`):
   * RECORDING_STATUS_CALLBACK_URL, else this service's own /recording/status (from the runtime's
   * DOMAIN_NAME); unset only when neither is known (the recording core used without a runtime).
   */
  statusCallbackUrl?: string;
  /**
   * This service's own /recording/conference-status (from the runtime's DOMAIN_NAME), which the plugin
   * names as the conference status callback: the URL Twilio signs those callbacks for.
   */
  conferenceStatusUrl?: string;
  /**
   * The account's auth token, when configured: Twilio signs webhooks with it (never with an API key),
   * so it is what verifies X-Twilio-Signature in code. See README "Recording status callbacks".
   */
  webhookAuthToken?: string;
  /** True when the runtime serves a local domain (twilio-run), which does not verify `.protected` itself. */
  localRuntime: boolean;
  /** Which tasks are recorded (exclusions, inbound opt-in): shared with the plugin. */
  policy: RecordingPolicy;
  /** Local development only: send every Twilio request to this emulator on the loopback interface. */
  emulatorUrl?: string;
  /**
   * Opt-in: the Conversation Intelligence service (`GA…`) every completed recording is handed to for a
   * transcript (INTELLIGENCE_SERVICE_SID). Unset: no `completed` callback is asked for, nothing is transcribed.
   */
  intelligenceServiceSid?: string;
}

/** An Intelligence Service SID as Twilio's Intelligence v2 spec writes it (ServiceSid: `^GA[0-9a-fA-F]{32}$`). */
const INTELLIGENCE_SERVICE_SID = /^GA[0-9a-fA-F]{32}$/;

export const DEFAULT_ALLOWED_ORIGINS = ['https://flex.twilio.com'];

export type FunctionConfigResult = { ok: true; config: FunctionConfig } | { ok: false; problems: string[] };

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the configuration. Problems are collected, not thrown, so an admin sees every
 * one of them at once (in the Function's log) while the caller only learns "misconfigured".
 */
export function readFunctionConfig(env: Env): FunctionConfigResult {
  const problems: string[] = [];
  const accountSid = env.ACCOUNT_SID ?? '';
  if (!isSid('account', accountSid)) problems.push('ACCOUNT_SID must be an account SID (AC + 32 hex digits)');

  const credentials = readCredentials(env, accountSid, problems);

  const workspaceSid = env.TWILIO_WORKSPACE_SID ?? '';
  if (!isSid('workspace', workspaceSid)) {
    problems.push('TWILIO_WORKSPACE_SID must be the Flex Task Assignment workspace SID (WS + 32 hex digits)');
  }

  const allowedOrigins = readAllowedOrigins(env.ALLOWED_ORIGINS, problems);

  const configuredCallbackUrl = blankToUndefined(env.RECORDING_STATUS_CALLBACK_URL);
  if (configuredCallbackUrl !== undefined && !isHttpsUrl(configuredCallbackUrl) && !isLoopbackHttpUrl(configuredCallbackUrl)) {
    problems.push('RECORDING_STATUS_CALLBACK_URL must be an https:// URL');
  }
  const domainName = blankToUndefined(env.DOMAIN_NAME);
  const localRuntime = domainName !== undefined && isLocalDomain(domainName);
  const statusCallbackUrl = configuredCallbackUrl ?? (domainName === undefined ? undefined : ownStatusUrl(domainName));

  const policyResult = readRecordingPolicy(env);
  if (!policyResult.ok) problems.push(...policyResult.problems);
  const webhookAuthToken = blankToUndefined(env.AUTH_TOKEN);

  const emulatorUrl = blankToUndefined(env.TWILIO_EMULATOR_URL);
  if (emulatorUrl !== undefined && !isLoopbackHttpUrl(emulatorUrl)) {
    problems.push('TWILIO_EMULATOR_URL is for local development only: it must be http:// on 127.0.0.1 or localhost');
  }

  const intelligenceServiceSid = blankToUndefined(env.INTELLIGENCE_SERVICE_SID);
  if (intelligenceServiceSid !== undefined && !INTELLIGENCE_SERVICE_SID.test(intelligenceServiceSid)) {
    problems.push('INTELLIGENCE_SERVICE_SID must be a Conversation Intelligence service SID (GA + 32 hex digits)');
  }

  if (problems.length > 0 || credentials === undefined || !policyResult.ok) return { ok: false, problems };
  return {
    ok: true,
    config: {
      accountSid,
      credentials,
      workspaceSid,
      allowedOrigins,
      statusCallbackUrl,
      conferenceStatusUrl: domainName === undefined ? undefined : ownUrl(domainName, CONFERENCE_STATUS_PATH),
      emulatorUrl,
      webhookAuthToken,
      localRuntime,
      policy: policyResult.policy,
      ...(intelligenceServiceSid === undefined ? {} : { intelligenceServiceSid }),
    },
  };
}

/** twilio-run serves `localhost:<port>`; a deployed service a `*.twil.io` domain. A host and port, nothing else. */
function isLocalDomain(domainName: string): boolean {
  if (!/^[^/?#@\s]+$/.test(domainName)) return false;
  try {
    return isLoopbackHost(new URL(`http://${domainName}`).hostname);
  } catch {
    return false;
  }
}

function ownStatusUrl(domainName: string): string {
  return ownUrl(domainName, RECORDING_STATUS_PATH);
}

function ownUrl(domainName: string, path: string): string {
  return `${isLocalDomain(domainName) ? 'http' : 'https'}://${domainName}${path}`;
}

function readCredentials(env: Env, accountSid: string, problems: string[]): FunctionConfig['credentials'] | undefined {
  const apiKey = blankToUndefined(env.API_KEY);
  const apiSecret = blankToUndefined(env.API_SECRET);
  if (apiKey !== undefined || apiSecret !== undefined) {
    if (apiKey === undefined || !/^SK[0-9a-f]{32}$/.test(apiKey)) problems.push('API_KEY must be an API key SID (SK + 32 hex digits)');
    if (apiSecret === undefined) problems.push('API_SECRET is required with API_KEY');
    return apiKey !== undefined && apiSecret !== undefined ? { username: apiKey, password: apiSecret } : undefined;
  }
  const authToken = blankToUndefined(env.AUTH_TOKEN);
  if (authToken === undefined) {
    problems.push('Set API_KEY and API_SECRET (recommended), or AUTH_TOKEN');
    return undefined;
  }
  return { username: accountSid, password: authToken };
}

function readAllowedOrigins(value: string | undefined, problems: string[]): ReadonlySet<string> {
  const listed = blankToUndefined(value);
  if (listed === undefined) return new Set(DEFAULT_ALLOWED_ORIGINS);
  const origins = listed.split(',').map((origin) => origin.trim()).filter((origin) => origin.length > 0);
  for (const origin of origins) {
    if (origin === '*') problems.push('ALLOWED_ORIGINS must list origins; "*" would let any web page call the Functions');
    else if (!isOrigin(origin)) problems.push(`ALLOWED_ORIGINS entry "${origin}" is not an origin like https://flex.twilio.com`);
  }
  return new Set(origins);
}

/** An origin is scheme://host[:port] with nothing after it; http only for local development. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    const secureOrLocal = url.protocol === 'https:' || isLoopbackHttpUrl(url);
    return secureOrLocal && url.origin === value;
  } catch {
    return false;
  }
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
