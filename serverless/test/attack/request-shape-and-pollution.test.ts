import { RECORDING_REQUEST_FIELD, RECORDING_REQUEST_VERSION } from 'plugin-outbound-recording/contract';
import {
  AGENT_ACTIONS,
  FLEX,
  FOREIGN,
  agentCall,
  answerSummary,
  envelopeOf,
  expectRefusal,
  expectRefused,
  expectTwilioUse,
  liveRecordings,
  loggedDuring,
  postEnvelope,
  postRaw,
  secretsOf,
  useServers,
  type AgentAction,
  type AgentCall,
  agentCallFor,
} from './support';

/**
 * The agent endpoints read ONE thing: a JSON body `{ "recordingRequest": { "version": 1, ... } }`.
 * Everything else (form bodies, query parameters, other top-level fields, a caller's `request`, wrong
 * types, prototype keys) is refused before any Twilio request, and nothing ever replaces the runtime's
 * headers. Each hostile request below carries the fields of a call the caller really may record, so a
 * request that got through would visibly start, pause or resume a recording.
 *
 * Served by one warm twilio-run instance (its event building is the runtime-handler's in both modes).
 */
const servers = useServers({ warm: true });

const callFor = (action: AgentAction): Promise<AgentCall> => agentCallFor(servers, action);

function secrets(call: AgentCall): string[] {
  return secretsOf(servers.emulator, call.token);
}

function expectNoRecordingChange(call: AgentCall, action: AgentAction): void {
  const live = liveRecordings(servers.emulator, call.customerCallSid).map((r) => r.status);
  expect({ liveRecordings: live }).toEqual({ liveRecordings: action === 'start' ? [] : ['in-progress'] });
}

describe('the envelope itself is accepted (the positive control)', () => {
  it.each(AGENT_ACTIONS)('%s: { recordingRequest: { version: 1, ... } } as application/json answers 200', async (action) => {
    const call = await callFor(action);
    const answer = await postEnvelope(servers.functions, action, call.fields);
    expect(answerSummary(answer)).toEqual({
      status: 200,
      contentType: expect.stringMatching(/^application\/json/),
      body: { recordingSid: expect.stringMatching(/^RE/), status: action === 'pause' ? 'paused' : 'in-progress' },
    });
  });

  it('accepts application/json with a charset parameter', async () => {
    const call = agentCall(servers.emulator);
    const answer = await postEnvelope(servers.functions, 'start', call.fields, { contentType: 'application/json; charset=utf-8' });
    expect(answerSummary(answer)).toMatchObject({ status: 200 });
  });
});

describe('bodies that are not the JSON envelope: 400 invalid_request, no Twilio request', () => {
  const bodies: Array<[string, (call: AgentCall) => { body: unknown; contentType: string | null }]> = [
    ['a form body with the fields (the old format)', (call) => ({ body: new URLSearchParams({ ...call.fields }).toString(), contentType: 'application/x-www-form-urlencoded' })],
    [
      'a form body shaped like the envelope (recordingRequest[version]=1&...)',
      (call) => ({
        body: new URLSearchParams({
          'recordingRequest[version]': '1',
          'recordingRequest[Token]': call.token,
          'recordingRequest[TaskSid]': call.taskSid,
          'recordingRequest[CallSid]': call.customerCallSid,
          'recordingRequest[ConferenceSid]': call.conferenceSid,
        }).toString(),
        contentType: 'application/x-www-form-urlencoded',
      }),
    ],
    ['the envelope as text/plain', (call) => ({ body: JSON.stringify(envelopeOf({ ...call.fields })), contentType: 'text/plain' })],
    ['the envelope without a Content-Type', (call) => ({ body: JSON.stringify(envelopeOf({ ...call.fields })), contentType: null })],
    ['the bare fields as JSON (no envelope)', (call) => ({ body: { ...call.fields }, contentType: 'application/json' })],
    ['a JSON array holding the envelope', (call) => ({ body: [envelopeOf({ ...call.fields })], contentType: 'application/json' })],
    ['an empty JSON object', () => ({ body: {}, contentType: 'application/json' })],
  ];

  for (const action of AGENT_ACTIONS) {
    it.each(bodies)(`${action}: %s`, async (_name, build) => {
      const call = await callFor(action);
      const { body, contentType } = build(call);
      await expectRefused(servers, () => postRaw(servers.functions, action, body, { contentType }), { code: 'invalid_request', twilio: 'none', secrets: secrets(call) });
      expectNoRecordingChange(call, action);
    });
  }
});

describe('any query parameter at all: 400 invalid_request, no Twilio request (the URL is never read)', () => {
  const queries: Array<[string, (call: AgentCall) => string]> = [
    ['?Token=<a valid token> (a token in a URL ends up in logs)', (call) => `?Token=${encodeURIComponent(call.token)}`],
    ['?TaskSid=<another task>', () => `?TaskSid=WT${'a'.repeat(32)}`],
    ['?CallSid=<the same call>', (call) => `?CallSid=${call.customerCallSid}`],
    ['?version=1', () => '?version=1'],
    ['?harmless=1', () => '?harmless=1'],
    // In the runtime's event a body field hides a query parameter of the same name; the local runtime
    // guard (sandbox/runtime-request-guard.ts) keeps it visible. Twilio's deployed runtime cannot.
    ['?recordingRequest[version]=1 (named like the body field)', () => '?recordingRequest[version]=1'],
  ];

  for (const action of AGENT_ACTIONS) {
    it.each(queries)(`${action}: %s next to a valid envelope`, async (_name, query) => {
      const call = await callFor(action);
      await expectRefused(servers, () => postEnvelope(servers.functions, action, call.fields, { query: query(call) }), {
        code: 'invalid_request',
        twilio: 'none',
        secrets: secrets(call),
      });
      expectNoRecordingChange(call, action);
    });
  }

  it.each(['?recordingRequest[version]=1', '?__proto__[version]=1', '?recordingRequest[__proto__][version]=1'])(
    'start: %s cannot supply the version an envelope lacks (400, nothing asked of Twilio)',
    async (query) => {
      const call = agentCall(servers.emulator);
      await expectRefused(servers, () => postRaw(servers.functions, 'start', { recordingRequest: { ...call.fields } }, { query }), {
        code: 'invalid_request',
        twilio: 'none',
        secrets: secrets(call),
      });
      expectNoRecordingChange(call, 'start');
    },
  );

  it('the fields in the query and an envelope without them: 400, the token is not used (no token check either)', async () => {
    const call = agentCall(servers.emulator);
    const query = `?${new URLSearchParams({ ...call.fields })}`;
    await expectRefused(servers, () => postRaw(servers.functions, 'start', { recordingRequest: { version: 1 } }, { query }), {
      code: 'invalid_request',
      twilio: 'none',
      secrets: secrets(call),
    });
    expectNoRecordingChange(call, 'start');
  });
});

describe("a caller's `request` never replaces the runtime's headers", () => {
  // Stripped by the runtime wrapper (then the real Origin is refused: 403) or refused by the Function
  // (400): either way nothing is done. See the report on why both answers are correct here.
  const refusedEitherWay = ['invalid_request', 'origin_not_allowed'] as const;

  const pollutions = [`?request[headers][origin]=${encodeURIComponent(FLEX)}`, `?request[headers][origin]=${encodeURIComponent(FLEX)}&request[cookies][x]=1`];
  it.each(AGENT_ACTIONS.flatMap((action) => pollutions.map((query) => [action, query] as const)))('%s: a page on another origin puts Flex\'s origin in the query (%s)', async (action, query) => {
    const call = await callFor(action);
    await expectRefused(servers, () => postEnvelope(servers.functions, action, call.fields, { origin: FOREIGN, query }), {
      code: [...refusedEitherWay],
      twilio: 'none',
      secrets: secrets(call),
    });
    expectNoRecordingChange(call, action);
  });

  it.each(AGENT_ACTIONS)("%s: from Flex, ?request[headers][origin]=<a foreign origin> is not applied (refused 400, or stripped and served: never 403)", async (action) => {
    const call = await callFor(action);
    const { result, requests } = await loggedDuring(servers.emulator, () =>
      postEnvelope(servers.functions, action, call.fields, { query: `?request[headers][origin]=${encodeURIComponent(FOREIGN)}` }),
    );
    if (result.status === 200) {
      // Stripped before the Function ran: it is the legitimate request it otherwise is.
      expect(answerSummary(result)).toMatchObject({ status: 200, body: { status: action === 'pause' ? 'paused' : 'in-progress' } });
    } else {
      expectRefusal(result, 'invalid_request', secrets(call));
      expectTwilioUse(requests, 'none');
      expectNoRecordingChange(call, action);
    }
  });

  it.each(AGENT_ACTIONS)("%s: a page on another origin sends a top-level JSON `request` that looks exactly like the runtime's", async (action) => {
    const call = await callFor(action);
    const body = { ...envelopeOf({ ...call.fields }), request: { headers: { origin: FLEX, 'content-type': 'application/json' }, cookies: {} } };
    await expectRefused(servers, () => postRaw(servers.functions, action, body, { origin: FOREIGN }), {
      code: [...refusedEitherWay],
      twilio: 'none',
      secrets: secrets(call),
    });
    expectNoRecordingChange(call, action);
  });

  it('a top-level JSON `request` that tries to drop the Origin (a no-Origin caller is let through): refused', async () => {
    const call = agentCall(servers.emulator);
    const body = { ...envelopeOf({ ...call.fields }), request: { headers: { 'content-type': 'application/json' }, cookies: {} } };
    await expectRefused(servers, () => postRaw(servers.functions, 'start', body, { origin: FOREIGN }), {
      code: [...refusedEitherWay],
      twilio: 'none',
      secrets: secrets(call),
    });
    expectNoRecordingChange(call, 'start');
  });
});

describe('top-level JSON fields other than recordingRequest: 400 invalid_request, no Twilio request', () => {
  const extras: Array<[string, (call: AgentCall) => Record<string, unknown>]> = [
    ['Token next to the envelope', (call) => ({ Token: call.token })],
    ['TaskSid next to the envelope', (call) => ({ TaskSid: call.taskSid })],
    ['an unrelated field', () => ({ note: 'hello' })],
    ['"__proto__"', () => JSON.parse('{"__proto__": {"version": 1, "isAdmin": true}}') as Record<string, unknown>],
    ['"constructor"', () => ({ constructor: { prototype: { version: 1, isAdmin: true } } })],
  ];

  for (const action of AGENT_ACTIONS) {
    it.each(extras)(`${action}: %s`, async (_name, extra) => {
      const call = await callFor(action);
      // Built as text so that "__proto__" stays a JSON key.
      const envelope = JSON.stringify(envelopeOf({ ...call.fields })).slice(0, -1);
      const extraJson = JSON.stringify(extra(call)).slice(1);
      const raw = extraJson === '}' ? `${envelope}}` : `${envelope},${extraJson}`;
      await expectRefused(servers, () => postRaw(servers.functions, action, raw), { code: 'invalid_request', twilio: 'none', secrets: secrets(call) });
      expectNoRecordingChange(call, action);
    });
  }
});

describe('recordingRequest and its version: 400 invalid_request, no Twilio request', () => {
  const envelopes: Array<[string, (call: AgentCall) => unknown]> = [
    ['recordingRequest is a string', (call) => ({ [RECORDING_REQUEST_FIELD]: JSON.stringify({ version: 1, ...call.fields }) })],
    ['recordingRequest is an array', (call) => ({ [RECORDING_REQUEST_FIELD]: [{ version: 1, ...call.fields }] })],
    ['recordingRequest is null', () => ({ [RECORDING_REQUEST_FIELD]: null })],
    ['recordingRequest is a number', () => ({ [RECORDING_REQUEST_FIELD]: 1 })],
    ['version missing', (call) => ({ [RECORDING_REQUEST_FIELD]: { ...call.fields } })],
    ['version "1" (a string)', (call) => ({ [RECORDING_REQUEST_FIELD]: { ...call.fields, version: '1' } })],
    ['version 2', (call) => ({ [RECORDING_REQUEST_FIELD]: { ...call.fields, version: 2 } })],
    ['version 0', (call) => ({ [RECORDING_REQUEST_FIELD]: { ...call.fields, version: 0 } })],
    ['version true', (call) => ({ [RECORDING_REQUEST_FIELD]: { ...call.fields, version: true } })],
    ['version null', (call) => ({ [RECORDING_REQUEST_FIELD]: { ...call.fields, version: null } })],
    ['version [1]', (call) => ({ [RECORDING_REQUEST_FIELD]: { ...call.fields, version: [1] } })],
    ['version 1.5', (call) => ({ [RECORDING_REQUEST_FIELD]: { ...call.fields, version: 1.5 } })],
    ['version { "valueOf": 1 }', (call) => ({ [RECORDING_REQUEST_FIELD]: { ...call.fields, version: { valueOf: 1 } } })],
  ];

  it('the contract still says version 1', () => {
    expect(RECORDING_REQUEST_VERSION).toBe(1);
  });

  for (const action of AGENT_ACTIONS) {
    it.each(envelopes)(`${action}: %s`, async (_name, build) => {
      const call = await callFor(action);
      await expectRefused(servers, () => postRaw(servers.functions, action, build(call)), { code: 'invalid_request', twilio: 'none', secrets: secrets(call) });
      expectNoRecordingChange(call, action);
    });
  }
});

describe('a Token of the wrong type: 401 token_invalid (it is not a Flex token) before any Twilio request', () => {
  const wrongTokens: Array<[string, (call: AgentCall) => unknown]> = [
    ['a number', () => 12345],
    ['an array', (call) => [call.token]],
    ['an object', (call) => ({ value: call.token })],
    ['true', () => true],
  ];
  for (const action of AGENT_ACTIONS) {
    it.each(wrongTokens)(`${action}: Token %s`, async (_name, token) => {
      const call = await callFor(action);
      await expectRefused(servers, () => postRaw(servers.functions, action, envelopeOf({ ...call.fields, Token: token(call) })), {
        code: 'token_invalid',
        twilio: 'none',
        secrets: secrets(call),
      });
      expectNoRecordingChange(call, action);
    });
  }
});

describe('fields of the wrong type: 400 invalid_request before any Twilio request', () => {
  const wrongTypes: Array<[string, (call: AgentCall) => Record<string, unknown>]> = [
    ['TaskSid a number', () => ({ TaskSid: 1234 })],
    ['TaskSid an array', (call) => ({ TaskSid: [call.taskSid] })],
    ['TaskSid an object ({ "$gt": "" })', () => ({ TaskSid: { $gt: '' } })],
    ['CallSid an array', (call) => ({ CallSid: [call.customerCallSid] })],
    ['CallSid a number', () => ({ CallSid: 7 })],
    ['ConferenceSid an object', (call) => ({ ConferenceSid: { sid: call.conferenceSid } })],
    ['ConferenceSid false', () => ({ ConferenceSid: false })],
  ];

  for (const action of AGENT_ACTIONS) {
    it.each(wrongTypes)(`${action}: %s`, async (_name, change) => {
      const call = await callFor(action);
      await expectRefused(servers, () => postRaw(servers.functions, action, envelopeOf({ ...call.fields, ...change(call) })), {
        code: 'invalid_request',
        twilio: 'none',
        secrets: secrets(call),
      });
      expectNoRecordingChange(call, action);
    });
  }

  it.each<[string, unknown]>([
    ['an array', ['skip']],
    ['a number', 1],
    ['an object', { behavior: 'skip' }],
  ])('pause: PauseBehavior %s', async (_name, behavior) => {
    const call = await callFor('pause');
    await expectRefused(servers, () => postRaw(servers.functions, 'pause', envelopeOf({ ...call.fields, PauseBehavior: behavior })), {
      code: 'invalid_request',
      twilio: 'none',
      secrets: secrets(call),
    });
    expectNoRecordingChange(call, 'pause');
  });
});

describe('malformed SID strings: 400 invalid_request, never a Twilio URL built from them', () => {
  const malformed: Array<[string, Record<string, string>]> = [
    ['a path in the CallSid', { CallSid: 'CA../../Accounts/AC00000000000000000000000000000000' }],
    ['an upper-case TaskSid', { TaskSid: `WT${'A'.repeat(32)}` }],
    ['a 33-digit ConferenceSid', { ConferenceSid: `CF${'a'.repeat(33)}` }],
    ['a CallSid with a newline', { CallSid: `CA${'a'.repeat(32)}\n` }],
    ['a TaskSid with a query', { TaskSid: `WT${'a'.repeat(32)}?x=1` }],
    ['a CallSid of the wrong kind (a conference)', { CallSid: `CF${'a'.repeat(32)}` }],
  ];

  for (const action of AGENT_ACTIONS) {
    it.each(malformed)(`${action}: %s`, async (_name, change) => {
      const call = await callFor(action);
      await expectRefused(servers, () => postEnvelope(servers.functions, action, { ...call.fields, ...change }), {
        code: 'invalid_request',
        twilio: 'token-check',
        secrets: secrets(call),
      });
      expectNoRecordingChange(call, action);
    });
  }

  it("pause: a PauseBehavior outside skip|silence (400, the recording keeps running)", async () => {
    const call = await callFor('pause');
    await expectRefused(servers, () => postRaw(servers.functions, 'pause', envelopeOf({ ...call.fields, PauseBehavior: 'mute' })), {
      code: 'invalid_request',
      twilio: 'token-check',
      secrets: secrets(call),
    });
    expectNoRecordingChange(call, 'pause');
  });
});

describe('prototype keys crash nothing and supply nothing', () => {
  it.each(AGENT_ACTIONS)('%s: every field only under "__proto__" of recordingRequest: 400 (no own version)', async (action) => {
    const call = await callFor(action);
    const raw = `{"recordingRequest": {"__proto__": ${JSON.stringify({ version: 1, ...call.fields })}}}`;
    await expectRefused(servers, () => postRaw(servers.functions, action, raw), { code: 'invalid_request', twilio: 'none', secrets: secrets(call) });
    expectNoRecordingChange(call, action);
  });

  it.each(AGENT_ACTIONS)('%s: the Token only under "__proto__" of recordingRequest: refused (no own Token), nothing asked of Twilio', async (action) => {
    const call = await callFor(action);
    const { Token, ...sids } = call.fields;
    const raw = `{"recordingRequest": ${JSON.stringify({ version: 1, ...sids }).slice(0, -1)}, "__proto__": {"Token": ${JSON.stringify(Token)}}}}`;
    // An unknown key may be refused as such (400) or ignored, leaving no Token (401 token_missing).
    await expectRefused(servers, () => postRaw(servers.functions, action, raw), { code: ['invalid_request', 'token_missing'], twilio: 'none', secrets: secrets(call) });
    expectNoRecordingChange(call, action);
  });

  it.each(AGENT_ACTIONS)('%s: "constructor" / "prototype" keys inside recordingRequest with no Token: refused, nothing asked of Twilio', async (action) => {
    const call = await callFor(action);
    const { Token, ...sids } = call.fields;
    const body = { recordingRequest: { version: 1, ...sids, constructor: { prototype: { Token } }, prototype: { Token } } };
    await expectRefused(servers, () => postRaw(servers.functions, action, body), { code: ['invalid_request', 'token_missing'], twilio: 'none', secrets: secrets(call) });
    expectNoRecordingChange(call, action);
  });

  it('a deeply nested field is refused as the wrong type (400, nothing asked of Twilio), not crashed on', async () => {
    const call = agentCall(servers.emulator);
    let nested: unknown = 'x';
    for (let i = 0; i < 500; i += 1) nested = { a: nested };
    await expectRefused(servers, () => postRaw(servers.functions, 'start', envelopeOf({ ...call.fields, TaskSid: nested })), {
      code: 'invalid_request',
      twilio: 'none',
      secrets: secrets(call),
    });
    expectNoRecordingChange(call, 'start');
  });

  it('a 50 000-character CallSid is refused (400), never put in a Twilio URL', async () => {
    const call = agentCall(servers.emulator);
    await expectRefused(servers, () => postEnvelope(servers.functions, 'start', { ...call.fields, CallSid: `CA${'a'.repeat(50_000)}` }), {
      code: 'invalid_request',
      twilio: 'token-check',
      secrets: secrets(call),
    });
    expectNoRecordingChange(call, 'start');
  });
});
