import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { twilioSignature } from '../../emulator';
import { answerRecordingStatus } from '../../src/http/recording-status-endpoint';
import type { HttpAnswer } from '../../src/http/http-answer';
import type { FunctionEvent } from '../../src/http/request-event';
import { handOffTranscript } from '../../src/recording/transcript-handoff';
import { RequestBudget, DEFAULT_REQUEST_BUDGET, type RetryTools } from '../../src/recording/retry-policy';
import { createTwilioGateway } from '../../src/twilio/twilio-gateway';
import { configFor, coreFor, functionEnv, instantRetry, outboundCall, startTwilioEmulator, type TwilioEmulator } from '../support/emulated-functions';

/**
 * The Conversation Intelligence hand-off (INTELLIGENCE_SERVICE_SID): the recording's `completed` callback, as
 * the emulator delivers it (signed, to the URL the start asked for), reaches POST /recording/status's endpoint
 * in process, with the setting on or off.
 */
const SERVICE = 'GA' + '1'.repeat(32);
let emulator: TwilioEmulator;
let receiver: Server;
let callbackUrl: string;
/** Each delivered callback: the event the runtime would build, and what the endpoint answered (unless captured). */
let delivered: Array<{ event: FunctionEvent; answer?: HttpAnswer }>;
/** When set, callbacks are kept for the test to send itself instead of being answered by the endpoint. */
let capture = false;
let env: Record<string, string>;

function retryTools(): RetryTools {
  return { ...instantRetry(), budget: new RequestBudget(DEFAULT_REQUEST_BUDGET) };
}

/** The endpoint as the status Function runs it: one retry budget per invocation. */
function answer(event: FunctionEvent): Promise<HttpAnswer> {
  return answerRecordingStatus({ env, connectTwilio: (config) => createTwilioGateway(config), retry: retryTools(), log: { error: () => undefined } }, event);
}

beforeAll(async () => {
  emulator = await startTwilioEmulator();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const query = Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
      const headers = { 'content-type': String(req.headers['content-type']), 'x-twilio-signature': String(req.headers['x-twilio-signature']) };
      const event: FunctionEvent = { request: { headers, cookies: {} }, ...query, ...Object.fromEntries(new URLSearchParams(body)) };
      const entry: { event: FunctionEvent; answer?: HttpAnswer } = { event };
      delivered.push(entry);
      if (capture) return void res.writeHead(200).end('{}');
      void answer(event).then((result) => {
        entry.answer = result;
        res.writeHead(result.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(result.body));
      });
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/recording/status`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await emulator.close();
});
beforeEach(() => {
  emulator.reset();
  delivered = [];
  capture = false;
});
afterEach(async () => {
  await emulator.flushStatusCallbacks();
  // Every request the Functions sent, Intelligence's included, passed the official OpenAPI specs.
  expect(emulator.specViolations()).toEqual([]);
});

function settings(on: boolean): Record<string, string> {
  return { RECORDING_STATUS_CALLBACK_URL: callbackUrl, ...(on ? { INTELLIGENCE_SERVICE_SID: SERVICE } : {}) };
}

/** A recorded outbound call (the start as the Function runs it), then the customer hangs up and Twilio reports. */
async function recordedCallEnded(on: boolean) {
  env = functionEnv(emulator, settings(on));
  const call = outboundCall(emulator);
  const started = await coreFor(emulator, settings(on))(call.request);
  if (!started.ok) throw new Error(started.message);
  const recordingSid = started.value.recordingSid;
  const requestsOfStart = emulator.requests().length;
  emulator.advanceClock(30_000);
  emulator.hangUp(call.customerCallSid);
  await emulator.flushStatusCallbacks();
  return { ...call, recordingSid, requestsOfStart };
}

function stateOf(taskSid: string): Record<string, unknown> {
  return emulator.getTask(taskSid).attributes.call_recording as Record<string, unknown>;
}

/** The completed callback's event, signed again so the test can send it as often as it likes. */
function completedEvent(): FunctionEvent {
  const event = delivered.find((entry) => entry.event.RecordingStatus === 'completed')?.event;
  if (!event) throw new Error('no completed callback was delivered');
  return event;
}

describe('with INTELLIGENCE_SERVICE_SID', () => {
  it('asks for the completed callback, and on it creates one transcript of the recording, channel 1 the customer, 2 the worker, written into the task', async () => {
    const call = await recordedCallEnded(true);
    expect(emulator.recordingsForCall(call.customerCallSid)[0].statusCallbackEvents).toEqual(['completed', 'absent']);
    expect(delivered.map((entry) => entry.answer?.status)).toEqual([200]);
    const [transcript] = emulator.transcripts();
    expect(emulator.transcripts()).toHaveLength(1);
    expect(transcript).toMatchObject({ serviceSid: SERVICE, sourceSid: call.recordingSid, customerKey: call.taskSid });
    expect(transcript.channel.media_properties).toEqual({ source_sid: call.recordingSid });
    expect(transcript.participants).toEqual([
      { channel_participant: 1, role: 'Customer', media_participant_id: '+14155550100' },
      { channel_participant: 2, role: 'Agent', user_id: call.workerIdentity, full_name: call.workerIdentity },
    ]);
    expect(stateOf(call.taskSid)).toMatchObject({
      status: 'completed',
      recording_sid: call.recordingSid,
      duration_seconds: 30,
      url: expect.stringContaining(call.recordingSid),
      transcript_sid: transcript.sid,
    });
    expect(delivered[0].answer?.body).toMatchObject({ status: 'completed', updated: true, transcript: { outcome: 'created', transcriptSid: transcript.sid } });
  });

  it('costs the completed callback its Twilio requests (the state, then the hand-off) and nothing else in the call', async () => {
    const call = await recordedCallEnded(true);
    const handOff = emulator.requests().slice(call.requestsOfStart).map((request) => request.routeId);
    expect(handOff).toHaveLength(9);
    expect(handOff.slice(0, 3)).toEqual(['FetchTask', 'UpdateTask', 'FetchTask']); // the completed state, then the hand-off reads the task
    expect(handOff.slice(3, 6).sort()).toEqual(['FetchCall', 'ListTaskReservation', 'UpdateTask']); // the claim, with who spoke, at once
    expect(handOff.slice(6)).toEqual(['CreateTranscript', 'FetchTask', 'UpdateTask']); // the transcript, its SID in the task
  });

  it('replays of the completed callback create nothing more and write nothing', async () => {
    const call = await recordedCallEnded(true);
    const before = emulator.getTask(call.taskSid).etag;
    emulator.clearRequests();
    for (let i = 0; i < 3; i += 1) {
      const replay = await answer(completedEvent());
      expect(replay).toMatchObject({ status: 200, body: { updated: false, transcript: { outcome: 'exists', transcriptSid: emulator.transcripts()[0].sid } } });
    }
    expect(emulator.transcripts()).toHaveLength(1);
    expect(emulator.getTask(call.taskSid).etag).toBe(before);
    expect(emulator.requests({ hostKind: 'intelligence' })).toEqual([]);
  });

  it('two concurrent completed callbacks create one transcript: one claims it, the other sees the claim', async () => {
    capture = true;
    const call = await recordedCallEnded(true);
    const event = completedEvent();
    const answers = await Promise.all([answer(event), answer({ ...event })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const outcomes = answers.map((a) => (a.body as { transcript: { outcome: string } }).transcript.outcome).sort();
    expect(outcomes).toEqual(['created', 'pending']);
    expect(emulator.transcripts()).toHaveLength(1);
    expect(emulator.requests({ routeId: 'CreateTranscript' })).toHaveLength(1);
    expect(stateOf(call.taskSid)).toMatchObject({ status: 'completed', transcript_sid: emulator.transcripts()[0].sid });
  });

  it('a failing CreateTranscript is retried within the budget, never touches the recording, and a later callback creates it once', async () => {
    capture = true;
    const call = await recordedCallEnded(true);
    const recordingBefore = emulator.recordingsForCall(call.customerCallSid);
    const fault = emulator.injectFault({ host: 'intelligence', method: 'POST', status: 503, times: Infinity });
    const failed = await answer(completedEvent());
    expect(failed).toMatchObject({ status: 200, body: { status: 'completed', transcript: { outcome: 'failed' } } });
    // The policy's three attempts, then given up: the answer is 200, so nothing loops.
    expect(emulator.requests({ routeId: 'CreateTranscript' }).map((r) => r.status)).toEqual([503, 503, 503]);
    expect(emulator.transcripts()).toEqual([]);
    expect(emulator.recordingsForCall(call.customerCallSid)).toEqual(recordingBefore);
    expect(emulator.requests({ hostKind: 'api', method: 'POST' })).toHaveLength(1); // the start's create, nothing since
    expect(emulator.requests({ method: 'DELETE' })).toEqual([]);
    const state = stateOf(call.taskSid);
    expect(state).toMatchObject({ status: 'completed', recording_sid: call.recordingSid, duration_seconds: 30, transcript_sid: expect.stringMatching(/^failed:/) });

    fault.remove();
    const again = await answer(completedEvent());
    expect(again).toMatchObject({ status: 200, body: { transcript: { outcome: 'created' } } });
    // After a failed claim, the recording's transcripts are looked up first (the create might have reached Twilio).
    expect(emulator.requests({ routeId: 'ListTranscript' })).toHaveLength(1);
    expect(emulator.transcripts()).toHaveLength(1);
    expect(stateOf(call.taskSid)).toMatchObject({ ...state, transcript_sid: emulator.transcripts()[0].sid });
  });

  it('after a create that reached Intelligence but whose answer was lost, a later callback reuses that transcript', async () => {
    capture = true;
    const call = await recordedCallEnded(true);
    const fault = emulator.injectFault({ host: 'intelligence', method: 'POST', status: 503, times: Infinity });
    expect((await answer(completedEvent())).body).toMatchObject({ transcript: { outcome: 'failed' } });
    fault.remove();
    // What the failed invocation could not know: one of its attempts did reach Intelligence.
    const made = await createTwilioGateway(configFor(emulator, settings(true))).createTranscript({ serviceSid: SERVICE, recordingSid: call.recordingSid, participants: [] });
    const replay = await answer(completedEvent());
    expect(replay.body).toMatchObject({ transcript: { outcome: 'created', transcriptSid: made.sid } });
    expect(emulator.transcripts()).toHaveLength(1);
    expect(stateOf(call.taskSid)).toMatchObject({ transcript_sid: made.sid });
  });

  it('a claim written between its read of the task and its own claim wins: this invocation creates nothing', async () => {
    capture = true;
    const call = await recordedCallEnded(true);
    const completed = { status: 'completed', recording_sid: call.recordingSid, call_sid: call.customerCallSid, updated_at: new Date().toISOString() };
    emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, call_recording: completed });
    const rival = { ...completed, transcript_sid: `pending:${new Date().toISOString()}/rival` };
    emulator.beforeHandle({ method: 'POST', host: 'taskrouter', pathPattern: /\/Tasks\/WT[0-9a-f]{32}$/, times: 1 }, () => {
      emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, call_recording: rival });
    });
    emulator.clearRequests();
    const result = await handOffTranscript(
      { twilio: createTwilioGateway(configFor(emulator, settings(true))), retry: instantRetry(), serviceSid: SERVICE },
      { taskSid: call.taskSid, recordingSid: call.recordingSid, callSid: call.customerCallSid },
    );
    expect(result).toEqual({ outcome: 'pending' });
    expect(emulator.requests({ routeId: 'UpdateTask' }).map((r) => r.status)).toEqual([412]);
    expect(emulator.requests({ hostKind: 'intelligence' })).toEqual([]);
    expect(stateOf(call.taskSid)).toEqual(rival);
  });

  it("a claim left by an invocation that died is taken over once it is older than any invocation lives", async () => {
    capture = true;
    const call = await recordedCallEnded(true);
    const now = Date.now();
    await answer(completedEvent());
    const transcriptSid = emulator.transcripts()[0].sid;
    // Put a fresh foreign claim back: another invocation is (said to be) creating it now.
    const claimed = (at: number) => ({ ...stateOf(call.taskSid), transcript_sid: `pending:${new Date(at).toISOString()}/other` });
    emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, call_recording: claimed(now) });
    expect((await answer(completedEvent())).body).toMatchObject({ transcript: { outcome: 'pending' } });
    // 31 s later it is stale: the transcript made meanwhile is found by its source and reused, not made twice.
    emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, call_recording: claimed(now - 31_000) });
    expect((await answer(completedEvent())).body).toMatchObject({ transcript: { outcome: 'created', transcriptSid } });
    expect(emulator.requests({ routeId: 'CreateTranscript' })).toHaveLength(1);
  });
});

describe('without INTELLIGENCE_SERVICE_SID', () => {
  it('asks only for absent: no completed callback, no Intelligence request, no transcript, the start costs the same', async () => {
    const off = await recordedCallEnded(false);
    expect(emulator.recordingsForCall(off.customerCallSid)[0].statusCallbackEvents).toEqual(['absent']);
    expect(emulator.statusCallbacks()).toEqual([]);
    expect(delivered).toEqual([]);
    expect(emulator.requests({ hostKind: 'intelligence' })).toEqual([]);
    expect(emulator.transcripts()).toEqual([]);
    expect(emulator.requests()).toHaveLength(off.requestsOfStart);

    emulator.reset();
    const on = await recordedCallEnded(true);
    // Opting in changes nothing before the recording ends: the start's requests are the same.
    expect(on.requestsOfStart).toBe(off.requestsOfStart);
  });

  it("a completed callback (an earlier version's recording) is applied without a transcript", async () => {
    const call = await recordedCallEnded(false);
    const params: Record<string, string> = {
      AccountSid: emulator.accountSid,
      CallSid: call.customerCallSid,
      RecordingSid: call.recordingSid,
      RecordingStatus: 'completed',
      RecordingDuration: '30',
    };
    const url = `${callbackUrl}?TaskSid=${call.taskSid}`;
    const event: FunctionEvent = {
      request: { headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(emulator.authToken, url, params) }, cookies: {} },
      TaskSid: call.taskSid,
      ...params,
    };
    const result = await answer(event);
    expect(result).toMatchObject({ status: 200, body: { status: 'completed', updated: true } });
    expect(result.body).not.toHaveProperty('transcript');
    expect(emulator.requests({ hostKind: 'intelligence' })).toEqual([]);
    expect(stateOf(call.taskSid)).not.toHaveProperty('transcript_sid');
  });
});
