import type { ErrorCode } from 'plugin-outbound-recording/contract';
import {
  FLEX,
  FOREIGN,
  agentCall,
  answerSummary,
  callbackParams,
  describeRequests,
  envelopeOf,
  expectRefusal,
  liveRecordings,
  loggedDuring,
  pointTaskAtCall,
  postCallback,
  postEnvelope,
  postRaw,
  recordingStates,
  secretsOf,
  startRecordingOf,
  taskFingerprint,
  useServers,
  writesOf,
  type Answer,
} from './support';

/**
 * A few hundred hostile requests of every kind at once against one warm Function instance, then one
 * legitimate start: every hostile request gets its exact refusal, nothing is written anywhere, and the
 * legitimate agent is served and recorded.
 */
const servers = useServers({ warm: true });

interface Hostile {
  kind: string;
  send: () => Promise<Answer>;
  code: ErrorCode | ErrorCode[];
}

function forgedToken(n: number): string {
  const header = Buffer.from(JSON.stringify({ enc: 'A256GCM', alg: 'dir', kid: 'SAS_S3___KMS_v1' })).toString('base64url');
  return [header, '', Buffer.from(`iv${n}`).toString('base64url'), Buffer.from(`forged-${n}-`.repeat(10)).toString('base64url'), 'dGFn'].join('.');
}

it('300 hostile requests of mixed kinds at once, then a legitimate start that records', async () => {
  const { emulator, functions } = servers;

  // The victim's call, recorded.
  const victim = agentCall(emulator, { identity: 'alice' });
  const victimRecording = await startRecordingOf(servers, victim.fields);

  // A colleague on the victim's call whose own task is rewritten to look like the call's transfer.
  const mallory = emulator.createWorker({ identity: 'mallory' });
  emulator.addParticipant(victim.conferenceSid, { to: 'client:mallory' });
  const malloryCall = agentCall(emulator, { workerSid: mallory.workerSid, identity: 'mallory', customerNumber: '+14155550188' });
  pointTaskAtCall(emulator, malloryCall.taskSid, victim, { interactionSid: victim.interactionSid, channelSid: victim.channelSid });
  const malloryFields = { Token: malloryCall.token, TaskSid: malloryCall.taskSid, CallSid: victim.customerCallSid, ConferenceSid: victim.conferenceSid };

  // A supervisor monitoring it, and another agent with a call of their own.
  const supervisor = emulator.joinAsSupervisor({ conferenceSid: victim.conferenceSid, identity: 'sam' });
  const samToken = emulator.issueFlexToken({ workerSid: supervisor.workerSid, identity: supervisor.identity, roles: ['supervisor'] });
  const bob = agentCall(emulator, { identity: 'bob', customerNumber: '+14155550166' });

  const expired = emulator.issueFlexToken({ workerSid: victim.workerSid, identity: victim.workerIdentity });
  emulator.expireFlexToken(expired);
  const completed = callbackParams(emulator, victim.customerCallSid, victimRecording, 'completed', { RecordingDuration: '5' });

  let n = 0;
  const kinds: Array<() => Hostile> = [
    () => ({ kind: 'form body', code: 'invalid_request', send: () => postRaw(functions, 'start', new URLSearchParams({ ...victim.fields }).toString(), { contentType: 'application/x-www-form-urlencoded' }) }),
    () => ({ kind: 'token in the query', code: 'invalid_request', send: () => postEnvelope(functions, 'pause', victim.fields, { query: `?Token=${victim.token}` }) }),
    () => ({ kind: 'version "1"', code: 'invalid_request', send: () => postRaw(functions, 'pause', { recordingRequest: { ...victim.fields, version: '1' } }) }),
    () => ({ kind: 'SIDs of the wrong type', code: 'invalid_request', send: () => postRaw(functions, 'resume', envelopeOf({ ...victim.fields, TaskSid: [victim.taskSid], CallSid: { $ne: '' } })) }),
    () => ({ kind: 'prototype keys', code: 'invalid_request', send: () => postRaw(functions, 'start', `{"recordingRequest": {"__proto__": ${JSON.stringify({ version: 1, ...victim.fields })}}}`) }),
    () => ({ kind: 'foreign origin', code: 'origin_not_allowed', send: () => postEnvelope(functions, 'pause', victim.fields, { origin: FOREIGN }) }),
    () => ({ kind: 'two Origin headers', code: 'origin_not_allowed', send: () => postEnvelope(functions, 'pause', victim.fields, { origin: [FLEX, FOREIGN] }) }),
    () => ({ kind: 'Origin null', code: 'origin_not_allowed', send: () => postEnvelope(functions, 'resume', victim.fields, { origin: 'null' }) }),
    () => ({
      kind: 'request pollution from a foreign page',
      code: ['invalid_request', 'origin_not_allowed'],
      send: () => postEnvelope(functions, 'pause', victim.fields, { origin: FOREIGN, query: `?request[headers][origin]=${encodeURIComponent(FLEX)}` }),
    }),
    () => ({ kind: 'no token', code: 'token_missing', send: () => postRaw(functions, 'pause', envelopeOf({ ...victim.fields, Token: undefined })) }),
    () => ({ kind: 'garbage token', code: 'token_invalid', send: () => postEnvelope(functions, 'pause', { ...victim.fields, Token: 'garbage' }) }),
    () => {
      const token = forgedToken((n += 1));
      return { kind: 'forged JWE token', code: 'token_invalid', send: () => postEnvelope(functions, 'pause', { ...victim.fields, Token: token }) };
    },
    () => ({ kind: 'expired token', code: 'token_invalid', send: () => postEnvelope(functions, 'start', { ...victim.fields, Token: expired }) }),
    () => ({ kind: "another agent's token on the victim's task", code: 'task_not_held', send: () => postEnvelope(functions, 'pause', { ...victim.fields, Token: bob.token }) }),
    () => ({ kind: "a supervisor's token on the victim's task", code: 'task_not_held', send: () => postEnvelope(functions, 'pause', { ...victim.fields, Token: samToken }) }),
    () => ({ kind: 'rewritten task: start', code: 'call_not_customer_leg', send: () => postEnvelope(functions, 'start', malloryFields) }),
    () => ({ kind: 'rewritten task: pause', code: 'call_not_customer_leg', send: () => postEnvelope(functions, 'pause', malloryFields) }),
    () => ({ kind: "the victim's own task with the supervisor's leg", code: 'call_not_customer_leg', send: () => postEnvelope(functions, 'pause', { ...victim.fields, CallSid: supervisor.callSid }) }),
    () => ({ kind: 'unsigned status callback', code: 'signature_invalid', send: () => postCallback(servers, { taskSid: victim.taskSid, params: completed, signature: null }) }),
    () => ({ kind: 'wrongly signed status callback', code: 'signature_invalid', send: () => postCallback(servers, { taskSid: victim.taskSid, params: completed, signature: 'bm9wZQ==' }) }),
  ];
  const hostile: Hostile[] = Array.from({ length: 300 }, (_, i) => kinds[i % kinds.length]!());

  const before = {
    recordings: recordingStates(emulator, victim.customerCallSid),
    tasks: [victim.taskSid, malloryCall.taskSid, bob.taskSid].map((taskSid) => taskFingerprint(emulator, taskSid)),
  };
  const secrets = secretsOf(emulator, victim.token, malloryCall.token, bob.token, samToken, expired);

  const { result: answers, requests } = await loggedDuring(emulator, () => Promise.all(hostile.map((h) => h.send())));

  const wrong = answers
    .map((answer, i) => ({ kind: hostile[i]!.kind, expected: hostile[i]!.code, answer: answerSummary(answer) }))
    .filter(({ answer, expected }) => {
      const code = (answer.body as { error?: { code?: string } } | undefined)?.error?.code;
      return !(Array.isArray(expected) ? expected : [expected]).includes(code as ErrorCode);
    });
  expect({ wronglyAnswered: wrong.slice(0, 10), count: wrong.length }).toEqual({ wronglyAnswered: [], count: 0 });
  answers.forEach((answer, i) => expectRefusal(answer, hostile[i]!.code, secrets));

  expect({ twilioWritesDuringTheBurst: describeRequests(writesOf(requests)) }).toEqual({ twilioWritesDuringTheBurst: [] });
  expect({
    recordings: recordingStates(emulator, victim.customerCallSid),
    tasks: [victim.taskSid, malloryCall.taskSid, bob.taskSid].map((taskSid) => taskFingerprint(emulator, taskSid)),
  }).toEqual(before);
  expect(recordingStates(emulator, victim.customerCallSid)).toEqual([[victimRecording, 'in-progress']]);

  // The legitimate agent, right after: served and recorded.
  const carol = agentCall(emulator, { identity: 'carol', customerNumber: '+14155550155' });
  const started = await postEnvelope(functions, 'start', carol.fields);
  expect(answerSummary(started)).toEqual({
    status: 200,
    contentType: expect.stringMatching(/^application\/json/),
    body: { recordingSid: expect.stringMatching(/^RE[0-9a-f]{32}$/), status: 'in-progress' },
  });
  const [recording] = liveRecordings(emulator, carol.customerCallSid);
  expect(recording?.sid).toBe((started.body as { recordingSid: string }).recordingSid);
  expect(recording?.channels).toBe(2);
  await emulator.flushStatusCallbacks();
  expect(emulator.getTask(carol.taskSid).attributes.call_recording).toMatchObject({ recording_sid: recording!.sid, status: 'in-progress' });

  // And the victim can still pause their own recording.
  const paused = await postEnvelope(functions, 'pause', victim.fields);
  expect(answerSummary(paused)).toMatchObject({ status: 200, body: { recordingSid: victimRecording, status: 'paused' } });
}, 90_000);
