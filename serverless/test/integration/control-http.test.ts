import { outboundCall, type TwilioEmulator } from '../support/emulated-functions';
import type { FunctionsServer } from '../../sandbox/functions-server';
import { serveFunctionsOverHttp } from '../support/functions-over-http';

/**
 * POST /recording/pause and /recording/resume over HTTP, served by twilio-run from the bundled Functions
 * in dist/, talking to the emulator through the real twilio library.
 */
let emulator: TwilioEmulator;
let functions: FunctionsServer;
const FLEX = 'https://flex.twilio.com';

serveFunctionsOverHttp({ env: { ALLOWED_ORIGINS: FLEX } }, (servers) => ({ emulator, functions } = servers));

async function post(path: string, body: Record<string, string>, origin: string = FLEX) {
  const response = await fetch(`${functions.url}${path}`, {
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ recordingRequest: { version: 1, ...body } }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

async function recordedCall(identity = 'alice') {
  const call = outboundCall(emulator, { identity });
  const started = await post('/recording/start', call.request);
  expect(started.status).toBe(200);
  // The recording's status callbacks (handled by /recording/status) settle before the test looks at requests.
  await emulator.flushStatusCallbacks();
  return { ...call, recordingSid: String(started.body.recordingSid) };
}

it('pauses (PauseBehavior=silence) and resumes, answering the recording and its status', async () => {
  const call = await recordedCall();
  const paused = await post('/recording/pause', { ...call.request, PauseBehavior: 'silence' });
  expect(paused.status).toBe(200);
  expect(paused.body).toEqual({ recordingSid: call.recordingSid, status: 'paused' });
  expect(paused.headers.get('access-control-allow-origin')).toBe(FLEX);
  expect(emulator.requests({ routeId: 'UpdateCallRecording' })[0].form).toEqual({ Status: 'paused', PauseBehavior: 'silence' });
  const resumed = await post('/recording/resume', call.request);
  expect(resumed.body).toEqual({ recordingSid: call.recordingSid, status: 'in-progress' });
  expect(emulator.recordingsForCall(call.customerCallSid)[0].status).toBe('in-progress');
});

it('answers a repeated pause with the same paused recording (200)', async () => {
  const call = await recordedCall();
  const first = await post('/recording/pause', call.request);
  const second = await post('/recording/pause', call.request);
  expect([first.status, second.status]).toEqual([200, 200]);
  expect(second.body).toEqual(first.body);
  expect(emulator.requests({ routeId: 'UpdateCallRecording' })).toHaveLength(1);
});

it("answers 403 task_not_held for another agent's task", async () => {
  const mine = await recordedCall('alice');
  const theirs = await recordedCall('bob');
  const response = await post('/recording/pause', { ...theirs.request, Token: mine.token });
  expect(response.status).toBe(403);
  expect(response.body).toMatchObject({ error: { code: 'task_not_held' } });
});

it('answers 403 call_not_customer_leg after the customer hung up (the leg left the conference)', async () => {
  const call = await recordedCall();
  emulator.hangUp(call.customerCallSid);
  const response = await post('/recording/resume', call.request);
  expect(response.status).toBe(403);
  expect(response.body).toMatchObject({ error: { code: 'call_not_customer_leg' } });
});

it('answers 400 for a PauseBehavior outside skip|silence', async () => {
  const call = await recordedCall();
  const response = await post('/recording/pause', { ...call.request, PauseBehavior: 'mute' });
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringMatching(/PauseBehavior/) } });
});

it('refuses another origin before doing anything', async () => {
  const call = await recordedCall();
  emulator.clearRequests();
  const response = await post('/recording/pause', call.request, 'https://evil.example');
  expect(response.status).toBe(403);
  expect(response.body).toMatchObject({ error: { code: 'origin_not_allowed' } });
  expect(emulator.requests()).toHaveLength(0);
});
