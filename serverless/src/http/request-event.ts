import { RECORDING_REQUEST_FIELD, RECORDING_REQUEST_VERSION } from 'plugin-outbound-recording/contract';

/**
 * The runtime's event: query parameters and body fields (form or JSON) merged into one object, next to
 * the runtime's own `request` ({ headers, cookies }).
 *
 * Both twilio-run and (as documented) Twilio's runtime build it as `{ request, ...query, ...body }`, so a
 * caller's field named `request` replaces the runtime's headers, and a query parameter fills any field
 * the body leaves out. This module is the one place that reads an event; everything else gets what it
 * established: headers that look like the runtime's, and inputs that provably came from a JSON body.
 */
export type FunctionEvent = Record<string, unknown> & { request?: unknown };

export type RuntimeHeaders = Readonly<Record<string, string | string[]>>;

export type RequestReading<T> = { ok: true; value: T } | { ok: false; problem: 'request_field' | 'header_repeated' | 'not_an_envelope'; message: string };

/**
 * The runtime's headers, refused when the event's `request` cannot be the runtime's: the runtime always
 * sends `{ headers, cookies }` with string (or, for a repeated header, string list) values, and no
 * cookies for these Functions (Flex calls them without credentials, Twilio's callbacks carry none).
 * Parameters parsed from a query string cannot produce an empty `cookies` object, so a `request[...]`
 * query pollution is refused here; the local runtime (toolchain/serve-functions.ts) also drops caller
 * fields named `request` before the event is built.
 */
export function readRuntimeHeaders(event: FunctionEvent): RequestReading<RuntimeHeaders> {
  const request = event.request;
  const refused = { ok: false as const, problem: 'request_field' as const, message: 'The parameter name "request" is reserved' };
  if (!isPlainObject(request)) return refused;
  const keys = Object.keys(request);
  if (keys.length !== 2 || !keys.includes('headers') || !keys.includes('cookies')) return refused;
  const { headers, cookies } = request as { headers: unknown; cookies: unknown };
  if (!isPlainObject(cookies) || Object.keys(cookies).length > 0) return refused;
  if (!isPlainObject(headers)) return refused;
  for (const [name, value] of Object.entries(headers)) {
    if (name !== name.toLowerCase()) return refused;
    const valid = typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
    if (!valid) return refused;
  }
  return { ok: true, value: headers as RuntimeHeaders };
}

/**
 * One header's value. A header the request carried more than once is refused rather than guessed
 * (two Origin headers once made the origin check fail open): undefined means absent, never ambiguous.
 */
export function singleHeader(headers: RuntimeHeaders, name: string): RequestReading<string | undefined> {
  const value = headers[name.toLowerCase()];
  if (Array.isArray(value)) return { ok: false, problem: 'header_repeated', message: `The ${name} header must be sent once` };
  return { ok: true, value };
}

/** The lower-cased media type of the Content-Type header, without parameters. */
export function mediaTypeOf(headers: RuntimeHeaders): string | undefined {
  const value = headers['content-type'];
  return typeof value === 'string' ? value.split(';')[0].trim().toLowerCase() : undefined;
}

/**
 * The fields of an agent's request, from the JSON body only: `{ recordingRequest: { version: 1, ... } }`
 * (the contract's RECORDING_REQUEST_FIELD). Only JSON can carry the number 1, and a body field replaces a
 * query parameter of the same name whole, so nothing read from the envelope came from the URL; any other
 * parameter (a query string, a top-level field) is refused rather than ignored, so a token put in a URL
 * is answered "not read here", not silently used.
 */
export function readRecordingEnvelope(event: FunctionEvent): RequestReading<Readonly<Record<string, unknown>>> {
  const other = Object.keys(event).filter((name) => name !== 'request' && name !== RECORDING_REQUEST_FIELD);
  if (other.length > 0) {
    return notEnvelope(`Send only a JSON body { "${RECORDING_REQUEST_FIELD}": { ... } }: query parameters and other fields are not read`);
  }
  const envelope = event[RECORDING_REQUEST_FIELD];
  if (!isPlainObject(envelope) || envelope.version !== RECORDING_REQUEST_VERSION) {
    return notEnvelope(`The JSON body must hold "${RECORDING_REQUEST_FIELD}": an object with "version": ${RECORDING_REQUEST_VERSION}`);
  }
  return { ok: true, value: envelope };
}

function notEnvelope(message: string): RequestReading<never> {
  return { ok: false, problem: 'not_an_envelope', message };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
