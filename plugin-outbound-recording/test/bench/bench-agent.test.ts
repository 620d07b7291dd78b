import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

import { startTwilioEmulator, type TwilioEmulator } from 'outbound-recording-functions/emulator';
import { functionEnv } from 'outbound-recording-functions/sandbox/emulated-env';
import { startFunctionsServer, type FunctionsServer } from 'outbound-recording-functions/sandbox/functions-server';
import { BenchAgent } from '../../dev/bench/agent/agent';
import { loadAgentPages, type AgentPage } from '../../dev/bench/agent/agent-bundle';

/**
 * The benchmark's stand-in agents on the server path: for our design dial() carries the plugin's conference
 * options (set in its beforeAcceptTask) into Twilio's accept, so Twilio reports both joins to the real Functions
 * (twilio-run), which record the customer's leg; Twilio's task writes reach the agent's stand-in task; and a
 * closed page (closePage) is not needed for the recording. The naive design is staged as before.
 */
const SERVERLESS_DIR = dirname(require.resolve('outbound-recording-functions/package.json'));

let emulator: TwilioEmulator;
let functions: FunctionsServer;
let newPage: () => AgentPage;
const agents: BenchAgent[] = [];

beforeAll(async () => {
  if (!existsSync(join(SERVERLESS_DIR, 'dist', 'functions', 'recording', 'conference-status.protected.js'))) {
    const built = spawnSync(process.execPath, [join(SERVERLESS_DIR, 'toolchain', 'build-functions.mjs')], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('Building the Functions failed');
  }
  emulator = await startTwilioEmulator();
  [functions, newPage] = await Promise.all([startFunctionsServer(functionEnv(emulator), { warm: true }), loadAgentPages()]);
}, 120_000);
afterEach(() => {
  for (const agent of agents.splice(0)) agent.dispose();
});
afterAll(async () => {
  await functions?.stop();
  await emulator?.close();
});

function agent(design: 'ours' | 'naive', identity: string): BenchAgent {
  // The agent pages run in Node's own context (agent-bundle.ts), whose process.env is not jest's sandboxed copy
  // that BenchAgent writes: set the plugin's build value there too (the bench itself runs outside jest).
  new Script(`process.env.FLEX_APP_FUNCTIONS_BASE_URL = ${JSON.stringify(functions.url)}`).runInThisContext();
  const created = new BenchAgent(newPage(), design, emulator, functions.url, identity);
  agents.push(created);
  return created;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

const joinsOf = (conferenceSid: string) => emulator.conferenceCallbacks(conferenceSid).map((c) => [c.params.CallSid, c.delivery.httpStatus]);
const recordingState = (call: { sim: { task?: { attributes: Record<string, unknown> } } }) =>
  call.sim.task?.attributes.call_recording as { status?: string; recording_sid?: string } | undefined;

it("ours: the accept carries the plugin's callback into Twilio before the agent joins; the customer's join records once; Twilio's writes reach the stand-in", async () => {
  const alice = agent('ours', 'bench-alice');
  const call = await alice.dial('+15550001001');
  expect(emulator.conferenceInstructions(call.sids.conferenceSid)).toEqual([
    expect.objectContaining({ conferenceStatusCallback: `${functions.url}/recording/conference-status`, conferenceStatusCallbackEvent: 'join' }),
  ]);
  expect(emulator.getTask(call.sids.taskSid).assignmentStatus).toBe('assigned');
  await emulator.flushStatusCallbacks();
  expect(joinsOf(call.sids.conferenceSid)).toEqual([[call.sids.workerCallSid, 200]]);

  alice.answer(call);
  await until(() => recordingState(call)?.status === 'in-progress', "call_recording on the stand-in's task");
  await emulator.flushStatusCallbacks();
  expect(joinsOf(call.sids.conferenceSid)).toEqual([
    [call.sids.workerCallSid, 200],
    [call.sids.customerCallSid, 200],
  ]);
  const [recording] = emulator.recordingsForCall(call.sids.customerCallSid);
  expect(emulator.recordingsForCall(call.sids.customerCallSid)).toHaveLength(1);
  expect(recording).toMatchObject({ channels: 2, status: 'in-progress' });
  expect(recordingState(call)?.recording_sid).toBe(recording.sid);
  // Flex's task has exactly Twilio's attributes (TaskRouter pushed the Functions' writes).
  expect(call.sim.task?.attributes).toEqual(emulator.getTask(call.sids.taskSid).attributes);
  await alice.finish(call);
  expect(alice.activeWatches).toBe(0);
}, 60_000);

it('ours, browser gone: the customer answers after the page closed, and the server path records the leg alone', async () => {
  const bob = agent('ours', 'bench-bob');
  const call = await bob.dial('+15550001002');
  const attributesBefore = call.sim.task?.attributes;
  bob.closePage();
  expect(bob.closed).toBe(true);
  bob.answer(call);
  await until(() => emulator.recordingsForCall(call.sids.customerCallSid).length > 0, "the customer's recording");
  await until(() => emulator.getTask(call.sids.taskSid).attributes.call_recording !== undefined, 'the task write');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(emulator.recordingsForCall(call.sids.customerCallSid)).toHaveLength(1);
  // The plugin is disposed (no watch left to ask), and the closed page's task heard nothing more of TaskRouter.
  expect(bob.activeWatches).toBe(0);
  expect(call.sim.task?.attributes).toEqual(attributesBefore);
  await expect(bob.dial('+15550001003')).rejects.toThrow(/page is closed/);
  await bob.finish(call);
  expect(emulator.getCall(call.sids.customerCallSid).status).toBe('completed');
}, 60_000);

it('naive: staged as before (accepted in Twilio at once, no conference instruction, no task updates)', async () => {
  const carol = agent('naive', 'bench-carol');
  const call = await carol.dial('+15550001004');
  expect(emulator.getTask(call.sids.taskSid).assignmentStatus).toBe('assigned');
  expect(emulator.conferenceInstructions(call.sids.conferenceSid)).toEqual([]);
  expect(call.sim.task?.attributes).toMatchObject({ to: '+15550001004' });
  await carol.finish(call, { hangUp: true });
}, 60_000);
