import { recordingRequestBody } from '../../src/contract/recording-api';
import { startSandbox, type Sandbox } from '../../dev/sandbox/start-sandbox';

/**
 * `INTELLIGENCE_SERVICE_SID=GA… npm start`: the offline sandbox hands completed recordings to Conversation
 * Intelligence (the emulator's intelligence.twilio.com), as the Functions do deployed with the setting. No
 * browser needed: the plugin's start request is sent as the plugin sends it.
 */
const SERVICE_SID = 'GA' + '7'.repeat(32);
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ emulatorPort: 0, functionsPort: 0, deskPort: 0, functionSettings: { INTELLIGENCE_SERVICE_SID: SERVICE_SID } });
}, 180_000);
afterAll(async () => {
  await sandbox?.stop();
});

it('records the call, and once it completes makes one transcript of it, its SID in the task', async () => {
  const { emulator } = sandbox;
  const call = emulator.placeOutboundCall({ workerIdentity: 'alice', customerNumber: '+14155550100' });
  emulator.answerCall(call.customerCallSid);
  const token = emulator.issueFlexToken({ workerSid: call.workerSid, identity: call.workerIdentity, roles: ['agent'] });
  const response = await fetch(`${sandbox.functionsUrl}/recording/start`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: sandbox.deskUrl },
    body: JSON.stringify(recordingRequestBody({ Token: token, TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid })),
  });
  expect(response.status).toBe(200);
  const { recordingSid } = (await response.json()) as { recordingSid: string };
  emulator.advanceClock(30_000);
  emulator.hangUp(call.customerCallSid);
  await emulator.flushStatusCallbacks();
  const transcripts = emulator.transcripts({ sourceSid: recordingSid });
  expect(transcripts).toHaveLength(1);
  expect(transcripts[0]).toMatchObject({ serviceSid: SERVICE_SID });
  expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'completed', recording_sid: recordingSid, transcript_sid: transcripts[0].sid });
}, 60_000);
