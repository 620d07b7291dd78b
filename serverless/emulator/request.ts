import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** Which Twilio product a request addressed, from the host in the first path segment. */
export type HostKind = 'api' | 'taskrouter' | 'iam' | 'flex' | 'intelligence';

/** Form and query values: a key sent more than once (arrayFormat "repeat") becomes an array. */
export type ParamValue = string | string[];
export type Params = Record<string, ParamValue>;

/** One request as the emulator understood it; also what the request log records. */
export interface EmulatorRequest {
  method: string;
  /** The Twilio host the caller meant, e.g. "api.twilio.com" or "api.dublin.ie1.twilio.com". */
  host: string;
  /** null when the host is not one this emulator serves. */
  hostKind: HostKind | null;
  /** The path on that host, e.g. "/2010-04-01/Accounts/AC.../Calls/CA....json" (no query). */
  path: string;
  query: Params;
  /** Parsed application/x-www-form-urlencoded body, null if the body was not a form. */
  form: Params | null;
  /** Parsed JSON body, null if the body was not JSON. */
  json: unknown;
  /** Raw body text (empty string when there was none). */
  rawBody: string;
  headers: IncomingHttpHeaders;
}

const HOST_PATTERN = /^(api|taskrouter|iam|flex-api|intelligence)(\.[a-z0-9-]+)*\.twilio\.com$/;

/**
 * Region/edge hosts (api.dublin.ie1.twilio.com, iam.ie1.twilio.com) are the same product, so only
 * the leading label decides. flex-api.twilio.com (the Flex Configuration API) is 'flex';
 * intelligence.twilio.com (Conversation Intelligence v2) is 'intelligence'.
 */
export function hostKindOf(host: string): HostKind | null {
  const match = HOST_PATTERN.exec(host.toLowerCase());
  if (!match) return null;
  return match[1] === 'flex-api' ? 'flex' : (match[1] as HostKind);
}

/** Splits `/{host}{path}?{query}` as produced by the library-side URL rewrite. */
export function splitTarget(url: string): { host: string; path: string; query: Params } {
  const parsed = new URL(url, 'http://emulator.invalid');
  const [, host = '', ...rest] = parsed.pathname.split('/');
  return { host: decodeURIComponent(host), path: '/' + rest.join('/'), query: paramsOf(parsed.searchParams) };
}

export function paramsOf(search: URLSearchParams): Params {
  const out: Params = {};
  for (const [key, value] of search) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function mediaTypeOf(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** First value of a param (forms may repeat keys). */
export function first(value: ParamValue | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
