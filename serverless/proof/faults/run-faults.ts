import { readRecordingPolicy } from 'plugin-outbound-recording/contract';
import { mulberry32 } from '../../emulator/prng';
import type { TwilioEmulator } from '../../emulator';
import { startRig } from '../rig';
import { computeFigures, type FaultsFigures } from './figures';
import { SCENARIOS, playScenario, type PlayedCall, type ScenarioKind } from './scenarios';

export interface FaultsOptions {
  calls: number;
  seed: number;
  /** Calls in flight at once. */
  concurrency: number;
  rate429: number;
  rate5xx: number;
  latencyMs: { min: number; max: number };
  /** Probability that a task update by the Functions is preceded by another writer's write (a certain 412). */
  conflictRate: number;
  /** The background writer writes each live task about once every this many ms. */
  writerIntervalMs: number;
}

export const DEFAULT_FAULTS: Omit<FaultsOptions, 'calls'> = {
  seed: 42,
  concurrency: 12,
  rate429: 0.05,
  rate5xx: 0.03,
  latencyMs: { min: 2, max: 25 },
  conflictRate: 0.25,
  writerIntervalMs: 100,
};

export interface FaultsReport extends FaultsFigures {
  seed: number;
  durationMs: number;
  options: Omit<FaultsOptions, 'seed'>;
  scenarios: Partial<Record<ScenarioKind, number>>;
  faults: { injected429: number; injected5xx: number; conflicts412: number; twilioRequests: number };
  specViolations: number;
}

/** The Functions' configuration for the run: inbound on, one excluded queue. */
const FUNCTIONS_ENV = { RECORD_INBOUND: 'true', EXCLUDED_QUEUES: 'Payments' };

/**
 * Plays `calls` simulated calls (a seeded mix of every call path) through the real Functions in twilio-run
 * while the emulator injects 429s, 5xx and latency and other writers race every task update, then reads
 * the figures from the emulator's state.
 */
export async function runFaults(options: FaultsOptions): Promise<FaultsReport> {
  const started = Date.now();
  const rig = await startRig(FUNCTIONS_ENV);
  const { emulator } = rig;
  try {
    const policyResult = readRecordingPolicy(FUNCTIONS_ENV);
    if (!policyResult.ok) throw new Error(policyResult.problems.join('; '));
    const random = mulberry32(options.seed);
    const kinds: ScenarioKind[] = Array.from({ length: options.calls }, (_, i) => SCENARIOS[i % SCENARIOS.length]);
    shuffle(kinds, random);

    const liveTasks = new Set<string>();
    const writer = startConcurrentWriter(emulator, liveTasks, options, random);
    emulator.configureFaults({ rate429: options.rate429, rate5xx: options.rate5xx, latencyMs: options.latencyMs, seed: options.seed });

    const played: PlayedCall[] = [];
    let next = 0;
    const worker = async () => {
      while (next < kinds.length) {
        const index = next;
        next += 1;
        played.push(await playScenario(kinds[index], { emulator, functionsUrl: rig.functions.url, random, policy: policyResult.policy, liveTasks }, index));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));

    writer.stop();
    // Faults off, then every status callback delivered before the figures are read.
    emulator.configureFaults({});
    await emulator.flushStatusCallbacks();

    const log = emulator.requests();
    const scenarios: Partial<Record<ScenarioKind, number>> = {};
    for (const call of played) scenarios[call.kind] = (scenarios[call.kind] ?? 0) + 1;
    const { seed, ...rest } = options;
    return {
      ...computeFigures(emulator, played, writer.writtenKeys),
      seed,
      durationMs: Date.now() - started,
      options: rest,
      scenarios,
      faults: {
        injected429: log.filter((r) => r.faultKind === 'random-429').length,
        injected5xx: log.filter((r) => r.faultKind === 'random-5xx').length,
        conflicts412: log.filter((r) => r.status === 412).length,
        twilioRequests: log.length,
      },
      specViolations: emulator.specViolations().length,
    };
  } finally {
    await rig.close();
  }
}

/**
 * Other writers of task attributes (Flex UI, a CRM integration): a background loop writing a fresh key
 * to a live task every few ms, and, for a share of the Functions' own task updates, a write landing
 * between their read and their If-Match update (so that update gets a real 412). Every key written is
 * remembered: all must still be there at the end.
 */
function startConcurrentWriter(emulator: TwilioEmulator, liveTasks: Set<string>, options: FaultsOptions, random: () => number) {
  const writtenKeys = new Map<string, string[]>();
  let counter = 0;
  const write = (taskSid: string) => {
    counter += 1;
    const key = `crm_note_${counter}`;
    emulator.setTaskAttributes(taskSid, { ...emulator.getTask(taskSid).attributes, [key]: counter });
    writtenKeys.set(taskSid, [...(writtenKeys.get(taskSid) ?? []), key]);
  };
  // Every 5 ms, each live task is written with the chance that makes it about one write per interval
  // (a steady per-task rate, however many calls are live).
  const TICK_MS = 5;
  const timer = setInterval(() => {
    for (const taskSid of liveTasks) if (random() < TICK_MS / options.writerIntervalMs) write(taskSid);
  }, TICK_MS);
  const hook = emulator.beforeHandle({ method: 'POST', host: 'taskrouter', pathPattern: /\/Tasks\/WT[0-9a-f]{32}$/, times: Infinity }, (request) => {
    const taskSid = /\/Tasks\/(WT[0-9a-f]{32})$/.exec(request.path)?.[1];
    if (taskSid !== undefined && random() < options.conflictRate) write(taskSid);
  });
  return {
    writtenKeys,
    stop() {
      clearInterval(timer);
      hook.remove();
    },
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
