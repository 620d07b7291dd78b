import type { TwilioEmulator } from 'outbound-recording-functions/emulator';
import type { SentBy } from './create-log';

export type Stage = 'validate' | 'look-up' | 'create' | 'other';

export interface TimelineEntry {
  stage: Stage;
  /** When the request reached the emulator (performance.now()). */
  arrivedAt: number;
  /** When the emulator answered it (its handler runs right after the hook, after the added latency). */
  answeredAt: number;
  /** Which Function sent it (rig.ts functionOf). */
  by: string;
}

/**
 * Every request that reaches the emulator's handlers, stamped on this process's clock, so one call's
 * critical path can be split into its Twilio round trips (each L) and everything else (our overhead).
 * Meaningful while one call is in flight at a time (the sequential figure).
 */
export class RequestTimeline {
  private readonly entries: TimelineEntry[] = [];

  constructor(emulator: TwilioEmulator, latencyMs: number, sentBy: SentBy) {
    emulator.beforeHandle({ times: Infinity }, (request) => {
      const answeredAt = performance.now();
      this.entries.push({ stage: stageOf(request.hostKind, request.method, request.path), arrivedAt: answeredAt - latencyMs, answeredAt, by: sentBy(request) });
    });
  }

  /** The requests that arrived in [from, to]; of one Function only, when `by` is given (one path's critical path). */
  between(from: number, to: number, by?: string): TimelineEntry[] {
    return this.entries.filter((entry) => entry.arrivedAt >= from && entry.arrivedAt <= to && (by === undefined || entry.by === by));
  }
}

function stageOf(hostKind: string | null, method: string, path: string): Stage {
  if (hostKind === 'iam') return 'validate';
  if (method === 'POST' && /\/Calls\/CA[0-9a-f]{32}\/Recordings\.json$/.test(path)) return 'create';
  if (method === 'GET') return 'look-up';
  return 'other';
}

/** One call's path from the customer joining to the create arriving, split at each Twilio round trip. */
export interface CriticalPath {
  /** Twilio requests answered in sequence before the create was sent (each cost L). */
  sequentialRequests: number;
  /** Time not spent waiting on the emulator's added latency: plugin, HTTP, twilio-run, the Function, the twilio library. */
  overheadMs: number;
  /** The gaps between round trips: before the first, between each, and after the last until the create arrived. */
  gapsMs: number[];
  /** Each round's requests, e.g. "validate", "look-up x6". */
  rounds: string[];
}

/**
 * Walks the requests of one call in arrival order: a request that arrived after the previous round was
 * answered starts a new sequential round; requests arriving while a round is open belong to it.
 */
export function criticalPath(t0: number, createArrivedAt: number, entries: readonly TimelineEntry[], latencyMs: number): CriticalPath {
  const before = [...entries].filter((entry) => entry.stage !== 'create' && entry.arrivedAt < createArrivedAt).sort((a, b) => a.arrivedAt - b.arrivedAt);
  const rounds: TimelineEntry[][] = [];
  for (const entry of before) {
    const open = rounds[rounds.length - 1];
    if (open !== undefined && entry.arrivedAt < Math.max(...open.map((e) => e.answeredAt))) open.push(entry);
    else rounds.push([entry]);
  }
  const gaps: number[] = [];
  let cursor = t0;
  for (const round of rounds) {
    gaps.push(Math.min(...round.map((e) => e.arrivedAt)) - cursor);
    cursor = Math.max(...round.map((e) => e.answeredAt));
  }
  gaps.push(createArrivedAt - cursor);
  return {
    sequentialRequests: rounds.length,
    overheadMs: createArrivedAt - t0 - rounds.length * latencyMs,
    gapsMs: gaps,
    rounds: rounds.map(describeRound),
  };
}

function describeRound(round: readonly TimelineEntry[]): string {
  const counts = new Map<Stage, number>();
  for (const entry of round) counts.set(entry.stage, (counts.get(entry.stage) ?? 0) + 1);
  return [...counts.entries()].map(([stage, n]) => (n === 1 ? stage : `${stage} x${n}`)).join(' + ');
}
