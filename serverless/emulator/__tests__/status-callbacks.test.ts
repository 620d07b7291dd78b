import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { startTwilioEmulator } from '../index';
import { twilioSignature } from '../callbacks/signature';
import { clientFor, useEmulator } from './helpers';

const ctx = useEmulator();

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
}

/** A local webhook receiver, as a recording-status Function would be. */
function receiver(answerStatus = 200) {
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
        res.writeHead(answerStatus).end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    received.length = 0;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });
  return { received, url: (path: string) => `${base}${path}` };
}

const ok = receiver();

describe('recording status callbacks are sent, signed as Twilio signs them', () => {
  it('POSTs in-progress and completed with Twilio\'s parameters and a valid X-Twilio-Signature', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall({ customer: 'answers' });
    const url = ok.url('/recording-status?source=test');
    const recording = await client.calls(customerCallSid).recordings.create({
      recordingChannels: 'dual',
      recordingStatusCallback: url,
      recordingStatusCallbackEvent: ['in-progress completed absent'],
    });
    emulator.advanceClock(7_000);
    await client.calls(customerCallSid).recordings(recording.sid).update({ status: 'stopped' });
    await emulator.flushStatusCallbacks();

    expect(ok.received.map((r) => [r.method, r.params.RecordingStatus])).toEqual([
      ['POST', 'in-progress'],
      ['POST', 'completed'],
    ]);
    const completed = ok.received[1]!;
    expect(completed.params).toEqual({
      AccountSid: emulator.accountSid,
      CallSid: customerCallSid,
      RecordingSid: recording.sid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${recording.sid}`,
      RecordingStatus: 'completed',
      RecordingDuration: '7',
      RecordingChannels: '2',
      RecordingStartTime: expect.stringMatching(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/),
      RecordingSource: 'StartCallRecordingAPI',
      RecordingTrack: 'both',
    });
    expect(completed.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    for (const request of ok.received) {
      const signature = request.headers['x-twilio-signature'] as string;
      // The twilio library's own check, as a *.protected Function would run it.
      expect(twilio.validateRequest(emulator.authToken, signature, url, request.params)).toBe(true);
      expect(twilio.getExpectedTwilioSignature(emulator.authToken, url, request.params)).toBe(signature);
      expect(twilio.validateRequest('x'.repeat(32), signature, url, request.params)).toBe(false);
    }
    expect(emulator.statusCallbacks().map((c) => [c.event, c.delivery.state, c.delivery.httpStatus])).toEqual([
      ['in-progress', 'delivered', 200],
      ['completed', 'delivered', 200],
    ]);
    expect(emulator.statusCallbacks()[0]!.delivery.signature).toBe(ok.received[0]!.headers['x-twilio-signature']);
  });

  it('sends GET callbacks with the parameters in the query string, signed over that URL', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall({ customer: 'answers' });
    await client.calls(customerCallSid).recordings.create({ recordingStatusCallback: ok.url('/cb'), recordingStatusCallbackMethod: 'GET' });
    emulator.hangUp(customerCallSid);
    await emulator.flushStatusCallbacks();
    expect(ok.received).toHaveLength(1); // default events: completed only
    const [request] = ok.received;
    expect(request!.method).toBe('GET');
    expect(request!.params.RecordingStatus).toBe('completed');
    expect(twilio.validateRequest(emulator.authToken, request!.headers['x-twilio-signature'] as string, request!.url, {})).toBe(true);
  });

  it('records, but never sends, callbacks to URLs off this machine', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall({ customer: 'answers' });
    await client.calls(customerCallSid).recordings.create({ recordingStatusCallback: 'https://example.com/cb', recordingStatusCallbackEvent: ['in-progress'] });
    await emulator.flushStatusCallbacks();
    expect(emulator.statusCallbacks()).toEqual([
      expect.objectContaining({ url: 'https://example.com/cb', delivery: expect.objectContaining({ state: 'not-delivered', signature: null }) }),
    ]);
  });

  it('records a failed delivery (receiver error, nobody listening) instead of throwing', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall({ customer: 'answers' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await client.calls(customerCallSid).recordings.create({ recordingStatusCallback: `http://127.0.0.1:${deadPort}/cb`, recordingStatusCallbackEvent: ['in-progress'] });
    await emulator.flushStatusCallbacks();
    expect(emulator.statusCallbacks()[0]!.delivery).toMatchObject({ state: 'failed', httpStatus: null, error: expect.stringContaining('ECONNREFUSED') });
  });

  it("sends 'absent' with ErrorCode 16101 for a recording too short to process (minRecordingSeconds)", async () => {
    const strict = await startTwilioEmulator({ minRecordingSeconds: 1 });
    try {
      const { customerCallSid } = strict.placeOutboundCall({ customer: 'answers' });
      const recording = await clientFor(strict).calls(customerCallSid).recordings.create({
        recordingStatusCallback: ok.url('/cb'),
        recordingStatusCallbackEvent: ['completed', 'absent'],
      });
      strict.hangUp(customerCallSid); // no time passed: nothing to process
      await strict.flushStatusCallbacks();
      expect(ok.received.map((r) => r.params)).toEqual([
        expect.objectContaining({ RecordingSid: recording.sid, RecordingStatus: 'absent', ErrorCode: '16101', RecordingDuration: '0' }),
      ]);
      await expect(clientFor(strict).recordings(recording.sid).fetch()).resolves.toMatchObject({ status: 'absent', errorCode: 16101 });
    } finally {
      await strict.close();
    }
  });
});

describe('a receiver that answers 500', () => {
  const failing = receiver(500);
  it('is recorded as failed with its status', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall({ customer: 'answers' });
    await client.calls(customerCallSid).recordings.create({ recordingStatusCallback: failing.url('/cb'), recordingStatusCallbackEvent: ['in-progress'] });
    await emulator.flushStatusCallbacks();
    expect(failing.received).toHaveLength(1);
    expect(emulator.statusCallbacks()[0]!.delivery).toMatchObject({ state: 'failed', httpStatus: 500, error: 'receiver answered HTTP 500' });
  });
});

describe('twilioSignature', () => {
  it('agrees with the twilio library (HMAC-SHA1 of the URL + sorted name+value pairs)', () => {
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    expect(twilioSignature('12345', url, params)).toBe(twilio.getExpectedTwilioSignature('12345', url, params));
  });
});
