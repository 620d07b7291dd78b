import { BenchAgent, type Design } from '../agent/agent';
import type { AgentPage } from '../agent/agent-bundle';
import { criticalPath, type CriticalPath } from '../rig/request-timeline';
import type { Rig } from '../rig/rig';
import { percentile, round, seededRandom, sleep, waitFor } from '../stats';

/** The figures 1 (time to record) and 3 (cost per call) come from the same sequence of calls. */
export interface SequentialResult {
  timeToRecord: {
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
    criticalPath: {
      /** The most common number of sequential Twilio round trips before the create. */
      sequentialTwilioRequests: number;
      /** p50 of (time to record - sequential requests x L): plugin, HTTP, twilio-run, Function, twilio library, emulator. */
      overheadP50Ms: number;
      /** p50 of each gap: before the first request, between rounds, after the last round until the create. */
      gapsP50Ms: number[];
      /** What each round was, e.g. ["validate", "look-up x6"]. */
      rounds: string[];
    };
  };
  costPerCall: {
    /** The plugin's requests plus Twilio's status callbacks delivered to the Functions. */
    functionInvocations: number;
    functionInvocationsFromPlugin: number;
    functionInvocationsFromStatusCallbacks: number;
    twilioRequests: number;
    /** Twilio requests per recorded call by operation (Twilio's operationId; IAM's token validation is "ValidateToken"). */
    twilioRequestsByOperation: Record<string, number>;
    /** Calls the averages are over (warm-up call excluded). */
    calls: number;
  };
}

/** The customer answers 0..MAX_RING_MS after the agent connects (seeded): a poller's phase is then as random as in life. */
const MAX_RING_MS = 500;
const CREATE_TIMEOUT_MS = 15_000;

/**
 * One agent, `calls` consecutive outbound calls (after one warm-up call that is not counted: twilio-run,
 * connections and JIT warm, as in the middle of a shift). For each call: t0 when the stand-in store update
 * that adds the customer's leg is dispatched; t1 when the recording `create` for that leg reached the
 * emulator. Then the call is left to settle (the Function's answer arrives) and is completed.
 */
export async function runSequentialCalls(rig: Rig, newPage: () => AgentPage, design: Design, calls: number): Promise<SequentialResult> {
  const { emulator } = rig;
  const baseUrl = design === 'ours' ? rig.functions.url : rig.naive.url;
  const agent = new BenchAgent(newPage(), design, emulator, baseUrl, `${design}-sequential`);
  const random = seededRandom(design === 'ours' ? 1 : 2);

  const samples: number[] = [];
  const paths: CriticalPath[] = [];
  let rounds: string[] = [];
  const customerCalls: string[] = [];
  const agentCalls: string[] = [];
  let requestsBefore = 0;
  let invocationsBefore = 0;
  let callbacksBefore = 0;
  const byOperationBefore = new Map<string, number>();

  for (let i = 0; i <= calls; i += 1) {
    const warmUp = i === 0;
    if (i === 1) {
      requestsBefore = emulator.countRequests();
      invocationsBefore = rig.fetches.count(baseUrl);
      callbacksBefore = deliveredCallbacks(rig);
      for (const entry of emulator.requests()) byOperationBefore.set(operationOf(entry), (byOperationBefore.get(operationOf(entry)) ?? 0) + 1);
    }
    const call = await agent.dial(`+1555${String(1_000_000 + i).slice(1)}`);
    await sleep(random() * MAX_RING_MS);
    const t0 = agent.answer(call);
    const t1 = await rig.creates.waitForCreate(call.sids.customerCallSid, CREATE_TIMEOUT_MS);
    if (!warmUp) {
      customerCalls.push(call.sids.customerCallSid);
      agentCalls.push(call.sids.workerCallSid);
      if (t1 !== undefined) {
        samples.push(t1 - t0);
        const path = criticalPath(t0, t1, rig.timeline.between(t0, t1), rig.latencyMs);
        paths.push(path);
        rounds = path.rounds;
      }
    }
    // Let the plugin's request finish (the Function links the recording after creating it) before hanging up.
    await waitFor(() => rig.fetches.inFlight === 0 && agent.activeWatches === 0, CREATE_TIMEOUT_MS);
    await agent.finish(call);
    // Twilio's status callbacks (and the Twilio requests they cause) belong to this call, not the next one.
    await emulator.flushStatusCallbacks();
  }
  await waitFor(() => rig.fetches.inFlight === 0, CREATE_TIMEOUT_MS);
  agent.dispose();

  const recordingsOf = (callSid: string) => emulator.recordingsForCall(callSid).length;
  const perCall = customerCalls.map(recordingsOf);
  const recorded = perCall.filter((n) => n >= 1).length;
  const byOperation: Record<string, number> = {};
  for (const entry of emulator.requests()) byOperation[operationOf(entry)] = (byOperation[operationOf(entry)] ?? 0) + 1;
  for (const [operation, before] of byOperationBefore) byOperation[operation] -= before;
  for (const operation of Object.keys(byOperation)) {
    if (byOperation[operation] === 0) delete byOperation[operation];
    else byOperation[operation] = round(byOperation[operation] / Math.max(1, recorded), 2);
  }
  const p50 = percentile(samples, 50);
  const perRecorded = (n: number) => round(n / Math.max(1, recorded), 2);
  const fromPlugin = rig.fetches.count(baseUrl) - invocationsBefore;
  const fromCallbacks = deliveredCallbacks(rig) - callbacksBefore;
  return {
    timeToRecord: {
      calls,
      p50Ms: round(p50),
      p95Ms: round(percentile(samples, 95)),
      p99Ms: round(percentile(samples, 99)),
      p50Hops: round(p50 / rig.latencyMs, 2),
      recordedOnce: perCall.filter((n) => n === 1).length,
      duplicates: perCall.filter((n) => n > 1).length,
      missing: perCall.filter((n) => n === 0).length,
      agentLegRecordings: agentCalls.map(recordingsOf).reduce((sum, n) => sum + n, 0),
      criticalPath: {
        sequentialTwilioRequests: mode(paths.map((path) => path.sequentialRequests)),
        overheadP50Ms: round(percentile(paths.map((path) => path.overheadMs), 50)),
        gapsP50Ms: (paths[0]?.gapsMs ?? []).map((_, index) => round(percentile(paths.map((path) => path.gapsMs[index] ?? 0), 50))),
        rounds,
      },
    },
    costPerCall: {
      functionInvocations: perRecorded(fromPlugin + fromCallbacks),
      functionInvocationsFromPlugin: perRecorded(fromPlugin),
      functionInvocationsFromStatusCallbacks: perRecorded(fromCallbacks),
      twilioRequests: perRecorded(emulator.countRequests() - requestsBefore),
      twilioRequestsByOperation: byOperation,
      calls,
    },
  };
}

/** Status callbacks the emulator sent to a Function (the naive design asks for none). */
export function deliveredCallbacks(rig: Rig): number {
  return rig.emulator.statusCallbacks().filter((callback) => callback.delivery.state === 'delivered' || callback.delivery.state === 'failed').length;
}

function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

function operationOf(entry: { routeId: string | null; method: string; path: string }): string {
  return entry.routeId ?? `${entry.method} ${entry.path}`;
}
