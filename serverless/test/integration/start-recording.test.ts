import { MAX_MERGE_ATTEMPTS } from '../../src/recording/task-attribute-merge';
import { coreFor, instantRetry, outboundCall, type TwilioEmulator, useEmulator } from '../support/emulated-functions';

let emulator: TwilioEmulator;
useEmulator((started) => (emulator = started));

/** Voice and TaskRouter requests: what the Functions do on a caller's behalf once authenticated. */
function actingRequests() {
  return emulator.requests().filter((r) => r.hostKind !== 'iam');
}

function creates() {
  return emulator.requests({ routeId: 'CreateCallRecording' });
}

describe('authentication', () => {
  it('refuses a missing token without any Twilio request', async () => {
    const call = outboundCall(emulator);
    emulator.clearRequests();
    const outcome = await coreFor(emulator)({ ...call.request, Token: undefined });
    expect(outcome).toEqual({ ok: false, code: 'token_missing', message: expect.any(String) });
    expect(emulator.requests()).toHaveLength(0);
  });

  it('refuses a token that is not even shaped like one without asking Twilio', async () => {
    const call = outboundCall(emulator);
    emulator.clearRequests();
    for (const Token of ['abc', 'a.b.c', ['x'], { token: 1 }, 'x'.repeat(9000)]) {
      expect(await coreFor(emulator)({ ...call.request, Token })).toMatchObject({ ok: false, code: 'token_invalid' });
    }
    expect(emulator.requests()).toHaveLength(0);
  });

  it('refuses a forged token: only the validation request is made', async () => {
    const call = outboundCall(emulator);
    emulator.clearRequests();
    const forged = 'eyJ6aXAiOiJERUYifQ.AAAA.BBBB.CCCC.DDDD';
    const outcome = await coreFor(emulator)({ ...call.request, Token: forged });
    expect(outcome).toMatchObject({ ok: false, code: 'token_invalid' });
    expect(emulator.requests().map((r) => r.routeId)).toEqual(['ValidateToken']);
    expect(emulator.requests()[0].json).toEqual({ token: forged });
  });

  it('refuses an expired token and acts on nothing', async () => {
    const call = outboundCall(emulator);
    emulator.expireFlexToken(call.token);
    emulator.clearRequests();
    const outcome = await coreFor(emulator)(call.request);
    expect(outcome).toMatchObject({ ok: false, code: 'token_invalid' });
    expect(actingRequests()).toHaveLength(0);
    expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(0);
  });

  it('refuses a token that belongs to no worker', async () => {
    const call = outboundCall(emulator);
    const adminToken = emulator.issueFlexToken({ workerSid: '', identity: 'admin', roles: ['admin'] });
    const outcome = await coreFor(emulator)({ ...call.request, Token: adminToken });
    expect(outcome).toMatchObject({ ok: false, code: 'token_invalid', message: expect.stringMatching(/worker/) });
    expect(actingRequests()).toHaveLength(0);
  });

  it('validates the token with the account credentials (Basic auth with the API key)', async () => {
    const call = outboundCall(emulator);
    emulator.clearRequests();
    await coreFor(emulator)(call.request);
    const [validation] = emulator.requests({ routeId: 'ValidateToken' });
    const basic = Buffer.from(`${emulator.apiKeySid}:${emulator.apiKeySecret}`).toString('base64');
    expect(validation.headers.authorization).toBe(`Basic ${basic}`);
    expect(validation.path).toBe(`/v1/Accounts/${emulator.accountSid}/Tokens/validate`);
  });
});

describe('input validation', () => {
  it.each([
    ['TaskSid', 'WT123', /TaskSid must be "WT"/],
    ['TaskSid', undefined, /TaskSid is required/],
    ['CallSid', 'CA' + 'G'.repeat(32), /CallSid must be "CA"/],
    ['CallSid', 'CA../../Accounts', /CallSid must be/],
    ['ConferenceSid', 'WT' + '0'.repeat(32), /ConferenceSid must be "CF"/],
    ['ConferenceSid', ['CF' + '0'.repeat(32)], /ConferenceSid must be/],
  ])('refuses %s=%j with a clear message and no acting request', async (field, value, message) => {
    const call = outboundCall(emulator);
    emulator.clearRequests();
    const outcome = await coreFor(emulator)({ ...call.request, [field]: value });
    expect(outcome).toEqual({ ok: false, code: 'invalid_request', message: expect.stringMatching(message) });
    expect(actingRequests()).toHaveLength(0);
  });
});

describe('authorization', () => {
  it("refuses another agent's task", async () => {
    const mine = outboundCall(emulator, { identity: 'alice' });
    const theirs = outboundCall(emulator, { identity: 'bob' });
    const outcome = await coreFor(emulator)({ ...theirs.request, Token: mine.token });
    expect(outcome).toMatchObject({ ok: false, code: 'task_not_held' });
    expect(creates()).toHaveLength(0);
  });

  it("refuses a call from another task's conference", async () => {
    const mine = outboundCall(emulator, { identity: 'alice' });
    const other = outboundCall(emulator, { identity: 'bob' });
    const outcome = await coreFor(emulator)({ ...mine.request, CallSid: other.customerCallSid });
    expect(outcome).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    expect(creates()).toHaveLength(0);
  });

  it("refuses another task's conference even with its own customer call", async () => {
    const mine = outboundCall(emulator, { identity: 'alice' });
    const other = outboundCall(emulator, { identity: 'bob' });
    const outcome = await coreFor(emulator)({ ...mine.request, CallSid: other.customerCallSid, ConferenceSid: other.conferenceSid });
    expect(outcome).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
  });

  it("refuses to record the agent's own leg", async () => {
    const call = outboundCall(emulator);
    const outcome = await coreFor(emulator)({ ...call.request, CallSid: call.workerCallSid });
    expect(outcome).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    expect(emulator.recordingsForCall(call.workerCallSid)).toHaveLength(0);
  });

  it('refuses to record a warm-transfer target or external participant', async () => {
    const call = outboundCall(emulator);
    const external = emulator.addParticipant(call.conferenceSid, { to: '+442071234567', from: '+14155550199' });
    const agent = emulator.addParticipant(call.conferenceSid, { to: 'client:bob' });
    for (const CallSid of [external.callSid, agent.callSid]) {
      expect(await coreFor(emulator)({ ...call.request, CallSid })).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    }
    expect(creates()).toHaveLength(0);
  });

  it('refuses a task whose reservation was not accepted (still pending)', async () => {
    const call = outboundCall(emulator);
    emulator.setReservationStatus(call.reservationSid, 'pending');
    expect(await coreFor(emulator)(call.request)).toMatchObject({ ok: false, code: 'task_not_held' });
  });

  it('checks task, reservation, conference, participant, call and recordings concurrently, after the token', async () => {
    const call = outboundCall(emulator);
    emulator.clearRequests();
    emulator.setLatency(40);
    try {
      await coreFor(emulator)(call.request);
    } finally {
      emulator.setLatency(0);
    }
    const log = emulator.requests();
    expect(log.map((r) => r.routeId)).toEqual([
      'ValidateToken',
      ...[
        'FetchCall',
        'FetchConference',
        'FetchParticipant',
        'FetchTask',
        'ListCallRecording',
        'ListTaskReservation',
      ].map(() => expect.any(String)),
      'CreateCallRecording',
      // The claim and the link in one If-Match write (claim-recording.ts): no look after the create.
      'UpdateTask',
    ]);
    const lookups = log.slice(1, 7);
    expect(lookups.map((r) => r.routeId).sort()).toEqual(
      ['FetchCall', 'FetchConference', 'FetchParticipant', 'FetchTask', 'ListCallRecording', 'ListTaskReservation'].sort(),
    );
    // All six look-ups arrive before the first of them can have been answered (40 ms latency each).
    const spread = Math.max(...lookups.map((r) => r.at.getTime())) - Math.min(...lookups.map((r) => r.at.getTime()));
    expect(spread).toBeLessThan(40);
  });
});

describe('starting the recording', () => {
  it('creates one dual-channel recording on the customer leg, with the exact REST request', async () => {
    const call = outboundCall(emulator);
    const outcome = await coreFor(emulator)(call.request);
    const [recording] = emulator.recordingsForCall(call.customerCallSid);
    expect(outcome).toEqual({ ok: true, value: { recordingSid: recording.sid, status: 'in-progress' } });
    expect(recording).toMatchObject({ channels: 2, status: 'in-progress' });
    const [create] = creates();
    expect(create.method).toBe('POST');
    expect(create.path).toBe(`/2010-04-01/Accounts/${emulator.accountSid}/Calls/${call.customerCallSid}/Recordings.json`);
    expect(create.form).toEqual({ RecordingChannels: 'dual' });
  });

  it('asks for the absent status callback only when a callback URL is configured', async () => {
    const call = outboundCall(emulator);
    await coreFor(emulator, { RECORDING_STATUS_CALLBACK_URL: 'https://rec-1234.twil.io/recording/status' })(call.request);
    const [create] = creates();
    expect(create.form).toEqual({
      RecordingChannels: 'dual',
      // The task SID rides in the signed URL, binding every callback of this recording to its task.
      RecordingStatusCallback: `https://rec-1234.twil.io/recording/status?TaskSid=${call.taskSid}`,
      // Only the event that changes something: the start itself writes in-progress (README "Request budget").
      RecordingStatusCallbackEvent: 'absent',
    });
  });

  it('starts exactly one recording when the start is requested twice (a reload)', async () => {
    const call = outboundCall(emulator);
    const first = await coreFor(emulator)(call.request);
    const second = await coreFor(emulator)(call.request);
    expect(second).toEqual(first);
    expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
    expect(creates()).toHaveLength(1);
  });

  it('reuses a paused recording instead of starting a second one', async () => {
    const call = outboundCall(emulator);
    const first = await coreFor(emulator)(call.request);
    const recordingSid = first.ok ? first.value.recordingSid : '';
    emulator.clearRequests();
    await pauseRecording(call.customerCallSid, recordingSid);
    const again = await coreFor(emulator)(call.request);
    expect(again).toEqual({ ok: true, value: { recordingSid, status: 'paused' } });
    expect(creates()).toHaveLength(0);
  });

  it('retries a 429 from Twilio and still creates exactly one recording', async () => {
    const call = outboundCall(emulator);
    const delays: number[] = [];
    emulator.injectFault({ method: 'POST', pathPattern: /\/Recordings\.json$/, status: 429, code: 20429, message: 'Too Many Requests', times: 2 });
    const outcome = await coreFor(emulator, {}, instantRetry(delays))(call.request);
    expect(outcome.ok).toBe(true);
    expect(creates().map((r) => r.status)).toEqual([429, 429, 201]);
    expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
    expect(delays).toHaveLength(2);
    expect(delays.every((ms) => ms >= 0 && ms <= 1000)).toBe(true);
  });

  it('answers rate_limited when Twilio keeps refusing, after a bounded number of attempts', async () => {
    const call = outboundCall(emulator);
    emulator.injectFault({ method: 'POST', pathPattern: /\/Recordings\.json$/, status: 429, code: 20429, message: 'Too Many Requests', times: 10 });
    const outcome = await coreFor(emulator)(call.request);
    expect(outcome).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(creates()).toHaveLength(3);
  });

  it('retries 5xx on look-ups', async () => {
    const call = outboundCall(emulator);
    emulator.injectFault({ method: 'GET', host: 'taskrouter', status: 503, code: 20503, message: 'Service Unavailable', times: 2 });
    expect((await coreFor(emulator)(call.request)).ok).toBe(true);
  });

  it('looks before creating again after a 5xx on create, so a create that went through is not doubled', async () => {
    const call = outboundCall(emulator);
    // The create reaches Twilio and is carried out, but the answer is lost (a 502 from a proxy).
    emulator.beforeHandle({ method: 'POST', pathPattern: /\/Recordings\.json$/, times: 1 }, () => {
      emulator.injectFault({ method: 'POST', pathPattern: /\/Recordings\.json$/, status: 502, code: 20500, message: 'Bad Gateway', times: 1 });
    });
    const outcome = await coreFor(emulator)(call.request);
    expect(outcome.ok).toBe(true);
    expect(emulator.recordingsForCall(call.customerCallSid).length).toBeLessThanOrEqual(1);
  });

  it('answers a customer who hung up before the request like any call not shown to be theirs (403), and writes nothing', async () => {
    const call = outboundCall(emulator);
    emulator.hangUp(call.customerCallSid);
    emulator.clearRequests();
    const outcome = await coreFor(emulator)(call.request);
    // The ended leg has left the conference: nothing Twilio lists ties it to the task any more.
    expect(outcome).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    expect(creates()).toHaveLength(0);
    // Validation and six look-ups; no write.
    expect(emulator.requests().length).toBeLessThanOrEqual(7);
    expect(emulator.requests({ routeId: 'UpdateTask' })).toHaveLength(0);
    expect(emulator.getTask(call.taskSid).attributes.call_recording).toBeUndefined();
  });

  it('maps Twilio 21220 on create (hang-up between the checks and the create) to call_not_in_progress, once', async () => {
    const call = outboundCall(emulator);
    emulator.beforeHandle({ method: 'POST', pathPattern: /\/Recordings\.json$/, times: 1 }, () => emulator.hangUp(call.customerCallSid));
    const outcome = await coreFor(emulator)(call.request);
    expect(outcome).toMatchObject({ ok: false, code: 'call_not_in_progress' });
    expect(creates().map((r) => [r.status, r.errorCode])).toEqual([[400, 21220]]);
    expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'not-recorded', reason_code: 'call_not_in_progress' });
  });

  it('tells supervisors why when Twilio keeps failing the create, and keeps everyone else\'s attributes', async () => {
    const call = outboundCall(emulator);
    emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, crm_id: 'C-42' });
    emulator.injectFault({ method: 'POST', pathPattern: /\/Recordings\.json$/, status: 503, times: 3 });
    const outcome = await coreFor(emulator)(call.request);
    expect(outcome).toMatchObject({ ok: false, code: 'twilio_unavailable' });
    const attributes = emulator.getTask(call.taskSid).attributes;
    expect(attributes.call_recording).toMatchObject({ status: 'not-recorded', reason_code: 'twilio_unavailable', reason: expect.stringMatching(/Twilio/) });
    expect(attributes.crm_id).toBe('C-42');
  });

  it('writes nothing for a caller who does not hold the task', async () => {
    const mine = outboundCall(emulator, { identity: 'alice' });
    const theirs = outboundCall(emulator, { identity: 'bob' });
    emulator.hangUp(theirs.customerCallSid);
    await coreFor(emulator)({ ...theirs.request, Token: mine.token });
    expect(emulator.getTask(theirs.taskSid).attributes.call_recording).toBeUndefined();
    expect(emulator.requests({ routeId: 'UpdateTask' })).toHaveLength(0);
  });

  it('answers customer_not_answered (retryable, not call_not_in_progress) while the listed customer leg rings, and writes nothing', async () => {
    const call = outboundCall(emulator, { answered: false, customerListedWhileRinging: true });
    expect(await coreFor(emulator)(call.request)).toMatchObject({ ok: false, code: 'customer_not_answered', message: expect.stringMatching(/not answered/) });
    expect(creates()).toHaveLength(0);
    expect(emulator.requests({ routeId: 'UpdateTask' })).toHaveLength(0);
    expect(emulator.getTask(call.taskSid).attributes.call_recording).toBeUndefined();
  });

  it('reports misconfiguration when Twilio refuses the credentials', async () => {
    const call = outboundCall(emulator);
    const outcome = await coreFor(emulator, { API_SECRET: 'wrong' })(call.request);
    expect(outcome).toMatchObject({ ok: false, code: 'misconfigured' });
  });
});

describe('linking the recording into the task for Flex Insights', () => {
  it('merges conversations.media, call_sid and the conference into the task attributes', async () => {
    const call = outboundCall(emulator);
    const before = emulator.getTask(call.taskSid).attributes;
    const outcome = await coreFor(emulator)(call.request);
    const recordingSid = outcome.ok ? outcome.value.recordingSid : '';
    const [recording] = emulator.recordingsForCall(call.customerCallSid);
    const after = emulator.getTask(call.taskSid).attributes;
    expect(after).toEqual({
      ...before,
      conversations: {
        ...(before.conversations as object),
        media: [
          {
            url: `https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${recordingSid}`,
            type: 'VoiceRecording',
            start_time: Math.floor(recording.startTime.getTime() / 1000) * 1000,
            channels: ['customer', 'others'],
          },
        ],
      },
      call_sid: call.customerCallSid,
      conference: { sid: call.conferenceSid, participants: { customer: call.customerCallSid } },
      call_recording: { status: 'in-progress', recording_sid: recordingSid, call_sid: call.customerCallSid, started_by: 'plugin-request', updated_at: expect.any(String) },
    });
  });

  it('sends If-Match with the ETag it read', async () => {
    const call = outboundCall(emulator);
    const etag = emulator.getTask(call.taskSid).etag;
    await coreFor(emulator)(call.request);
    const [update] = emulator.requests({ routeId: 'UpdateTask' });
    expect(String(update.headers['if-match']).replace(/"/g, '')).toBe(etag);
  });

  it("keeps a concurrent writer's change (412, re-read, merge again)", async () => {
    const call = outboundCall(emulator);
    emulator.beforeHandle({ method: 'POST', host: 'taskrouter', times: 1 }, () => {
      const current = emulator.getTask(call.taskSid).attributes;
      emulator.setTaskAttributes(call.taskSid, { ...current, crm_id: 'CRM-42', conversations: { ...(current.conversations as object), outcome: 'callback' } });
    });
    const outcome = await coreFor(emulator)(call.request);
    expect(outcome.ok).toBe(true);
    const updates = emulator.requests({ routeId: 'UpdateTask' });
    expect(updates.map((r) => r.status)).toEqual([412, 200]);
    const attributes = emulator.getTask(call.taskSid).attributes;
    expect(attributes.crm_id).toBe('CRM-42');
    expect(attributes.conversations).toMatchObject({ outcome: 'callback', media: [expect.objectContaining({ type: 'VoiceRecording' })] });
  });

  it('gives up after repeated 412s with a retryable error, and a retry then links once', async () => {
    const call = outboundCall(emulator);
    emulator.beforeHandle({ method: 'POST', host: 'taskrouter', times: MAX_MERGE_ATTEMPTS }, () => {
      emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, touched: Date.now() });
    });
    expect(await coreFor(emulator)(call.request)).toMatchObject({ ok: false, code: 'twilio_unavailable' });
    expect(await coreFor(emulator)(call.request)).toMatchObject({ ok: true });
    const media = (emulator.getTask(call.taskSid).attributes.conversations as { media: unknown[] }).media;
    expect(media).toHaveLength(1);
    expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
  });

  it('records the paused state when a start finds the recording paused (a reload while paused)', async () => {
    const call = outboundCall(emulator);
    const first = await coreFor(emulator)(call.request);
    const recordingSid = first.ok ? first.value.recordingSid : '';
    await pauseRecording(call.customerCallSid, recordingSid);
    await coreFor(emulator)(call.request);
    expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'paused', recording_sid: recordingSid });
  });

  it('does not write the task again when the link is already there', async () => {
    const call = outboundCall(emulator);
    await coreFor(emulator)(call.request);
    emulator.clearRequests();
    await coreFor(emulator)(call.request);
    expect(emulator.requests({ routeId: 'UpdateTask' })).toHaveLength(0);
  });

  it('answers with the recording SID and status only', async () => {
    const call = outboundCall(emulator);
    const outcome = await coreFor(emulator)(call.request);
    expect(outcome.ok && Object.keys(outcome.value).sort()).toEqual(['recordingSid', 'status']);
  });
});

async function pauseRecording(callSid: string, recordingSid: string) {
  const body = new URLSearchParams({ Status: 'paused', PauseBehavior: 'skip' });
  const auth = Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString('base64');
  const response = await fetch(`${emulator.baseUrl}/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Calls/${callSid}/Recordings/${recordingSid}.json`, {
    method: 'POST',
    headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  expect(response.status).toBe(200);
}
