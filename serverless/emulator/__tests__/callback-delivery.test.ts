import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTwilioEmulator, type TwilioEmulator } from '../index';

/**
 * callbackDelivery: 'per-resource' (what a load test of many calls needs): each conference's callbacks in
 * order, different conferences at once. The default ('serial') is covered by status-callbacks.test.ts.
 */
let server: Server;
let base = '';
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

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
