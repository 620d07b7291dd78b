import { readFunctionConfig } from '../../src/config/function-config';

const ACCOUNT = 'AC' + 'a'.repeat(32);
const WORKSPACE = 'WS' + 'b'.repeat(32);
const KEY = 'SK' + 'c'.repeat(32);

const valid = { ACCOUNT_SID: ACCOUNT, API_KEY: KEY, API_SECRET: 's3cret', TWILIO_WORKSPACE_SID: WORKSPACE };

function problemsOf(env: Record<string, string | undefined>): string[] {
  const result = readFunctionConfig(env);
  return result.ok ? [] : result.problems;
}

describe('readFunctionConfig', () => {
  it('prefers an API key and defaults the allowed origin to Flex', () => {
    const result = readFunctionConfig(valid);
    expect(result).toEqual({
      ok: true,
      config: {
        accountSid: ACCOUNT,
        credentials: { username: KEY, password: 's3cret' },
        workspaceSid: WORKSPACE,
        allowedOrigins: new Set(['https://flex.twilio.com']),
        statusCallbackUrl: undefined,
        emulatorUrl: undefined,
        webhookAuthToken: undefined,
        localRuntime: false,
        policy: { excludedQueues: [], doNotRecordAttribute: 'do_not_record', recordInbound: false },
      },
    });
  });

  it("defaults status callbacks to the service's own /recording/status (https deployed, http in twilio-run)", () => {
    const deployed = readFunctionConfig({ ...valid, DOMAIN_NAME: 'outbound-recording-1234-dev.twil.io' });
    expect(deployed.ok && deployed.config.statusCallbackUrl).toBe('https://outbound-recording-1234-dev.twil.io/recording/status');
    expect(deployed.ok && deployed.config.localRuntime).toBe(false);
    const local = readFunctionConfig({ ...valid, DOMAIN_NAME: 'localhost:3000' });
    expect(local.ok && local.config.statusCallbackUrl).toBe('http://localhost:3000/recording/status');
    expect(local.ok && local.config.localRuntime).toBe(true);
    for (const domain of ['127.0.0.1:3000', '[::1]:3000', 'LOCALHOST:3000']) {
      expect(readFunctionConfig({ ...valid, DOMAIN_NAME: domain })).toMatchObject({ ok: true, config: { localRuntime: true } });
    }
    for (const domain of ['localhost.evil.com', '127.0.0.1.nip.io', 'localhost/x', 'evil.com@localhost']) {
      expect(readFunctionConfig({ ...valid, DOMAIN_NAME: domain })).toMatchObject({ ok: true, config: { localRuntime: false } });
    }
    const configured = readFunctionConfig({ ...valid, DOMAIN_NAME: 'x.twil.io', RECORDING_STATUS_CALLBACK_URL: 'https://hooks.example.com/rec' });
    expect(configured.ok && configured.config.statusCallbackUrl).toBe('https://hooks.example.com/rec');
  });

  it('keeps AUTH_TOKEN for verifying webhook signatures while the API key is used for requests', () => {
    const result = readFunctionConfig({ ...valid, AUTH_TOKEN: 'tok' });
    expect(result.ok && result.config.credentials.username).toBe(KEY);
    expect(result.ok && result.config.webhookAuthToken).toBe('tok');
  });

  it('reads and validates the recording policy (exclusions, inbound opt-in)', () => {
    const queue = 'WQ' + 'd'.repeat(32);
    const result = readFunctionConfig({ ...valid, EXCLUDED_QUEUES: ` ${queue}, VIP Support `, DO_NOT_RECORD_ATTRIBUTE: 'no_rec', RECORD_INBOUND: 'true' });
    expect(result.ok && result.config.policy).toEqual({ excludedQueues: [queue, 'VIP Support'], doNotRecordAttribute: 'no_rec', recordInbound: true });
    expect(problemsOf({ ...valid, RECORD_INBOUND: 'yes', DO_NOT_RECORD_ATTRIBUTE: 'a.b', EXCLUDED_QUEUES: 'WQ' + 'Z'.repeat(32) })).toEqual([
      expect.stringMatching(/^EXCLUDED_QUEUES entry/),
      expect.stringMatching(/^DO_NOT_RECORD_ATTRIBUTE/),
      expect.stringMatching(/^RECORD_INBOUND/),
    ]);
  });

  it('falls back to the account SID and auth token', () => {
    const result = readFunctionConfig({ ACCOUNT_SID: ACCOUNT, AUTH_TOKEN: 't0ken', TWILIO_WORKSPACE_SID: WORKSPACE });
    expect(result.ok && result.config.credentials).toEqual({ username: ACCOUNT, password: 't0ken' });
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({ ACCOUNT_SID: 'nope', TWILIO_WORKSPACE_SID: '' });
    expect(problems).toEqual([
      expect.stringMatching(/^ACCOUNT_SID/),
      expect.stringMatching(/API_KEY and API_SECRET/),
      expect.stringMatching(/^TWILIO_WORKSPACE_SID/),
    ]);
  });

  it('requires the secret with the key, and a well-formed key', () => {
    expect(problemsOf({ ...valid, API_SECRET: '' })).toEqual([expect.stringMatching(/API_SECRET is required/)]);
    expect(problemsOf({ ...valid, API_KEY: 'AK123' })).toEqual([expect.stringMatching(/API_KEY must be/)]);
  });

  it('reads a comma separated origin list', () => {
    const result = readFunctionConfig({ ...valid, ALLOWED_ORIGINS: 'https://flex.twilio.com, https://flex.example.co.jp ,http://localhost:3000' });
    expect(result.ok && [...result.config.allowedOrigins]).toEqual(['https://flex.twilio.com', 'https://flex.example.co.jp', 'http://localhost:3000']);
  });

  it('refuses a wildcard, paths and plain http origins', () => {
    expect(problemsOf({ ...valid, ALLOWED_ORIGINS: '*' })).toEqual([expect.stringMatching(/"\*"/)]);
    expect(problemsOf({ ...valid, ALLOWED_ORIGINS: 'https://flex.twilio.com/agent-desktop' })).toHaveLength(1);
    expect(problemsOf({ ...valid, ALLOWED_ORIGINS: 'http://flex.example.com' })).toHaveLength(1);
  });

  it('accepts only https status callbacks', () => {
    expect(problemsOf({ ...valid, RECORDING_STATUS_CALLBACK_URL: 'http://example.com/cb' })).toHaveLength(1);
    const result = readFunctionConfig({ ...valid, RECORDING_STATUS_CALLBACK_URL: 'https://rec-1234.twil.io/recording/status' });
    expect(result.ok && result.config.statusCallbackUrl).toBe('https://rec-1234.twil.io/recording/status');
  });

  it('keeps the emulator seam to the loopback interface', () => {
    expect(problemsOf({ ...valid, TWILIO_EMULATOR_URL: 'http://10.0.0.5:4010' })).toEqual([expect.stringMatching(/local development only/)]);
    expect(problemsOf({ ...valid, TWILIO_EMULATOR_URL: 'https://attacker.example' })).toHaveLength(1);
    const result = readFunctionConfig({ ...valid, TWILIO_EMULATOR_URL: 'http://127.0.0.1:4010' });
    expect(result.ok && result.config.emulatorUrl).toBe('http://127.0.0.1:4010');
  });
});
