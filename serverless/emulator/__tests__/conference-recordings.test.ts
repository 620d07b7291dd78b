import { rawRequest, restError, useEmulator } from './helpers';

/**
 * Flex's native call recording, as the emulator models it: a conference instruction with `conferenceRecord`
 * gives the conference a recording that starts with the conference, is dual-channel (channel 1 = the first
 * participant to join) and ends with it; the Conference Recording routes read and change it.
 */
const ctx = useEmulator();

const CALLBACK = 'https://functions.example.com/native-recording-status';

/**
 * The emulator's clock is real time plus what tests advance, so a few real milliseconds pass between
 * steps: times are checked within this much.
 */
const SLACK_MS = 1_000;

/** `actual` is `expected`, or at most SLACK_MS later (times and paused milliseconds). */
function expectNear(actual: Date | number | null | undefined, expected: Date | number): void {
  const value = actual instanceof Date ? actual.getTime() : actual;
  const target = expected instanceof Date ? expected.getTime() : expected;
  expect(value).toBeGreaterThanOrEqual(target);
  expect(value).toBeLessThanOrEqual(target + SLACK_MS);
}

function listPath(conferenceSid: string): string {
  return `/api.twilio.com/2010-04-01/Accounts/${ctx.emulator.accountSid}/Conferences/${conferenceSid}/Recordings.json`;
}

function recordingPath(conferenceSid: string, sid: string): string {
  return `/api.twilio.com/2010-04-01/Accounts/${ctx.emulator.accountSid}/Conferences/${conferenceSid}/Recordings/${sid}.json`;
}

/** An outbound Flex call with native recording on, the customer answered. */
function recordedOutboundCall() {
  const call = ctx.emulator.placeOutboundCall({ conferenceOptions: { conferenceRecord: true } });
  ctx.emulator.answerCall(call.customerCallSid);
  const [recording] = ctx.emulator.conferenceRecordings(call.conferenceSid);
  if (!recording) throw new Error('expected a conference recording');
  return { call, recordingSid: recording.sid };
}

describe('when a conference gets its recording', () => {
  it('never without conferenceRecord (nor with it false / do-not-record)', async () => {
    const { emulator, client } = ctx;
    const plain = emulator.placeOutboundCall({ conferenceOptions: { endConferenceOnExit: false } });
    const off = emulator.placeOutboundCall({ conferenceOptions: { conferenceRecord: false } });
    const offString = emulator.placeOutboundCall({ conferenceOptions: { conferenceRecord: 'do-not-record' } });
    for (const call of [plain, off, offString]) {
      emulator.answerCall(call.customerCallSid);
      expect(emulator.conferenceRecordings(call.conferenceSid)).toEqual([]);
      expect(await client.conferences(call.conferenceSid).recordings.list()).toEqual([]);
    }
    expect(await client.recordings.list()).toEqual([]);
  });

  it.each([true, 'true', 'record-from-start'])('with conferenceRecord %p: when the agent joins, dual-channel, channel 1 the agent', async (value) => {
    const { emulator, client } = ctx;
    const placedAt = emulator.now();
    const call = emulator.placeOutboundCall({ conferenceOptions: { conferenceRecord: value } });
    const [atJoin] = emulator.conferenceRecordings(call.conferenceSid);
    expectNear(atJoin?.startTime, placedAt);
    expect(atJoin).toMatchObject({
      status: 'in-progress',
      channels: 2,
      source: 'Conference',
      firstJoinerCallSid: call.workerCallSid,
      channelCallSids: { 1: [call.workerCallSid], 2: [] },
      durationSeconds: null,
    });
    emulator.answerCall(call.customerCallSid);
    const [answered] = emulator.conferenceRecordings(call.conferenceSid);
    expect(answered!.channelCallSids).toEqual({ 1: [call.workerCallSid], 2: [call.customerCallSid] });

    const fetched = await client.conferences(call.conferenceSid).recordings(atJoin!.sid).fetch();
    expect(fetched).toMatchObject({
      sid: atJoin!.sid,
      callSid: null,
      conferenceSid: call.conferenceSid,
      channels: 2,
      source: 'Conference',
      status: 'in-progress',
      duration: '-1',
      errorCode: null,
      uri: `/2010-04-01/Accounts/${emulator.accountSid}/Conferences/${call.conferenceSid}/Recordings/${atJoin!.sid}.json`,
    });
    expect((await client.conferences(call.conferenceSid).recordings.list()).map((r) => r.sid)).toEqual([atJoin!.sid]);
  });

  it('on the deferred accept: nothing before acceptOutboundCall, then from the agent’s join', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ acceptLater: true });
    expect(emulator.conferenceRecordings(call.conferenceSid)).toEqual([]);
    emulator.advanceClock(2_000);
    const acceptedAt = emulator.now();
    emulator.acceptOutboundCall(call.taskSid, { endConferenceOnCustomerExit: true, conferenceRecord: true });
    const [recording] = emulator.conferenceRecordings(call.conferenceSid);
    expect(recording).toMatchObject({ status: 'in-progress', firstJoinerCallSid: call.workerCallSid });
    expectNear(recording?.startTime, acceptedAt);
  });

  it('on an inbound call channel 1 is the caller (who joined first)', () => {
    const { emulator } = ctx;
    const call = emulator.placeInboundCall({ conferenceOptions: { conferenceRecord: true } });
    const [recording] = emulator.conferenceRecordings(call.conferenceSid);
    expect(recording!.channelCallSids).toEqual({ 1: [call.customerCallSid], 2: [call.workerCallSid] });
  });

  it('asked for after the conference started: from the instruction on, channel 1 still the first joiner; once per conference', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall();
    emulator.answerCall(call.customerCallSid);
    emulator.advanceClock(4_000);
    const askedAt = emulator.now();
    emulator.applyConferenceInstruction(call.conferenceSid, { conferenceRecord: 'record-from-start' });
    emulator.applyConferenceInstruction(call.conferenceSid, { conferenceRecord: true }); // a second ask: still one recording
    const recordings = emulator.conferenceRecordings(call.conferenceSid);
    expect(recordings).toHaveLength(1);
    expect(recordings[0]).toMatchObject({ firstJoinerCallSid: call.workerCallSid });
    expectNear(recordings[0]?.startTime, askedAt);
  });

  it('a malformed conferenceRecord is refused and changes nothing (in process and over the control API)', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall();
    expect(() => emulator.applyConferenceInstruction(call.conferenceSid, { conferenceRecord: 'yes' })).toThrow(/conferenceRecord must be/);
    expect(() =>
      emulator.applyConferenceInstruction(call.conferenceSid, { conferenceRecord: true, conferenceRecordingStatusCallbackEvent: 'started' }),
    ).toThrow(/unknown event/);
    expect(emulator.conferenceInstructions(call.conferenceSid)).toEqual([]);
    expect(emulator.conferenceRecordings(call.conferenceSid)).toEqual([]);

    const response = await fetch(`${emulator.baseUrl}/_emulator/calls/outbound`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ conferenceOptions: { conferenceRecord: 'always' } }),
    });
    expect(response.status).toBe(400);
  });
});

describe('pause and resume through UpdateConferenceRecording', () => {
  it('changes the status; skip leaves paused time out of the duration, silence keeps it; pausedMs counts both', async () => {
    const { emulator, client } = ctx;
    const { call, recordingSid } = recordedOutboundCall();
    const recordings = client.conferences(call.conferenceSid).recordings;

    emulator.advanceClock(10_000);
    const paused = await recordings(recordingSid).update({ status: 'paused', pauseBehavior: 'skip' });
    expect(paused.status).toBe('paused');
    emulator.advanceClock(5_000);
    const pausedNow = emulator.conferenceRecordings(call.conferenceSid)[0];
    expect(pausedNow).toMatchObject({ status: 'paused', pauseBehavior: 'skip' });
    expectNear(pausedNow?.pausedMs, 5_000); // a pause still running counts up to now
    // Twilio.CURRENT: the conference's active recording.
    expect((await recordings('Twilio.CURRENT').update({ status: 'in-progress' })).status).toBe('in-progress');
    emulator.advanceClock(20_000);
    await recordings(recordingSid).update({ status: 'paused' }); // PauseBehavior defaults to silence
    emulator.advanceClock(3_000);
    await recordings(recordingSid).update({ status: 'in-progress' });
    emulator.advanceClock(7_000);

    emulator.hangUp(call.customerCallSid);
    emulator.hangUp(call.workerCallSid); // the last leg leaves: the conference, and its recording, end
    const [ended] = emulator.conferenceRecordings(call.conferenceSid);
    // 45 s in all, 5 s skipped; the 3 s of silence stay in the file.
    expect(ended).toMatchObject({ status: 'completed', durationSeconds: 40 });
    expectNear(ended?.pausedMs, 8_000);
    expectNear(ended?.skippedMs, 5_000);
    expect(await recordings(recordingSid).fetch()).toMatchObject({ status: 'completed', duration: '40' });
    expect(emulator.getConference(call.conferenceSid).status).toBe('completed');
  });

  it('stopped answers `stopped`, then reads completed; a stopped recording is not restarted', async () => {
    const { emulator, client } = ctx;
    const { call, recordingSid } = recordedOutboundCall();
    emulator.advanceClock(12_000);
    const stopped = await client.conferences(call.conferenceSid).recordings(recordingSid).update({ status: 'stopped' });
    expect(stopped).toMatchObject({ status: 'stopped', duration: '12' });
    expect(await client.conferences(call.conferenceSid).recordings(recordingSid).fetch()).toMatchObject({ status: 'completed', duration: '12' });
    emulator.addParticipant(call.conferenceSid, { to: '+15555550123' });
    emulator.applyConferenceInstruction(call.conferenceSid, { conferenceRecord: true });
    expect(emulator.conferenceRecordings(call.conferenceSid)).toHaveLength(1);
  });
});

describe('the end of the conference', () => {
  it('completes the recording with its duration (endConference), and reports it to conferenceRecordingStatusCallback', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({
      conferenceOptions: {
        conferenceRecord: true,
        conferenceRecordingStatusCallback: CALLBACK,
        conferenceRecordingStatusCallbackEvent: 'in-progress completed',
      },
    });
    emulator.answerCall(call.customerCallSid);
    emulator.advanceClock(30_000);
    const endedAt = emulator.now();
    emulator.endConference(call.conferenceSid);
    const [recording] = emulator.conferenceRecordings(call.conferenceSid);
    expect(recording).toMatchObject({ status: 'completed', durationSeconds: 30 });
    expectNear(recording?.endTime, endedAt);

    const callbacks = emulator.recordingCallbacks();
    expect(callbacks.map((c) => [c.event, c.url, c.method])).toEqual([
      ['in-progress', CALLBACK, 'POST'],
      ['completed', CALLBACK, 'POST'],
    ]);
    expect(callbacks[1]!.params).toEqual({
      AccountSid: emulator.accountSid,
      ConferenceSid: call.conferenceSid,
      RecordingSid: recording!.sid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${recording!.sid}`,
      RecordingStatus: 'completed',
      RecordingChannels: '2',
      RecordingStartTime: expect.stringMatching(/\+0000$/),
      RecordingSource: 'Conference',
      RecordingDuration: '30',
    });
  });

  it('refuses an update once the conference has ended (400, 21220)', async () => {
    const { emulator, client } = ctx;
    const { call, recordingSid } = recordedOutboundCall();
    emulator.endConference(call.conferenceSid);
    const error = await restError(client.conferences(call.conferenceSid).recordings(recordingSid).update({ status: 'paused' }));
    expect(error).toMatchObject({ status: 400, code: 21220 });
    // No active recording left: Twilio.CURRENT names nothing.
    expect(await restError(client.conferences(call.conferenceSid).recordings('Twilio.CURRENT').update({ status: 'stopped' }))).toMatchObject({
      status: 404,
      code: 20404,
    });
  });
});

describe('the account-wide recordings list and fetch', () => {
  it('list conference and call recordings together, newest first; ConferenceSid / CallSid filters tell them apart', async () => {
    const { emulator, client } = ctx;
    const { call, recordingSid } = recordedOutboundCall();
    emulator.advanceClock(1_000);
    const ours = await client.calls(call.customerCallSid).recordings.create({ recordingChannels: 'dual' });

    expect((await client.recordings.list()).map((r) => r.sid)).toEqual([ours.sid, recordingSid]);
    expect((await client.recordings.list({ conferenceSid: call.conferenceSid })).map((r) => r.sid)).toEqual([recordingSid]);
    expect((await client.recordings.list({ callSid: call.customerCallSid })).map((r) => r.sid)).toEqual([ours.sid]);
    const fetched = await client.recordings(recordingSid).fetch();
    expect(fetched).toMatchObject({ callSid: null, conferenceSid: call.conferenceSid, source: 'Conference', channels: 2 });
    expect(fetched.mediaUrl).toBe(`https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${recordingSid}`);
    expect(emulator.specViolations()).toEqual([]);
  });
});

describe('refused as Twilio refuses it', () => {
  it('an unknown Status or PauseBehavior, or none: 400, 20001', async () => {
    const { emulator } = ctx;
    const { call, recordingSid } = recordedOutboundCall();
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    for (const body of ['Status=pausing', 'Status=completed', 'Status=paused&PauseBehavior=mute', '']) {
      const response = await rawRequest(emulator, 'POST', recordingPath(call.conferenceSid, recordingSid), { headers: form, body });
      expect([body, response.status, response.body.code]).toEqual([body, 400, 20001]);
    }
    expect(emulator.conferenceRecordings(call.conferenceSid)[0]!.status).toBe('in-progress');
  });

  it('unknown conference or recording: 404, 20404; Twilio.CURRENT only for the update (the fetch takes an RE SID)', async () => {
    const { emulator, client } = ctx;
    const { call, recordingSid } = recordedOutboundCall();
    const other = emulator.placeOutboundCall({ conferenceOptions: { conferenceRecord: true } });
    expect(await restError(client.conferences(other.conferenceSid).recordings(recordingSid).fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await restError(client.conferences(call.conferenceSid).recordings(`RE${'0'.repeat(32)}`).fetch())).toMatchObject({ status: 404 });
    expect(await restError(client.conferences(`CF${'0'.repeat(32)}`).recordings.list())).toMatchObject({ status: 404, code: 20404 });
    expect((await rawRequest(emulator, 'GET', recordingPath(call.conferenceSid, 'Twilio.CURRENT'))).status).toBe(404);
  });

  it('deleting a running recording: 400; once ended it goes (204)', async () => {
    const { emulator, client } = ctx;
    const { call, recordingSid } = recordedOutboundCall();
    expect(await restError(client.conferences(call.conferenceSid).recordings(recordingSid).remove())).toMatchObject({ status: 400 });
    emulator.endConference(call.conferenceSid);
    expect(await client.conferences(call.conferenceSid).recordings(recordingSid).remove()).toBe(true);
    expect(await client.conferences(call.conferenceSid).recordings.list()).toEqual([]);
  });
});

describe('the list route', () => {
  it('answers the 2010 envelope with filters echoed; DateCreated filters by day', async () => {
    const { emulator } = ctx;
    const { call, recordingSid } = recordedOutboundCall();
    const today = emulator.now().toISOString().slice(0, 10);
    const page = await rawRequest(emulator, 'GET', `${listPath(call.conferenceSid)}?DateCreated=${today}&PageSize=1`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ page: 0, page_size: 1, start: 0, end: 0, next_page_uri: null, previous_page_uri: null });
    expect(page.body.recordings.map((r: { sid: string }) => r.sid)).toEqual([recordingSid]);
    expect(page.body.first_page_uri).toContain(`DateCreated=${today}`);
    const before = await rawRequest(emulator, 'GET', `${listPath(call.conferenceSid)}?${encodeURIComponent('DateCreated<')}=2000-01-01`);
    expect(before.body.recordings).toEqual([]);
    expect(emulator.specViolations()).toEqual([]);
  });
});

describe('control API', () => {
  it('GET /_emulator/conferences/{CF}/recordings lists the conference recordings for the agent desk', async () => {
    const { emulator, client } = ctx;
    const { call, recordingSid } = recordedOutboundCall();
    await client.conferences(call.conferenceSid).recordings(recordingSid).update({ status: 'paused', pauseBehavior: 'skip' });
    emulator.advanceClock(2_500);
    const response = await fetch(`${emulator.baseUrl}/_emulator/conferences/${call.conferenceSid}/recordings`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { conferenceSid: string; recordings: Array<Record<string, unknown>> };
    expect(body.conferenceSid).toBe(call.conferenceSid);
    expectNear(body.recordings[0]?.pausedMs as number, 2_500);
    expect(body.recordings).toEqual([
      expect.objectContaining({
        sid: recordingSid,
        status: 'paused',
        channels: 2,
        firstJoinerCallSid: call.workerCallSid,
        channelCallSids: { 1: [call.workerCallSid], 2: [call.customerCallSid] },
        pauseBehavior: 'skip',
        startTime: expect.stringMatching(/Z$/),
        endTime: null,
      }),
    ]);
    const unknown = await fetch(`${emulator.baseUrl}/_emulator/conferences/CF${'0'.repeat(32)}/recordings`);
    expect(unknown.status).toBe(404);
  });
});
