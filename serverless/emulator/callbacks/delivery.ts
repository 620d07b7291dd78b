import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { isLoopbackHost } from 'plugin-outbound-recording/contract';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Clock } from '../clock';
import type { StatusCallback } from '../state/outbox';
import { twilioSignature } from './signature';

/** Twilio gives a webhook 15 seconds to answer. */
const TIMEOUT_MS = 15_000;
/** Idle kept-alive sockets are closed after this, before a Node receiver's default 5 s keep-alive timeout. */
const IDLE_SOCKET_MS = 4000;
/**
 * Only this machine receives callbacks: the emulator must never call out to the internet. The contract's
 * one loopback rule (a host merely starting with "127." is not this machine), over http or https.
 */
export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && isLoopbackHost(parsed.hostname);
  } catch {
    return false;
  }
}

/** For a GET callback Twilio appends the parameters to the URL (and signs that URL alone). */
function targetOf(callback: StatusCallback): { url: string; body: string | null; signedParams: Record<string, string> } {
  const encoded = new URLSearchParams(callback.params).toString();
  if (callback.method === 'GET') {
    const url = callback.url + (callback.url.includes('?') ? '&' : '?') + encoded;
    return { url, body: null, signedParams: {} };
  }
  return { url: callback.url, body: encoded, signedParams: callback.params };
}

export type CallbackDeliveryMode = 'serial' | 'per-resource' | 'as-fired';

/**
 * Callbacks that wait for each other: all of them ('serial'), those of one conference / one recording
 * ('per-resource'), or none ('as-fired': each its own stream).
 */
function streamOf(callback: StatusCallback, mode: CallbackDeliveryMode, sequence: number): string {
  if (mode === 'serial') return '';
  if (mode === 'as-fired') return `#${sequence}`;
  return callback.kind === 'conference' ? `CF:${callback.params.ConferenceSid ?? ''}` : `RE:${callback.params.RecordingSid ?? ''}`;
}

/**
 * Sends status callbacks asynchronously (the REST answer never waits for the receiver), each after the
 * previous one of its stream has been attempted, in the order they happened (in-progress before
 * completed; a conference's joins in order): by default one stream, so one at a time; with
 * 'per-resource', one per conference and per recording, delivered concurrently; with 'as-fired', every
 * callback at once, as Twilio sends them. Failures are recorded on
 * the callback, never thrown. close() aborts whatever is in flight.
 */
export class CallbackDeliverer {
  /** The last delivery queued in each stream (removed once it is the last and has been attempted). */
  private readonly tails = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<() => void>();
  private closed = false;
  private enqueued = 0;
  /**
   * Kept-alive connections to the receivers, as Twilio's webhook senders keep theirs: a burst's thousands of
   * callbacks would otherwise each pay a TCP connect on both ends (CPU the bench's figures would count). Idle
   * sockets are unreferenced (they never hold a process open) and dropped after IDLE_SOCKET_MS, before a
   * Node server's own 5 s keep-alive timeout closes them under a request; close() destroys them all.
   */
  private readonly agents = { http: new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }), https: new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }) };

  constructor(
    private readonly authToken: string,
    private readonly clock: Clock,
    private readonly mode: CallbackDeliveryMode = 'serial',
  ) {}

  enqueue(callback: StatusCallback): void {
    if (!isLoopbackUrl(callback.url)) {
      callback.delivery.state = 'not-delivered';
      callback.delivery.error = 'not a loopback URL: the emulator only delivers to 127.0.0.1/localhost';
      return;
    }
    this.enqueued += 1;
    const stream = streamOf(callback, this.mode, this.enqueued);
    const tail = (this.tails.get(stream) ?? Promise.resolve()).then(() => this.deliver(callback));
    this.tails.set(stream, tail);
    void tail.then(() => {
      if (this.tails.get(stream) === tail) this.tails.delete(stream);
    });
  }

  /** Resolves once every callback queued so far has been attempted. */
  async settled(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }

  close(): void {
    this.closed = true;
    for (const abort of this.inFlight) abort();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async deliver(callback: StatusCallback): Promise<void> {
    const sent = await this.send(callback);
    // A kept-alive socket the receiver closed just as it was reused: nothing reached the receiver, so the
    // one retry on a fresh connection is not a second delivery (Node's documented pattern for reused sockets).
    if (sent.staleSocket) await this.send(callback, { fresh: true });
  }

  private send(callback: StatusCallback, options: { fresh?: boolean } = {}): Promise<{ staleSocket: boolean }> {
    const { delivery } = callback;
    if (this.closed) {
      delivery.state = 'failed';
      delivery.error = 'emulator closed before delivery';
      return Promise.resolve({ staleSocket: false });
    }
    const { url, body, signedParams } = targetOf(callback);
    const signature = twilioSignature(this.authToken, url, signedParams);
    delivery.signature = signature;
    delivery.attemptedAt = this.clock.now();
    return new Promise((resolve) => {
      let done = false;
      const finish = (state: 'delivered' | 'failed', httpStatus: number | null, error: string | null, staleSocket = false) => {
        if (done) return; // 'end' and a late 'error' may both fire
        done = true;
        this.inFlight.delete(abort);
        delivery.state = state;
        delivery.httpStatus = httpStatus;
        delivery.error = error;
        resolve({ staleSocket });
      };
      const headers: Record<string, string> = {
        'X-Twilio-Signature': signature,
        'User-Agent': 'TwilioProxy/1.1',
        Accept: '*/*',
        ...(body === null ? {} : { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) }),
      };
      const secure = url.startsWith('https:');
      const send = secure ? httpsRequest : httpRequest;
      const agent = options.fresh ? false : secure ? this.agents.https : this.agents.http;
      const request = send(url, { method: callback.method, headers, agent, timeout: TIMEOUT_MS }, (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) finish('delivered', status, null);
          else finish('failed', status, `receiver answered HTTP ${status}`);
        });
        response.on('error', (error) => finish('failed', response.statusCode ?? null, error.message));
      });
      const abort = () => request.destroy(new Error('emulator closed during delivery'));
      this.inFlight.add(abort);
      request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) =>
        finish('failed', null, error.message, request.reusedSocket && error.code === 'ECONNRESET' && !this.closed),
      );
      request.end(body ?? undefined);
    });
  }
}
