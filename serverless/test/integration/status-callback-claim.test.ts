import { applyRecordingStatus } from '../../src/recording/recording-status';
import { createTwilioGateway } from '../../src/twilio/twilio-gateway';
import { configFor, instantRetry, outboundCall, startTwilioEmulator, type TwilioEmulator } from '../support/emulated-functions';

/**
 * A recording's status callback and a start's claim race (claim-recording.ts): the callback read the task
 * before any claim, the claim lands before the callback's write. The callback must not take the call
 * from the claimed recording when it re-reads after its 412 (it once did: two starts both answered, each
 * with its own recording, and the task linked both).
 */
let emulator: TwilioEmulator;
beforeAll(async () => {
  emulator = await startTwilioEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

it("a callback for another recording of the call never replaces the claim that landed during it", async () => {
  const call = outboundCall(emulator);
  const config = configFor(emulator);
  const twilio = createTwilioGateway(config);
  const claimed = await twilio.createDualChannelRecording(call.customerCallSid, undefined);
  const other = await twilio.createDualChannelRecording(call.customerCallSid, undefined);
  const claim = { status: 'in-progress', recording_sid: claimed.sid, call_sid: call.customerCallSid, updated_at: new Date().toISOString() };
  // The claim lands between the callback's read of the task and its write.
  emulator.beforeHandle({ method: 'POST', host: 'taskrouter', pathPattern: /\/Tasks\/WT[0-9a-f]{32}$/, times: 1 }, () => {
    emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, call_recording: claim });
  });
  const outcome = await applyRecordingStatus(
    { twilio, accountSid: config.accountSid, retry: instantRetry(), log: { error: () => undefined } },
    { taskSid: call.taskSid, recordingSid: other.sid, callSid: call.customerCallSid, status: 'in-progress' },
  );
  expect(outcome.ok).toBe(true);
  expect(emulator.getTask(call.taskSid).attributes.call_recording).toEqual(claim);
  expect(emulator.requests({ routeId: 'UpdateTask' }).map((r) => r.status)).toEqual([412]);
});
