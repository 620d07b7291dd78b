import {
  AGENT_ACTIONS,
  AGENT_PATHS,
  FLEX,
  FOREIGN,
  LOCAL_FLEX,
  agentCall,
  answerSummary,
  expectRefused,
  liveRecordings,
  loggedDuring,
  postEnvelope,
  postRaw,
  secretsOf,
  send,
  useServers,
  expectTwilioUse,
  type AgentAction,
  type AgentCall,
  agentCallFor,
} from './support';

/**
 * Origins and methods. Only the configured origins (ALLOWED_ORIGINS: Flex and a local Flex here) get a
 * CORS grant; a request from any other origin, from an opaque origin (`null`), or carrying Origin twice
 * is refused with 403 origin_not_allowed before any work.
 */
const servers = useServers({ warm: true });

const callFor = (action: AgentAction): Promise<AgentCall> => agentCallFor(servers, action);

function preflight(action: AgentAction, origin: string | string[] | null) {
  const headers: Record<string, string | string[]> = { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' };
  if (origin !== null) headers.Origin = origin;
  return send(servers.functions, AGENT_PATHS[action], { method: 'OPTIONS', headers });
}

/** Browsers and proxies see a header once; an answer naming an origin twice (or a list) grants nothing sensible. */
function allowOrigin(headers: Record<string, unknown>): unknown {
  return headers['access-control-allow-origin'];
}

const LOOKALIKES = [
  FOREIGN,
  'https://flex.twilio.com.evil.example',
  'https://evil-flex.twilio.com',
  'http://flex.twilio.com',
  'https://FLEX.twilio.com',
  'https://flex.twilio.com/',
  'https://flex.twilio.com:443',
  'https://flex.twilio.com:8443',
  'null',
  `${FLEX}, ${FOREIGN}`,
  `${FOREIGN} ${FLEX}`,
  '*',
];

describe('preflight (OPTIONS with Access-Control-Request-Method: POST)', () => {
  for (const action of AGENT_ACTIONS) {
    it.each([FLEX, LOCAL_FLEX])(`${action}: an allowed origin (%s) gets a 2xx grant echoing it, for a JSON POST`, async (origin) => {
      const { result, requests } = await loggedDuring(servers.emulator, () => preflight(action, origin));
      expect(result.status).toBeGreaterThanOrEqual(200);
      expect(result.status).toBeLessThan(300);
      expect(allowOrigin(result.headers)).toBe(origin);
      expect(String(result.headers['access-control-allow-methods'] ?? '')).toMatch(/\bPOST\b/);
      expect(String(result.headers['access-control-allow-headers'] ?? '').toLowerCase()).toMatch(/\bcontent-type\b/);
      expectTwilioUse(requests, 'none');
    });

    it.each(LOOKALIKES)(`${action}: a foreign origin (%s) gets no grant for itself, and never "*"`, async (origin) => {
      const { result, requests } = await loggedDuring(servers.emulator, () => preflight(action, origin));
      const granted = allowOrigin(result.headers);
      expect({ origin, granted }).not.toEqual({ origin, granted: origin });
      expect({ origin, granted }).not.toEqual({ origin, granted: '*' });
      expect(result.status).toBeLessThan(500);
      expectTwilioUse(requests, 'none');
    });
  }

  it('two Origin headers on a preflight get no grant for either, and never "*"', async () => {
    const { result, requests } = await loggedDuring(servers.emulator, () => preflight('start', [FLEX, FOREIGN]));
    expect([FOREIGN, '*', `${FLEX}, ${FOREIGN}`]).not.toContain(allowOrigin(result.headers));
    expectTwilioUse(requests, 'none');
  });
});

describe('the actual request: CORS headers', () => {
  it.each([FLEX, LOCAL_FLEX])('an allowed origin (%s) is served and echoed, with Vary: Origin', async (origin) => {
    const call = agentCall(servers.emulator);
    const answer = await postEnvelope(servers.functions, 'start', call.fields, { origin });
    expect(answerSummary(answer)).toMatchObject({ status: 200 });
    expect(allowOrigin(answer.headers)).toBe(origin);
    expect(String(answer.headers.vary ?? '')).toMatch(/\bOrigin\b/i);
  });

  it('a refusal for an allowed origin still carries its CORS grant (so the plugin can read the error)', async () => {
    const call = agentCall(servers.emulator);
    const answer = await expectRefused(servers, () => postRaw(servers.functions, 'start', { recordingRequest: { ...call.fields, version: '1' } }), {
      code: 'invalid_request',
      twilio: 'none',
      secrets: secretsOf(servers.emulator, call.token),
    });
    expect(allowOrigin(answer.headers)).toBe(FLEX);
  });
});

describe('origins refused before any work: 403 origin_not_allowed, no Twilio request, no grant', () => {
  for (const action of AGENT_ACTIONS) {
    it.each(LOOKALIKES)(`${action}: Origin %s`, async (origin) => {
      const call = await callFor(action);
      const answer = await expectRefused(servers, () => postEnvelope(servers.functions, action, call.fields, { origin }), {
        code: 'origin_not_allowed',
        twilio: 'none',
        secrets: secretsOf(servers.emulator, call.token),
      });
      expect([origin, '*']).not.toContain(allowOrigin(answer.headers));
      expect(liveRecordings(servers.emulator, call.customerCallSid).map((r) => r.status)).toEqual(action === 'start' ? [] : ['in-progress']);
    });

    it.each<[string, string[]]>([
      ['Flex then foreign', [FLEX, FOREIGN]],
      ['foreign then Flex', [FOREIGN, FLEX]],
      ['Flex twice', [FLEX, FLEX]],
      ['Flex then null', [FLEX, 'null']],
    ])(`${action}: two Origin headers (%s)`, async (_name, origins) => {
      const call = await callFor(action);
      const answer = await expectRefused(servers, () => postEnvelope(servers.functions, action, call.fields, { origin: origins }), {
        code: 'origin_not_allowed',
        twilio: 'none',
        secrets: secretsOf(servers.emulator, call.token),
      });
      expect([FOREIGN, 'null', '*']).not.toContain(allowOrigin(answer.headers));
      expect(liveRecordings(servers.emulator, call.customerCallSid).map((r) => r.status)).toEqual(action === 'start' ? [] : ['in-progress']);
    });
  }

  it('a foreign origin is refused even with a body the Functions would refuse anyway (origin first: no detail leaks)', async () => {
    const answer = await expectRefused(servers, () => postRaw(servers.functions, 'start', 'not json', { origin: FOREIGN, contentType: 'text/plain' }), {
      code: 'origin_not_allowed',
      twilio: 'none',
    });
    expect(allowOrigin(answer.headers)).toBeUndefined();
  });
});

describe('methods other than POST', () => {
  it.each(AGENT_ACTIONS)('%s: a GET carrying the fields in the query: 400, no Twilio request, the token not echoed', async (action) => {
    const call = await callFor(action);
    const query = new URLSearchParams({ ...call.fields }).toString();
    await expectRefused(servers, () => send(servers.functions, `${AGENT_PATHS[action]}?${query}`, { method: 'GET', headers: { Origin: FLEX } }), {
      code: 'invalid_request',
      twilio: 'none',
      secrets: secretsOf(servers.emulator, call.token),
    });
  });

  it.each(AGENT_ACTIONS)('%s: a GET carrying the envelope in the query: 400, no Twilio request', async (action) => {
    const call = await callFor(action);
    const query = Object.entries({ version: '1', ...call.fields })
      .map(([name, value]) => `recordingRequest[${name}]=${encodeURIComponent(value)}`)
      .join('&');
    await expectRefused(servers, () => send(servers.functions, `${AGENT_PATHS[action]}?${query}`, { method: 'GET', headers: { Origin: FLEX } }), {
      code: 'invalid_request',
      twilio: 'none',
      secrets: secretsOf(servers.emulator, call.token),
    });
  });

  it.each(['GET', 'DELETE', 'PUT', 'PATCH'])('start: a bare %s (no body): 400, no Twilio request', async (method) => {
    await expectRefused(servers, () => send(servers.functions, AGENT_PATHS.start, { method, headers: { Origin: FLEX } }), { code: 'invalid_request', twilio: 'none' });
  });

  it.each(['PUT', 'PATCH', 'DELETE'])('start: a %s with a form body: 400, no Twilio request', async (method) => {
    const call = agentCall(servers.emulator);
    await expectRefused(
      servers,
      () =>
        send(servers.functions, AGENT_PATHS.start, {
          method,
          headers: { Origin: FLEX, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ ...call.fields }).toString(),
        }),
      { code: 'invalid_request', twilio: 'none', secrets: secretsOf(servers.emulator, call.token) },
    );
  });
});
