import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A second address for the emulator: a TCP port on 127.0.0.1 that pipes every connection, byte for byte, to
 * the emulator's own port. A Function told to reach Twilio here sends `Host: 127.0.0.1:<this port>`, so every
 * request it makes is told apart in the emulator's log (rig.ts `functionOf`) without touching the request;
 * the only cost is one loopback hop in each direction, which lands in the figures rather than out of them.
 */
export interface TwilioAlias {
  /** http://127.0.0.1:<port>: what the Function gets as TWILIO_EMULATOR_URL. */
  url: string;
  /** The Host header its requests carry. */
  host: string;
  close(): Promise<void>;
}

export function startTwilioAlias(emulatorPort: number): Promise<TwilioAlias> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(emulatorPort, '127.0.0.1');
    // No Nagle delay on either side: each request and answer goes out as soon as it is written, as it would without the hop.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    // Either side failing ends both: the Function's client sees a reset, as it would from Twilio.
    client.once('error', () => upstream.destroy());
    upstream.once('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (typeof address !== 'object' || address === null) return reject(new Error('no address'));
      const host = `127.0.0.1:${address.port}`;
      resolve({
        url: `http://${host}`,
        host,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
