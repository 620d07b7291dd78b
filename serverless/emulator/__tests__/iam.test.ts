import { startTwilioEmulator } from '../index';
import { rawRequest, useEmulator } from './helpers';

const ctx = useEmulator();

function validate(token: unknown, init: { auth?: 'none' | { user: string; secret: string }; accountSid?: string } = {}) {
  const { emulator } = ctx;
  return rawRequest(emulator, 'POST', `/iam.twilio.com/v1/Accounts/${init.accountSid ?? emulator.accountSid}/Tokens/validate`, {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
    ...(init.auth ? { auth: init.auth } : {}),
  });
}

describe('Flex token validation', () => {
  it('issues opaque JWE-shaped tokens', () => {
    const token = ctx.emulator.issueFlexToken({ workerSid: 'WK' + 'a'.repeat(32), identity: 'alice' });
    const segments = token.split('.');
    expect(segments).toHaveLength(5);
    expect(segments.every((s) => /^[A-Za-z0-9_-]*$/.test(s))).toBe(true);
    expect(JSON.parse(Buffer.from(segments[0]!, 'base64url').toString())).toMatchObject({ alg: 'dir', enc: 'A256GCM' });
  });

  it('answers a valid token with the worker it belongs to', async () => {
    const { emulator } = ctx;
    const { workerSid } = emulator.createWorker({ identity: 'alice' });
    const token = emulator.issueFlexToken({ workerSid, identity: 'alice', roles: ['agent', 'supervisor'], ttlSeconds: 600 });
    const { status, body } = await validate(token);
    expect(status).toBe(200);
    expect(body).toEqual({
      valid: true,
      code: 0,
      message: null,
      expiration: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      realm_user_id: 'alice',
      identity: 'alice',
      roles: ['agent', 'supervisor'],
      worker_sid: workerSid,
      flex_instance_sid: expect.stringMatching(/^GO[0-9a-f]{32}$/),
      flex_user_sid: expect.stringMatching(/^FU[0-9a-f]{32}$/),
    });
    const expiresIn = Date.parse(body.expiration) - Date.now();
    expect(expiresIn).toBeGreaterThan(590_000);
    expect(expiresIn).toBeLessThanOrEqual(600_000);
    expect(emulator.requests({ hostKind: 'iam' })[0]).toMatchObject({ json: { token }, status: 200, routeId: 'ValidateToken' });
  });

  it('answers valid:false with a code for expired, unknown and garbage tokens', async () => {
    const { emulator } = ctx;
    const expired = emulator.issueFlexToken({ workerSid: 'WK' + 'b'.repeat(32), identity: 'bob' });
    emulator.expireFlexToken(expired);
    const ttlRanOut = emulator.issueFlexToken({ workerSid: 'WK' + 'b'.repeat(32), identity: 'bob', ttlSeconds: 60 });
    emulator.advanceClock(61_000);
    for (const token of [expired, ttlRanOut]) {
      const { status, body } = await validate(token);
      expect(status).toBe(200);
      expect(body).toMatchObject({ valid: false, code: 20156, message: expect.any(String) });
    }

    const unknown = emulator.issueFlexToken({ workerSid: 'WK' + 'c'.repeat(32), identity: 'carol' });
    emulator.reset(); // forgets the token: well-formed but not issued here
    for (const [token, code] of [
      [unknown, 20151],
      ['garbage', 20160],
      ['a.b.c.d.e', 20160],
    ] as const) {
      const { status, body } = await validate(token);
      expect(status).toBe(200);
      expect(body).toMatchObject({ valid: false, code, message: expect.any(String) });
    }
  });

  it('answers a 401 Twilio error instead when configured', async () => {
    const strict = await startTwilioEmulator({ invalidTokenResponse: 'error' });
    try {
      const { status, body } = await rawRequest(strict, 'POST', `/iam.twilio.com/v1/Accounts/${strict.accountSid}/Tokens/validate`, {
        headers: { 'Content-Type': 'application/json' },
        body: '{"token":"garbage"}',
      });
      expect(status).toBe(401);
      expect(body).toEqual({ code: 20160, message: expect.any(String), more_info: 'https://www.twilio.com/docs/errors/20160', status: 401 });
    } finally {
      await strict.close();
    }
  });

  it('requires the account\'s credentials and a JSON body with a token', async () => {
    const { emulator } = ctx;
    const token = emulator.issueFlexToken({ workerSid: 'WK' + 'd'.repeat(32), identity: 'dan' });
    expect((await validate(token, { auth: 'none' })).status).toBe(401);
    expect((await validate(token, { auth: { user: emulator.accountSid, secret: 'wrong' } })).body).toMatchObject({ code: 20003, status: 401 });
    expect((await validate(token, { auth: { user: emulator.apiKeySid, secret: emulator.apiKeySecret } })).body.valid).toBe(true);
    expect((await validate(token, { accountSid: 'AC' + '0'.repeat(32) })).status).toBe(401);
    expect((await validate(undefined)).status).toBe(400);
    const form = await rawRequest(emulator, 'POST', `/iam.twilio.com/v1/Accounts/${emulator.accountSid}/Tokens/validate`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
    });
    expect(form.status).toBe(400);
  });

  it('is reachable through the twilio library\'s client.request (JSON body)', async () => {
    const { emulator, client } = ctx;
    const token = emulator.issueFlexToken({ workerSid: 'WK' + 'f'.repeat(32), identity: 'fay' });
    const response = await client.request({
      method: 'post',
      uri: `https://iam.twilio.com/v1/Accounts/${emulator.accountSid}/Tokens/validate`,
      data: { token },
      headers: { 'Content-Type': 'application/json' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ valid: true, identity: 'fay', worker_sid: 'WK' + 'f'.repeat(32) });
  });

  it('serves regional IAM hosts too', async () => {
    const { emulator } = ctx;
    const token = emulator.issueFlexToken({ workerSid: 'WK' + 'e'.repeat(32), identity: 'eve' });
    const { body } = await rawRequest(emulator, 'POST', `/iam.ie1.twilio.com/v1/Accounts/${emulator.accountSid}/Tokens/validate`, {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(body.valid).toBe(true);
  });
});
