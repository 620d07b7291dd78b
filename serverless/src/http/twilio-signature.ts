import twilio from 'twilio';
import { statusCallbackUrlFor } from '../recording/status-callback-url';
import type { FunctionEvent } from './request-event';

/**
 * Is this request really Twilio's status callback for the task it names?
 *
 * Twilio signs a webhook with the ACCOUNT's auth token (never an API key): base64 HMAC-SHA1 of the URL
 * it requested followed by the POST parameters. The runtime merges query and body into one event, so
 * the URL is rebuilt the way the start Function built it (`<callback base>?TaskSid=<event.TaskSid>`) and
 * every other field is a body parameter. A body `TaskSid` overrides the query's in the event, so moving
 * a genuine callback to another task changes the rebuilt URL and breaks the signature.
 */
export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export interface SignatureConfig {
  /** The callback base the start Function used (RECORDING_STATUS_CALLBACK_URL, or this service's /recording/status). */
  statusCallbackUrl?: string;
  /** AUTH_TOKEN, when configured. */
  webhookAuthToken?: string;
  /** twilio-run (local development), which does not verify `.protected` Functions itself. */
  localRuntime: boolean;
}

export function checkTwilioSignature(config: SignatureConfig, event: FunctionEvent, signature: string | undefined): SignatureCheck {
  // The URL is built only where it is needed: the checks before it (no signature, no AUTH_TOKEN) come first.
  const rebuilt = (): { urls: string[]; queryNames: ReadonlySet<string> } | string => {
    if (config.statusCallbackUrl === undefined || typeof event.TaskSid !== 'string') return 'no callback URL to verify against';
    try {
      const url = statusCallbackUrlFor(config.statusCallbackUrl, event.TaskSid);
      return { urls: [url], queryNames: new Set(new URL(url).searchParams.keys()) };
    } catch {
      return 'malformed callback URL';
    }
  };
  return verifySignature(config, event, signature, 'status callbacks', rebuilt);
}

/**
 * Is this request a callback Twilio signed for one of `urls` (the URL it was told to call, without a
 * query)? Every field of the event but the runtime's `request` is a signed body parameter. Without
 * AUTH_TOKEN: trusted deployed (the runtime verified the `.protected` Function), refused locally.
 */
export function checkSignedCallback(
  config: Pick<SignatureConfig, 'webhookAuthToken' | 'localRuntime'>,
  event: FunctionEvent,
  signature: string | undefined,
  urls: ReadonlyArray<string>,
): SignatureCheck {
  return verifySignature(config, event, signature, 'callbacks', () =>
    urls.length === 0 ? 'no callback URL to verify against' : { urls, queryNames: new Set<string>() },
  );
}

/**
 * The one verification both callbacks share: a signature header, then AUTH_TOKEN (deployed, the runtime has
 * already verified a `.protected` Function with the account's token and answers 401 itself otherwise; locally
 * nothing has, and nothing can here), then Twilio's HMAC over one of the URLs and the body parameters (every
 * event field but the runtime's `request` and the URL's own query parameters; form fields are strings, and
 * anything else, a JSON body's objects, cannot be part of a Twilio signature).
 */
function verifySignature(
  config: Pick<SignatureConfig, 'webhookAuthToken' | 'localRuntime'>,
  event: FunctionEvent,
  signature: string | undefined,
  what: string,
  signedUrls: () => { urls: ReadonlyArray<string>; queryNames: ReadonlySet<string> } | string,
): SignatureCheck {
  if (signature === undefined || signature === '') return { ok: false, reason: 'no X-Twilio-Signature' };
  if (config.webhookAuthToken === undefined) {
    return config.localRuntime ? { ok: false, reason: `set AUTH_TOKEN to verify ${what} in local development` } : { ok: true };
  }
  const target = signedUrls();
  if (typeof target === 'string') return { ok: false, reason: target };
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(event)) {
    if (name === 'request' || target.queryNames.has(name)) continue;
    if (typeof value !== 'string') return { ok: false, reason: 'a field is not a form value' };
    params[name] = value;
  }
  const token = config.webhookAuthToken;
  return target.urls.some((url) => twilio.validateRequest(token, signature, url, params)) ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}
