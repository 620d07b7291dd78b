import type { LoggedRequest } from 'outbound-recording-functions/emulator';
import { BenchAgent, type Design } from '../agent/agent';
import type { AgentPage } from '../agent/agent-bundle';
import { criticalPath, type CriticalPath } from '../rig/request-timeline';
import { functionOf, type Rig } from '../rig/rig';
import { percentile, round, seededRandom, sleep, waitFor } from '../stats';

/** Where one call's path from the customer joining to the create went (p50 over the calls). */
export interface CriticalPathSummary {
  /** The most common number of sequential Twilio round trips before the create. */
  sequentialTwilioRequests: number;
  /** p50 of (time to record - sequential requests x L): plugin, HTTP, twilio-run, Function, twilio library, emulator. */
  overheadP50Ms: number;
  /** p50 of each gap: before the first request, between rounds, after the last round until the create. */
  gapsP50Ms: number[];
  /** What each round was, e.g. ["look-up x6"] (steady state) or ["validate", "look-up x6"] (first call). */
  rounds: string[];
}

/** The Twilio requests one plugin request to /recording/start caused, by what they are for (per recorded call). */
export interface StartRequestBreakdown {
  total: number;
  /** IAM's validation of the agent's Flex token (0 while the warm instance has the token cached). */
  validate: number;
  /** The authorization round: task, reservations, conference, participant, call, the call's recordings. */
  lookUps: number;
  create: number;
  /** The call's recordings listed again after the create (two concurrent starts keep only the oldest). */
  postCreateCheck: number;
  /** Task attribute writes (the link and call_recording), a 412 answer included. */
  taskUpdate: number;
  /** Task re-reads after a 412 (another writer, e.g. the in-progress callback, changed the task first). */
  taskReRead: number;
  other: number;
}

export interface FirstCallFigure {
  /** Agents measured, one call each, each with a token the Functions have not seen. */
  calls: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  p50Hops: number;
  criticalPath: CriticalPathSummary;
  /** Twilio requests caused by the plugin's request, per call. */
  twilioRequestsFromPluginRequests: StartRequestBreakdown;
}

/** The figures 1 (time to record) and 3 (cost per call) come from the same sequence of calls. */
export interface SequentialResult {
  /** Steady state: one agent's calls after a warm-up call (warm Functions, the agent's token cached). */
  timeToRecord: {
    /** What the top-level figures measure. */
    measures: string;
    /** The Flex the plugin ran on for these figures: the hand-written stand-in (no participant throttle). */
    flexRuntime: string;
    calls: number;
    p50Ms: number;
    p95Ms: number;
    p99Ms: number;
    p50Hops: number;
    /** Calls whose customer leg got exactly one recording / more than one / none. */
    recordedOnce: number;
    duplicates: number;
    missing: number;
    /** Recordings started on the agent's own leg (a wrong recording). */
    agentLegRecordings: number;
    /** Where the p50 goes: Twilio requests in sequence before the create (each costs L) and the rest. */
    criticalPath: CriticalPathSummary;
    /** The first call of an agent (the Functions have not validated its token yet), warm Functions otherwise. */
    firstCall: FirstCallFigure;
  };
  /** Steady state, over the same calls as timeToRecord (warm-up call and first calls excluded). */
  costPerCall: {
    /** The plugin's requests plus Twilio's status callbacks delivered to the Functions. */
    functionInvocations: number;
    functionInvocationsFromPlugin: number;
    functionInvocationsFromStatusCallbacks: number;
    twilioRequests: number;
    /** Twilio requests per recorded call by operation (Twilio's operationId; IAM's token validation is "ValidateToken"). */
    twilioRequestsByOperation: Record<string, number>;
    /** Of twilioRequests: those the plugin's requests caused, by purpose. */
    twilioRequestsFromPluginRequests: StartRequestBreakdown;
    /** Of twilioRequests: those the recording status callbacks caused, by operation. */
    twilioRequestsFromStatusCallbacks: { total: number; byOperation: Record<string, number> };
    /** Task updates Twilio refused with 412 (a concurrent writer), per call, by which Function sent them. */
    taskUpdateConflicts: { fromPluginRequests: number; fromStatusCallbacks: number };
    /** Calls the averages are over (warm-up call excluded). */
    calls: number;
  };
}

/** The customer answers 0..MAX_RING_MS after the agent connects (seeded): a poller's phase is then as random as in life. */
const MAX_RING_MS = 500;
const CREATE_TIMEOUT_MS = 15_000;

interface CallMeasurement {
  customerCallSid: string;
  workerCallSid: string;
  sampleMs: number | undefined;
  path: CriticalPath | undefined;
  /** Every Twilio request from the dial until the call's status callbacks were delivered. */
  requests: LoggedRequest[];
  pluginRequests: number;
  statusCallbacks: number;
}

/**
 * One call, start to finish: t0 when the stand-in store update that adds the customer's leg is dispatched;
 * t1 when the recording `create` for that leg reached the emulator. Then the call is left to settle (the
 * Function's answer arrives), hung up, completed, and its status callbacks delivered, so every request it
 * caused is in its own slice of the emulator's log.
 */
async function measureCall(rig: Rig, agent: BenchAgent, baseUrl: string, random: () => number, number: string): Promise<CallMeasurement> {
  const { emulator } = rig;
  const logFrom = emulator.countRequests();
  const fetchesBefore = rig.fetches.count(baseUrl);
  const callbacksBefore = deliveredCallbacks(rig);
  const call = await agent.dial(number);
  await sleep(random() * MAX_RING_MS);
  const t0 = agent.answer(call);
  const t1 = await rig.creates.waitForCreate(call.sids.customerCallSid, CREATE_TIMEOUT_MS);
  // Let the plugin's request finish (the Function links the recording after creating it) before hanging up.
  await waitFor(() => rig.fetches.inFlight === 0 && agent.startSettled(call.sids.taskSid), CREATE_TIMEOUT_MS);
  await agent.finish(call);
  // Twilio's status callbacks (and the Twilio requests they cause) belong to this call, not the next one.
  await emulator.flushStatusCallbacks();
  return {
    customerCallSid: call.sids.customerCallSid,
    workerCallSid: call.sids.workerCallSid,
    sampleMs: t1 === undefined ? undefined : t1 - t0,
    path: t1 === undefined ? undefined : criticalPath(t0, t1, rig.timeline.between(t0, t1), rig.latencyMs),
    requests: emulator.requests().slice(logFrom),
    pluginRequests: rig.fetches.count(baseUrl) - fetchesBefore,
    statusCallbacks: deliveredCallbacks(rig) - callbacksBefore,
  };
}

/**
 * Figures 1 and 3. One agent, `calls` consecutive outbound calls after one warm-up call that is not
 * counted (twilio-run, connections and JIT warm, and the agent's token validated and cached, as in the
 * middle of a shift): the steady state. Then `firstCalls` further agents, one call each, whose tokens
 * the Functions have not seen: the first call of an agent.
 */
export async function runSequentialCalls(
  rig: Rig,
  newPage: () => AgentPage,
  design: Design,
  calls: number,
  firstCalls: number,
): Promise<SequentialResult> {
  const { emulator } = rig;
  const baseUrl = design === 'ours' ? rig.functions.url : rig.naive.url;
  const random = seededRandom(design === 'ours' ? 1 : 2);

  const agent = new BenchAgent(newPage(), design, emulator, baseUrl, `${design}-sequential`);
  const steady: CallMeasurement[] = [];
  for (let i = 0; i <= calls; i += 1) {
    const measured = await measureCall(rig, agent, baseUrl, random, `+1555${String(1_000_000 + i).slice(1)}`);
    if (i > 0) steady.push(measured);
  }
  await waitFor(() => rig.fetches.inFlight === 0, CREATE_TIMEOUT_MS);
  agent.dispose();

  const first: CallMeasurement[] = [];
  for (let i = 0; i < firstCalls; i += 1) {
    const newcomer = new BenchAgent(newPage(), design, emulator, baseUrl, `${design}-first-call-${i}`);
    first.push(await measureCall(rig, newcomer, baseUrl, random, `+1557${String(1_000_000 + i).slice(1)}`));
    await waitFor(() => rig.fetches.inFlight === 0, CREATE_TIMEOUT_MS);
    newcomer.dispose();
  }

  const recordingsOf = (callSid: string) => emulator.recordingsForCall(callSid).length;
  const perCall = steady.map((call) => recordingsOf(call.customerCallSid));
  const recorded = perCall.filter((n) => n >= 1).length;
  const perRecorded = (n: number) => round(n / Math.max(1, recorded), 2);
  const steadyRequests = steady.flatMap((call) => call.requests);
  const fromPlugin = sum(steady.map((call) => call.pluginRequests));
  const fromCallbacks = sum(steady.map((call) => call.statusCallbacks));
  const statusRequests = steadyRequests.filter((entry) => functionOf(entry) === 'status');
  const steadyTimes = timeFigures(steady, rig.latencyMs);

  return {
    timeToRecord: {
      measures:
        "steady state on the Flex stand-in, from the stand-in's store showing the customer to the create reaching Twilio: one agent, warm Functions, " +
        "the agent's Flex token already validated and cached (firstCall: a token not yet cached); browserPath: the same on the real Flex runtime",
      flexRuntime: 'Flex stand-in (dev/flex-stand-in): no participant throttle',
      calls,
      ...steadyTimes,
      recordedOnce: perCall.filter((n) => n === 1).length,
      duplicates: perCall.filter((n) => n > 1).length,
      missing: perCall.filter((n) => n === 0).length,
      agentLegRecordings: sum(steady.map((call) => recordingsOf(call.workerCallSid))),
      firstCall: {
        calls: firstCalls,
        ...timeFigures(first, rig.latencyMs),
        twilioRequestsFromPluginRequests: startBreakdown(first, first.length),
      },
    },
    costPerCall: {
      functionInvocations: perRecorded(fromPlugin + fromCallbacks),
      functionInvocationsFromPlugin: perRecorded(fromPlugin),
      functionInvocationsFromStatusCallbacks: perRecorded(fromCallbacks),
      twilioRequests: perRecorded(steadyRequests.length),
      twilioRequestsByOperation: countByOperation(steadyRequests, recorded),
      twilioRequestsFromPluginRequests: startBreakdown(steady, recorded),
      twilioRequestsFromStatusCallbacks: { total: perRecorded(statusRequests.length), byOperation: countByOperation(statusRequests, recorded) },
      taskUpdateConflicts: {
        fromPluginRequests: perRecorded(steadyRequests.filter((entry) => functionOf(entry) === 'agent' && entry.status === 412).length),
        fromStatusCallbacks: perRecorded(statusRequests.filter((entry) => entry.status === 412).length),
      },
      calls,
    },
  };
}

function timeFigures(measured: readonly CallMeasurement[], latencyMs: number): Omit<FirstCallFigure, 'calls' | 'twilioRequestsFromPluginRequests'> {
  const samples = measured.flatMap((call) => (call.sampleMs === undefined ? [] : [call.sampleMs]));
  const paths = measured.flatMap((call) => (call.path === undefined ? [] : [call.path]));
  const p50 = percentile(samples, 50);
  return {
    p50Ms: round(p50),
    p95Ms: round(percentile(samples, 95)),
    p99Ms: round(percentile(samples, 99)),
    p50Hops: round(p50 / latencyMs, 2),
    criticalPath: summarizePaths(paths),
  };
}

export function summarizePaths(paths: readonly CriticalPath[]): CriticalPathSummary {
  const sequential = mode(paths.map((path) => path.sequentialRequests));
  // Gaps and rounds from the calls that took the common path (a call whose look-ups were split by a stall would skew them).
  const typical = paths.filter((path) => path.sequentialRequests === sequential);
  const rounds = mode(typical.map((path) => path.rounds.join(' | ')));
  return {
    sequentialTwilioRequests: sequential,
    overheadP50Ms: round(percentile(paths.map((path) => path.overheadMs), 50)),
    gapsP50Ms: (typical[0]?.gapsMs ?? []).map((_, index) => round(percentile(typical.map((path) => path.gapsMs[index] ?? 0), 50))),
    rounds: typeof rounds === 'string' && rounds !== '' ? rounds.split(' | ') : [],
  };
}

/** The Twilio requests the agent-facing Function sent for these calls, by purpose, per call. */
function startBreakdown(measured: readonly CallMeasurement[], per: number): StartRequestBreakdown {
  const counts: StartRequestBreakdown = { total: 0, validate: 0, lookUps: 0, create: 0, postCreateCheck: 0, taskUpdate: 0, taskReRead: 0, other: 0 };
  for (const call of measured) {
    let created = false;
    for (const entry of call.requests) {
      if (functionOf(entry) !== 'agent') continue;
      counts.total += 1;
      const operation = operationOf(entry);
      if (entry.hostKind === 'iam') counts.validate += 1;
      else if (operation === 'CreateCallRecording') {
        counts.create += 1;
        created = true;
      } else if (!created) counts.lookUps += 1;
      else if (operation === 'ListCallRecording') counts.postCreateCheck += 1;
      else if (operation === 'UpdateTask') counts.taskUpdate += 1;
      else if (operation === 'FetchTask') counts.taskReRead += 1;
      else counts.other += 1;
    }
  }
  for (const key of Object.keys(counts) as Array<keyof StartRequestBreakdown>) counts[key] = round(counts[key] / Math.max(1, per), 2);
  return counts;
}

function countByOperation(entries: readonly LoggedRequest[], per: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of entries) counts[operationOf(entry)] = (counts[operationOf(entry)] ?? 0) + 1;
  for (const operation of Object.keys(counts)) counts[operation] = round(counts[operation] / Math.max(1, per), 2);
  return counts;
}

/** Status callbacks the emulator sent to a Function (the naive design asks for none). */
export function deliveredCallbacks(rig: Rig): number {
  return rig.emulator.statusCallbacks().filter((callback) => callback.delivery.state === 'delivered' || callback.delivery.state === 'failed').length;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function mode<T>(values: readonly T[]): T | 0 {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

function operationOf(entry: { routeId: string | null; method: string; path: string }): string {
  return entry.routeId ?? `${entry.method} ${entry.path}`;
}
