import { randomBytes } from 'node:crypto';
import { RECORDING_REQUEST_FIELD, RECORDING_REQUEST_VERSION, type ErrorCode } from 'plugin-outbound-recording/contract';

/**
 * Malformed and hostile requests, one kind at a time, for every Function. None carries anything that
 * would let a Function act: no valid token together with a well-formed request from an allowed origin,
 * no valid signature. The agent-facing Functions read only a JSON body `{ "recordingRequest": { "version": 1, ... } }`
 * (the contract's recordingRequestBody): every kind that tests a field (a token, a SID) sends it inside
 * such an envelope, so that it is refused for what it is named for, not merely for not being an envelope;
 * the kinds named after the envelope itself (form bodies, query parameters, `request` pollution, versions,
 * shapes, prototype keys) send everything else right, with a valid token.
 * (Requests by an authenticated agent for someone else's call are refused too, but only after looking
 * the call up: the integration and attack tests cover those.)
 */
export interface HostileRequest {
  kind: string;
  path: string;
  method: string;
  /** A header given as a list is sent once per value (separate header lines: node:http, not fetch). */
  headers: Record<string, string | string[]>;
  body?: string;
  /** Appended to the path. */
  query?: string;
  /** How it must be refused: one of these codes (with the contract's status), as the JSON error body. */
  expected: ExpectedRefusal;
  /**
   * What of Twilio it may use: `none` (refused before authentication: no request at all, not even IAM's
   * token validation), or `token-check` (only IAM's validation of the token it carries).
   */
  twilio: 'none' | 'token-check';
  /** The tokens it carries: never echoed; with `twilio: 'none'`, never sent to IAM either. */
  tokens: string[];
}

export interface ExpectedRefusal {
  codes: ErrorCode[];
  /** For a field's refusal: the message names the field (it was refused for it, not for the envelope). */
  mentions?: string;
}

export interface FuzzContext {
  /** A real call's SIDs and a valid token (used only with something else wrong). */
  taskSid: string;
  callSid: string;
  conferenceSid: string;
  recordingSid: string;
  accountSid: string;
  validToken: string;
  expiredToken: string;
  /**
   * Another valid Flex token of the call's agent, never used before (so never cached): requests that must
   * be refused before authentication carry one, so that a token validation made for one of them is seen.
   */
  freshToken(): string;
  /** A genuine, delivered status callback: its parameters and signature, for replays. */
  genuineCallback: { params: Record<string, string>; signature: string };
}

export const BROWSER_FUNCTIONS = ['/recording/start', '/recording/pause', '/recording/resume'];
export const STATUS_FUNCTION = '/recording/status';
/** The Functions only Twilio calls (signed callbacks): each gets the callback kinds, none the browser kinds. */
export const TWILIO_CALLED_FUNCTIONS: ReadonlySet<string> = new Set([STATUS_FUNCTION, '/recording/conference-status']);

export const FLEX_ORIGIN = 'https://flex.twilio.com';
export const FOREIGN_ORIGIN = 'https://evil.example';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'Content-Type': 'application/json' };

const INJECTED_SIDS = [
  'CA../../Accounts/AC00000000000000000000000000000000',
  'CA%2e%2e%2f%2e%2e%2f',
  '\u0421A' + '0'.repeat(32), // Cyrillic С
  'CA' + '\uff10'.repeat(32), // full-width digits
  'CA' + '0'.repeat(32) + '\n',
  'CA' + '0'.repeat(31),
  "CA' OR '1'='1",
  'CA' + '0'.repeat(32) + '/Recordings',
  '${jndi:ldap://x}',
  'CA\u0000' + '0'.repeat(31),
  'ca' + 'f'.repeat(32),
  '\u202eCA' + '0'.repeat(32),
];

const WRONG_TYPES: unknown[] = [123, -1, 1e308, true, [], ['CA' + '0'.repeat(32)], { $gt: '' }, { sid: 'x' }, [[[]]]];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

/** A token shaped like a Flex JWE (five base64url segments), but made up. */
export function forgedToken(random: () => number): string {
  const segment = () => randomBytes(8 + Math.floor(random() * 40)).toString('base64url');
  return ['eyJ6aXAiOiJERUYiLCJhbGciOiJkaXIifQ', '', segment(), segment(), segment()].join('.');
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

type Fields = Record<string, unknown>;

function sids(ctx: FuzzContext): Record<string, string> {
  return { TaskSid: ctx.taskSid, CallSid: ctx.callSid, ConferenceSid: ctx.conferenceSid };
}

/** A request's fields as the plugin would send them, with a token of the agent never used before. */
function genuineFields(ctx: FuzzContext): Record<string, string> {
  return { Token: ctx.freshToken(), ...sids(ctx) };
}

/** `{ "recordingRequest": { "version": 1, ...fields } }` with any (hostile) content. */
function envelope(fields: Fields): Fields {
  return { [RECORDING_REQUEST_FIELD]: { version: RECORDING_REQUEST_VERSION, ...fields } };
}

/**
 * The headers the plugin sends (JSON, Flex's origin), or a server-side caller's (JSON, no Origin): both
 * pass the origin check, so that what follows is what is tested.
 */
function agentHeaders(random: () => number): Record<string, string> {
  return random() < 0.5 ? { ...JSON_TYPE, Origin: FLEX_ORIGIN } : { ...JSON_TYPE };
}

function tokensIn(fields: Fields): string[] {
  return typeof fields.Token === 'string' ? [fields.Token] : [];
}

const refused = (...codes: ErrorCode[]): ExpectedRefusal => ({ codes });

type Generator = (path: string, ctx: FuzzContext, random: () => number) => Omit<HostileRequest, 'kind' | 'path'>;

/** A POST of `fields` in a well-formed envelope, from the plugin's headers. */
function inEnvelope(fields: Fields, random: () => number, expected: ExpectedRefusal, twilio: HostileRequest['twilio']): Omit<HostileRequest, 'kind' | 'path'> {
  return { method: 'POST', headers: agentHeaders(random), body: JSON.stringify(envelope(fields)), expected, twilio, tokens: tokensIn(fields) };
}

/** For /recording/start, /pause, /resume (called from Flex in the agent's browser). */
const BROWSER_GENERATORS: Record<string, Generator> = {
  // ---- the fields, inside a well-formed envelope ----
  'no token': (_path, ctx, random) => {
    const token = pick([{}, { Token: '' }, { Token: null }], random);
    return inEnvelope({ ...token, ...sids(ctx) }, random, refused('token_missing'), 'none');
  },
  'forged token': (_path, ctx, random) => inEnvelope({ Token: forgedToken(random), ...sids(ctx) }, random, refused('token_invalid'), 'token-check'),
  'expired token': (_path, ctx, random) => inEnvelope({ Token: ctx.expiredToken, ...sids(ctx) }, random, refused('token_invalid'), 'token-check'),
  // Not shaped like a Flex token: refused without asking IAM.
  'garbage token': (_path, ctx, random) =>
    inEnvelope({ Token: pick(['abc', 'a.b.c', '......', 'Bearer x', '<script>', 'x'.repeat(9000), '\u0000'], random), ...sids(ctx) }, random, refused('token_invalid'), 'none'),
  'token of a wrong type': (_path, ctx, random) => inEnvelope({ Token: pick(WRONG_TYPES, random), ...sids(ctx) }, random, refused('token_invalid'), 'none'),
  'SID injection': (_path, ctx, random) => {
    const field = pick(['TaskSid', 'CallSid', 'ConferenceSid'], random);
    return inEnvelope({ Token: ctx.validToken, ...sids(ctx), [field]: pick(INJECTED_SIDS, random) }, random, { codes: ['invalid_request'], mentions: field }, 'token-check');
  },
  'SIDs of wrong types': (_path, ctx, random) =>
    inEnvelope(
      { Token: ctx.validToken, TaskSid: pick(WRONG_TYPES, random), CallSid: pick([...WRONG_TYPES, null], random), ConferenceSid: ctx.conferenceSid },
      random,
      { codes: ['invalid_request'], mentions: 'TaskSid' },
      'token-check',
    ),
  // Inside the envelope with a forged token (read, then refused for the token), or next to it (refused
  // as a field that is not read); a 2 MB body may be over the runtime's limit (refused before any Function).
  'huge body': (_path, ctx, random) => {
    const padding = 'x'.repeat(random() < 0.5 ? 90_000 : 2_000_000);
    const fields = { Token: forgedToken(random), ...sids(ctx) };
    const inside = random() < 0.5;
    const body = inside ? envelope({ ...fields, Padding: padding }) : { ...envelope(fields), Padding: padding };
    return {
      method: 'POST',
      headers: agentHeaders(random),
      body: JSON.stringify(body),
      expected: inside ? refused('token_invalid', 'invalid_request') : refused('invalid_request'),
      twilio: inside ? 'token-check' : 'none',
      tokens: tokensIn(fields),
    };
  },
  // The runtime does not tell a Function the method: a PUT with a well-formed envelope is read as a POST
  // (hence a forged token); a GET can only carry the fields in its query string, which is not read.
  'wrong method': (_path, ctx, random) => {
    const method = pick(['GET', 'PUT', 'DELETE', 'PATCH'], random);
    if (method === 'GET') {
      const fields = genuineFields(ctx);
      return { method, headers: { Origin: FLEX_ORIGIN }, query: `?${form(fields)}`, expected: refused('invalid_request'), twilio: 'none', tokens: tokensIn(fields) };
    }
    return { ...inEnvelope({ Token: forgedToken(random), ...sids(ctx) }, random, refused('token_invalid'), 'token-check'), method };
  },
  'wrong content type': (_path, ctx, random) => {
    const fields = genuineFields(ctx);
    const contentType = pick<Record<string, string>>([{ 'Content-Type': 'text/plain' }, { 'Content-Type': 'application/xml' }, {}, { 'Content-Type': 'multipart/form-data; boundary=x' }], random);
    return { method: 'POST', headers: { ...contentType, Origin: FLEX_ORIGIN }, body: JSON.stringify(envelope(fields)), expected: refused('invalid_request'), twilio: 'none', tokens: tokensIn(fields) };
  },
  'malformed JSON': (_path, ctx, random) => {
    const token = ctx.freshToken();
    const body = pick(
      [
        `{"${RECORDING_REQUEST_FIELD}": `,
        `{"${RECORDING_REQUEST_FIELD}": {"version": 1, "Token": "${token}"`,
        `{"${RECORDING_REQUEST_FIELD}": {"version": 1, "Token": "${token}", "TaskSid": "${ctx.taskSid}",}}`,
        `{"${RECORDING_REQUEST_FIELD}": {"version": 1}}}`,
        '[1,2',
        'null',
        '"x"',
        '{',
      ],
      random,
    );
    return { method: 'POST', headers: agentHeaders(random), body, expected: refused('invalid_request'), twilio: 'none', tokens: [token] };
  },
  'foreign origin': (_path, ctx) => {
    const fields = genuineFields(ctx);
    return { method: 'POST', headers: { ...JSON_TYPE, Origin: FOREIGN_ORIGIN }, body: JSON.stringify(envelope(fields)), expected: refused('origin_not_allowed'), twilio: 'none', tokens: tokensIn(fields) };
  },

  // ---- the envelope's attack surface: everything else right, a valid token never used before ----
  'form body': (_path, ctx, random) => {
    const fields = genuineFields(ctx);
    // The fields as they are, or nested as `recordingRequest[version]=1&...` (a form can only carry "1").
    const nested = Object.fromEntries(Object.entries({ version: '1', ...fields }).map(([name, value]) => [`${RECORDING_REQUEST_FIELD}[${name}]`, value]));
    return { method: 'POST', headers: { ...FORM, Origin: FLEX_ORIGIN }, body: form(random() < 0.5 ? fields : nested), expected: refused('invalid_request'), twilio: 'none', tokens: tokensIn(fields) };
  },
  // The token (or every field) as query parameters, next to a body envelope holding the rest or all of
  // it, or with no body at all.
  'token in the query': (_path, ctx, random) => {
    const fields = genuineFields(ctx);
    const { Token: token, ...rest } = fields;
    const query = `?${form(random() < 0.5 ? { Token: token } : fields)}`;
    const body = pick([JSON.stringify(envelope(rest)), JSON.stringify(envelope(fields)), undefined], random);
    return { method: 'POST', headers: agentHeaders(random), query, body, expected: refused('invalid_request'), twilio: 'none', tokens: [token] };
  },
  // A query parameter named like the envelope (`?recordingRequest[version]=1&recordingRequest[Token]=...`,
  // or `?recordingRequest=1`), next to a body envelope without the token or with every field, or alone.
  'envelope in the query': (_path, ctx, random) => {
    const fields = genuineFields(ctx);
    const { Token: token, ...rest } = fields;
    const nested = Object.fromEntries(Object.entries({ version: '1', ...fields }).map(([name, value]) => [`${RECORDING_REQUEST_FIELD}[${name}]`, value]));
    const query = `?${form(random() < 0.75 ? nested : { [RECORDING_REQUEST_FIELD]: '1' })}`;
    const body = pick([JSON.stringify(envelope(rest)), JSON.stringify(envelope(fields)), undefined], random);
    return { method: 'POST', headers: agentHeaders(random), query, body, expected: refused('invalid_request'), twilio: 'none', tokens: [token] };
  },
  // Query parameters named `request[...]` that try to replace the runtime's headers (its event is
  // `{ request, ...query, ...body }`), from a page on a foreign origin.
  'request headers polluted in the query': (_path, ctx, random) => {
    const fields = genuineFields(ctx);
    const pollution = pick<Record<string, string>>(
      [
        { 'request[headers][origin]': FLEX_ORIGIN },
        { 'request[headers][content-type]': 'application/json' },
        { 'request[headers][origin]': FLEX_ORIGIN, 'request[headers][content-type]': 'application/json' },
        { 'request[headers][origin]': FLEX_ORIGIN, 'request[cookies]': '' },
      ],
      random,
    );
    // The content-type pollution tries to pass a form body off as JSON.
    const asForm = pollution['request[headers][content-type]'] !== undefined && random() < 0.5;
    return {
      method: 'POST',
      headers: { ...(asForm ? FORM : JSON_TYPE), Origin: FOREIGN_ORIGIN },
      query: `?${form(pollution)}`,
      body: asForm ? form({ version: '1', ...fields }) : JSON.stringify(envelope(fields)),
      expected: refused('invalid_request', 'origin_not_allowed'),
      twilio: 'none',
      tokens: tokensIn(fields),
    };
  },
  // A JSON body field `request` shaped exactly like the runtime's own ({ headers, cookies }), from a foreign origin.
  'request headers polluted in the JSON body': (_path, ctx, random) => {
    const fields = genuineFields(ctx);
    const headers = pick<Record<string, string>>([{ origin: FLEX_ORIGIN }, { origin: FLEX_ORIGIN, 'content-type': 'application/json' }, { 'content-type': 'application/json' }], random);
    const request = random() < 0.75 ? { headers, cookies: {} } : { headers };
    return {
      method: 'POST',
      headers: { ...JSON_TYPE, Origin: FOREIGN_ORIGIN },
      body: JSON.stringify({ ...envelope(fields), request }),
      expected: refused('invalid_request', 'origin_not_allowed'),
      twilio: 'none',
      tokens: tokensIn(fields),
    };
  },
  'two Origin headers': (_path, ctx, random) => {
    const fields = genuineFields(ctx);
    const origins = pick([[FLEX_ORIGIN, FOREIGN_ORIGIN], [FOREIGN_ORIGIN, FLEX_ORIGIN], [FLEX_ORIGIN, FLEX_ORIGIN]], random);
    return { method: 'POST', headers: { ...JSON_TYPE, Origin: origins }, body: JSON.stringify(envelope(fields)), expected: refused('origin_not_allowed'), twilio: 'none', tokens: tokensIn(fields) };
  },
  // What a browser sends from a sandboxed iframe, a file: page or after a cross-origin redirect.
  'Origin null': (_path, ctx) => {
    const fields = genuineFields(ctx);
    return { method: 'POST', headers: { ...JSON_TYPE, Origin: 'null' }, body: JSON.stringify(envelope(fields)), expected: refused('origin_not_allowed'), twilio: 'none', tokens: tokensIn(fields) };
  },
  'preflight from a foreign origin': (_path, ctx, random) => {
    const fields = genuineFields(ctx);
    return {
      method: pick(['OPTIONS', 'POST'], random),
      headers: { ...JSON_TYPE, Origin: pick([FOREIGN_ORIGIN, 'null'], random), 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      body: JSON.stringify(envelope(fields)),
      expected: refused('origin_not_allowed'),
      twilio: 'none',
      tokens: tokensIn(fields),
    };
  },
  'version not the number 1': (_path, ctx, random) => {
    const fields = genuineFields(ctx);
    const version = pick<{ version?: unknown }>([{ version: '1' }, {}, { version: 2 }, { version: 0 }, { version: null }, { version: true }, { version: [1] }, { version: '1.0' }], random);
    return {
      method: 'POST',
      headers: agentHeaders(random),
      body: JSON.stringify({ [RECORDING_REQUEST_FIELD]: { ...version, ...fields } }),
      expected: refused('invalid_request'),
      twilio: 'none',
      tokens: tokensIn(fields),
    };
  },
  'envelope not an object': (_path, ctx, random) => {
    const fields = genuineFields(ctx);
    const inner = { version: RECORDING_REQUEST_VERSION, ...fields };
    const value = pick<unknown>([[inner], [], JSON.stringify(inner), 'x', 1, 0, null, true], random);
    // As the envelope's value, or the whole body as an array of envelopes.
    const body = random() < 0.8 ? { [RECORDING_REQUEST_FIELD]: value } : [envelope(fields)];
    return { method: 'POST', headers: agentHeaders(random), body: JSON.stringify(body), expected: refused('invalid_request'), twilio: 'none', tokens: tokensIn(fields) };
  },
  // JSON.parse keeps `__proto__` as an own key; a merge that assigns it would set a prototype instead,
  // and fields (or the envelope itself) would then be read through it.
  'prototype keys': (_path, ctx, random) => {
    const token = ctx.freshToken();
    const fields = JSON.stringify({ Token: token, ...sids(ctx) });
    const inner = JSON.stringify({ version: RECORDING_REQUEST_VERSION, Token: token, ...sids(ctx) });
    const field = RECORDING_REQUEST_FIELD;
    const body = pick(
      [
        `{"${field}": {"__proto__": ${inner}}}`,
        `{"${field}": {"version": 1, "__proto__": ${fields}}}`,
        `{"${field}": {"version": 1, "constructor": {"prototype": ${fields}}}}`,
        `{"${field}": {"version": 1, "TaskSid": "${ctx.taskSid}", "CallSid": "${ctx.callSid}", "ConferenceSid": "${ctx.conferenceSid}", "__proto__": {"Token": "${token}"}}}`,
        `{"__proto__": {"${field}": ${inner}}}`,
        `{"constructor": {"prototype": {"${field}": ${inner}}}}`,
        `{"${field}": {"__proto__": null, "version": 1, "constructor": {"prototype": {"Token": "${token}"}}}}`,
      ],
      random,
    );
    return { method: 'POST', headers: agentHeaders(random), body, expected: refused('invalid_request', 'token_missing'), twilio: 'none', tokens: [token] };
  },
};

/** For /recording/status (Twilio's callbacks): everything without a valid signature. */
const STATUS_GENERATORS: Record<string, Generator> = {
  'callback without signature': (_path, ctx) => ({ method: 'POST', headers: FORM, body: form(ctx.genuineCallback.params), query: `?TaskSid=${ctx.taskSid}`, ...unsigned }),
  'callback with a forged signature': (_path, ctx, random) => ({
    method: 'POST',
    headers: { ...FORM, 'X-Twilio-Signature': randomBytes(20).toString('base64') + (random() < 0.1 ? '=' : '') },
    body: form(ctx.genuineCallback.params),
    query: `?TaskSid=${ctx.taskSid}`,
    ...unsigned,
  }),
  'replayed callback, another task': (_path, ctx, random) => ({
    method: 'POST',
    headers: { ...FORM, 'X-Twilio-Signature': ctx.genuineCallback.signature },
    body: form({ ...ctx.genuineCallback.params, ...(random() < 0.5 ? { TaskSid: 'WT' + randomBytes(16).toString('hex') } : {}) }),
    query: `?TaskSid=${random() < 0.5 ? 'WT' + randomBytes(16).toString('hex') : ctx.taskSid + '&x=1'}`,
    ...unsigned,
  }),
  'replayed callback, altered': (_path, ctx, random) => ({
    method: 'POST',
    headers: { ...FORM, 'X-Twilio-Signature': ctx.genuineCallback.signature },
    body: form({ ...ctx.genuineCallback.params, [pick(['RecordingStatus', 'RecordingDuration', 'RecordingSid', 'CallSid'], random)]: pick(['absent', '9999', ...INJECTED_SIDS], random) }),
    query: `?TaskSid=${ctx.taskSid}`,
    ...unsigned,
  }),
  'callback SID injection': (_path, ctx, random) => ({
    method: 'POST',
    headers: { ...FORM, 'X-Twilio-Signature': ctx.genuineCallback.signature },
    body: form(ctx.genuineCallback.params),
    query: `?TaskSid=${encodeURIComponent(pick(INJECTED_SIDS, random))}`,
    ...unsigned,
  }),
  'callback as GET': (_path, ctx) => ({
    method: 'GET',
    headers: { 'X-Twilio-Signature': ctx.genuineCallback.signature },
    query: `?${form({ TaskSid: ctx.taskSid, ...ctx.genuineCallback.params })}`,
    ...unsigned,
  }),
  'callback as JSON': (_path, ctx) => ({
    method: 'POST',
    headers: { ...JSON_TYPE, 'X-Twilio-Signature': ctx.genuineCallback.signature },
    body: JSON.stringify({ ...ctx.genuineCallback.params, RecordingDuration: { $gt: 0 } }),
    query: `?TaskSid=${ctx.taskSid}`,
    ...unsigned,
  }),
  'callback, huge body': (_path, ctx, random) => ({
    method: 'POST',
    headers: { ...FORM, 'X-Twilio-Signature': ctx.genuineCallback.signature },
    body: form({ ...ctx.genuineCallback.params, Padding: 'x'.repeat(random() < 0.5 ? 90_000 : 2_000_000) }),
    query: `?TaskSid=${ctx.taskSid}`,
    ...unsigned,
  }),
  // The runtime does not tell a Function the method, and Twilio's signature does not cover it: a genuine
  // callback PUT instead of POSTed is a replay (harmless, tested with the status Function). Hostile means unsigned here.
  'callback, wrong method': (_path, ctx, random) => ({
    method: pick(['PUT', 'DELETE', 'PATCH'], random),
    headers: { ...FORM, 'X-Twilio-Signature': randomBytes(20).toString('base64') },
    body: form(ctx.genuineCallback.params),
    query: `?TaskSid=${ctx.taskSid}`,
    ...unsigned,
  }),
};

/** A status callback without a valid signature: refused (a GET's query as not a callback), asking nothing of Twilio. */
const unsigned = { expected: refused('signature_invalid', 'invalid_request'), twilio: 'none' as const, tokens: [] };

/** The kinds of hostile request for one Function. */
export function hostileKinds(path: string): string[] {
  return Object.keys(TWILIO_CALLED_FUNCTIONS.has(path) ? STATUS_GENERATORS : BROWSER_GENERATORS);
}

/** The n-th request of a run: every Function and every kind in turn, variants drawn from `random`. */
export function hostileRequest(n: number, functions: string[], ctx: FuzzContext, random: () => number): HostileRequest {
  const plan = functions.flatMap((path) =>
    Object.entries(TWILIO_CALLED_FUNCTIONS.has(path) ? STATUS_GENERATORS : BROWSER_GENERATORS).map(([kind, generate]) => ({ path, kind, generate })),
  );
  const { path, kind, generate } = plan[n % plan.length];
  return { kind, path, ...generate(path, ctx, random) };
}
