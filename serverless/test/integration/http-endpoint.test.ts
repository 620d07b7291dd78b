import { outboundCall, type TwilioEmulator } from '../support/emulated-functions';
import type { FunctionsServer } from '../../sandbox/functions-server';
import { serveFunctionsOverHttp } from '../support/functions-over-http';

/**
 * POST /recording/start over HTTP, served by twilio-run (the real local runtime) from the bundled
 * Functions in dist/, talking to the emulator through the real twilio library.
 */
let emulator: TwilioEmulator;
let functions: FunctionsServer;
const FLEX = 'https://flex.twilio.com';

serveFunctionsOverHttp({ env: { ALLOWED_ORIGINS: `${FLEX},http://localhost:3000` } }, (servers) => ({ emulator, functions } = servers));

/** POSTs the fields as the plugin does (the contract's JSON envelope); `form` sends them form-encoded instead; a string is sent as it is. */
async function post(body: Record<string, unknown> | string, options: { origin?: string | null; form?: boolean } = {}) {
  const headers: Record<string, string> = {};
  if (options.origin !== null) headers.Origin = options.origin ?? FLEX;
  let payload: string;
  if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    payload = typeof body === 'string' ? body : new URLSearchParams(body as Record<string, string>).toString();
  } else {
    headers['Content-Type'] = 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify({ recordingRequest: { version: 1, ...body } });
  }
  const response = await fetch(`${functions.url}/recording/start`, { method: 'POST', headers, body: payload });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // leave as text: the assertion will show it
  }
  return { status: response.status, headers: response.headers, body: parsed as Record<string, unknown>, text };
}

it('starts a dual-channel recording from the JSON envelope (what the plugin sends)', async () => {
  const call = outboundCall(emulator);
  const response = await post(call.request);
  const [recording] = emulator.recordingsForCall(call.customerCallSid);
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ recordingSid: recording.sid, status: 'in-progress' });
  expect(recording.channels).toBe(2);
  expect(response.headers.get('access-control-allow-origin')).toBe(FLEX);
  expect(response.headers.get('vary')).toMatch(/Origin/);
});

it('refuses the same fields form-encoded (a form body cannot prove its fields are not from the URL), asking Twilio nothing', async () => {
  const call = outboundCall(emulator);
  emulator.clearRequests();
  const response = await post(call.request, { form: true });
  expect(response.status).toBe(400);
  expect(response.body).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(/application\/json/) } });
  expect(emulator.requests()).toHaveLength(0);
});

it('answers a duplicate start with the same recording', async () => {
  const call = outboundCall(emulator);
  const first = await post(call.request);
  const second = await post(call.request);
  expect(second.body).toEqual(first.body);
  expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
});

it('answers 401 with a JSON error and makes no Twilio request without a token', async () => {
  const call = outboundCall(emulator);
  emulator.clearRequests();
  const response = await post({ TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid });
  expect(response.status).toBe(401);
  expect(response.body).toEqual({ error: { code: 'token_missing', message: expect.any(String) } });
  expect(emulator.requests()).toHaveLength(0);
});

it('answers 401 for an expired token, and acts on nothing', async () => {
  const call = outboundCall(emulator);
  emulator.expireFlexToken(call.token);
  emulator.clearRequests();
  const response = await post(call.request);
  expect(response.status).toBe(401);
  expect(response.body).toMatchObject({ error: { code: 'token_invalid' } });
  expect(emulator.requests().filter((r) => r.hostKind !== 'iam')).toHaveLength(0);
});

it('answers 400 with the field at fault for malformed SIDs', async () => {
  const call = outboundCall(emulator);
  const response = await post({ ...call.request, CallSid: 'CA../../Accounts/AC1' });
  expect(response.status).toBe(400);
  expect(response.body).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(/^CallSid must be "CA" followed by 32/) } });
});

it("answers 403 for another agent's task", async () => {
  const mine = outboundCall(emulator, { identity: 'alice' });
  const theirs = outboundCall(emulator, { identity: 'bob' });
  const response = await post({ ...theirs.request, Token: mine.token });
  expect(response.status).toBe(403);
  expect(response.body).toMatchObject({ error: { code: 'task_not_held' } });
});

it('answers 403 when the customer already hung up (the leg left the conference)', async () => {
  const call = outboundCall(emulator);
  emulator.hangUp(call.customerCallSid);
  const response = await post(call.request);
  expect(response.status).toBe(403);
  expect(response.body).toMatchObject({ error: { code: 'call_not_customer_leg' } });
});

it("answers 409 customer_not_answered (not call_not_in_progress) while the customer's listed leg rings, then records once answered", async () => {
  const call = outboundCall(emulator, { answered: false, customerListedWhileRinging: true });
  const early = await post(call.request);
  expect(early.status).toBe(409);
  expect(early.body).toEqual({ error: { code: 'customer_not_answered', message: expect.stringMatching(/not answered/) } });
  expect(early.headers.get('access-control-allow-origin')).toBe(FLEX);
  expect(emulator.requests({ routeId: 'UpdateTask' })).toHaveLength(0);
  emulator.answerCall(call.customerCallSid);
  const later = await post(call.request);
  expect(later.status).toBe(200);
  expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
});

it('answers 429 rate_limited when Twilio keeps throttling', async () => {
  const call = outboundCall(emulator);
  emulator.injectFault({ method: 'POST', pathPattern: /\/Recordings\.json$/, status: 429, code: 20429, message: 'Too Many Requests', times: 3 });
  const response = await post(call.request);
  expect(response.status).toBe(429);
  expect(response.body).toMatchObject({ error: { code: 'rate_limited' } });
});

it('refuses a page from another origin before doing anything, and grants it no CORS', async () => {
  const call = outboundCall(emulator);
  emulator.clearRequests();
  const response = await post(call.request, { origin: 'https://evil.example' });
  expect(response.status).toBe(403);
  expect(response.body).toMatchObject({ error: { code: 'origin_not_allowed' } });
  expect(response.headers.get('access-control-allow-origin')).toBeNull();
  expect(emulator.requests()).toHaveLength(0);
});

it('serves configured extra origins (local Flex development)', async () => {
  const call = outboundCall(emulator);
  const response = await post(call.request, { origin: 'http://localhost:3000' });
  expect(response.status).toBe(200);
  expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
});

it('serves callers without an Origin (server side) once authenticated', async () => {
  const call = outboundCall(emulator);
  const response = await post(call.request, { origin: null });
  expect(response.status).toBe(200);
});

it('never echoes the token, credentials or internals in any answer', async () => {
  const call = outboundCall(emulator);
  const answers = [
    await post(call.request),
    await post({ ...call.request, TaskSid: 'bad' }),
    await post({ ...call.request, Token: call.token.replace(/.$/, 'x') }),
  ];
  for (const answer of answers) {
    for (const secret of [call.token, emulator.apiKeySecret, emulator.authToken, '_version', 'stack', 'TwilioFailure', 'at ']) {
      expect(answer.text).not.toContain(secret);
    }
  }
});

it('refuses a GET (token in the query string) with 400 and no Twilio request', async () => {
  const call = outboundCall(emulator);
  emulator.clearRequests();
  const response = await fetch(`${functions.url}/recording/start?${new URLSearchParams(call.request)}`, { headers: { Origin: FLEX } });
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(/application\/json/) } });
  expect(emulator.requests()).toHaveLength(0);
});

it('keeps serving after malformed JSON (which the runtime itself refuses with a 400 before the Function runs)', async () => {
  const broken = await post('{"Token": ');
  expect(broken.status).toBe(400);
  const call = outboundCall(emulator);
  expect((await post(call.request)).status).toBe(200);
});

it('treats non-string field values as invalid input, not as a crash', async () => {
  const call = outboundCall(emulator);
  const response = await post({ ...call.request, TaskSid: { $gt: '' }, CallSid: [call.customerCallSid] });
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/TaskSid.*CallSid/) } });
});

describe('the runtime request the Functions read (local runtime: toolchain/serve-functions.ts)', () => {
  it('a query field named request cannot replace the runtime\'s Origin: a foreign page is still refused', async () => {
    const call = outboundCall(emulator);
    emulator.clearRequests();
    const polluted = `${functions.url}/recording/start?request[headers][origin]=${encodeURIComponent(FLEX)}&request[headers][content-type]=application%2Fjson`;
    const response = await fetch(polluted, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json' },
      body: JSON.stringify({ recordingRequest: { version: 1, ...call.request } }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: 'origin_not_allowed', message: expect.any(String) } });
    expect(emulator.requests()).toHaveLength(0);
  });

  it('a body field named request cannot replace it either', async () => {
    const call = outboundCall(emulator);
    emulator.clearRequests();
    const response = await fetch(`${functions.url}/recording/start`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/json' },
      body: JSON.stringify({ request: { headers: { origin: FLEX, host: 'x' }, cookies: {} }, recordingRequest: { version: 1, ...call.request } }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'origin_not_allowed' } });
    expect(emulator.requests()).toHaveLength(0);
  });

  it('answers preflights itself: Flex\'s origin is let through, a foreign one gets no CORS grant (twilio-run alone answers *)', async () => {
    const ask = (origin: string) =>
      fetch(`${functions.url}/recording/start`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
    const allowed = await ask(FLEX);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(FLEX);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
    const foreign = await ask('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a token in the URL even when the body has the envelope, asking Twilio nothing', async () => {
    const call = outboundCall(emulator);
    emulator.clearRequests();
    const response = await fetch(`${functions.url}/recording/start?Token=${encodeURIComponent(call.token)}`, {
      method: 'POST',
      headers: { Origin: FLEX, 'Content-Type': 'application/json' },
      body: JSON.stringify({ recordingRequest: { version: 1, TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid } }),
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'invalid_request' } });
    expect(text).not.toContain(call.token);
    expect(emulator.requests()).toHaveLength(0);
  });
});
