import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { isLoopbackUrl, LocalTwilioRequestClient, rewriteTwilioUri } from '../../src/twilio/local-request-client';

describe('rewriteTwilioUri', () => {
  it('keeps the Twilio host as the first path segment, and the query', () => {
    expect(rewriteTwilioUri('https://api.twilio.com/2010-04-01/Accounts/AC1/Calls/CA1/Recordings.json?PageSize=50', 'http://127.0.0.1:4010')).toBe(
      'http://127.0.0.1:4010/api.twilio.com/2010-04-01/Accounts/AC1/Calls/CA1/Recordings.json?PageSize=50',
    );
    expect(rewriteTwilioUri('https://taskrouter.twilio.com/v1/Workspaces/WS1/Tasks/WT1', 'http://localhost:9')).toBe(
      'http://localhost:9/taskrouter.twilio.com/v1/Workspaces/WS1/Tasks/WT1',
    );
  });
});

describe('LocalTwilioRequestClient', () => {
  it('only accepts plain http emulator URLs on this machine', () => {
    for (const url of ['http://127.0.0.1:4010', 'http://localhost:4010/', 'http://[::1]:4010']) {
      expect(() => new LocalTwilioRequestClient(url)).not.toThrow();
    }
    for (const url of ['http://example.com', 'http://192.168.1.2:4010', 'https://127.0.0.1:4010', 'http://127.0.0.1.nip.io:4010', 'http://localhost@evil.com']) {
      expect(() => new LocalTwilioRequestClient(url)).toThrow(/127\.0\.0\.1/);
    }
  });

  it("re-exports the contract's isLoopbackUrl (any scheme) for the admin tools", () => {
    expect(isLoopbackUrl('http://127.0.0.1:4010')).toBe(true);
    expect(isLoopbackUrl('https://localhost:3000')).toBe(true);
    expect(isLoopbackUrl('http://192.168.1.2:4010')).toBe(false);
  });
});

describe('LocalTwilioRequestClient connections', () => {
  let server: Server;
  let base = '';
  let connections = 0;
  /** A request to /slow is answered after 300 ms. */
  beforeAll(async () => {
    server = createServer((req, res) => {
      const answer = () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"sid":"WT1"}');
      if (req.url?.includes('/slow')) setTimeout(answer, 300);
      else answer();
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));

  it('keeps its connection to the emulator alive between requests, as the library does with Twilio', async () => {
    const client = new LocalTwilioRequestClient(base);
    connections = 0;
    for (let i = 0; i < 5; i += 1) {
      const response = await client.request({ method: 'get', uri: 'https://taskrouter.twilio.com/v1/Workspaces/WS1/Tasks/WT1', username: 'AC1', password: 'secret' });
      expect(response.statusCode).toBe(200);
    }
    // One TCP connection for five sequential requests (each used to open its own).
    expect(connections).toBe(1);
  });

  it('gives up on an unanswered request after the timeout it was given', async () => {
    const client = new LocalTwilioRequestClient(base, { timeoutMs: 100 });
    await expect(client.request({ method: 'get', uri: 'https://taskrouter.twilio.com/v1/slow', username: 'AC1', password: 'secret' })).rejects.toThrow(/timeout/i);
  });
});
