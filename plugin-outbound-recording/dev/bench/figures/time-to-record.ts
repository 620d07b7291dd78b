import type { LoggedRequest } from 'outbound-recording-functions/emulator';
import { BenchAgent, type Design } from '../agent/agent';
import { CONFERENCE_STATUS_PATH, RECORDING_STATUS_PATH } from '../../../src/contract/recording-api';
import { NAIVE_START_PATH } from '../naive/naive-plugin';
import type { AgentPage } from '../agent/agent-bundle';
import type { Invocation } from '../rig/functions-front';
import { criticalPath, type CriticalPath } from '../rig/request-timeline';
import type { FunctionName, Rig } from '../rig/rig';
import { percentile, round, seededRandom, sleep, waitFor } from '../stats';
import { createsByPath, invocationsByPath, invocationsSince, serverPathCreate, type CreatesByPath } from './call-paths';

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

/** A set of calls' times to record, and where their p50 goes. */
export interface TimeFigures {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  p50Hops: number;
  criticalPath: CriticalPathSummary;
}

export interface FirstCallFigure extends TimeFigures {
  /** Agents measured, one call each, each with a token the Functions have not seen. */
  calls: number;
  /** Twilio requests caused by the plugin's request, per call. */
  twilioRequestsFromPluginRequests: StartRequestBreakdown;
}

/**
 * The server path, over the same steady-state calls: from the customer joining (the emulator answers the
 * customer's call, which makes it post the signed participant-join) to the `create` the conference-status
 * Function sent reaching Twilio. Only calls the server path sent a create for are in the times.
 */
export interface ServerPathFigure extends TimeFigures {
  measures: string;
  /** Calls with a create from the conference-status Function (of the steady-state calls). */
  calls: number;
  /** Its criticalPath: the conference-status Function's own Twilio requests before its create (goal: one round, FetchTask + FetchCall). */
  /** Over the steady-state calls: creates by the path that sent them. */
  createsByPath: CreatesByPath;
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
    /** Ours only (the naive design has no server path): the server path's time to record. */
    serverPath?: ServerPathFigure;
    /** Over the steady-state calls: creates by the path that sent them (ours only). */
    createsByPath?: CreatesByPath;
  };
  /** Steady state, over the same calls as timeToRecord (warm-up call and first calls excluded). */
  costPerCall: {
    /**
     * Every request that reached the Functions (counted on their side: the rig's front, and the naive Function's
     * own count): the plugin's requests, the conference status callbacks of every participant join, the
     * recording status callbacks.
     */
    functionInvocations: number;
    /** Of functionInvocations, by Function path. */
    functionInvocationsByPath: Record<string, number>;
    /** The plugin's requests, counted where it sends them (its fetch). */
    functionInvocationsFromPlugin: number;
    /** Recording status callbacks (/recording/status). */
    functionInvocationsFromStatusCallbacks: number;
    /** Conference status callbacks (/recording/conference-status): the agent's join and the customer's. */
    functionInvocationsFromConferenceCallbacks: number;
    twilioRequests: number;
    /** Twilio requests per recorded call by operation (Twilio's operationId; IAM's token validation is "ValidateToken"). */
    twilioRequestsByOperation: Record<string, number>;
    /** Of twilioRequests: those the plugin's requests caused, by purpose. */
    twilioRequestsFromPluginRequests: StartRequestBreakdown;
    /** Of twilioRequests: those the recording status callbacks caused, by operation. */
    twilioRequestsFromStatusCallbacks: OperationCounts;
    /** Of twilioRequests: those the conference status callbacks (the server path) caused, by operation. */
    twilioRequestsFromConferenceCallbacks: OperationCounts;
    /** Task updates Twilio refused with 412 (a concurrent writer), per call, by which Function sent them. */
    taskUpdateConflicts: { fromPluginRequests: number; fromStatusCallbacks: number; fromConferenceCallbacks: number };
    /** Calls the averages are over (warm-up call excluded). */
    calls: number;
  };
}

export interface OperationCounts {
  total: number;
  byOperation: Record<string, number>;
}

/** The customer answers 0..MAX_RING_MS after the agent connects (seeded): a poller's phase is then as random as in life. */
const MAX_RING_MS = 500;
const CREATE_TIMEOUT_MS = 15_000;

interface CallMeasurement {
  customerCallSid: string;
  workerCallSid: string;
  /** Whichever path's create came first, from the stand-in showing the customer. */
  sampleMs: number | undefined;
  path: CriticalPath | undefined;
  /** The server path's create, from the emulator answering the customer (undefined: it sent none). */
  serverSampleMs: number | undefined;
  serverPath: CriticalPath | undefined;
  /** Every Twilio request from the dial until the call's status callbacks were delivered. */
  requests: LoggedRequest[];
  pluginRequests: number;
  /** Every request that reached the Functions meanwhile (ours: the rig's front; the naive Function counts its own). */
  invocations: Invocation[];
  naiveInvocations: number;
}

/**
 * One call, start to finish: the customer joins (joinedAt: just before the emulator answers the customer's
 * call, which makes Twilio post the participant-join to the server path), then t0 when the stand-in store
 * update that adds the customer's leg is dispatched; t1 when the first recording `create` for that leg reached
 * the emulator, tServer when the conference-status Function's did. Then the call is left to settle (the
 * Functions' answers arrive), hung up, completed, and its callbacks delivered, so every request it caused is
 * in its own slice of the emulator's log and of the Functions' front.
 */
async function measureCall(rig: Rig, agent: BenchAgent, baseUrl: string, random: () => number, number: string): Promise<CallMeasurement> {
  const { emulator } = rig;
  const logFrom = emulator.countRequests();
  const frontFrom = rig.front.invocations.length;
  const naiveFrom = rig.naive.invocations;
  const fetchesBefore = rig.fetches.count(baseUrl);
  const call = await agent.dial(number);
  await sleep(random() * MAX_RING_MS);
  const joinedAt = performance.now();
  const t0 = agent.answer(call);
  const t1 = await rig.creates.waitForCreate(call.sids.customerCallSid, CREATE_TIMEOUT_MS);
  // Let the plugin's request finish (the Function links the recording after creating it) before hanging up.
  await waitFor(() => rig.fetches.inFlight === 0 && rig.front.inFlight === 0 && agent.startSettled(call.sids.taskSid), CREATE_TIMEOUT_MS);
  await agent.finish(call);
  // Twilio's callbacks (and the Twilio requests they cause) belong to this call, not the next one.
  await emulator.flushStatusCallbacks();
  const first = rig.creates.receiptsOf(call.sids.customerCallSid)[0];
  const tServer = serverPathCreate(rig, call.sids.customerCallSid);
  return {
    customerCallSid: call.sids.customerCallSid,
    workerCallSid: call.sids.workerCallSid,
    sampleMs: t1 === undefined ? undefined : t1 - t0,
    // The rounds of the Function whose create came first: another's requests meanwhile are not on its path.
    path: t1 === undefined || first === undefined ? undefined : criticalPath(t0, t1, rig.timeline.between(t0, t1, first.by), rig.latencyMs),
    serverSampleMs: tServer === undefined ? undefined : tServer - joinedAt,
    serverPath: tServer === undefined ? undefined : criticalPath(joinedAt, tServer, rig.timeline.between(joinedAt, tServer, 'trigger' satisfies FunctionName), rig.latencyMs),
    requests: emulator.requests().slice(logFrom),
    pluginRequests: rig.fetches.count(baseUrl) - fetchesBefore,
    invocations: invocationsSince(rig, frontFrom),
    naiveInvocations: rig.naive.invocations - naiveFrom,
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
  const invocations = steady.flatMap((call) => call.invocations);
  const invocationsAt = (path: string) => invocations.filter((invocation) => invocation.path === path).length;
  const byFunction = (name: FunctionName) => steadyRequests.filter((entry) => rig.functionOf(entry) === name);
  const operations = (entries: readonly LoggedRequest[]): OperationCounts => ({ total: perRecorded(entries.length), byOperation: countByOperation(entries, recorded) });
  const conflicts = (entries: readonly LoggedRequest[]) => perRecorded(entries.filter((entry) => entry.status === 412).length);
  const customerLegs = steady.map((call) => call.customerCallSid);
  const ours = design === 'ours';
  const naiveStart: Record<string, number> = ours ? {} : { [NAIVE_START_PATH]: perRecorded(sum(steady.map((call) => call.naiveInvocations))) };

  return {
    timeToRecord: {
      measures:
        "steady state on the Flex stand-in, from the stand-in's store showing the customer to the first create reaching Twilio (whichever path sent it): " +
        "one agent, warm Functions, the agent's Flex token already validated and cached (firstCall: a token not yet cached); " +
        'serverPath: the conference-status Function\'s create, from the emulator answering the customer; browserPath: the plugin on the real Flex runtime',
      flexRuntime: 'Flex stand-in (dev/flex-stand-in): no participant throttle',
      calls,
      ...timeFigures(steady.map((call) => [call.sampleMs, call.path]), rig.latencyMs),
      recordedOnce: perCall.filter((n) => n === 1).length,
      duplicates: perCall.filter((n) => n > 1).length,
      missing: perCall.filter((n) => n === 0).length,
      agentLegRecordings: sum(steady.map((call) => recordingsOf(call.workerCallSid))),
      firstCall: {
        calls: firstCalls,
        ...timeFigures(first.map((call) => [call.sampleMs, call.path]), rig.latencyMs),
        twilioRequestsFromPluginRequests: startBreakdown(rig, first, first.length),
      },
      ...(ours ? { serverPath: serverPathFigure(rig, steady), createsByPath: createsByPath(rig, customerLegs) } : {}),
    },
    costPerCall: {
      functionInvocations: perRecorded(invocations.length + sum(steady.map((call) => call.naiveInvocations))),
      functionInvocationsByPath: { ...invocationsByPath(invocations, recorded), ...naiveStart },
      functionInvocationsFromPlugin: perRecorded(sum(steady.map((call) => call.pluginRequests))),
      functionInvocationsFromStatusCallbacks: perRecorded(invocationsAt(RECORDING_STATUS_PATH)),
      functionInvocationsFromConferenceCallbacks: perRecorded(invocationsAt(CONFERENCE_STATUS_PATH)),
      twilioRequests: perRecorded(steadyRequests.length),
      twilioRequestsByOperation: countByOperation(steadyRequests, recorded),
      twilioRequestsFromPluginRequests: startBreakdown(rig, steady, recorded),
      twilioRequestsFromStatusCallbacks: operations(byFunction('status')),
      twilioRequestsFromConferenceCallbacks: operations(byFunction('trigger')),
      taskUpdateConflicts: {
        // The naive Function reaches Twilio as the agent-facing one does; it never writes a task.
        fromPluginRequests: conflicts(byFunction('agent')),
        fromStatusCallbacks: conflicts(byFunction('status')),
        fromConferenceCallbacks: conflicts(byFunction('trigger')),
      },
      calls,
    },
  };
}

function serverPathFigure(rig: Rig, steady: readonly CallMeasurement[]): ServerPathFigure {
  const measured = steady.filter((call) => call.serverSampleMs !== undefined);
  return {
    measures:
      "server path: from the customer joining (the emulator answers the customer's call and posts the signed participant-join) to the create the " +
      'conference-status Function sent reaching Twilio; the steady-state calls, warm Functions',
    calls: measured.length,
    ...timeFigures(measured.map((call) => [call.serverSampleMs, call.serverPath]), rig.latencyMs),
    createsByPath: createsByPath(rig, steady.map((call) => call.customerCallSid)),
  };
}

type Sample = [ms: number | undefined, path: CriticalPath | undefined];

function timeFigures(measured: readonly Sample[], latencyMs: number): TimeFigures {
  const samples = measured.flatMap(([ms]) => (ms === undefined ? [] : [ms]));
  const paths = measured.flatMap(([, path]) => (path === undefined ? [] : [path]));
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
function startBreakdown(rig: Rig, measured: readonly CallMeasurement[], per: number): StartRequestBreakdown {
  const counts: StartRequestBreakdown = { total: 0, validate: 0, lookUps: 0, create: 0, postCreateCheck: 0, taskUpdate: 0, taskReRead: 0, other: 0 };
  for (const call of measured) {
    let created = false;
    for (const entry of call.requests) {
      if (rig.functionOf(entry) !== 'agent') continue;
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
