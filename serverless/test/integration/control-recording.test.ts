import type { RecordingControlAction } from 'plugin-outbound-recording/contract';
import { controlRecording } from '../../src/recording/control-recording';
import { createTwilioGateway } from '../../src/twilio/twilio-gateway';
import { configFor, coreFor, instantRetry, outboundCall, type TwilioEmulator, useEmulator } from '../support/emulated-functions';

/** Pause and resume through the real twilio library against the emulator, wired as the Functions wire them. */
let emulator: TwilioEmulator;

useEmulator((started) => (emulator = started));

function control(action: RecordingControlAction, input: Record<string, unknown>) {
  const config = configFor(emulator);
  return controlRecording({ twilio: createTwilioGateway(config), retry: instantRetry() }, action, input);
}

/** An answered outbound call whose recording was started the way the plugin starts it. */
async function recordedCall(identity = 'alice') {
  const call = outboundCall(emulator, { identity });
  const started = await coreFor(emulator)(call.request);
  if (!started.ok) throw new Error(`start failed: ${started.code}`);
  return { ...call, recordingSid: started.value.recordingSid };
}

const updates = () => emulator.requests({ routeId: 'UpdateCallRecording' });
const state = (taskSid: string) => emulator.getTask(taskSid).attributes.call_recording as Record<string, unknown> | undefined;

describe('pause and resume', () => {
  it('pauses the recording with the configured behaviour, then resumes it, keeping the task state in step', async () => {
    const call = await recordedCall();
    const paused = await control('pause', { ...call.request, PauseBehavior: 'skip' });
    expect(paused).toEqual({ ok: true, value: { recordingSid: call.recordingSid, status: 'paused' } });
    expect(emulator.recordingsForCall(call.customerCallSid)[0].status).toBe('paused');
    expect(updates()[0].path).toBe(`/2010-04-01/Accounts/${emulator.accountSid}/Calls/${call.customerCallSid}/Recordings/${call.recordingSid}.json`);
    expect(updates()[0].form).toEqual({ Status: 'paused', PauseBehavior: 'skip' });
    expect(state(call.taskSid)).toMatchObject({ status: 'paused', recording_sid: call.recordingSid, call_sid: call.customerCallSid });

    const resumed = await control('resume', call.request);
    expect(resumed).toEqual({ ok: true, value: { recordingSid: call.recordingSid, status: 'in-progress' } });
    expect(updates()[1].form).toEqual({ Status: 'in-progress' });
    expect(emulator.recordingsForCall(call.customerCallSid)[0].status).toBe('in-progress');
    expect(state(call.taskSid)).toMatchObject({ status: 'in-progress', recording_sid: call.recordingSid });
  });

  it('defaults to PauseBehavior=skip and accepts silence', async () => {
    const call = await recordedCall();
    await control('pause', call.request);
    expect(updates()[0].form).toEqual({ Status: 'paused', PauseBehavior: 'skip' });
    await control('resume', call.request);
    await control('pause', { ...call.request, PauseBehavior: 'silence' });
    expect(updates()[2].form).toEqual({ Status: 'paused', PauseBehavior: 'silence' });
  });

  it('is idempotent: pausing twice makes one paused recording, both answered 200, one Twilio update', async () => {
    const call = await recordedCall();
    const first = await control('pause', call.request);
    const state = emulator.getTask(call.taskSid).attributes.call_recording;
    const second = await control('pause', call.request);
    expect(second).toEqual(first);
    expect(updates()).toHaveLength(1);
    expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
    // The state is written again (a new stamp, same status): so that a concurrent write computed before
    // this request fails its If-Match (see recordObservedState).
    expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ ...(state as object), updated_at: expect.any(String) });
    // Resuming a recording that is not paused changes nothing either.
    await control('resume', call.request);
    await control('resume', call.request);
    expect(updates()).toHaveLength(2);
  });

  it("refuses another agent's task (403 task_not_held) and touches nothing", async () => {
    const mine = await recordedCall('alice');
    const theirs = await recordedCall('bob');
    emulator.clearRequests();
    const outcome = await control('pause', { ...theirs.request, Token: mine.token });
    expect(outcome).toMatchObject({ ok: false, code: 'task_not_held' });
    expect(updates()).toHaveLength(0);
    expect(emulator.requests({ routeId: 'UpdateTask' })).toHaveLength(0);
    expect(emulator.recordingsForCall(theirs.customerCallSid)[0].status).toBe('in-progress');
  });

  it("refuses a call that is not the task's customer leg", async () => {
    const call = await recordedCall();
    expect(await control('pause', { ...call.request, CallSid: call.workerCallSid })).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    expect(updates()).toHaveLength(0);
  });

  it('refuses without a valid token, without asking Twilio to act', async () => {
    const call = await recordedCall();
    emulator.clearRequests();
    expect(await control('pause', { ...call.request, Token: undefined })).toMatchObject({ ok: false, code: 'token_missing' });
    emulator.expireFlexToken(call.token);
    expect(await control('pause', call.request)).toMatchObject({ ok: false, code: 'token_invalid' });
    expect(emulator.requests().filter((r) => r.hostKind !== 'iam')).toHaveLength(0);
  });

  it('validates the fields, PauseBehavior included', async () => {
    const call = await recordedCall();
    expect(await control('pause', { ...call.request, PauseBehavior: 'mute' })).toEqual({
      ok: false,
      code: 'invalid_request',
      message: 'PauseBehavior must be one of skip, silence',
    });
    expect(await control('resume', { ...call.request, CallSid: 'CA1' })).toMatchObject({ ok: false, code: 'invalid_request' });
  });

  it('answers no_active_recording when the call was never recorded', async () => {
    const call = outboundCall(emulator);
    expect(await control('pause', call.request)).toMatchObject({ ok: false, code: 'no_active_recording' });
    expect(updates()).toHaveLength(0);
  });

  it("a resume that lands between a pause's Twilio update and its task write: the task ends saying what Twilio does", async () => {
    const call = await recordedCall();
    // The pause has paused the recording on Twilio and is about to write the task: the whole resume runs first.
    let resumed: Awaited<ReturnType<typeof control>> | undefined;
    emulator.beforeHandle({ method: 'POST', host: 'taskrouter', pathPattern: /\/Tasks\/WT[0-9a-f]{32}$/, times: 1 }, async () => {
      resumed = await control('resume', call.request);
    });
    const paused = await control('pause', call.request);
    expect(resumed).toMatchObject({ ok: true, value: { status: 'in-progress' } });
    const [recording] = emulator.recordingsForCall(call.customerCallSid);
    expect(recording.status).toBe('in-progress');
    expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'in-progress', recording_sid: recording.sid });
    // The pause answers what it wrote: the recording as Twilio has it now.
    expect(paused).toMatchObject({ ok: true, value: { status: 'in-progress' } });
  });

  it("a pause that lands between a resume's Twilio update and its task write: the task ends paused, as Twilio is", async () => {
    const call = await recordedCall();
    await control('pause', call.request);
    emulator.beforeHandle({ method: 'POST', host: 'taskrouter', pathPattern: /\/Tasks\/WT[0-9a-f]{32}$/, times: 1 }, async () => {
      await control('pause', call.request);
    });
    await control('resume', call.request);
    const [recording] = emulator.recordingsForCall(call.customerCallSid);
    expect(recording.status).toBe('paused');
    expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'paused' });
  });

  it('answers 403 call_not_customer_leg once the customer has hung up (the leg left the conference), touching nothing', async () => {
    const call = await recordedCall();
    emulator.hangUp(call.customerCallSid);
    emulator.clearRequests();
    expect(await control('pause', call.request)).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    expect(updates()).toHaveLength(0);
    expect(emulator.requests({ routeId: 'UpdateTask' })).toHaveLength(0);
  });

  it('maps Twilio 21220 (hang-up between the checks and the update) to call_not_in_progress', async () => {
    const call = await recordedCall();
    emulator.beforeHandle({ method: 'POST', pathPattern: /\/Recordings\/RE[0-9a-f]{32}\.json$/, times: 1 }, () => emulator.hangUp(call.customerCallSid));
    expect(await control('pause', call.request)).toMatchObject({ ok: false, code: 'call_not_in_progress' });
    expect(updates().map((r) => [r.status, r.errorCode])).toEqual([[400, 21220]]);
  });

  it('keeps what concurrent writers put in the task (If-Match, re-read on 412)', async () => {
    const call = await recordedCall();
    emulator.clearRequests();
    // Another writer changes the task between the authorization's read and the state write: a real 412.
    emulator.beforeHandle({ method: 'POST', host: 'taskrouter.twilio.com', times: 1 }, () => {
      emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, wrapup_note: 'card taken' });
    });
    const outcome = await control('pause', call.request);
    expect(outcome).toMatchObject({ ok: true, value: { status: 'paused' } });
    const taskWrites = emulator.requests({ routeId: 'UpdateTask' });
    expect(taskWrites.map((r) => r.status)).toEqual([412, 200]);
    const attributes = emulator.getTask(call.taskSid).attributes;
    expect(attributes.wrapup_note).toBe('card taken');
    expect(attributes.call_recording).toMatchObject({ status: 'paused' });
    expect((attributes.conversations as { media: unknown[] }).media).toHaveLength(1);
  });

  it('retries Twilio throttling of the update and still pauses once', async () => {
    const call = await recordedCall();
    emulator.injectFault({ method: 'POST', pathPattern: /\/Recordings\/RE[0-9a-f]{32}\.json$/, status: 429, times: 2 });
    expect(await control('pause', call.request)).toMatchObject({ ok: true, value: { status: 'paused' } });
    expect(updates().map((r) => r.status)).toEqual([429, 429, 200]);
  });
});

describe("Flex's native conference recording kept (NATIVE_RECORDING keep): a pause pauses every recording of the call", () => {
  /** An answered outbound call whose conference Flex also records (conferenceRecord in the accept), and ours. */
  async function recordedTwice() {
    const call = emulator.placeOutboundCall({ workerIdentity: 'alice', customerNumber: '+14155550100', callerId: '+14155550199', conferenceOptions: { conferenceRecord: true } });
    emulator.answerCall(call.customerCallSid);
    const token = emulator.issueFlexToken({ workerSid: call.workerSid, identity: call.workerIdentity, roles: ['agent'] });
    const request = { Token: token, TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid };
    const started = await coreFor(emulator)(request);
    if (!started.ok) throw new Error(`start failed: ${started.code}`);
    const [native] = emulator.conferenceRecordings(call.conferenceSid);
    return { ...call, request, recordingSid: started.value.recordingSid, nativeSid: native.sid };
  }
  const nativeStatus = (conferenceSid: string) => emulator.conferenceRecordings(conferenceSid).map((recording) => recording.status);

  it('pauses and resumes the conference recording with ours, with the same behaviour, and the task says what was paused', async () => {
    const call = await recordedTwice();
    expect(nativeStatus(call.conferenceSid)).toEqual(['in-progress']);
    const paused = await control('pause', { ...call.request, PauseBehavior: 'skip' });
    expect(paused).toEqual({ ok: true, value: { recordingSid: call.recordingSid, status: 'paused' } });
    expect(emulator.recordingsForCall(call.customerCallSid)[0].status).toBe('paused');
    expect(nativeStatus(call.conferenceSid)).toEqual(['paused']);
    expect(emulator.requests({ routeId: 'UpdateConferenceRecording' }).map((r) => r.form)).toEqual([{ Status: 'paused', PauseBehavior: 'skip' }]);
    expect(state(call.taskSid)).toMatchObject({ status: 'paused', conference_recordings: [{ recording_sid: call.nativeSid, status: 'paused' }] });

    const resumed = await control('resume', call.request);
    expect(resumed).toMatchObject({ ok: true, value: { status: 'in-progress' } });
    expect(nativeStatus(call.conferenceSid)).toEqual(['in-progress']);
    expect(state(call.taskSid)).toMatchObject({ status: 'in-progress', conference_recordings: [{ recording_sid: call.nativeSid, status: 'in-progress' }] });
  });

  it('says so when the conference recording cannot be paused: the agent must not believe the card number is kept out', async () => {
    const call = await recordedTwice();
    emulator.injectFault({ method: 'POST', pathPattern: /\/Conferences\/CF[0-9a-f]{32}\/Recordings\/RE[0-9a-f]{32}\.json$/, status: 400, code: 21220, message: 'Not in progress', times: 10 });
    const paused = await control('pause', call.request);
    expect(paused).toMatchObject({ ok: false, code: 'twilio_unavailable', message: expect.stringMatching(/Flex's conference recording could not be paused: it is still recording/) });
    // Ours is paused all the same (and says so), the conference recording is shown as it is: recording.
    expect(emulator.recordingsForCall(call.customerCallSid)[0].status).toBe('paused');
    expect(state(call.taskSid)).toMatchObject({ status: 'paused', conference_recordings: [{ recording_sid: call.nativeSid, status: 'in-progress' }] });
  });

  it('costs a call without native recording one list of the conference recordings, and writes no conference_recordings', async () => {
    const call = await recordedCall();
    await control('pause', call.request);
    expect(emulator.requests({ routeId: 'ListConferenceRecording' })).toHaveLength(1);
    expect(emulator.requests({ routeId: 'UpdateConferenceRecording' })).toHaveLength(0);
    expect(state(call.taskSid)).not.toHaveProperty('conference_recordings');
  });
});
