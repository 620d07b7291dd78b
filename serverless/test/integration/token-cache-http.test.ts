import { outboundCall, type TwilioEmulator } from '../support/emulated-functions';
import type { FunctionsServer } from '../../sandbox/functions-server';
import { serveFunctionsOverHttp } from '../support/functions-over-http';

/**
 * A warm Function instance (twilio-run without per-request forking, as deployed Functions serve
 * consecutive requests) validates an agent's Flex token with Twilio once, not on every request.
 */
let emulator: TwilioEmulator;
let functions: FunctionsServer;

serveFunctionsOverHttp({ warm: true }, (servers) => ({ emulator, functions } = servers));

function post(fields: Record<string, string>) {
  return fetch(`${functions.url}/recording/start`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: 'https://flex.twilio.com' },
    body: JSON.stringify({ recordingRequest: { version: 1, ...fields } }),
  });
}

it("validates an agent's token once across that agent's calls", async () => {
  const first = outboundCall(emulator, { identity: 'carol' });
  expect((await post(first.request)).status).toBe(200);
  const second = emulator.placeOutboundCall({ workerSid: first.workerSid, workerIdentity: 'carol', customerNumber: '+14155550100', callerId: '+14155550199' });
  emulator.answerCall(second.customerCallSid);
  const response = await post({ Token: first.token, TaskSid: second.taskSid, CallSid: second.customerCallSid, ConferenceSid: second.conferenceSid });
  expect(response.status).toBe(200);
  expect(emulator.requests({ routeId: 'ValidateToken' })).toHaveLength(1);
  expect(emulator.recordingsForCall(second.customerCallSid)).toHaveLength(1);
});

it('refuses an expired token, and answers its replay from the cache without asking Twilio again', async () => {
  const call = outboundCall(emulator, { identity: 'dave' });
  emulator.expireFlexToken(call.token);
  const response = await post(call.request);
  expect(response.status).toBe(401);
  // A replayed refused token is answered from the cache for a short while.
  expect((await post(call.request)).status).toBe(401);
  expect(emulator.requests({ routeId: 'ValidateToken' }).filter((r) => r.json && (r.json as { token?: string }).token === call.token)).toHaveLength(1);
});
