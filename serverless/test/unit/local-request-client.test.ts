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
