import { randomBytes } from 'node:crypto';

/**
 * Malformed and hostile requests, one kind at a time, for every Function. None carries anything that
 * would let a Function act: no valid token together with a well-formed request, no valid signature.
 * (Requests by an authenticated agent for someone else's call are refused too, but only after looking
 * the call up: the integration tests cover those.)
 */
export interface HostileRequest {
  kind: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Appended to the path. */
  query?: string;
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
  /** A genuine, delivered status callback: its parameters and signature, for replays. */
  genuineCallback: { params: Record<string, string>; signature: string };
}

export const BROWSER_FUNCTIONS = ['/recording/start', '/recording/pause', '/recording/resume'];
export const STATUS_FUNCTION = '/recording/status';

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

const WRONG_TYPES: unknown[] = [123, -1, 1e308, true, null, [], ['CA' + '0'.repeat(32)], { $gt: '' }, { sid: 'x' }, [[[]]]];

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

type Generator = (path: string, ctx: FuzzContext, random: () => number) => HostileRequest;

/** For /recording/start, /pause, /resume (called from Flex in the agent's browser). */
const BROWSER_GENERATORS: Record<string, Generator> = {
  'no token': (path, ctx) => ({ kind: 'no token', path, method: 'POST', headers: FORM, body: form(sids(ctx)) }),
  'forged token': (path, ctx, random) => ({ kind: 'forged token', path, method: 'POST', headers: FORM, body: form({ Token: forgedToken(random), ...sids(ctx) }) }),
  'expired token': (path, ctx) => ({ kind: 'expired token', path, method: 'POST', headers: FORM, body: form({ Token: ctx.expiredToken, ...sids(ctx) }) }),
  'garbage token': (path, ctx, random) => ({
    kind: 'garbage token',
    path,
    method: 'POST',
    headers: FORM,
    body: form({ Token: pick(['abc', 'a.b.c', '.....', 'Bearer x', '<script>', 'x'.repeat(9000), '\u0000'], random), ...sids(ctx) }),
  }),
  'token of a wrong type': (path, ctx, random) => ({
    kind: 'token of a wrong type',
    path,
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ Token: pick(WRONG_TYPES, random), ...sids(ctx) }),
  }),
  'SID injection': (path, ctx, random) => {
    const field = pick(['TaskSid', 'CallSid', 'ConferenceSid'], random);
    return { kind: 'SID injection', path, method: 'POST', headers: FORM, body: form({ Token: ctx.validToken, ...sids(ctx), [field]: pick(INJECTED_SIDS, random) }) };
  },
  'SIDs of wrong types': (path, ctx, random) => ({
    kind: 'SIDs of wrong types',
    path,
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ Token: ctx.validToken, TaskSid: pick(WRONG_TYPES, random), CallSid: pick(WRONG_TYPES, random), ConferenceSid: ctx.conferenceSid }),
  }),
  'huge body': (path, ctx, random) => ({
    kind: 'huge body',
    path,
    method: 'POST',
    headers: FORM,
    body: form({ Token: forgedToken(random), ...sids(ctx), Padding: 'x'.repeat(random() < 0.5 ? 90_000 : 2_000_000) }),
  }),
  'wrong method': (path, ctx, random) => {
    const method = pick(['GET', 'PUT', 'DELETE', 'PATCH'], random);
    return method === 'GET'
      ? { kind: 'wrong method', path, method, headers: {}, query: `?${form({ Token: ctx.validToken, ...sids(ctx) })}` }
      : { kind: 'wrong method', path, method, headers: FORM, body: form({ Token: forgedToken(random), ...sids(ctx) }) };
  },
  'wrong content type': (path, ctx, random) => ({
    kind: 'wrong content type',
    path,
    method: 'POST',
    headers: pick<Record<string, string>>([{ 'Content-Type': 'text/plain' }, { 'Content-Type': 'application/xml' }, {}, { 'Content-Type': 'multipart/form-data; boundary=x' }], random),
    body: form({ Token: ctx.validToken, ...sids(ctx) }),
  }),
  'malformed JSON': (path, _ctx, random) => ({ kind: 'malformed JSON', path, method: 'POST', headers: JSON_TYPE, body: pick(['{"Token": ', '[1,2', '{"a":1}}', 'null', '"x"', '{'], random) }),
  'foreign origin': (path, ctx) => ({
    kind: 'foreign origin',
    path,
    method: 'POST',
    headers: { ...FORM, Origin: 'https://evil.example' },
    body: form({ Token: ctx.validToken, ...sids(ctx) }),
  }),
};

/** For /recording/status (Twilio's callbacks): everything without a valid signature. */
const STATUS_GENERATORS: Record<string, Generator> = {
  'callback without signature': (path, ctx) => ({ kind: 'callback without signature', path, method: 'POST', headers: FORM, body: form(ctx.genuineCallback.params), query: `?TaskSid=${ctx.taskSid}` }),
  'callback with a forged signature': (path, ctx, random) => ({
    kind: 'callback with a forged signature',
    path,
    method: 'POST',
    headers: { ...FORM, 'X-Twilio-Signature': randomBytes(20).toString('base64') + (random() < 0.1 ? '=' : '') },
    body: form(ctx.genuineCallback.params),
    query: `?TaskSid=${ctx.taskSid}`,
  }),
  'replayed callback, another task': (path, ctx, random) => ({
    kind: 'replayed callback, another task',
    path,
    method: 'POST',
    headers: { ...FORM, 'X-Twilio-Signature': ctx.genuineCallback.signature },
    body: form({ ...ctx.genuineCallback.params, ...(random() < 0.5 ? { TaskSid: 'WT' + randomBytes(16).toString('hex') } : {}) }),
    query: `?TaskSid=${random() < 0.5 ? 'WT' + randomBytes(16).toString('hex') : ctx.taskSid + '&x=1'}`,
  }),
  'replayed callback, altered': (path, ctx, random) => ({
    kind: 'replayed callback, altered',
    path,
    method: 'POST',
    headers: { ...FORM, 'X-Twilio-Signature': ctx.genuineCallback.signature },
    body: form({ ...ctx.genuineCallback.params, [pick(['RecordingStatus', 'RecordingDuration', 'RecordingSid', 'CallSid'], random)]: pick(['absent', '9999', ...INJECTED_SIDS], random) }),
    query: `?TaskSid=${ctx.taskSid}`,
  }),
  'callback SID injection': (path, ctx, random) => ({
    kind: 'callback SID injection',
    path,
    method: 'POST',
    headers: { ...FORM, 'X-Twilio-Signature': ctx.genuineCallback.signature },
    body: form(ctx.genuineCallback.params),
    query: `?TaskSid=${encodeURIComponent(pick(INJECTED_SIDS, random))}`,
  }),
  'callback as GET': (path, ctx) => ({
    kind: 'callback as GET',
    path,
    method: 'GET',
    headers: { 'X-Twilio-Signature': ctx.genuineCallback.signature },
    query: `?${form({ TaskSid: ctx.taskSid, ...ctx.genuineCallback.params })}`,
  }),
  'callback as JSON': (path, ctx) => ({
    kind: 'callback as JSON',
    path,
    method: 'POST',
    headers: { ...JSON_TYPE, 'X-Twilio-Signature': ctx.genuineCallback.signature },
    body: JSON.stringify({ ...ctx.genuineCallback.params, RecordingDuration: { $gt: 0 } }),
    query: `?TaskSid=${ctx.taskSid}`,
  }),
  'callback, huge body': (path, ctx, random) => ({
    kind: 'callback, huge body',
    path,
    method: 'POST',
    headers: { ...FORM, 'X-Twilio-Signature': ctx.genuineCallback.signature },
    body: form({ ...ctx.genuineCallback.params, Padding: 'x'.repeat(random() < 0.5 ? 90_000 : 2_000_000) }),
    query: `?TaskSid=${ctx.taskSid}`,
  }),
  // The runtime does not tell a Function the method, and Twilio's signature does not cover it: a genuine
  // callback PUT instead of POSTed is a replay (harmless, tested with the status Function). Hostile means unsigned here.
  'callback, wrong method': (path, ctx, random) => ({
    kind: 'callback, wrong method',
    path,
    method: pick(['PUT', 'DELETE', 'PATCH'], random),
    headers: { ...FORM, 'X-Twilio-Signature': randomBytes(20).toString('base64') },
    body: form(ctx.genuineCallback.params),
    query: `?TaskSid=${ctx.taskSid}`,
  }),
};

function sids(ctx: FuzzContext): Record<string, string> {
  return { TaskSid: ctx.taskSid, CallSid: ctx.callSid, ConferenceSid: ctx.conferenceSid };
}

/** The n-th request of a run: every Function and every kind in turn, variants drawn from `random`. */
export function hostileRequest(n: number, functions: string[], ctx: FuzzContext, random: () => number): HostileRequest {
  const plan = functions.flatMap((path) =>
    Object.entries(path === STATUS_FUNCTION ? STATUS_GENERATORS : BROWSER_GENERATORS).map(([, generate]) => ({ path, generate })),
  );
  const { path, generate } = plan[n % plan.length];
  return generate(path, ctx, random);
}
