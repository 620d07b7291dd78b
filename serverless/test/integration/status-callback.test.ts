import twilio from 'twilio';
import { twilioSignature } from '../../emulator';
import { LocalTwilioRequestClient } from '../../src/twilio/local-request-client';
import { outboundCall, type TwilioEmulator } from '../support/emulated-functions';
import type { FunctionsServer } from '../../sandbox/functions-server';
import { serveFunctionsOverHttp } from '../support/functions-over-http';

/**
 * POST /recording/status over HTTP through twilio-run: the emulator delivers the recordings' status
 * callbacks, signed as Twilio signs them, to the URL the start Function asked for.
 */
let emulator: TwilioEmulator;
let functions: FunctionsServer;

serveFunctionsOverHttp({ warm: true }, (servers) => ({ emulator, functions } = servers));

/** twilio-run serves on localhost:<port>: the Functions name that domain in their callback URLs. */
function callbackUrl(taskSid: string): string {
  return `http://localhost:${new URL(functions.url).port}/recording/status?TaskSid=${taskSid}`;
}

async function start(request: Record<string, string>) {
  const response = await fetch(`${functions.url}/recording/start`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ recordingRequest: { version: 1, ...request } }),
  });
  return { status: response.status, body: (await response.json()) as { recordingSid: string } };
}

/** Sends a status callback signed with the account's auth token (or the given signature). */
async function sendCallback(taskSid: string, params: Record<string, string>, options: { signature?: string | null; bodyTaskSid?: string } = {}) {
  const url = callbackUrl(taskSid);
  const signature = options.signature === undefined ? twilioSignature(emulator.authToken, url, params) : options.signature;
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['X-Twilio-Signature'] = signature;
  const body = new URLSearchParams({ ...params, ...(options.bodyTaskSid ? { TaskSid: options.bodyTaskSid } : {}) });
  const response = await fetch(`${functions.url}/recording/status?TaskSid=${taskSid}`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function paramsFor(callSid: string, recordingSid: string, status: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: emulator.accountSid,
    CallSid: callSid,
    RecordingSid: recordingSid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${recordingSid}`,
    RecordingStatus: status,
    RecordingChannels: '2',
    RecordingSource: 'StartCallRecordingAPI',
    ...extra,
  };
}

/**
 * What Twilio posts for a recording whose creator asked for this event (the Functions ask only for `absent`,
 * twilio-gateway.ts; recordings started by an earlier version asked for `in-progress` and `completed` too,
 * and their callbacks must still be understood): the recording's own figures, signed.
 */
async function twilioReports(taskSid: string, callSid: string, recordingSid: string, status: 'in-progress' | 'completed') {
  const recording = emulator.recordingsForCall(callSid).find((candidate) => candidate.sid === recordingSid)!;
  const figures: Record<string, string> = status === 'completed' ? { RecordingDuration: String(recording.durationSeconds ?? 0) } : {};
  return sendCallback(taskSid, paramsFor(callSid, recordingSid, status, { ...figures, RecordingStartTime: recording.startTime.toUTCString().replace('GMT', '+0000') }));
}

async function recordedCall() {
  const call = outboundCall(emulator);
  const started = await start(call.request);
  expect(started.status).toBe(200);
  await emulator.flushStatusCallbacks();
  return { ...call, recordingSid: started.body.recordingSid };
}

function stateOf(taskSid: string) {
  return emulator.getTask(taskSid).attributes.call_recording as Record<string, unknown>;
}

it('asks Twilio for the one callback that changes something (absent) at its own /recording/status, bound to the task: none on the happy path', async () => {
  const call = await recordedCall();
  const [recording] = emulator.recordingsForCall(call.customerCallSid);
  expect(recording.statusCallback).toBe(callbackUrl(call.taskSid));
  expect(recording.statusCallbackEvents).toEqual(['absent']);
  emulator.hangUp(call.customerCallSid);
  await emulator.flushStatusCallbacks();
  expect(emulator.statusCallbacks()).toEqual([]);
  // The start's state and link stand; Twilio's Recording resource holds the final status and duration.
  expect(stateOf(call.taskSid)).toMatchObject({ status: 'in-progress', recording_sid: call.recordingSid });
  expect(emulator.recordingsForCall(call.customerCallSid)[0].status).toBe('completed');
});

it("writes the final URL, duration and status from a recording's completed callback (an earlier version's recording)", async () => {
  const call = await recordedCall();
  emulator.advanceClock(42_000);
  emulator.hangUp(call.customerCallSid);
  expect(await twilioReports(call.taskSid, call.customerCallSid, call.recordingSid, 'completed')).toMatchObject({ status: 200, body: { status: 'completed', updated: true } });
  expect(stateOf(call.taskSid)).toMatchObject({
    status: 'completed',
    recording_sid: call.recordingSid,
    call_sid: call.customerCallSid,
    url: `https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${call.recordingSid}`,
    duration_seconds: 42,
  });
});

it('updates a task that was already completed (TaskRouter keeps it for a few minutes)', async () => {
  const call = await recordedCall();
  emulator.completeTask(call.taskSid);
  emulator.hangUp(call.customerCallSid);
  await twilioReports(call.taskSid, call.customerCallSid, call.recordingSid, 'completed');
  expect(emulator.getTask(call.taskSid).assignmentStatus).toBe('completed');
  expect(stateOf(call.taskSid)).toMatchObject({ status: 'completed' });
});

it('records an absent recording as "not recorded" with the reason', async () => {
  // Twilio reports "absent" when it kept no audio (here: signed as Twilio signs it).
  const other = await recordedCall();
  const absent = await sendCallback(other.taskSid, paramsFor(other.customerCallSid, other.recordingSid, 'absent', { ErrorCode: '16101', RecordingDuration: '0' }));
  expect(absent).toEqual({ status: 200, body: { taskSid: other.taskSid, status: 'absent', updated: true } });
  expect(stateOf(other.taskSid)).toMatchObject({ status: 'absent', error_code: 16101, reason: expect.stringMatching(/^not recorded: /) });
});

it('treats replays as harmless: same answer, nothing written', async () => {
  const call = await recordedCall();
  emulator.hangUp(call.customerCallSid);
  await twilioReports(call.taskSid, call.customerCallSid, call.recordingSid, 'completed');
  const before = emulator.getTask(call.taskSid);
  const replay = await twilioReports(call.taskSid, call.customerCallSid, call.recordingSid, 'completed');
  const lateInProgress = await sendCallback(call.taskSid, paramsFor(call.customerCallSid, call.recordingSid, 'in-progress'));
  expect(replay).toEqual({ status: 200, body: { taskSid: call.taskSid, status: 'completed', updated: false } });
  expect(lateInProgress.body).toMatchObject({ status: 'completed', updated: false });
  expect(emulator.getTask(call.taskSid).etag).toBe(before.etag);
});

describe('refusals (4xx with a JSON error; nothing asked of Twilio before the signature is verified)', () => {
  it('refuses a callback without a signature, with a wrong one, or moved to another task', async () => {
    const call = await recordedCall();
    const victim = outboundCall(emulator);
    const params = paramsFor(call.customerCallSid, call.recordingSid, 'completed', { RecordingDuration: '5' });
    emulator.clearRequests();
    const answers = [
      await sendCallback(call.taskSid, params, { signature: null }),
      await sendCallback(call.taskSid, params, { signature: 'bm9wZQ==' }),
      await sendCallback(call.taskSid, { ...params, RecordingDuration: '9999' }, { signature: twilioSignature(emulator.authToken, callbackUrl(call.taskSid), params) }),
      // A genuine callback whose body names another task: the runtime lets the body win, the signature breaks.
      await sendCallback(call.taskSid, params, { bodyTaskSid: victim.taskSid }),
    ];
    for (const answer of answers) expect(answer).toEqual({ status: 403, body: { error: { code: 'signature_invalid', message: expect.any(String) } } });
    expect(emulator.requests()).toHaveLength(0);
  });

  it('refuses a GET (Twilio posts these callbacks)', async () => {
    const call = await recordedCall();
    emulator.clearRequests();
    const response = await fetch(`${callbackUrl(call.taskSid).replace('localhost', '127.0.0.1')}&RecordingSid=${call.recordingSid}`);
    expect(response.status).toBe(403);
    expect(emulator.requests()).toHaveLength(0);
  });

  it('refuses an unknown task (404) and a recording that is not the task\'s (409)', async () => {
    const call = await recordedCall();
    const other = await recordedCall();
    const unknownTask = 'WT' + 'f'.repeat(32);
    expect((await sendCallback(unknownTask, paramsFor(call.customerCallSid, call.recordingSid, 'completed'))).body).toMatchObject({ error: { code: 'task_not_found' } });
    const mismatch = await sendCallback(call.taskSid, paramsFor(other.customerCallSid, other.recordingSid, 'completed'));
    expect(mismatch).toMatchObject({ status: 409, body: { error: { code: 'recording_mismatch' } } });
    const wrongCall = await sendCallback(call.taskSid, paramsFor(other.customerCallSid, call.recordingSid, 'completed'));
    expect(wrongCall.status).toBe(409);
    expect(stateOf(call.taskSid)).toMatchObject({ status: 'in-progress' });
  });

  it('refuses malformed fields (400) even when signed', async () => {
    const call = await recordedCall();
    for (const params of [
      paramsFor(call.customerCallSid, 'RE../../x', 'completed'),
      paramsFor(call.customerCallSid, call.recordingSid, 'exploded'),
      paramsFor(call.customerCallSid, call.recordingSid, 'completed', { RecordingDuration: '-1' }),
      { ...paramsFor(call.customerCallSid, call.recordingSid, 'completed'), AccountSid: 'AC' + '0'.repeat(32) },
    ]) {
      expect(await sendCallback(call.taskSid, params)).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    }
  });
});

it("passes the final state on to a transfer's receiving task", async () => {
  const call = await recordedCall();
  const transfer = emulator.transferTask({ fromTaskSid: call.taskSid, target: { kind: 'worker', workerIdentity: 'bob' }, mode: 'cold' });
  const token = emulator.issueFlexToken({ workerSid: transfer.workerSid, identity: 'bob', roles: ['agent'] });
  const received = await start({ Token: token, TaskSid: transfer.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid });
  expect(received).toEqual({ status: 200, body: { recordingSid: call.recordingSid, status: 'in-progress' } });
  emulator.hangUp(call.customerCallSid);
  await twilioReports(call.taskSid, call.customerCallSid, call.recordingSid, 'completed');
  expect(stateOf(call.taskSid)).toMatchObject({ status: 'completed', linked_task_sids: [transfer.taskSid] });
  expect(stateOf(transfer.taskSid)).toMatchObject({ status: 'completed', recording_sid: call.recordingSid });
  expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
});

describe('the recording follows the customer to a new leg of the same task', () => {
  const deliveries = () => emulator.statusCallbacks().map((c) => [c.params.RecordingSid, c.event, c.delivery.state, c.delivery.httpStatus]);

  /** A second customer leg dialled into the recorded call's conference, answered, and its start. */
  async function recordSecondLeg(call: Awaited<ReturnType<typeof recordedCall>>) {
    const leg = emulator.addParticipant(call.conferenceSid, { to: call.customerNumber, from: call.callerId, ringing: true, listedWhileRinging: true });
    const early = await start({ ...call.request, CallSid: leg.callSid });
    expect(early).toEqual({ status: 409, body: { error: { code: 'customer_not_answered', message: expect.any(String) } } });
    emulator.answerCall(leg.callSid);
    const started = await start({ ...call.request, CallSid: leg.callSid });
    expect(started.status).toBe(200);
    await emulator.flushStatusCallbacks();
    return { callSid: leg.callSid, recordingSid: started.body.recordingSid };
  }

  it("accepts the first recording's callbacks that come after the new leg started, without touching the new leg's state", async () => {
    const call = await recordedCall();
    // The customer is reached on a new leg while the first one is still up, then the first one ends.
    const second = await recordSecondLeg(call);
    emulator.hangUp(call.customerCallSid);
    expect((await twilioReports(call.taskSid, call.customerCallSid, call.recordingSid, 'completed')).status).toBe(200);
    expect(stateOf(call.taskSid)).toEqual({
      status: 'in-progress',
      recording_sid: second.recordingSid,
      call_sid: second.callSid,
      started_by: 'plugin-request',
      earlier_recording_sids: [call.recordingSid],
      updated_at: expect.any(String),
    });

    // Replays of the first recording's callbacks: 200, nothing written, the state stays the new leg's.
    const before = emulator.getTask(call.taskSid);
    for (const status of ['completed', 'in-progress', 'absent']) {
      const replay = await sendCallback(call.taskSid, paramsFor(call.customerCallSid, call.recordingSid, status));
      expect(replay).toEqual({ status: 200, body: { taskSid: call.taskSid, status: 'in-progress', updated: false } });
    }
    expect(emulator.getTask(call.taskSid).etag).toBe(before.etag);

    // The new leg ends: its recording's final state is written; both recordings stay linked, first one first.
    emulator.advanceClock(30_000);
    emulator.hangUp(second.callSid);
    expect((await twilioReports(call.taskSid, second.callSid, second.recordingSid, 'completed')).status).toBe(200);
    // The Functions asked Twilio for no callback on either recording's happy path.
    expect(deliveries()).toEqual([]);
    expect(stateOf(call.taskSid)).toMatchObject({
      status: 'completed',
      recording_sid: second.recordingSid,
      call_sid: second.callSid,
      url: `https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${second.recordingSid}`,
      duration_seconds: 30,
      earlier_recording_sids: [call.recordingSid],
    });
    const media = (emulator.getTask(call.taskSid).attributes.conversations as { media: Array<{ url: string }> }).media;
    expect(media.map((m) => m.url.split('/').at(-1))).toEqual([call.recordingSid, second.recordingSid]);
  });

  it("accepts the new leg's callbacks when the first leg had ended first (its in-progress callback may beat the link)", async () => {
    const call = await recordedCall();
    emulator.hangUp(call.customerCallSid);
    await twilioReports(call.taskSid, call.customerCallSid, call.recordingSid, 'completed');
    expect(stateOf(call.taskSid)).toMatchObject({ status: 'completed', recording_sid: call.recordingSid });
    const second = await recordSecondLeg(call);
    // The new recording's in-progress (asked for by an earlier version) after its start: accepted, nothing new.
    expect(await twilioReports(call.taskSid, second.callSid, second.recordingSid, 'in-progress')).toMatchObject({ status: 200, body: { status: 'in-progress' } });
    expect(stateOf(call.taskSid)).toMatchObject({ status: 'in-progress', recording_sid: second.recordingSid, earlier_recording_sids: [call.recordingSid] });
    // A replay of the second start changes nothing.
    const before = emulator.getTask(call.taskSid);
    expect(await start({ ...call.request, CallSid: second.callSid })).toEqual({ status: 200, body: { recordingSid: second.recordingSid, status: 'in-progress' } });
    expect(emulator.getTask(call.taskSid).etag).toBe(before.etag);
    expect(emulator.requests({ routeId: 'CreateCallRecording' })).toHaveLength(2);
  });

  it("still refuses (409) a recording of a call that is not this task's customer leg, whatever the task's state", async () => {
    const call = await recordedCall();
    emulator.hangUp(call.customerCallSid);
    await twilioReports(call.taskSid, call.customerCallSid, call.recordingSid, 'completed');
    // Another task's customer (the same number, another conference), and an external party in this conference.
    const other = await recordedCall();
    const external = emulator.addParticipant(call.conferenceSid, { to: '+442071234567', from: call.callerId });
    const client = twilio(emulator.accountSid, emulator.authToken, { httpClient: new LocalTwilioRequestClient(emulator.baseUrl) });
    const externalRecording = await client.calls(external.callSid).recordings.create({ recordingChannels: 'dual' });
    const before = emulator.getTask(call.taskSid);
    for (const params of [
      paramsFor(other.customerCallSid, other.recordingSid, 'in-progress'),
      paramsFor(external.callSid, externalRecording.sid, 'in-progress'),
    ]) {
      expect(await sendCallback(call.taskSid, params)).toEqual({ status: 409, body: { error: { code: 'recording_mismatch', message: expect.any(String) } } });
    }
    expect(emulator.getTask(call.taskSid).etag).toBe(before.etag);
    expect(stateOf(call.taskSid)).toMatchObject({ status: 'completed', recording_sid: call.recordingSid });
  });
});
