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
  it('only accepts loopback emulator URLs', () => {
    expect(isLoopbackUrl('http://127.0.0.1:4010')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:4010')).toBe(true);
    expect(isLoopbackUrl('http://192.168.1.2:4010')).toBe(false);
    expect(isLoopbackUrl('https://127.0.0.1:4010')).toBe(false);
    expect(() => new LocalTwilioRequestClient('http://example.com')).toThrow(/127\.0\.0\.1/);
  });
});
