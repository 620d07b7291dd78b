import { createServer, type Server } from 'node:http';
import twilio from 'twilio';

import type { TwilioEmulator } from 'outbound-recording-functions/emulator';
import { LocalTwilioRequestClient } from 'outbound-recording-functions/twilio/local-request-client';
import { NAIVE_START_PATH } from './naive-plugin';

export interface NaiveFunction {
  url: string;
  /** HTTP requests that reached it: its invocations. */
  readonly invocations: number;
  close(): Promise<void>;
}

/**
 * The naive design's Function: no authentication, no authorization, no look-up, no retry, no link into the
 * task: it calls the twilio library's `create` for whatever call SID it is given. It talks to the emulator
 * through the same loopback seam as the real Functions, with one warm client (as a warm Function would).
 */
export function startNaiveFunction(emulator: TwilioEmulator): Promise<NaiveFunction> {
  const client = twilio(emulator.apiKeySid, emulator.apiKeySecret, {
    accountSid: emulator.accountSid,
    httpClient: new LocalTwilioRequestClient(emulator.baseUrl),
  });
  let invocations = 0;
  const server: Server = createServer((request, response) => {
    invocations += 1;
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const callSid = new URLSearchParams(body).get('CallSid') ?? '';
      if (request.url !== NAIVE_START_PATH || callSid === '') {
        response.writeHead(404).end();
        return;
      }
      client
        .calls(callSid)
        .recordings.create({ recordingChannels: 'dual' })
        .then(
          (recording) => response.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ recordingSid: recording.sid })),
          (error: { status?: number }) => response.writeHead(error.status ?? 500).end(),
        );
    });
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || address === null) return reject(new Error('no address'));
      server.keepAliveTimeout = 60_000;
      resolvePromise({
        url: `http://127.0.0.1:${address.port}`,
        get invocations() {
          return invocations;
        },
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
