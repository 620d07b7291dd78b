import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { useEmulator } from './helpers';

const ctx = useEmulator();

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
}

/** A local webhook receiver, as a conference-status Function would be. */
function receiver() {
  const received: Received[] = [];
  let server: Server | undefined;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', base);
        const params = Object.fromEntries(req.method === 'GET' ? url.searchParams : new URLSearchParams(body));
        received.push({ method: req.method ?? '', url: `${base}${req.url}`, headers: req.headers, params });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  });
  // Deliveries are asynchronous: let one test's callbacks land before the next test looks.
  afterEach(() => ctx.emulator.flushStatusCallbacks());
  beforeEach(() => {
    received.length = 0;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });
  return { received, url: (path: string) => `${base}${path}` };
}

const hook = receiver();
const RFC2822 = /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

/** [StatusCallbackEvent, CallSid, SequenceNumber] of each conference callback recorded. */
function summary() {
  return ctx.emulator.conferenceCallbacks().map((c) => [c.params.StatusCallbackEvent, c.params.CallSid, c.params.SequenceNumber]);
}

describe('conference instructions', () => {
  it('records every instruction in order; the first one naming a callback sets it, later ones change nothing', async () => {
    const { emulator } = ctx;
    const first = hook.url('/conference-status?source=first');
    const options = { conferenceStatusCallback: first, conferenceStatusCallbackEvent: 'join leave', endConferenceOnExit: false, conferenceRecord: true };
    const call = emulator.placeOutboundCall({ conferenceOptions: options });
    options.conferenceRecord = false; // the caller's object changing later does not rewrite what was recorded
    emulator.applyConferenceInstruction(call.conferenceSid, {
      conferenceStatusCallback: hook.url('/second'),
      conferenceStatusCallbackMethod: 'GET',
      conferenceStatusCallbackEvent: 'start end join leave',
    });
    const transfer = emulator.transferTask({
      fromTaskSid: call.taskSid,
      target: { kind: 'worker', workerIdentity: 'bob' },
      mode: 'warm',
      conferenceOptions: { conferenceStatusCallback: hook.url('/third'), endConferenceOnExit: true },
    });

    expect(emulator.getConference(call.conferenceSid).statusCallback).toEqual({ url: first, method: 'POST', events: ['join', 'leave'] });
    expect(emulator.conferenceInstructions(call.conferenceSid)).toEqual([
      { conferenceStatusCallback: first, conferenceStatusCallbackEvent: 'join leave', endConferenceOnExit: false, conferenceRecord: true },
      { conferenceStatusCallback: hook.url('/second'), conferenceStatusCallbackMethod: 'GET', conferenceStatusCallbackEvent: 'start end join leave' },
      { conferenceStatusCallback: hook.url('/third'), endConferenceOnExit: true },
    ]);
    await emulator.flushStatusCallbacks();
    // The agent's join and the receiving agent's join, both to the first instruction's URL (POST).
    expect(hook.received.map((r) => [r.method, r.url, r.params.CallSid])).toEqual([
      ['POST', first, call.workerCallSid],
      ['POST', first, transfer.workerCallSid],
    ]);
  });

  it('an instruction without a callback sets none; a later one naming a callback sets it (from then on)', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ conferenceOptions: { endConferenceOnExit: false } });
    expect(emulator.getConference(call.conferenceSid).statusCallback).toBeNull();
    emulator.applyConferenceInstruction(call.conferenceSid, { conferenceStatusCallback: hook.url('/later'), conferenceStatusCallbackEvent: ['join', 'leave'] });
    emulator.answerCall(call.customerCallSid);
    expect(summary()).toEqual([['participant-join', call.customerCallSid, '1']]); // the agent joined before: not reported retroactively
    expect(emulator.conferenceInstructions(call.conferenceSid)).toHaveLength(2);
  });

  it('accepts the PascalCase REST names, comma-separated events and a lower-case method', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({
      conferenceOptions: { ConferenceStatusCallback: hook.url('/pascal'), ConferenceStatusCallbackEvent: 'join,leave', ConferenceStatusCallbackMethod: 'get' },
    });
    expect(emulator.getConference(call.conferenceSid).statusCallback).toEqual({ url: hook.url('/pascal'), method: 'GET', events: ['join', 'leave'] });
  });

  it('defaults to POST and the events start end when only the URL is given', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ conferenceOptions: { conferenceStatusCallback: hook.url('/cb') } });
    expect(emulator.getConference(call.conferenceSid).statusCallback).toEqual({ url: hook.url('/cb'), method: 'POST', events: ['start', 'end'] });
    expect(summary()).toEqual([['conference-start', undefined, '1']]);
  });

  it('refuses unknown events and methods (nothing recorded)', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall();
    expect(() => emulator.applyConferenceInstruction(call.conferenceSid, { conferenceStatusCallback: hook.url('/x'), conferenceStatusCallbackEvent: 'join left' })).toThrow(
      /unknown event\(s\) left/,
    );
    expect(() => emulator.applyConferenceInstruction(call.conferenceSid, { conferenceStatusCallback: hook.url('/x'), conferenceStatusCallbackMethod: 'PUT' })).toThrow(/GET or POST/);
    expect(emulator.conferenceInstructions(call.conferenceSid)).toEqual([]);
    expect(emulator.getConference(call.conferenceSid).statusCallback).toBeNull();
  });
});

describe('participant-join', () => {
  it('reports the agent, then the customer when answered, with Twilio\'s parameters, signed', async () => {
    const { emulator } = ctx;
    const url = hook.url('/conference-status?source=test');
    const call = emulator.placeOutboundCall({ conferenceOptions: { conferenceStatusCallback: url, conferenceStatusCallbackEvent: 'join' } });
    await emulator.flushStatusCallbacks();
    expect(hook.received.map((r) => r.params.CallSid)).toEqual([call.workerCallSid]); // the customer is still ringing

    emulator.advanceClock(3_000);
    emulator.answerCall(call.customerCallSid);
    await emulator.flushStatusCallbacks();

    const common = {
      ConferenceSid: call.conferenceSid,
      FriendlyName: call.taskSid,
      AccountSid: emulator.accountSid,
      Timestamp: expect.stringMatching(RFC2822),
      StatusCallbackEvent: 'participant-join',
      Muted: 'false',
      Hold: 'false',
      Coaching: 'false',
      EndConferenceOnExit: 'false',
      StartConferenceOnEnter: 'true',
    };
    expect(hook.received.map((r) => r.params)).toEqual([
      { ...common, SequenceNumber: '1', CallSid: call.workerCallSid },
      { ...common, SequenceNumber: '2', CallSid: call.customerCallSid },
    ]);
    const [agent, customer] = hook.received;
    expect(new Date(customer!.params.Timestamp!).getTime() - new Date(agent!.params.Timestamp!).getTime()).toBe(3_000);
    for (const request of hook.received) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      const signature = request.headers['x-twilio-signature'] as string;
      expect(twilio.validateRequest(emulator.authToken, signature, url, request.params)).toBe(true);
      expect(twilio.validateRequest('x'.repeat(32), signature, url, request.params)).toBe(false);
    }
    expect(emulator.conferenceCallbacks(call.conferenceSid).map((c) => [c.kind, c.event, c.url, c.delivery.state, c.delivery.httpStatus])).toEqual([
      ['conference', 'participant-join', url, 'delivered', 200],
      ['conference', 'participant-join', url, 'delivered', 200],
    ]);
    // statusCallbacks() lists every outbox entry; recordingCallbacks() none of these.
    expect(emulator.statusCallbacks()).toEqual(emulator.conferenceCallbacks());
    expect(emulator.recordingCallbacks()).toEqual([]);
  });

  it('a leg listed while it rings reports its join when answered, not before', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({
      customerListedWhileRinging: true,
      conferenceOptions: { conferenceStatusCallback: hook.url('/cb'), conferenceStatusCallbackEvent: 'join leave' },
    });
    expect(emulator.getConference(call.conferenceSid).participants.map((p) => [p.callSid, p.status])).toEqual([
      [call.workerCallSid, 'connected'],
      [call.customerCallSid, 'ringing'],
    ]);
    expect(summary()).toEqual([['participant-join', call.workerCallSid, '1']]);
    emulator.answerCall(call.customerCallSid);
    expect(summary()).toEqual([
      ['participant-join', call.workerCallSid, '1'],
      ['participant-join', call.customerCallSid, '2'],
    ]);
  });

  it('a listed leg that never answers reports neither join nor leave', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({
      customerListedWhileRinging: true,
      conferenceOptions: { conferenceStatusCallback: hook.url('/cb'), conferenceStatusCallbackEvent: 'join leave' },
    });
    emulator.hangUp(call.customerCallSid, 'no-answer');
    expect(summary()).toEqual([['participant-join', call.workerCallSid, '1']]);
  });

  it('the customer behaviour "answers" joins right after the agent', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ customer: 'answers', conferenceOptions: { conferenceStatusCallback: hook.url('/cb'), conferenceStatusCallbackEvent: 'join' } });
    expect(summary()).toEqual([
      ['participant-join', call.workerCallSid, '1'],
      ['participant-join', call.customerCallSid, '2'],
    ]);
  });

  it('an inbound call reports the caller and the agent (the instruction comes before either joins)', () => {
    const { emulator } = ctx;
    const call = emulator.placeInboundCall({ conferenceOptions: { conferenceStatusCallback: hook.url('/cb'), conferenceStatusCallbackEvent: 'join' } });
    expect(summary()).toEqual([
      ['participant-join', call.customerCallSid, '1'],
      ['participant-join', call.workerCallSid, '2'],
    ]);
    expect(emulator.conferenceInstructions(call.conferenceSid)).toEqual([{ conferenceStatusCallback: hook.url('/cb'), conferenceStatusCallbackEvent: 'join' }]);
  });

  it('reports added legs, a muted supervisor and a label', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ customer: 'answers', conferenceOptions: { conferenceStatusCallback: hook.url('/cb'), conferenceStatusCallbackEvent: 'join' } });
    const supervisor = emulator.joinAsSupervisor({ conferenceSid: call.conferenceSid, identity: 'sup' });
    const added = emulator.addParticipant(call.conferenceSid, { to: '+15555550123', label: 'external' });
    const [, , sup, ext] = emulator.conferenceCallbacks();
    expect(sup!.params).toMatchObject({ CallSid: supervisor.callSid, Muted: 'true', SequenceNumber: '3' });
    expect(sup!.params.ParticipantLabel).toBeUndefined();
    expect(ext!.params).toMatchObject({ CallSid: added.callSid, ParticipantLabel: 'external', SequenceNumber: '4' });
  });

  it('a GET callback carries the parameters in the query string, signed over that URL', async () => {
    const { emulator } = ctx;
    emulator.placeOutboundCall({
      conferenceOptions: { conferenceStatusCallback: hook.url('/get-cb'), conferenceStatusCallbackEvent: 'join', conferenceStatusCallbackMethod: 'GET' },
    });
    await emulator.flushStatusCallbacks();
    expect(hook.received).toHaveLength(1);
    const [request] = hook.received;
    expect(request!.method).toBe('GET');
    expect(request!.params.StatusCallbackEvent).toBe('participant-join');
    expect(twilio.validateRequest(emulator.authToken, request!.headers['x-twilio-signature'] as string, request!.url, {})).toBe(true);
  });

  it('records, but never sends, a callback to a URL off this machine', async () => {
    const { emulator } = ctx;
    emulator.placeOutboundCall({ conferenceOptions: { conferenceStatusCallback: 'https://example.com/conference', conferenceStatusCallbackEvent: 'join' } });
    await emulator.flushStatusCallbacks();
    expect(hook.received).toEqual([]);
    expect(emulator.conferenceCallbacks()).toEqual([
      expect.objectContaining({ url: 'https://example.com/conference', delivery: expect.objectContaining({ state: 'not-delivered', signature: null }) }),
    ]);
  });
});

describe('participant-leave', () => {
  it('reports a hang-up with ParticipantCallStatus and ReasonParticipantLeft, signed', async () => {
    const { emulator } = ctx;
    const url = hook.url('/conference-status');
    const call = emulator.placeOutboundCall({ conferenceOptions: { conferenceStatusCallback: url, conferenceStatusCallbackEvent: 'join leave' } });
    emulator.answerCall(call.customerCallSid);
    emulator.advanceClock(10_000);
    emulator.hangUp(call.customerCallSid);
    await emulator.flushStatusCallbacks();

    expect(hook.received).toHaveLength(3);
    const leave = hook.received[2]!;
    expect(leave.params).toEqual({
      ConferenceSid: call.conferenceSid,
      FriendlyName: call.taskSid,
      AccountSid: emulator.accountSid,
      SequenceNumber: '3',
      Timestamp: expect.stringMatching(RFC2822),
      StatusCallbackEvent: 'participant-leave',
      CallSid: call.customerCallSid,
      Muted: 'false',
      Hold: 'false',
      Coaching: 'false',
      EndConferenceOnExit: 'false',
      StartConferenceOnEnter: 'true',
      ParticipantCallStatus: 'completed',
      ReasonParticipantLeft: 'participant_hung_up',
    });
    expect(twilio.validateRequest(emulator.authToken, leave.headers['x-twilio-signature'] as string, url, leave.params)).toBe(true);
  });

  it('asking only for join sends no leave callbacks', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ conferenceOptions: { conferenceStatusCallback: hook.url('/cb'), conferenceStatusCallbackEvent: 'join' } });
    emulator.answerCall(call.customerCallSid);
    emulator.hangUp(call.customerCallSid);
    emulator.hangUp(call.workerCallSid);
    expect(summary()).toEqual([
      ['participant-join', call.workerCallSid, '1'],
      ['participant-join', call.customerCallSid, '2'],
    ]);
  });

  it('ending the conference over the API reports each leave, then conference-end, and keeps the reason', async () => {
    const { emulator, client } = ctx;
    const call = emulator.placeOutboundCall({
      customer: 'answers',
      conferenceOptions: { conferenceStatusCallback: hook.url('/cb'), conferenceStatusCallbackEvent: 'leave end' },
    });
    emulator.endConference(call.conferenceSid);
    const callbacks = emulator.conferenceCallbacks();
    expect(callbacks.map((c) => [c.event, c.params.CallSid, c.params.ReasonParticipantLeft, c.params.SequenceNumber])).toEqual([
      ['participant-leave', call.workerCallSid, 'conference_ended_via_api', '1'],
      ['participant-leave', call.customerCallSid, 'conference_ended_via_api', '2'],
      ['conference-end', undefined, undefined, '3'],
    ]);
    expect(callbacks[2]!.params.ReasonConferenceEnded).toBe('conference-ended-via-api');
    const conference = await client.conferences(call.conferenceSid).fetch();
    expect(conference.reasonConferenceEnded).toBe('conference-ended-via-api');
  });
});

describe('sequence numbers and reset', () => {
  it('numbers every event of a conference from 1, start and end included', () => {
    const { emulator } = ctx;
    const all = { conferenceStatusCallback: hook.url('/cb'), conferenceStatusCallbackEvent: 'start end join leave mute hold speaker' };
    const call = emulator.placeOutboundCall({ conferenceOptions: all });
    emulator.answerCall(call.customerCallSid);
    emulator.hangUp(call.customerCallSid);
    emulator.hangUp(call.workerCallSid);
    expect(summary()).toEqual([
      ['participant-join', call.workerCallSid, '1'],
      ['conference-start', undefined, '2'],
      ['participant-join', call.customerCallSid, '3'],
      ['participant-leave', call.customerCallSid, '4'],
      ['participant-leave', call.workerCallSid, '5'],
      ['conference-end', undefined, '6'],
    ]);
    const end = emulator.conferenceCallbacks().at(-1)!;
    expect(end.params).toMatchObject({ ReasonConferenceEnded: 'last-participant-left', CallSidEndingConference: call.workerCallSid });

    // Another conference counts on its own.
    const other = emulator.placeOutboundCall({ conferenceOptions: all });
    expect(emulator.conferenceCallbacks(other.conferenceSid).map((c) => [c.event, c.params.SequenceNumber])).toEqual([
      ['participant-join', '1'],
      ['conference-start', '2'],
    ]);
    expect(emulator.conferenceCallbacks(call.conferenceSid)).toHaveLength(6);
  });

  it('sends nothing without an instruction naming a callback', async () => {
    const { emulator } = ctx;
    const plain = emulator.placeOutboundCall();
    const withOptions = emulator.placeOutboundCall({ conferenceOptions: { endConferenceOnExit: true, conferenceRecord: false } });
    for (const call of [plain, withOptions]) {
      emulator.answerCall(call.customerCallSid);
      emulator.hangUp(call.customerCallSid);
    }
    await emulator.flushStatusCallbacks();
    expect(emulator.statusCallbacks()).toEqual([]);
    expect(hook.received).toEqual([]);
    expect(emulator.conferenceInstructions(plain.conferenceSid)).toEqual([]);
    expect(emulator.conferenceInstructions(withOptions.conferenceSid)).toEqual([{ endConferenceOnExit: true, conferenceRecord: false }]);
  });

  it('reset() forgets conferences, their instructions and callbacks; numbering starts again', () => {
    const { emulator } = ctx;
    const options = { conferenceStatusCallback: hook.url('/cb'), conferenceStatusCallbackEvent: 'join' };
    const before = emulator.placeOutboundCall({ customer: 'answers', conferenceOptions: options });
    expect(emulator.conferenceCallbacks()).toHaveLength(2);
    emulator.reset();
    expect(emulator.conferenceCallbacks()).toEqual([]);
    expect(emulator.statusCallbacks()).toEqual([]);
    expect(() => emulator.conferenceInstructions(before.conferenceSid)).toThrow(/No conference/);
    const after = emulator.placeOutboundCall({ conferenceOptions: options });
    expect(summary()).toEqual([['participant-join', after.workerCallSid, '1']]);
  });
});
