import {
  agentCall,
  answerSummary,
  callbackParams,
  callbackUrl,
  describeRequests,
  expectRefused,
  loggedDuring,
  postCallback,
  send,
  startRecordingOf,
  taskFingerprint,
  twilioSignature,
  useServers,
  expectTwilioUse,
  type AgentCall,
} from './support';

/**
 * POST /recording/status is on the public internet too. Only Twilio's signed callbacks for the URL the
 * start Function asked for (`…/recording/status?TaskSid=WT…`) are acted on; anything unsigned, signed
 * wrongly, signed for another task or URL, altered, or carrying more than Twilio sent is 403
 * signature_invalid with nothing asked of Twilio. A genuine callback posted again changes nothing.
 */
const servers = useServers({ warm: true });

type Recorded = AgentCall & { recordingSid: string };

async function recordedCall(identity = 'alice'): Promise<Recorded> {
  const call = agentCall(servers.emulator, { identity });
  const recordingSid = await startRecordingOf(servers, call.fields);
  return { ...call, recordingSid };
}

function completedParams(call: Recorded, extra: Record<string, string> = {}) {
  return callbackParams(servers.emulator, call.customerCallSid, call.recordingSid, 'completed', { RecordingDuration: '12', ...extra });
}

async function expectSignatureRefused(act: () => ReturnType<typeof postCallback>, call: Recorded): Promise<void> {
  const before = taskFingerprint(servers.emulator, call.taskSid);
  await expectRefused(servers, act, { code: 'signature_invalid', twilio: 'none' });
  expect(taskFingerprint(servers.emulator, call.taskSid)).toEqual(before);
}

describe('forged and moved callbacks: 403 signature_invalid, nothing asked of Twilio, nothing written', () => {
  it('no X-Twilio-Signature', async () => {
    const call = await recordedCall();
    await expectSignatureRefused(() => postCallback(servers, { taskSid: call.taskSid, params: completedParams(call), signature: null }), call);
  });

  it.each([
    ['an empty signature', ''],
    ['a random base64 string', 'bm9wZSBub3BlIG5vcGUgbm9wZQ=='],
    ['not base64 at all', '<script>alert(1)</script>'],
  ])('%s', async (_name, signature) => {
    const call = await recordedCall();
    await expectSignatureRefused(() => postCallback(servers, { taskSid: call.taskSid, params: completedParams(call), signature }), call);
  });

  it('signed with the API key secret (Twilio signs with the auth token only)', async () => {
    const call = await recordedCall();
    const params = completedParams(call);
    const signature = twilioSignature(servers.emulator.apiKeySecret, callbackUrl(servers.functions, call.taskSid), params);
    await expectSignatureRefused(() => postCallback(servers, { taskSid: call.taskSid, params, signature }), call);
  });

  it("signed for another task's URL, posted to this task's (and the reverse)", async () => {
    const call = await recordedCall('alice');
    const other = await recordedCall('bob');
    const params = completedParams(call);
    await expectSignatureRefused(() => postCallback(servers, { taskSid: other.taskSid, params, signedUrl: callbackUrl(servers.functions, call.taskSid) }), other);
    await expectSignatureRefused(() => postCallback(servers, { taskSid: call.taskSid, params, signedUrl: callbackUrl(servers.functions, other.taskSid) }), call);
  });

  it('a genuine callback whose body adds a TaskSid naming another task (the body wins in the event)', async () => {
    const call = await recordedCall('alice');
    const victim = await recordedCall('bob');
    const params = completedParams(call);
    const signature = twilioSignature(servers.emulator.authToken, callbackUrl(servers.functions, call.taskSid), params);
    await expectSignatureRefused(
      () => postCallback(servers, { taskSid: call.taskSid, params, signature, body: new URLSearchParams({ ...params, TaskSid: victim.taskSid }).toString() }),
      victim,
    );
  });

  it.each([
    ['a deployed domain', (taskSid: string) => `https://outbound-recording-1234.twil.io/recording/status?TaskSid=${taskSid}`],
    ['another host for the same port', (taskSid: string, port: string) => `http://127.0.0.1:${port}/recording/status?TaskSid=${taskSid}`],
    ['another path', (taskSid: string, port: string) => `http://localhost:${port}/recording/start?TaskSid=${taskSid}`],
    ['https instead of http', (taskSid: string, port: string) => `https://localhost:${port}/recording/status?TaskSid=${taskSid}`],
    ['the URL without its query', (_taskSid: string, port: string) => `http://localhost:${port}/recording/status`],
  ])('signed for another URL (%s)', async (_name, urlFor) => {
    const call = await recordedCall();
    const port = new URL(servers.functions.url).port;
    await expectSignatureRefused(() => postCallback(servers, { taskSid: call.taskSid, params: completedParams(call), signedUrl: urlFor(call.taskSid, port) }), call);
  });

  it.each([
    ['the status', { RecordingStatus: 'absent', ErrorCode: '16101' }],
    ['the duration', { RecordingDuration: '99999' }],
    ['the recording', { RecordingSid: `RE${'1'.repeat(32)}` }],
    ['an added field', { Injected: 'yes' }],
  ])('a genuine callback with %s altered after signing', async (_name, change) => {
    const call = await recordedCall();
    const params = completedParams(call);
    const signature = twilioSignature(servers.emulator.authToken, callbackUrl(servers.functions, call.taskSid), params);
    await expectSignatureRefused(() => postCallback(servers, { taskSid: call.taskSid, params: { ...params, ...change }, signature }), call);
  });

  it.each([
    ['an extra query parameter', '&Extra=1'],
    ['a second TaskSid in the query', `&TaskSid=WT${'2'.repeat(32)}`],
  ])('a genuine callback posted with %s (Twilio signs the URL it requested, query included)', async (_name, extraQuery) => {
    const call = await recordedCall();
    await expectSignatureRefused(() => postCallback(servers, { taskSid: call.taskSid, params: completedParams(call), extraQuery }), call);
  });

  it('a query parameter shadowed by a signed body field is never what is used (refused, or the signed value wins)', async () => {
    const call = await recordedCall();
    const { result, requests } = await loggedDuring(servers.emulator, () =>
      postCallback(servers, { taskSid: call.taskSid, params: completedParams(call), extraQuery: '&RecordingStatus=absent&ErrorCode=16101' }),
    );
    // The runtime merges query and body into one event (the body wins), so a Function cannot see this
    // query; refusing it (the URL is not the one Twilio signed) is as correct as using the signed body.
    if (result.status === 403) {
      expect(result.body).toEqual({ error: { code: 'signature_invalid', message: expect.any(String) } });
      expectTwilioUse(requests, 'none');
    } else {
      expect(answerSummary(result)).toMatchObject({ status: 200, body: { taskSid: call.taskSid, status: 'completed' } });
    }
    expect(servers.emulator.getTask(call.taskSid).attributes.call_recording).not.toMatchObject({ status: 'absent' });
  });

  it("an unsigned callback whose query tries to supply the runtime's headers (request[headers][x-twilio-signature]): refused", async () => {
    const call = await recordedCall();
    const params = completedParams(call);
    const signature = twilioSignature(servers.emulator.authToken, callbackUrl(servers.functions, call.taskSid), params);
    const before = taskFingerprint(servers.emulator, call.taskSid);
    // Refused by the Function (400) or stripped by the runtime wrapper (then unsigned: 403).
    await expectRefused(
      servers,
      () =>
        postCallback(servers, {
          taskSid: call.taskSid,
          params,
          signature: null,
          extraQuery: `&request[headers][x-twilio-signature]=${encodeURIComponent(signature)}&request[headers][content-type]=application%2Fx-www-form-urlencoded&request[cookies]=`,
        }),
      { code: ['invalid_request', 'signature_invalid'], twilio: 'none' },
    );
    expect(taskFingerprint(servers.emulator, call.taskSid)).toEqual(before);
  });

  it('two X-Twilio-Signature headers (one genuine): 403', async () => {
    const call = await recordedCall();
    const params = completedParams(call);
    const genuine = twilioSignature(servers.emulator.authToken, callbackUrl(servers.functions, call.taskSid), params);
    const before = taskFingerprint(servers.emulator, call.taskSid);
    await expectRefused(
      servers,
      () =>
        send(servers.functions, `/recording/status?TaskSid=${call.taskSid}`, {
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': [genuine, 'bm9wZQ=='] },
          body: new URLSearchParams(params).toString(),
        }),
      { code: 'signature_invalid', twilio: 'none' },
    );
    expect(taskFingerprint(servers.emulator, call.taskSid)).toEqual(before);
  });

  it('a GET with the fields in the query: 403, nothing asked of Twilio', async () => {
    const call = await recordedCall();
    const query = new URLSearchParams({ TaskSid: call.taskSid, ...completedParams(call) }).toString();
    const url = `http://localhost:${new URL(servers.functions.url).port}/recording/status?${query}`;
    await expectSignatureRefused(
      () => send(servers.functions, `/recording/status?${query}`, { method: 'GET', headers: { 'X-Twilio-Signature': twilioSignature(servers.emulator.authToken, url, {}) } }),
      call,
    );
  });

  it('signed, but JSON instead of a form: refused (400 invalid_request), nothing asked of Twilio', async () => {
    const call = await recordedCall();
    const params = completedParams(call);
    const before = taskFingerprint(servers.emulator, call.taskSid);
    await expectRefused(
      servers,
      () => postCallback(servers, { taskSid: call.taskSid, params, contentType: 'application/json', body: JSON.stringify(params) }),
      { code: 'invalid_request', twilio: 'none' },
    );
    expect(taskFingerprint(servers.emulator, call.taskSid)).toEqual(before);
  });
});

describe('replays: a genuine callback posted again changes nothing and writes nothing', () => {
  /*
   * The Functions ask Twilio only for `absent` (none on the happy path); the `completed` and `in-progress`
   * callbacks here are those a recording made by an earlier version still gets: exactly what Twilio would
   * post for it (this recording's URL, its figures, signed with the account's auth token).
   */
  const genuine = (call: Recorded, status: 'completed' | 'in-progress') =>
    status === 'completed' ? completedParams(call) : callbackParams(servers.emulator, call.customerCallSid, call.recordingSid, 'in-progress');

  it('a `completed` callback, posted again (once, then five times at once): 200 updated:false, no write', async () => {
    const call = await recordedCall();
    servers.emulator.hangUp(call.customerCallSid);
    const first = await postCallback(servers, { taskSid: call.taskSid, params: genuine(call, 'completed') });
    expect(first.body).toEqual({ taskSid: call.taskSid, status: 'completed', updated: true });
    const before = taskFingerprint(servers.emulator, call.taskSid);
    const replay = () => postCallback(servers, { taskSid: call.taskSid, params: genuine(call, 'completed') });

    const once = await loggedDuring(servers.emulator, replay);
    expect(answerSummary(once.result)).toEqual({
      status: 200,
      contentType: expect.stringMatching(/^application\/json/),
      body: { taskSid: call.taskSid, status: 'completed', updated: false },
    });
    expectTwilioUse(once.requests, 'reads');

    const many = await loggedDuring(servers.emulator, () => Promise.all(Array.from({ length: 5 }, replay)));
    for (const answer of many.result) expect(answer.body).toEqual({ taskSid: call.taskSid, status: 'completed', updated: false });
    expectTwilioUse(many.requests, 'reads');
    expect(taskFingerprint(servers.emulator, call.taskSid)).toEqual(before);
  });

  it('an `in-progress` callback replayed after the recording completed: 200 updated:false, no write', async () => {
    const call = await recordedCall();
    servers.emulator.hangUp(call.customerCallSid);
    await postCallback(servers, { taskSid: call.taskSid, params: genuine(call, 'completed') });
    const before = taskFingerprint(servers.emulator, call.taskSid);
    const { result, requests } = await loggedDuring(servers.emulator, () => postCallback(servers, { taskSid: call.taskSid, params: genuine(call, 'in-progress') }));
    expect(answerSummary(result)).toMatchObject({ status: 200, body: { taskSid: call.taskSid, status: 'completed', updated: false } });
    expectTwilioUse(requests, 'reads');
    expect(taskFingerprint(servers.emulator, call.taskSid)).toEqual(before);
  });

  it('three copies of one `completed` callback posted at once (Twilio retrying while it is delivered): exactly one write', async () => {
    const call = await recordedCall();
    servers.emulator.hangUp(call.customerCallSid);
    const before = taskFingerprint(servers.emulator, call.taskSid);
    const { result, requests } = await loggedDuring(servers.emulator, () =>
      Promise.all(Array.from({ length: 3 }, () => postCallback(servers, { taskSid: call.taskSid, params: genuine(call, 'completed') }))),
    );
    for (const answer of result) expect(answerSummary(answer)).toMatchObject({ status: 200, body: { taskSid: call.taskSid } });
    const written = requests.filter((r) => r.routeId === 'UpdateTask' && r.status === 200);
    expect({ successfulTaskWrites: describeRequests(written) }).toEqual({ successfulTaskWrites: [expect.any(String)] });
    expect(taskFingerprint(servers.emulator, call.taskSid).version).toBe(before.version + 1);
    expect(servers.emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'completed', recording_sid: call.recordingSid });
  });

  it("a genuine callback of one task's recording replayed to another task's URL: 403, the other task untouched", async () => {
    const call = await recordedCall('alice');
    const other = await recordedCall('bob');
    const params = genuine(call, 'in-progress');
    const signature = twilioSignature(servers.emulator.authToken, callbackUrl(servers.functions, call.taskSid), params);
    await expectSignatureRefused(() => postCallback(servers, { taskSid: other.taskSid, params, signature }), other);
  });
});
