import { MAX_TOKEN_LENGTH } from 'plugin-outbound-recording/contract';
import { startTwilioEmulator, type TwilioEmulator } from '../../emulator';
import {
  AGENT_ACTIONS,
  agentCall,
  envelopeOf,
  expectRefused,
  liveRecordings,
  loggedDuring,
  postEnvelope,
  postRaw,
  secretsOf,
  startRecordingOf,
  taskFingerprint,
  useServers,
  expectRefusal,
  type AgentAction,
  type AgentCall,
  agentCallFor,
} from './support';

/**
 * The Flex token: who is asking. Missing or malformed tokens cost nothing (no Twilio request); a
 * JWE-shaped one is asked of IAM once, and a refused one is not asked again for a while (a warm
 * instance remembers the verdict); whatever IAM refuses is 401 token_invalid with nothing else asked.
 * The token never appears in an answer.
 */
const servers = useServers({ warm: true });

const callFor = (action: AgentAction): Promise<AgentCall> => agentCallFor(servers, action);

function expectUntouched(call: AgentCall, action: AgentAction, before: ReturnType<typeof taskFingerprint>): void {
  expect(liveRecordings(servers.emulator, call.customerCallSid).map((r) => r.status)).toEqual(action === 'start' ? [] : ['in-progress']);
  expect(taskFingerprint(servers.emulator, call.taskSid)).toEqual(before);
}

/** A well-formed but never-issued Flex token (five base64url segments, a JWE header). */
function forgedToken(seed: string): string {
  const header = Buffer.from(JSON.stringify({ zip: 'DEF', kid: 'SAS_S3___KMS_v1', cty: 'twilio-fpa;v=1', enc: 'A256GCM', alg: 'dir' })).toString('base64url');
  return [header, '', Buffer.from(`iv-${seed}`).toString('base64url'), Buffer.from(`ciphertext-${seed}`.repeat(8)).toString('base64url'), 'dGFn'].join('.');
}

describe('refused without asking Twilio anything: 401, no Twilio request', () => {
  const cases: Array<[string, (call: AgentCall) => Record<string, unknown>, 'token_missing' | 'token_invalid']> = [
    ['no Token', () => ({ Token: undefined }), 'token_missing'],
    ['an empty Token', () => ({ Token: '' }), 'token_missing'],
    ['a Token that is not JWE-shaped', () => ({ Token: 'not-a-token' }), 'token_invalid'],
    ['a Token with four segments', () => ({ Token: 'a.b.c.d' }), 'token_invalid'],
    ['a Token with characters outside base64url', (call) => ({ Token: `${call.token}+/=` }), 'token_invalid'],
    ['a Token with a line break', (call) => ({ Token: `${call.token}\n` }), 'token_invalid'],
    ['a Token followed by a second one', (call) => ({ Token: `${call.token} ${call.token}` }), 'token_invalid'],
    ['a Token longer than any Flex token', () => ({ Token: `${'a'.repeat(MAX_TOKEN_LENGTH)}.b.c.d.e` }), 'token_invalid'],
  ];

  for (const action of AGENT_ACTIONS) {
    it.each(cases)(`${action}: %s`, async (_name, change, code) => {
      const call = await callFor(action);
      const before = taskFingerprint(servers.emulator, call.taskSid);
      await expectRefused(servers, () => postRaw(servers.functions, action, envelopeOf({ ...call.fields, ...change(call) })), {
        code,
        twilio: 'none',
        secrets: secretsOf(servers.emulator, call.token),
      });
      expectUntouched(call, action, before);
    });
  }
});

describe('refused by IAM: 401 token_invalid, nothing asked of Twilio but the token check', () => {
  let otherAccount: TwilioEmulator;
  beforeAll(async () => {
    otherAccount = await startTwilioEmulator();
  });
  afterAll(async () => {
    await otherAccount.close();
  });

  const tokens: Array<[string, (call: AgentCall) => string]> = [
    ['a JWE-shaped token IAM never issued', (call) => forgedToken(call.taskSid)],
    [
      'an expired token',
      (call) => {
        const token = servers.emulator.issueFlexToken({ workerSid: call.workerSid, identity: call.workerIdentity });
        servers.emulator.expireFlexToken(token);
        return token;
      },
    ],
    [
      "another Twilio account's Flex token (for a worker of the same SID)",
      (call) => otherAccount.issueFlexToken({ workerSid: call.workerSid, identity: call.workerIdentity, roles: ['agent', 'supervisor', 'admin'] }),
    ],
    [
      'a token of a Flex user who is not a worker',
      (call) => servers.emulator.issueFlexToken({ workerSid: `US${call.taskSid.slice(2)}`, identity: 'admin-only', roles: ['admin'] }),
    ],
    ['a valid token with its last character changed', (call) => call.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))],
  ];

  for (const action of AGENT_ACTIONS) {
    it.each(tokens)(`${action}: %s`, async (_name, tokenFor) => {
      const call = await callFor(action);
      const token = tokenFor(call);
      const before = taskFingerprint(servers.emulator, call.taskSid);
      await expectRefused(servers, () => postEnvelope(servers.functions, action, { ...call.fields, Token: token }), {
        code: 'token_invalid',
        twilio: 'token-check',
        secrets: secretsOf(servers.emulator, call.token, token),
      });
      expectUntouched(call, action, before);
    });
  }

  it('a refused token replayed is not asked of IAM again (each warm Function instance remembers the verdict)', async () => {
    const call = agentCall(servers.emulator);
    const token = forgedToken(`replay-${call.taskSid}`);
    // Each Function (start, pause, resume) is its own bundle, so its own instance: one validation each at most.
    for (const action of AGENT_ACTIONS) {
      const first = await loggedDuring(servers.emulator, () => postEnvelope(servers.functions, action, { ...call.fields, Token: token }));
      expectRefusal(first.result, 'token_invalid', [token]);
      expect({ action, twilio: first.requests.map((r) => r.routeId) }).toEqual({ action, twilio: ['ValidateToken'] });
    }
    const replays = await loggedDuring(servers.emulator, () =>
      Promise.all(AGENT_ACTIONS.flatMap((action) => [1, 2, 3].map(() => postEnvelope(servers.functions, action, { ...call.fields, Token: token })))),
    );
    for (const answer of replays.result) expectRefusal(answer, 'token_invalid', [token]);
    expect({ replays: replays.requests.map((r) => r.routeId) }).toEqual({ replays: [] });
  });

  it("another account's SIDs with a valid token of this account: refused (403 task_not_held), never 502, nothing written", async () => {
    const call = agentCall(servers.emulator);
    const foreign = otherAccount.placeOutboundCall({ workerIdentity: 'alice' });
    otherAccount.answerCall(foreign.customerCallSid);
    const before = taskFingerprint(servers.emulator, call.taskSid);
    for (const action of AGENT_ACTIONS) {
      await expectRefused(
        servers,
        () => postEnvelope(servers.functions, action, { Token: call.token, TaskSid: foreign.taskSid, CallSid: foreign.customerCallSid, ConferenceSid: foreign.conferenceSid }),
        { code: 'task_not_held', twilio: 'reads', secrets: secretsOf(servers.emulator, call.token) },
      );
    }
    expectUntouched(call, 'start', before);
  });
});

describe('roles do not authorize', () => {
  it.each<[string, string[]]>([
    ['supervisor', ['supervisor']],
    ['admin', ['admin']],
    ['agent, supervisor and admin', ['agent', 'supervisor', 'admin']],
  ])("a %s token of a worker who holds no reservation on the task: 403 task_not_held for start, pause and resume", async (_name, roles) => {
    const call = agentCall(servers.emulator);
    await startRecordingOf(servers, call.fields);
    const boss = servers.emulator.createWorker({ identity: 'boss' });
    const token = servers.emulator.issueFlexToken({ workerSid: boss.workerSid, identity: boss.identity, roles });
    const before = taskFingerprint(servers.emulator, call.taskSid);
    for (const action of AGENT_ACTIONS) {
      await expectRefused(servers, () => postEnvelope(servers.functions, action, { ...call.fields, Token: token }), {
        code: 'task_not_held',
        twilio: 'reads',
        secrets: secretsOf(servers.emulator, call.token, token),
      });
    }
    expectUntouched(call, 'pause', before);
  });
});
