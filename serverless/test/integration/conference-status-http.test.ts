import { twilioSignature } from '../../emulator';
import type { FunctionsServer } from '../../sandbox/functions-server';
import { outboundCall, type TwilioEmulator } from '../support/emulated-functions';
import { serveFunctionsOverHttp } from '../support/functions-over-http';

/**
 * POST /recording/conference-status in twilio-run: only Twilio's signed callbacks are acted on; a customer's
 * join records; everything else is a quick 200 that writes nothing.
 */
let emulator: TwilioEmulator;
let functions: FunctionsServer;
serveFunctionsOverHttp({ warm: true }, (servers) => ({ emulator, functions } = servers));

function joinParams(call: { conferenceSid: string; taskSid: string }, callSid: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: emulator.accountSid,
    ConferenceSid: call.conferenceSid,
    FriendlyName: call.taskSid,
    CallSid: callSid,
    StatusCallbackEvent: 'participant-join',
    SequenceNumber: '2',
    Timestamp: new Date().toUTCString(),
    Muted: 'false',
    Hold: 'false',
    Coaching: 'false',
    EndConferenceOnExit: 'true',
    StartConferenceOnEnter: 'true',
    ...extra,
  };
}

/** As Twilio would post it to the URL the plugin named (this machine, by either loopback name). */
async function post(params: Record<string, string>, options: { signature?: string | null; host?: string } = {}) {
  const port = new URL(functions.url).port;
  const url = `http://${options.host ?? 'localhost'}:${port}/recording/conference-status`;
  const signature = options.signature === undefined ? twilioSignature(emulator.authToken, url, params) : options.signature;
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['X-Twilio-Signature'] = signature;
  const response = await fetch(`${functions.url}/recording/conference-status`, { method: 'POST', headers, body: new URLSearchParams(params) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

it("records the customer's leg from Twilio's signed participant-join", async () => {
  const call = outboundCall(emulator);
  const answer = await post(joinParams(call, call.customerCallSid));
  const [recording] = emulator.recordingsForCall(call.customerCallSid);
  expect(answer).toEqual({ status: 200, body: { recorded: true, recordingSid: recording.sid, status: 'in-progress' } });
});

it('accepts the URL named by 127.0.0.1 as well as localhost (both are the local runtime)', async () => {
  const call = outboundCall(emulator);
  expect((await post(joinParams(call, call.customerCallSid), { host: '127.0.0.1' })).body).toMatchObject({ recorded: true });
});

it('refuses unsigned, wrongly signed and altered callbacks with 403 and asks Twilio nothing', async () => {
  const call = outboundCall(emulator);
  emulator.clearRequests();
  const params = joinParams(call, call.customerCallSid);
  const signed = twilioSignature(emulator.authToken, `http://localhost:${new URL(functions.url).port}/recording/conference-status`, params);
  for (const attempt of [
    await post(params, { signature: null }),
    await post(params, { signature: 'bm90IGEgc2lnbmF0dXJl' }),
    await post({ ...params, FriendlyName: 'WT' + '0'.repeat(32) }, { signature: signed }),
    await post(params, { signature: twilioSignature('f'.repeat(32), 'http://localhost/recording/conference-status', params) }),
  ]) {
    expect(attempt).toEqual({ status: 403, body: { error: { code: 'signature_invalid', message: expect.any(String) } } });
  }
  expect(emulator.requests()).toEqual([]);
  expect(emulator.recordingsForCall(call.customerCallSid)).toEqual([]);
});

it("answers 200 and writes nothing for a conference that is not a Flex task's, or a leg that is not the customer's", async () => {
  const call = outboundCall(emulator);
  emulator.clearRequests();
  expect(await post(joinParams(call, call.customerCallSid, { FriendlyName: 'support-bridge' }))).toEqual({ status: 200, body: { recorded: false, ignored: expect.any(String) } });
  expect(await post(joinParams(call, call.workerCallSid))).toEqual({ status: 200, body: { recorded: false, ignored: expect.any(String) } });
  expect(emulator.requests().filter((r) => r.method !== 'GET')).toEqual([]);
});

it('is harmless when replayed: one recording, one link', async () => {
  const call = outboundCall(emulator);
  const params = joinParams(call, call.customerCallSid);
  const first = await post(params);
  const second = await post(params);
  expect(second).toEqual(first);
  expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
  expect((emulator.getTask(call.taskSid).attributes.conversations as { media: unknown[] }).media).toHaveLength(1);
});

it('refuses a callback for another account', async () => {
  const call = outboundCall(emulator);
  expect(await post(joinParams(call, call.customerCallSid, { AccountSid: 'AC' + '0'.repeat(32) }))).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
});

describe("end to end: the conference callback the plugin asks for, sent by the emulator as Twilio would", () => {
  it("records the customer's leg when the customer answers, with no request from the agent's browser", async () => {
    const call = emulator.placeOutboundCall({
      workerIdentity: 'alice',
      customerNumber: '+14155550100',
      callerId: '+14155550199',
      conferenceOptions: { conferenceStatusCallback: `${functions.url}/recording/conference-status`, conferenceStatusCallbackEvent: 'join', conferenceStatusCallbackMethod: 'POST' },
    });
    await emulator.flushStatusCallbacks();
    // The agent's join was reported and ignored.
    expect(emulator.recordingsForCall(call.customerCallSid)).toEqual([]);
    emulator.answerCall(call.customerCallSid);
    await emulator.flushStatusCallbacks();
    const [recording] = emulator.recordingsForCall(call.customerCallSid);
    expect(recording).toMatchObject({ channels: 2, status: 'in-progress' });
    expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'in-progress', recording_sid: recording.sid });
    const delivered = emulator.conferenceCallbacks(call.conferenceSid).map((c) => [c.params.StatusCallbackEvent, c.delivery.state, c.delivery.httpStatus]);
    expect(delivered).toEqual([
      ['participant-join', 'delivered', 200],
      ['participant-join', 'delivered', 200],
    ]);
  });
});
