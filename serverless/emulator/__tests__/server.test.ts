import { startTwilioEmulator } from '../index';
import { clientFor, clientWithSecret, rawRequest, restError, useEmulator } from './helpers';

const ctx = useEmulator();

describe('authentication and routing', () => {
  it('answers 401 (20003) without or with wrong credentials, in Twilio\'s error format', async () => {
    const { emulator } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    const path = `/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Calls/${customerCallSid}.json`;

    const none = await rawRequest(emulator, 'GET', path, { auth: 'none' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Basic');
    expect(none.body).toMatchObject({ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });

    const wrong = await restError(clientWithSecret(emulator, emulator.accountSid, 'x'.repeat(32)).calls(customerCallSid).fetch());
    expect(wrong).toMatchObject({ status: 401, code: 20003 });
    const wrongKey = await restError(clientWithSecret(emulator, emulator.apiKeySid, emulator.authToken).calls(customerCallSid).fetch());
    expect(wrongKey).toMatchObject({ status: 401 });
    expect(emulator.countRequests({ status: 401 })).toBe(3);
  });

  it('refuses a path naming another account', async () => {
    const { emulator } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    const other = 'AC' + 'f'.repeat(32);
    const { status, body } = await rawRequest(emulator, 'GET', `/api.twilio.com/2010-04-01/Accounts/${other}/Calls/${customerCallSid}.json`);
    expect(status).toBe(401);
    expect(body.code).toBe(20003);
  });

  it('answers 404 (20404) for unknown resources, paths and hosts', async () => {
    const { emulator, client } = ctx;
    const unknownCall = await restError(client.calls('CA' + '0'.repeat(32)).fetch());
    expect(unknownCall).toMatchObject({ status: 404, code: 20404 });
    expect(unknownCall.message).toContain(`/2010-04-01/Accounts/${emulator.accountSid}/Calls/CA${'0'.repeat(32)}.json`);

    const unknownPath = await rawRequest(emulator, 'GET', `/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Queues.json`);
    expect(unknownPath).toMatchObject({ status: 404, body: { code: 20404, status: 404 } });
    const unknownHost = await rawRequest(emulator, 'GET', '/sync.twilio.com/v1/Services');
    expect(unknownHost.status).toBe(404);
    const unknownConference = await restError(client.conferences('CF' + '0'.repeat(32)).participants.list());
    expect(unknownConference.status).toBe(404);
  });

  it('answers 405 (20004) for a known path with the wrong method', async () => {
    const { emulator } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    const { status, body, headers } = await rawRequest(
      emulator,
      'DELETE',
      `/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Calls/${customerCallSid}.json`,
    );
    expect(status).toBe(405);
    expect(body.code).toBe(20004);
    expect(headers.get('allow')).toBe('GET');
  });

  it('treats region and edge hosts as the same product', async () => {
    const { emulator } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    const edge = await rawRequest(emulator, 'GET', `/api.dublin.ie1.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Calls/${customerCallSid}.json`);
    expect(edge.status).toBe(200);
    const regional = twilioClientWithRegion();
    await expect(regional.calls(customerCallSid).fetch()).resolves.toMatchObject({ sid: customerCallSid });
    expect(emulator.requests({ host: 'api.dublin.ie1.twilio.com' })).toHaveLength(2);

    function twilioClientWithRegion() {
      const client = clientFor(emulator);
      client.region = 'ie1';
      client.edge = 'dublin';
      return client;
    }
  });

  it('logs every request with its parsed query, body, headers and answer', async () => {
    const { emulator, client } = ctx;
    const scenario = emulator.placeOutboundCall();
    await client.calls(scenario.customerCallSid).recordings.list({ pageSize: 5 });
    await restError(client.calls(scenario.customerCallSid).recordings.create({ recordingChannels: 'dual' }));

    const log = emulator.requests();
    expect(log.map((r) => [r.method, r.routeId, r.status, r.errorCode])).toEqual([
      ['GET', 'ListCallRecording', 200, null],
      ['POST', 'CreateCallRecording', 400, 21220],
    ]);
    expect(log[0]!.query).toEqual({ PageSize: '5' });
    expect(log[0]!.headers['user-agent']).toMatch(/twilio-node/);
    expect(log[1]!.form).toEqual({ RecordingChannels: 'dual' });
    expect(log[1]!.at).toBeInstanceOf(Date);
    expect(log.map((r) => r.seq)).toEqual([1, 2]);

    emulator.clearRequests();
    expect(emulator.requests()).toEqual([]);
  });
});

describe('faults, latency and hooks', () => {
  it('answers matching requests with an injected error, the given number of times', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    emulator.answerCall(customerCallSid);
    const fault = emulator.injectFault({ method: 'POST', pathPattern: /\/Recordings\.json$/, status: 429, code: 20429, message: 'Too Many Requests', times: 2 });

    // Other requests are untouched.
    await expect(client.calls(customerCallSid).fetch()).resolves.toBeDefined();
    for (let i = 0; i < 2; i += 1) {
      expect(await restError(client.calls(customerCallSid).recordings.create({ recordingChannels: 'dual' }))).toMatchObject({
        status: 429,
        code: 20429,
        message: 'Too Many Requests',
      });
    }
    expect(fault).toMatchObject({ hits: 2, remaining: 0 });
    await expect(client.calls(customerCallSid).recordings.create({ recordingChannels: 'dual' })).resolves.toMatchObject({ channels: 2 });
    expect(emulator.recordingsForCall(customerCallSid)).toHaveLength(1);
    expect(emulator.requests({ routeId: 'CreateCallRecording' }).map((r) => [r.status, r.faulted])).toEqual([
      [429, true],
      [429, true],
      [201, false],
    ]);
  });

  it('defaults the code from the status, matches by host kind, and can be removed', async () => {
    const { emulator, client } = ctx;
    const { taskSid } = emulator.createTask();
    const fault = emulator.injectFault({ host: 'taskrouter', status: 503, times: Infinity });
    for (let i = 0; i < 3; i += 1) {
      expect(await restError(client.taskrouter.v1.workspaces(emulator.workspaceSid).tasks(taskSid).fetch())).toMatchObject({ status: 503, code: 20503 });
    }
    fault.remove();
    await expect(client.taskrouter.v1.workspaces(emulator.workspaceSid).tasks(taskSid).fetch()).resolves.toBeDefined();

    emulator.injectFault({ host: 'taskrouter', status: 500 });
    emulator.clearFaults();
    await expect(client.taskrouter.v1.workspaces(emulator.workspaceSid).tasks(taskSid).fetch()).resolves.toBeDefined();
  });

  it('still authenticates before injecting faults', async () => {
    const { emulator } = ctx;
    emulator.injectFault({ status: 500 });
    const { status } = await rawRequest(emulator, 'GET', `/api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Calls/CA${'0'.repeat(32)}.json`, {
      auth: 'none',
    });
    expect(status).toBe(401);
  });

  it('delays every answer by the configured latency', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    emulator.setLatency(150);
    const started = Date.now();
    await client.calls(customerCallSid).fetch();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    emulator.setLatency(0);
    expect(emulator.latencyMs).toBe(0);
  });

  it('delays faulted answers by delayMs', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    emulator.injectFault({ status: 500, delayMs: 120 });
    const started = Date.now();
    expect((await restError(client.calls(customerCallSid).fetch())).status).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('runs async hooks before the handler, for matching requests only', async () => {
    const { emulator, client } = ctx;
    const scenario = emulator.placeOutboundCall();
    const seen: string[] = [];
    emulator.beforeHandle({ method: 'POST', times: Infinity }, async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(request.path);
      // The hook changes the world: the customer answers just before the recording request lands.
      if (emulator.getCall(scenario.customerCallSid).status === 'ringing') emulator.answerCall(scenario.customerCallSid);
    });
    await client.calls(scenario.customerCallSid).fetch();
    await expect(client.calls(scenario.customerCallSid).recordings.create({ recordingChannels: 'dual' })).resolves.toMatchObject({ channels: 2 });
    expect(seen).toEqual([`/2010-04-01/Accounts/${emulator.accountSid}/Calls/${scenario.customerCallSid}/Recordings.json`]);
  });

  it('answers 500 (20500) when a hook throws', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    emulator.beforeHandle({}, () => {
      throw new Error('boom');
    });
    expect(await restError(client.calls(customerCallSid).fetch())).toMatchObject({ status: 500, code: 20500 });
  });
});

describe('lifecycle', () => {
  it('generates well-formed credentials and SIDs, or uses the given ones', async () => {
    const { emulator } = ctx;
    expect(emulator.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(emulator.apiKeySid).toMatch(/^SK[0-9a-f]{32}$/);
    expect(emulator.workspaceSid).toMatch(/^WS[0-9a-f]{32}$/);
    expect(emulator.authToken).toHaveLength(32);
    expect(emulator.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const scenario = emulator.placeOutboundCall();
    expect(scenario.taskSid).toMatch(/^WT[0-9a-f]{32}$/);
    expect(scenario.reservationSid).toMatch(/^WR[0-9a-f]{32}$/);
    expect(scenario.workerSid).toMatch(/^WK[0-9a-f]{32}$/);
    expect(scenario.conferenceSid).toMatch(/^CF[0-9a-f]{32}$/);
    expect(scenario.customerCallSid).toMatch(/^CA[0-9a-f]{32}$/);

    const fixed = await startTwilioEmulator({ accountSid: 'AC' + '1'.repeat(32), authToken: 't'.repeat(32), workspaceSid: 'WS' + '2'.repeat(32) });
    try {
      expect(fixed.credentials).toMatchObject({ accountSid: 'AC' + '1'.repeat(32), authToken: 't'.repeat(32), workspaceSid: 'WS' + '2'.repeat(32) });
    } finally {
      await fixed.close();
    }
  });

  it('reset() forgets state but keeps credentials and URL', async () => {
    const { emulator, client } = ctx;
    const { customerCallSid } = emulator.placeOutboundCall();
    emulator.injectFault({ status: 500 });
    emulator.setLatency(50);
    emulator.reset();
    expect(emulator.latencyMs).toBe(0);
    expect(emulator.requests()).toEqual([]);
    expect(await restError(client.calls(customerCallSid).fetch())).toMatchObject({ status: 404 });
  });

  it('closes promptly even with a request waiting on latency', async () => {
    const slow = await startTwilioEmulator({ latencyMs: 60_000 });
    const { customerCallSid } = slow.placeOutboundCall();
    const pending = restError(clientFor(slow).calls(customerCallSid).fetch()).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    await slow.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await pending; // the client sees its connection dropped
    await slow.close(); // idempotent
  });
});
