import { recordFromConferenceJoin, type ConferenceJoin } from '../../src/recording/conference-trigger';
import { startRecording, type StartRecordingDeps } from '../../src/recording/start-recording';
import { createTwilioGateway } from '../../src/twilio/twilio-gateway';
import { configFor, instantRetry, outboundCall, type TwilioEmulator, useEmulator } from '../support/emulated-functions';

/**
 * The server-side trigger's core (conference-trigger.ts) against the emulator, through the real twilio
 * library: Twilio's participant-join for the customer's leg records it, through the same claim as the
 * plugin's request, whichever comes first; everything else is ignored without a write.
 */
let emulator: TwilioEmulator;
useEmulator((started) => (emulator = started));

function depsFor(extra: Record<string, string> = {}): StartRecordingDeps {
  const config = configFor(emulator, extra);
  return { twilio: createTwilioGateway(config), accountSid: config.accountSid, statusCallbackUrl: config.statusCallbackUrl, policy: config.policy, retry: instantRetry() };
}

function joinOf(call: { conferenceSid: string; taskSid: string }, callSid: string, event = 'participant-join'): ConferenceJoin {
  return { conferenceSid: call.conferenceSid, friendlyName: call.taskSid, callSid, event };
}

const writes = () => emulator.requests().filter((r) => r.method === 'POST' || r.method === 'DELETE');

it("records the customer's leg when it joins: two look-ups at once, the create, one claim-and-link write", async () => {
  const call = outboundCall(emulator);
  emulator.clearRequests();
  const outcome = await recordFromConferenceJoin(depsFor(), joinOf(call, call.customerCallSid));
  const [recording] = emulator.recordingsForCall(call.customerCallSid);
  expect(outcome).toEqual({ ok: true, value: { recorded: true, recordingSid: recording.sid, status: 'in-progress' } });
  expect(recording.channels).toBe(2);
  expect(emulator.requests().map((r) => r.routeId).sort()).toEqual(['CreateCallRecording', 'FetchCall', 'FetchTask', 'UpdateTask'].sort());
  const attributes = emulator.getTask(call.taskSid).attributes;
  expect(attributes.call_recording).toMatchObject({ status: 'in-progress', recording_sid: recording.sid, call_sid: call.customerCallSid, started_by: 'conference-callback' });
  expect(JSON.stringify(attributes.conversations)).toContain(recording.sid);
});

it("ignores the agent's join, a supervisor's and an external party's, writing nothing", async () => {
  const call = outboundCall(emulator);
  const supervisor = emulator.joinAsSupervisor({ conferenceSid: call.conferenceSid, identity: 'sam' });
  const external = emulator.addExternalParty({ conferenceSid: call.conferenceSid, number: '+442071234567' });
  emulator.clearRequests();
  for (const callSid of [call.workerCallSid, supervisor.callSid, external.callSid]) {
    expect(await recordFromConferenceJoin(depsFor(), joinOf(call, callSid))).toEqual({ ok: true, value: { recorded: false, ignored: "not the customer's leg" } });
  }
  expect(writes()).toEqual([]);
  expect(emulator.recordingsForCall(call.customerCallSid)).toEqual([]);
});

it('asks Twilio nothing for a conference not named after a task, or for an event that is not a join', async () => {
  const call = outboundCall(emulator);
  emulator.clearRequests();
  expect(await recordFromConferenceJoin(depsFor(), { ...joinOf(call, call.customerCallSid), friendlyName: 'my-own-conference' })).toMatchObject({ ok: true, value: { recorded: false } });
  expect(await recordFromConferenceJoin(depsFor(), joinOf(call, call.customerCallSid, 'participant-leave'))).toMatchObject({ ok: true, value: { recorded: false } });
  expect(emulator.requests()).toEqual([]);
});

it('is harmless when replayed: no second recording, no second link, no write', async () => {
  const call = outboundCall(emulator);
  const first = await recordFromConferenceJoin(depsFor(), joinOf(call, call.customerCallSid));
  emulator.clearRequests();
  const again = await recordFromConferenceJoin(depsFor(), joinOf(call, call.customerCallSid));
  expect(again).toEqual(first);
  expect(writes()).toEqual([]);
  expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
});

it("and the plugin's later request reuses it: the call is recorded once whichever path is first", async () => {
  const call = outboundCall(emulator);
  const server = await recordFromConferenceJoin(depsFor(), joinOf(call, call.customerCallSid));
  const browser = await startRecording(depsFor(), call.request);
  expect(browser).toEqual({ ok: true, value: { recordingSid: server.ok && server.value.recorded ? server.value.recordingSid : 'x', status: 'in-progress' } });
  expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);  // Who started it stays known (npm run doctor counts it), the plugin's request notwithstanding.
  expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ started_by: 'conference-callback' });
});

it('racing the plugin\'s request (both at once, ten times): one live recording, one link, both answers name it', async () => {
  for (let round = 0; round < 10; round += 1) {
    const call = outboundCall(emulator);
    const [server, browser] = await Promise.all([recordFromConferenceJoin(depsFor(), joinOf(call, call.customerCallSid)), startRecording(depsFor(), call.request)]);
    const live = emulator.recordingsForCall(call.customerCallSid).filter((r) => r.status === 'in-progress');
    expect(live).toHaveLength(1);
    expect(server).toEqual({ ok: true, value: { recorded: true, recordingSid: live[0].sid, status: 'in-progress' } });
    expect(browser).toEqual({ ok: true, value: { recordingSid: live[0].sid, status: 'in-progress' } });
    const media = (emulator.getTask(call.taskSid).attributes.conversations as { media: unknown[] }).media;
    expect(media).toHaveLength(1);
  }
});

it("records with the agent's browser gone: nothing but Twilio's callback", async () => {
  const call = outboundCall(emulator);
  // No plugin request at all: the page closed right after dialling.
  await recordFromConferenceJoin(depsFor(), joinOf(call, call.customerCallSid));
  expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
  expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'in-progress' });
});

it('leaves calls the policy excludes alone (an excluded queue)', async () => {
  const call = emulator.placeOutboundCall({ workerIdentity: 'alice', customerNumber: '+14155550100', taskQueueFriendlyName: 'Payments' });
  emulator.answerCall(call.customerCallSid);
  const outcome = await recordFromConferenceJoin(depsFor({ EXCLUDED_QUEUES: 'Payments' }), joinOf(call, call.customerCallSid));
  expect(outcome).toEqual({ ok: true, value: { recorded: false, ignored: 'not recorded by policy' } });
  expect(emulator.recordingsForCall(call.customerCallSid)).toEqual([]);
  // What the agent's indicator (and the coverage report) reads: a deliberate exclusion, by its stable code.
  expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'not-recorded', reason_code: 'recording_excluded', reason: expect.stringMatching(/Payments/) });
});

it('ignores a join for a task that is not live any more (completed)', async () => {
  const call = outboundCall(emulator);
  emulator.completeTask(call.taskSid);
  expect(await recordFromConferenceJoin(depsFor(), joinOf(call, call.customerCallSid))).toEqual({ ok: true, value: { recorded: false, ignored: 'no live task of that name' } });
  expect(emulator.recordingsForCall(call.customerCallSid)).toEqual([]);
});
