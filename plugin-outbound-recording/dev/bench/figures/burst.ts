import { BenchAgent, type BenchCall, type Design } from '../agent/agent';
import type { AgentPage } from '../agent/agent-bundle';
import { CONFERENCE_STATUS_PATH, RECORDING_STATUS_PATH } from '../../../src/contract/recording-api';
import { ownCpuSeconds, treeCpuSeconds } from '../rig/cpu-accounting';
import type { MachineLoad } from '../rig/cpu-load';
import type { Rig } from '../rig/rig';
import { percentile, round, seededRandom, sleep, waitFor } from '../stats';
import { createsByPath, invocationsByPath, invocationsSince, type CreatesByPath } from './call-paths';

export interface BurstResult {
  calls: number;
  recordedOnce: number;
  duplicates: number;
  missing: number;
  /** From the first customer answering until the last customer leg's recording create arrived (ms). */
  allRecordedMs: number;
  p50Ms: number;
  p99Ms: number;
  windowMs: number;
  maxConcurrent: number;
  /** Twilio answered this many requests with 429 (its concurrency limit). */
  twilio429s: number;
  /** From the agents' plugins. */
  functionInvocations: number;
  /** Every request that reached the Functions during the figure (the rig's front), by path; ours only. */
  functionInvocationsByPath: Record<string, number>;
  /** Twilio's recording status callbacks delivered to the Functions during the burst. */
  statusCallbackInvocations: number;
  /** Twilio's conference status callbacks (participant joins) delivered to the Functions during the burst. */
  conferenceCallbackInvocations: number;
  twilioRequests: number;
  agentLegRecordings: number;
  /** Creates by the path that sent them (the naive Function's count as pluginStart). */
  createsByPath: CreatesByPath;
  /** How the machine was loaded while the burst ran (main.ts runs it under rig/cpu-load.ts); null: not loaded. */
  machineLoad: MachineLoad | null;
  /** Where the cores went, from the first dial until every call had its create (or nothing more could send one). */
  cpu: BurstCpu;
}

/**
 * CPU-seconds used while the burst ran, by process (the competitors not included): the bench's own process
 * (the 1,000 pages and their plugins, the Twilio emulator, the front, and the naive design's Function) and,
 * for ours, each twilio-run process tree by the Function it serves. null where it cannot be read (not Linux).
 */
export interface BurstCpu {
  wallSeconds: number;
  benchProcessSeconds: number;
  functionsSeconds: FunctionsCpu | null;
}

/** Per Function of ours, CPU-seconds of its twilio-run process tree (null: not readable here). */
export type FunctionsCpu = Record<'conferenceStatus' | 'agentFacing' | 'recordingStatus', number | null>;

/** Longest the warm-up call may take to be recorded (a cold twilio-run loads its modules on the first request). */
const WARM_UP_TIMEOUT_MS = 30_000;
/** Longest the bench waits for stragglers: the plugin's own bound (FLEX_APP_RECORDING_WAIT_SECONDS, 120 s). */
const SETTLE_TIMEOUT_MS = 125_000;
const MAX_RING_MS = 500;

/**
 * Shift start: `calls` agents, one browser page each (its own stand-in and plugin instance), each dials once;
 * their customers answer at seeded random moments within `windowMs`. The emulator refuses requests above
 * `maxConcurrent` in flight with 429 / 20429, as Twilio's account concurrency limit does. Counted from the
 * emulator's state afterwards: recordings per customer leg (1 = right, >1 duplicate, 0 missed).
 */
export async function runBurst(
  rig: Rig,
  newPage: () => AgentPage,
  design: Design,
  calls: number,
  windowMs: number,
  maxConcurrent: number,
): Promise<BurstResult> {
  const { emulator } = rig;
  const baseUrl = design === 'ours' ? rig.functions.url : rig.naive.url;
  const random = seededRandom(design === 'ours' ? 11 : 12);
  const agents = Array.from({ length: calls }, (_, i) => new BenchAgent(newPage(), design, emulator, baseUrl, `${design}-burst-${i}`));
  // Each agent dials at a random moment and the customer answers up to MAX_RING_MS later, all within the window.
  const dialAt = agents.map(() => random() * Math.max(0, windowMs - MAX_RING_MS));
  const ringMs = agents.map(() => random() * Math.min(MAX_RING_MS, windowMs));

  await warmUp(rig, newPage, design, baseUrl);

  const requestsBefore = emulator.countRequests();
  const throttledBefore = emulator.countRequests({ status: 429 });
  const invocationsBefore = rig.fetches.count(baseUrl);
  const frontFrom = rig.front.invocations.length;
  emulator.configureFaults({ rateLimit: { maxConcurrent } });

  const started = performance.now();
  const cpuAtStart = cpuSnapshot(rig, design);
  const answeredAt = new Array<number>(calls);
  const placed = new Array<BenchCall>(calls);
  await Promise.all(
    agents.map(async (agent, i) => {
      await sleep(dialAt[i]);
      placed[i] = await agent.dial(`+1666${String(1_000_000 + i).slice(1)}`);
      await sleep(ringMs[i]);
      // The customer joins: just before the emulator answers (and posts the participant-join), as serverPath.
      answeredAt[i] = performance.now();
      agent.answer(placed[i]);
    }),
  );
  const customerLegs = placed.map((call) => call.sids.customerCallSid);
  // Done when every customer leg has a create, or nothing is left that could still send one.
  const settled = () =>
    customerLegs.every((callSid) => rig.creates.firstReceipt(callSid) !== undefined) ||
    (nothingInFlight(rig) && agents.every((agent, i) => agent.startSettled(placed[i].sids.taskSid)) && performance.now() - started > windowMs + 1000);
  await waitFor(settled, SETTLE_TIMEOUT_MS, 20);
  const cpu = cpuUsedSince(cpuAtStart, cpuSnapshot(rig, design), (performance.now() - started) / 1000);
  // A late duplicate would show up here.
  await waitFor(() => nothingInFlight(rig), SETTLE_TIMEOUT_MS, 20);
  await sleep(500);
  // Not flushed: if the emulator delivers callbacks one at a time (Twilio sends them concurrently), 1,000
  // calls' would take minutes. Those delivered so far are counted; the rig is closed after this figure.
  emulator.configureFaults({});

  const perCall = customerLegs.map((callSid) => emulator.recordingsForCall(callSid).length);
  const invocations = invocationsSince(rig, frontFrom);
  const samples = customerLegs.flatMap((callSid, i) => {
    const at = rig.creates.firstReceipt(callSid);
    return at === undefined ? [] : [at - answeredAt[i]];
  });
  const lastCreate = Math.max(...customerLegs.map((callSid) => rig.creates.firstReceipt(callSid) ?? Number.NaN).filter(Number.isFinite));
  const result: BurstResult = {
    calls,
    recordedOnce: perCall.filter((n) => n === 1).length,
    duplicates: perCall.filter((n) => n > 1).length,
    missing: perCall.filter((n) => n === 0).length,
    allRecordedMs: perCall.every((n) => n >= 1) ? round(lastCreate - Math.min(...answeredAt)) : Number.NaN,
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
    windowMs,
    maxConcurrent,
    twilio429s: emulator.countRequests({ status: 429 }) - throttledBefore,
    functionInvocations: rig.fetches.count(baseUrl) - invocationsBefore,
    functionInvocationsByPath: invocationsByPath(invocations, 1),
    statusCallbackInvocations: invocations.filter((invocation) => invocation.path === RECORDING_STATUS_PATH).length,
    conferenceCallbackInvocations: invocations.filter((invocation) => invocation.path === CONFERENCE_STATUS_PATH).length,
    twilioRequests: emulator.countRequests() - requestsBefore,
    agentLegRecordings: placed.reduce((sum, call) => sum + emulator.recordingsForCall(call.sids.workerCallSid).length, 0),
    createsByPath: createsByPath(rig, customerLegs),
    machineLoad: null,
    cpu,
  };

  for (const [i, agent] of agents.entries()) {
    await agent.finish(placed[i], { hangUp: false });
    agent.dispose();
  }
  return result;
}

/**
 * One call before the burst, not counted, as the steady-state figure has its warm-up call: each design's
 * Function has served a request (twilio-run has loaded the Function's module and the twilio library its
 * REST domains, the JIT has seen the code) before the burst starts. Without it the first second's hundreds of
 * concurrent callbacks queued behind one cold process loading its modules, which says more about twilio-run on
 * this machine than about either design (a deployed service is warm from its earlier traffic).
 */
async function warmUp(rig: Rig, newPage: () => AgentPage, design: Design, baseUrl: string): Promise<void> {
  const agent = new BenchAgent(newPage(), design, rig.emulator, baseUrl, `${design}-burst-warm-up`);
  const call = await agent.dial('+16670000000');
  agent.answer(call);
  const recorded = await rig.creates.waitForCreate(call.sids.customerCallSid, WARM_UP_TIMEOUT_MS);
  if (recorded === undefined) throw new Error(`${design}: the burst's warm-up call was not recorded within ${WARM_UP_TIMEOUT_MS} ms`);
  await waitFor(() => nothingInFlight(rig), WARM_UP_TIMEOUT_MS, 20);
  await agent.finish(call, { hangUp: false });
  agent.dispose();
}

interface CpuSnapshot {
  bench: number;
  functions: FunctionsCpu | null;
}

function cpuSnapshot(rig: Rig, design: Design): CpuSnapshot {
  return {
    bench: ownCpuSeconds(),
    // The naive Function is a server inside the bench's process: its CPU is in `bench`.
    functions:
      design === 'ours'
        ? {
            conferenceStatus: treeCpuSeconds(rig.triggerFunctions.pid),
            agentFacing: treeCpuSeconds(rig.agentFunctions.pid),
            recordingStatus: treeCpuSeconds(rig.statusFunctions.pid),
          }
        : null,
  };
}

function cpuUsedSince(before: CpuSnapshot, after: CpuSnapshot, wallSeconds: number): BurstCpu {
  const used = (from: number | null, to: number | null) => (from === null || to === null ? null : round(to - from, 2));
  return {
    wallSeconds: round(wallSeconds, 2),
    benchProcessSeconds: round(after.bench - before.bench, 2),
    functionsSeconds:
      before.functions && after.functions
        ? {
            conferenceStatus: used(before.functions.conferenceStatus, after.functions.conferenceStatus),
            agentFacing: used(before.functions.agentFacing, after.functions.agentFacing),
            recordingStatus: used(before.functions.recordingStatus, after.functions.recordingStatus),
          }
        : null,
  };
}

/** No plugin request and no request to the Functions (Twilio's callbacks included) is still unanswered. */
function nothingInFlight(rig: Rig): boolean {
  return rig.fetches.inFlight === 0 && rig.front.inFlight === 0;
}
