import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTwilioEmulator, type TwilioEmulator } from '../index';

/**
 * callbackDelivery: 'per-resource' (what a load test of many calls needs): each conference's callbacks in
 * order, different conferences at once. The default ('serial') is covered by status-callbacks.test.ts.
 */
let server: Server;
let base = '';
let connections = 0;
/** Requests by conference, in arrival order; a request naming `slow` is answered only when released. */
const arrivals: string[] = [];
let release: () => void = () => undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      const tag = new URL(req.url ?? '/', 'http://x').searchParams.get('tag') ?? '';
      arrivals.push(`${tag} ${params.get('CallSid')}`);
      if (tag === 'slow' && arrivals.filter((a) => a.startsWith('slow')).length === 1) release = () => res.writeHead(200).end();
      else res.writeHead(200).end();
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  }),
);
beforeEach(() => {
  arrivals.length = 0;
  release = () => undefined;
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

it("delivers other conferences' callbacks while one receiver is slow, and each conference's in order", async () => {
  const emulator: TwilioEmulator = await startTwilioEmulator({ callbackDelivery: 'per-resource' });
  try {
    const options = (tag: string) => ({ conferenceStatusCallback: `${base}/c?tag=${tag}`, conferenceStatusCallbackEvent: 'join' });
    const slow = emulator.placeOutboundCall({ acceptLater: true });
    const fast = emulator.placeOutboundCall({ acceptLater: true });
    emulator.acceptOutboundCall(slow.taskSid, options('slow'));
    emulator.acceptOutboundCall(fast.taskSid, options('fast'));
    emulator.answerCall(fast.customerCallSid);
    emulator.answerCall(slow.customerCallSid);
    // The slow conference's first join is unanswered: its second waits; the other conference's both arrive.
    await until(() => arrivals.length === 3);
    expect(arrivals).toEqual([`slow ${slow.workerCallSid}`, `fast ${fast.workerCallSid}`, `fast ${fast.customerCallSid}`]);
    release();
    await emulator.flushStatusCallbacks();
    expect(arrivals.slice(3)).toEqual([`slow ${slow.customerCallSid}`]);
    expect(emulator.conferenceCallbacks().every((c) => c.delivery.state === 'delivered')).toBe(true);
  } finally {
    await emulator.close();
  }
});

it("'as-fired' sends each callback when its event fires, without waiting for the conference's earlier one to be answered", async () => {
  const emulator: TwilioEmulator = await startTwilioEmulator({ callbackDelivery: 'as-fired' });
  try {
    const call = emulator.placeOutboundCall({ acceptLater: true });
    emulator.acceptOutboundCall(call.taskSid, { conferenceStatusCallback: `${base}/c?tag=slow`, conferenceStatusCallbackEvent: 'join' });
    emulator.answerCall(call.customerCallSid);
    // The agent's join is still unanswered, and the customer's has arrived anyway (Twilio: separate requests,
    // no guarantee of order; the SequenceNumber tells them apart).
    await until(() => arrivals.length === 2);
    expect(arrivals).toEqual([`slow ${call.workerCallSid}`, `slow ${call.customerCallSid}`]);
    const [agentJoin, customerJoin] = emulator.conferenceCallbacks(call.conferenceSid);
    expect(Number(customerJoin.params.SequenceNumber)).toBeGreaterThan(Number(agentJoin.params.SequenceNumber));
    expect(agentJoin.delivery.state).not.toBe('delivered');
    release();
    await emulator.flushStatusCallbacks();
    expect(emulator.conferenceCallbacks().every((c) => c.delivery.state === 'delivered')).toBe(true);
  } finally {
    await emulator.close();
  }
});

it('keeps its connection to a receiver alive between callbacks, and closes it with the emulator', async () => {
  const emulator: TwilioEmulator = await startTwilioEmulator();
  connections = 0;
  try {
    for (let i = 0; i < 3; i += 1) {
      const call = emulator.placeOutboundCall({ acceptLater: true });
      emulator.acceptOutboundCall(call.taskSid, { conferenceStatusCallback: `${base}/c?tag=kept`, conferenceStatusCallbackEvent: 'join' });
      emulator.answerCall(call.customerCallSid);
      await emulator.flushStatusCallbacks();
    }
    expect(arrivals).toHaveLength(6);
    expect(emulator.conferenceCallbacks().every((c) => c.delivery.state === 'delivered')).toBe(true);
    // Six callbacks, one after another, over one connection (each used to open and close its own).
    expect(connections).toBe(1);
  } finally {
    await emulator.close();
  }
});
