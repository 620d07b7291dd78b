import { request } from 'node:http';
import { clientFor, useEmulator } from './helpers';

const ctx = useEmulator();

/** The control API as a browser page or script calls it (JSON in, JSON out). */
async function control(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${ctx.emulator.baseUrl}/_emulator${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as any) : null }; // any: asserted structurally
}

describe('the local control API (/_emulator)', () => {
  it('places an outbound call, answers and hangs up, and shows it all in /state', async () => {
    const placed = await control('POST', '/calls/outbound', { workerIdentity: 'alice', customerNumber: '+14155550100' });
    expect(placed.status).toBe(201);
    const { customerCallSid, taskSid, conferenceSid } = placed.body;
    expect(customerCallSid).toMatch(/^CA[0-9a-f]{32}$/);

    let state = (await control('GET', '/state')).body;
    expect(state.calls.find((c: { sid: string }) => c.sid === customerCallSid).status).toBe('ringing');
    expect(state.tasks).toEqual([expect.objectContaining({ sid: taskSid, assignmentStatus: 'assigned', etag: '0', attributes: expect.objectContaining({ direction: 'outbound' }) })]);
    expect(state.account).toEqual({ accountSid: ctx.emulator.accountSid, workspaceSid: ctx.emulator.workspaceSid, flexInstanceSid: expect.any(String) });
    expect(JSON.stringify(state)).not.toContain(ctx.emulator.authToken);

    expect((await control('POST', `/calls/${customerCallSid}/answer`)).status).toBe(200);
    const recording = await clientFor(ctx.emulator).calls(customerCallSid).recordings.create({ recordingChannels: 'dual' });
    expect((await control('POST', `/calls/${customerCallSid}/hangup`)).status).toBe(200);
    state = (await control('GET', '/state')).body;
    expect(state.recordings).toEqual([expect.objectContaining({ sid: recording.sid, status: 'completed', channels: 2 })]);
    expect(state.conferences[0]).toMatchObject({ sid: conferenceSid, participants: [expect.objectContaining({ callSid: placed.body.workerCallSid })] });
  });

  it('plays customer behaviours, adds participants, issues tokens IAM accepts, configures faults, resets', async () => {
    const placed = (await control('POST', '/calls/outbound', { customer: 'answers' })).body;
    expect(ctx.emulator.getCall(placed.customerCallSid).status).toBe('in-progress');
    const added = await control('POST', `/conferences/${placed.conferenceSid}/participants`, { to: '+14155550123', label: 'transfer' });
    expect(added).toMatchObject({ status: 201, body: { callSid: expect.stringMatching(/^CA/) } });
    expect(ctx.emulator.getConference(placed.conferenceSid).participants).toHaveLength(3);

    const token = await control('POST', '/tokens', { workerSid: placed.workerSid, identity: placed.workerIdentity });
    expect(token.status).toBe(201);
    const validated = await clientFor(ctx.emulator).request({
      method: 'post',
      uri: `https://iam.twilio.com/v1/Accounts/${ctx.emulator.accountSid}/Tokens/validate`,
      data: { token: token.body.token },
      headers: { 'Content-Type': 'application/json' },
    });
    expect(validated.body).toMatchObject({ valid: true, worker_sid: placed.workerSid });

    expect(await control('POST', '/faults', { rate429: 1, seed: 9 })).toMatchObject({ status: 200, body: { rate429: 1, seed: 9 } });
    expect(await control('POST', '/faults', { rate429: 7 })).toMatchObject({ status: 400, body: { error: expect.stringContaining('rate429') } });
    expect((await control('GET', '/requests')).body.requests[0].headers.authorization).toBe('[redacted]');
    expect(await control('POST', '/reset')).toMatchObject({ status: 200 });
    expect((await control('GET', '/state')).body.calls).toEqual([]);
    expect((await control('GET', '/faults')).body).toEqual({ seed: expect.any(Number) });
  });

  it('answers bad input and unknown things clearly, and is never logged or spec-validated', async () => {
    expect(await control('POST', '/calls/outbound', { customer: 'sometimes' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('customer') } });
    expect(await control('POST', `/calls/CA${'0'.repeat(32)}/answer`)).toMatchObject({ status: 404 });
    expect(await control('GET', '/nothing')).toMatchObject({ status: 404 });
    expect(await control('GET', '/calls/outbound')).toMatchObject({ status: 405 });
    const placed = (await control('POST', '/calls/outbound', { customer: 'answers' })).body;
    expect(await control('POST', `/calls/${placed.customerCallSid}/answer`)).toMatchObject({ status: 409 });
    expect(ctx.emulator.requests()).toEqual([]);
  });

  it('serves local pages cross-origin (CORS) and refuses other origins and Host names', async () => {
    const preflight = await control('OPTIONS', '/calls/outbound', undefined, { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Content-Type');
    const fromPage = await control('GET', '/state', undefined, { Origin: 'http://127.0.0.1:5173' });
    expect(fromPage.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');

    expect(await control('POST', '/reset', undefined, { Origin: 'https://evil.example' })).toMatchObject({ status: 403 });
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(`${ctx.emulator.baseUrl}/_emulator/state`, { headers: { Host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
  });
});
