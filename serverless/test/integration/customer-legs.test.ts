import { ERROR_STATUS, RETRYABLE_ERROR_CODES, type RecordingControlAction } from 'plugin-outbound-recording/contract';
import { controlRecording } from '../../src/recording/control-recording';
import { createTwilioGateway } from '../../src/twilio/twilio-gateway';
import { configFor, coreFor, instantRetry, outboundCall, type TwilioEmulator, useEmulator } from '../support/emulated-functions';

/**
 * The customer's leg over its life, through the real twilio library against the emulator:
 * - a start asked while the leg still rings (Flex shows a participant `joined` as soon as its leg is
 *   added) is answered `customer_not_answered`, retryable, and changes nothing;
 * - "the recording follows the customer": when the customer's leg ends and a new customer leg joins the
 *   same task's conference, that leg is recorded too and both recordings are linked, first one first.
 */
let emulator: TwilioEmulator;

useEmulator((started) => (emulator = started));

const CUSTOMER = '+14155550100';
const CALLER_ID = '+14155550199';

const creates = () => emulator.requests({ routeId: 'CreateCallRecording' });
const taskWrites = () => emulator.requests({ routeId: 'UpdateTask' });
const attributesOf = (taskSid: string) => emulator.getTask(taskSid).attributes;
const stateOf = (taskSid: string) => attributesOf(taskSid).call_recording as Record<string, unknown> | undefined;
const mediaUrls = (taskSid: string) =>
  (((attributesOf(taskSid).conversations as { media?: Array<{ url: string }> } | undefined)?.media ?? []) as Array<{ url: string }>).map((m) => m.url);
const urlOf = (recordingSid: string) => `https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${recordingSid}`;

function control(action: RecordingControlAction, input: Record<string, unknown>) {
  return controlRecording({ twilio: createTwilioGateway(configFor(emulator)), retry: instantRetry() }, action, input);
}

/** An outbound call whose customer leg still rings; `listed`: Twilio already lists it as a (ringing) participant. */
function ringingCall(listed: boolean) {
  const call = emulator.placeOutboundCall({ workerIdentity: 'alice', customerNumber: CUSTOMER, callerId: CALLER_ID, customerListedWhileRinging: listed });
  const token = emulator.issueFlexToken({ workerSid: call.workerSid, identity: call.workerIdentity, roles: ['agent'] });
  return { ...call, token, request: { Token: token, TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid } };
}

describe('a start asked while the customer has not answered yet', () => {
  it('is a contract error of its own: HTTP 409, retryable (the ended call stays final)', () => {
    expect(ERROR_STATUS.customer_not_answered).toBe(409);
    expect(RETRYABLE_ERROR_CODES.has('customer_not_answered')).toBe(true);
    expect(RETRYABLE_ERROR_CODES.has('call_not_in_progress')).toBe(false);
  });

  for (const listed of [false, true]) {
    it(`answers customer_not_answered and writes nothing (leg ${listed ? 'listed as a ringing participant' : 'not yet a participant'}); the retry after the answer records`, async () => {
      const call = ringingCall(listed);
      const before = emulator.getTask(call.taskSid);
      // Listed: shown to be this conference's leg, so it may be told it rings. Not listed yet: nothing
      // shows it is theirs, so it is answered like anyone's call (403), retryable all the same.
      const expected = listed ? 'customer_not_answered' : 'call_not_customer_leg';
      const early = await coreFor(emulator)(call.request);
      expect(early).toMatchObject({ ok: false, code: expected });
      expect(RETRYABLE_ERROR_CODES.has(expected)).toBe(true);
      expect(creates()).toHaveLength(0);
      expect(taskWrites()).toHaveLength(0);
      expect(emulator.getTask(call.taskSid).etag).toBe(before.etag);
      expect(stateOf(call.taskSid)).toBeUndefined();

      // Asked again, the same answer and still nothing written.
      expect(await coreFor(emulator)(call.request)).toMatchObject({ ok: false, code: expected });
      expect(taskWrites()).toHaveLength(0);

      emulator.answerCall(call.customerCallSid);
      const later = await coreFor(emulator)(call.request);
      expect(later).toEqual({ ok: true, value: { recordingSid: expect.stringMatching(/^RE/), status: 'in-progress' } });
      expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
      expect(stateOf(call.taskSid)).toMatchObject({ status: 'in-progress', call_sid: call.customerCallSid });
    });
  }

  it('once the ringing leg ends unanswered (it leaves the conference), is answered like a call not theirs, and nothing is written', async () => {
    const call = ringingCall(true);
    expect(await coreFor(emulator)(call.request)).toMatchObject({ ok: false, code: 'customer_not_answered' });
    emulator.hangUp(call.customerCallSid, 'no-answer');
    expect(await coreFor(emulator)(call.request)).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    expect(stateOf(call.taskSid)).toBeUndefined();
    expect(taskWrites()).toHaveLength(0);
    expect(creates()).toHaveLength(0);
  });

  it('leaves an earlier "not recorded" state as it is (no write at all)', async () => {
    const call = ringingCall(false);
    emulator.setTaskAttributes(call.taskSid, {
      ...attributesOf(call.taskSid),
      call_recording: { status: 'not-recorded', reason: 'x', reason_code: 'twilio_unavailable', updated_at: '2026-01-01T00:00:00.000Z' },
    });
    const before = emulator.getTask(call.taskSid);
    expect(await coreFor(emulator)(call.request)).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    expect(emulator.getTask(call.taskSid)).toMatchObject({ etag: before.etag, attributes: before.attributes });
  });

  it('is answered to pause and resume the same way, without touching Twilio recordings', async () => {
    const call = ringingCall(true);
    expect(await control('pause', call.request)).toMatchObject({ ok: false, code: 'customer_not_answered' });
    expect(await control('resume', call.request)).toMatchObject({ ok: false, code: 'customer_not_answered' });
    expect(emulator.requests({ routeId: 'UpdateCallRecording' })).toHaveLength(0);
    expect(taskWrites()).toHaveLength(0);
  });

  it('still refuses a ringing leg that is not the customer (a transfer target) as not the customer leg', async () => {
    const call = ringingCall(false);
    emulator.answerCall(call.customerCallSid);
    const external = emulator.addParticipant(call.conferenceSid, { to: '+442071234567', from: CALLER_ID, ringing: true, listedWhileRinging: true });
    expect(await coreFor(emulator)({ ...call.request, CallSid: external.callSid })).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
  });
});

describe('the recording follows the customer to a new leg of the same task', () => {
  /** The first customer leg, recorded, then ended; and a second customer leg dialled into the same conference. */
  async function secondLeg(options: { answered?: boolean; firstEnds?: boolean } = {}) {
    const call = outboundCall(emulator, { identity: 'alice' });
    const first = await coreFor(emulator)(call.request);
    if (!first.ok) throw new Error(`first start failed: ${first.code}`);
    if (options.firstEnds !== false) emulator.hangUp(call.customerCallSid);
    const leg = emulator.addParticipant(call.conferenceSid, { to: CUSTOMER, from: CALLER_ID, ringing: true, listedWhileRinging: true });
    if (options.answered !== false) emulator.answerCall(leg.callSid);
    return { ...call, firstRecordingSid: first.value.recordingSid, secondCallSid: leg.callSid, secondRequest: { ...call.request, CallSid: leg.callSid } };
  }

  it('records the new leg and links both recordings, first one first; call_recording describes the new leg', async () => {
    const call = await secondLeg();
    const second = await coreFor(emulator)(call.secondRequest);
    expect(second).toEqual({ ok: true, value: { recordingSid: expect.stringMatching(/^RE/), status: 'in-progress' } });
    const secondRecordingSid = second.ok ? second.value.recordingSid : '';
    expect(secondRecordingSid).not.toBe(call.firstRecordingSid);
    expect(emulator.recordingsForCall(call.secondCallSid)).toEqual([expect.objectContaining({ sid: secondRecordingSid, channels: 2, status: 'in-progress' })]);
    expect(mediaUrls(call.taskSid)).toEqual([urlOf(call.firstRecordingSid), urlOf(secondRecordingSid)]);
    expect(stateOf(call.taskSid)).toEqual({
      status: 'in-progress',
      recording_sid: secondRecordingSid,
      call_sid: call.secondCallSid,
      started_by: 'plugin-request',
      earlier_recording_sids: [call.firstRecordingSid],
      updated_at: expect.any(String),
    });
    expect((attributesOf(call.taskSid).conversations as { media: unknown[] }).media[1]).toEqual({
      url: urlOf(secondRecordingSid),
      type: 'VoiceRecording',
      start_time: expect.any(Number),
      channels: ['customer', 'others'],
    });
  });

  it('answers replays of the second start with the same recording: no third recording, no third link, nothing written', async () => {
    const call = await secondLeg();
    const second = await coreFor(emulator)(call.secondRequest);
    const recordingSid = second.ok ? second.value.recordingSid : '';
    const before = emulator.getTask(call.taskSid);
    for (let i = 0; i < 3; i += 1) {
      expect(await coreFor(emulator)(call.secondRequest)).toEqual({ ok: true, value: { recordingSid, status: 'in-progress' } });
    }
    expect(creates()).toHaveLength(2);
    expect(emulator.recordingsForCall(call.secondCallSid)).toHaveLength(1);
    expect(mediaUrls(call.taskSid)).toEqual([urlOf(call.firstRecordingSid), urlOf(recordingSid)]);
    expect(emulator.getTask(call.taskSid).etag).toBe(before.etag);
  });

  it('answers a late retry for the ended first leg 403 (it left the conference) without touching the new leg\'s state', async () => {
    const call = await secondLeg();
    const second = await coreFor(emulator)(call.secondRequest);
    const state = stateOf(call.taskSid);
    expect(await coreFor(emulator)(call.request)).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    expect(stateOf(call.taskSid)).toEqual(state);
    expect(stateOf(call.taskSid)).toMatchObject({ recording_sid: second.ok ? second.value.recordingSid : 'x' });
    expect(mediaUrls(call.taskSid)).toHaveLength(2);
  });

  it('answers customer_not_answered while the new leg rings, and writes nothing', async () => {
    const call = await secondLeg({ answered: false });
    const before = emulator.getTask(call.taskSid);
    expect(await coreFor(emulator)(call.secondRequest)).toMatchObject({ ok: false, code: 'customer_not_answered' });
    expect(emulator.getTask(call.taskSid).etag).toBe(before.etag);
    emulator.answerCall(call.secondCallSid);
    expect(await coreFor(emulator)(call.secondRequest)).toMatchObject({ ok: true });
  });

  it('also works when the new leg joins before the first one ended (both live for a moment)', async () => {
    const call = await secondLeg({ firstEnds: false });
    const second = await coreFor(emulator)(call.secondRequest);
    const recordingSid = second.ok ? second.value.recordingSid : '';
    emulator.hangUp(call.customerCallSid);
    expect(mediaUrls(call.taskSid)).toEqual([urlOf(call.firstRecordingSid), urlOf(recordingSid)]);
    expect(stateOf(call.taskSid)).toMatchObject({ status: 'in-progress', recording_sid: recordingSid, call_sid: call.secondCallSid });
    expect(await coreFor(emulator)(call.secondRequest)).toEqual({ ok: true, value: { recordingSid, status: 'in-progress' } });
  });

  it('pauses and resumes the new leg\'s recording', async () => {
    const call = await secondLeg();
    const second = await coreFor(emulator)(call.secondRequest);
    const recordingSid = second.ok ? second.value.recordingSid : '';
    expect(await control('pause', call.secondRequest)).toEqual({ ok: true, value: { recordingSid, status: 'paused' } });
    expect(stateOf(call.taskSid)).toMatchObject({ status: 'paused', recording_sid: recordingSid, earlier_recording_sids: [call.firstRecordingSid] });
    expect(await control('resume', call.secondRequest)).toEqual({ ok: true, value: { recordingSid, status: 'in-progress' } });
  });

  it('records a third leg too, all three linked in order, each earlier one listed once', async () => {
    const call = await secondLeg();
    const second = await coreFor(emulator)(call.secondRequest);
    emulator.hangUp(call.secondCallSid);
    const third = emulator.addParticipant(call.conferenceSid, { to: CUSTOMER, from: CALLER_ID });
    const started = await coreFor(emulator)({ ...call.request, CallSid: third.callSid });
    const sids = [call.firstRecordingSid, second.ok ? second.value.recordingSid : '', started.ok ? started.value.recordingSid : ''];
    expect(mediaUrls(call.taskSid)).toEqual(sids.map(urlOf));
    expect(stateOf(call.taskSid)).toMatchObject({ recording_sid: sids[2], call_sid: third.callSid, earlier_recording_sids: sids.slice(0, 2) });
  });

  it('still requires the new call to be the customer leg of the task\'s conference', async () => {
    const call = await secondLeg({ answered: false });
    emulator.answerCall(call.secondCallSid);
    // Another number in the conference (an external transfer target) is not the customer.
    const external = emulator.addParticipant(call.conferenceSid, { to: '+442071234567', from: CALLER_ID });
    expect(await coreFor(emulator)({ ...call.request, CallSid: external.callSid })).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    // A call to the customer's number that is not in this conference (another task's) is not this task's leg.
    const other = outboundCall(emulator, { identity: 'bob' });
    expect(await coreFor(emulator)({ ...call.request, CallSid: other.customerCallSid })).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    // The agent's own leg is not the customer.
    expect(await coreFor(emulator)({ ...call.request, CallSid: call.workerCallSid })).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    expect(creates()).toHaveLength(1);
    expect(mediaUrls(call.taskSid)).toEqual([urlOf(call.firstRecordingSid)]);
  });

  it('does not record the new leg when someone else linked a recording into the task meanwhile (still "recorded elsewhere")', async () => {
    const call = await secondLeg();
    const attributes = attributesOf(call.taskSid);
    const conversations = attributes.conversations as { media: unknown[] };
    const studio = { url: urlOf('RE' + '5'.repeat(32)), type: 'VoiceRecording', start_time: 1, channels: ['customer', 'others'] };
    emulator.setTaskAttributes(call.taskSid, { ...attributes, conversations: { ...conversations, media: [...conversations.media, studio] } });
    expect(await coreFor(emulator)(call.secondRequest)).toMatchObject({ ok: false, code: 'recording_excluded' });
    expect(creates()).toHaveLength(1);
  });
});
