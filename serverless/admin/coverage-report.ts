import { FAILING_OUTCOMES, FLAGGED_OUTCOMES, classifyCall, isCompleteDual, type CallOutcome } from './coverage-classify';
import { ENDING_EVENT_TYPES, UPDATE_EVENT_TYPE, endedTasks, readTaskEvent, type TaskEvent } from './coverage-events';
import type { Progress } from './coverage-progress';
import type { CallFacts, CoverageSource, RecordingFacts } from './coverage-source';
import { readTaskCallFacts } from './coverage-task';

export interface CoverageRow {
  taskSid: string;
  endedAt: Date;
  /** task.completed, task.canceled or task.deleted. */
  endType: string;
  customerCallSids: string[];
  /** Twilio's status of each customer call found (same order; calls Twilio no longer has are left out). */
  callStatuses: string[];
  /** Seconds the customer's answered legs lasted (Calls API); undefined when none was answered. */
  callSeconds: number | undefined;
  outcome: CallOutcome;
  flagged: boolean;
  reason: string | undefined;
  recordings: RecordingFacts[];
}

export interface CoverageTotals {
  calls: number;
  recorded: number;
  notAnswered: number;
  excluded: number;
  missing: number;
  unknown: number;
  flagged: number;
  /** Recordings found, and those complete with 2 channels. */
  recordings: number;
  completeDualRecordings: number;
  /** Seconds of audio in the complete dual-channel recordings. */
  recordedSeconds: number;
  /** Tasks that ended in the range but are not outbound voice calls (not reported). */
  otherTasks: number;
  /** Tasks whose attributes no event carried readably (TaskRouter redacts them after 30 days). */
  unreadableTasks: number;
}

export interface CoverageReport {
  from: Date;
  to: Date;
  generatedAt: Date;
  rows: CoverageRow[];
  totals: CoverageTotals;
  /** What the reader must know about the figures (limits of Twilio's data). */
  notes: string[];
}

const DAY_MS = 86_400_000;
/** TaskRouter's Events horizon. */
export const EVENTS_KEPT_DAYS = 30;
/**
 * How long after the range's end attribute writes are still read: the recording's final status reaches the
 * task seconds after the call, and TaskRouter accepts writes until it deletes the task (~5 minutes).
 */
const LATE_WRITES_MS = 10 * 60_000;

export const PAUSED_TIME_NOTE = 'paused_seconds is always empty: Twilio reports neither how long a recording was paused nor that it was (with pause_behavior "skip" the paused time is simply not in the duration)';

/**
 * Reads the range's task events, keeps the outbound calls among the tasks that ended in it, and looks each
 * customer leg's call and recordings up in the Voice API (which, unlike TaskRouter, keeps them).
 */
export async function buildCoverageReport(source: CoverageSource, range: { from: Date; to: Date }, progress: Progress, now: Date): Promise<CoverageReport> {
  const events = await readEvents(source, range, progress, now);
  const ended = endedTasks(events, range.from, range.to);
  const rows: CoverageRow[] = [];
  let otherTasks = 0;
  let unreadableTasks = 0;
  let done = 0;
  for (const task of ended) {
    progress.update('reading calls and recordings', done, ended.length);
    done += 1;
    if (task.attributes === undefined) {
      unreadableTasks += 1;
      continue;
    }
    const facts = readTaskCallFacts(task.attributes);
    if (!facts.outbound) {
      otherTasks += 1;
      continue;
    }
    const calls = (await Promise.all(facts.customerCallSids.map((sid) => source.fetchCall(sid)))).filter((call): call is CallFacts => call !== undefined);
    const recordings = await recordingsOf(source, facts.customerCallSids, facts.recordingSids);
    const { outcome, reason } = classifyCall(facts, calls, recordings);
    const answered = calls.filter((call) => call.status === 'completed' || call.status === 'in-progress');
    rows.push({
      taskSid: task.taskSid,
      endedAt: task.endedAt,
      endType: task.endType,
      customerCallSids: facts.customerCallSids,
      callStatuses: calls.map((call) => call.status),
      callSeconds: answered.length === 0 ? undefined : answered.reduce((sum, call) => sum + (call.durationSeconds ?? 0), 0),
      outcome,
      flagged: FLAGGED_OUTCOMES.includes(outcome),
      reason,
      recordings,
    });
  }
  progress.update('reading calls and recordings', ended.length, ended.length);
  progress.finish();
  return { from: range.from, to: range.to, generatedAt: now, rows, totals: totalsOf(rows, otherTasks, unreadableTasks), notes: notesFor(range, now, unreadableTasks) };
}

export function failingRows(report: CoverageReport): CoverageRow[] {
  return report.rows.filter((row) => FAILING_OUTCOMES.includes(row.outcome));
}

/**
 * One request per event type per day of the range (each capped to whole seconds, as the API takes them,
 * and filtered to the millisecond afterwards), plus the attribute writes shortly after the range's end.
 */
async function readEvents(source: CoverageSource, range: { from: Date; to: Date }, progress: Progress, now: Date): Promise<TaskEvent[]> {
  const queries: { eventType: string; startDate: Date; endDate: Date }[] = [];
  for (let start = range.from.getTime(); start <= range.to.getTime(); start += DAY_MS) {
    const end = Math.min(start + DAY_MS - 1, range.to.getTime());
    for (const eventType of [...ENDING_EVENT_TYPES, UPDATE_EVENT_TYPE]) queries.push({ eventType, ...apiWindow(start, end) });
  }
  const lateEnd = Math.min(range.to.getTime() + LATE_WRITES_MS, now.getTime());
  if (lateEnd > range.to.getTime()) queries.push({ eventType: UPDATE_EVENT_TYPE, ...apiWindow(range.to.getTime() + 1, lateEnd) });
  const events: TaskEvent[] = [];
  for (const [index, query] of queries.entries()) {
    progress.update('reading TaskRouter events', index, queries.length);
    for (const raw of await source.listTaskEvents(query)) {
      const event = readTaskEvent(raw);
      if (event !== undefined) events.push(event);
    }
  }
  progress.update('reading TaskRouter events', queries.length, queries.length);
  return events;
}

/** The API reads whole seconds: widen to them (the exact bounds are applied to each event's own time). */
function apiWindow(startMs: number, endMs: number): { startDate: Date; endDate: Date } {
  return { startDate: new Date(Math.floor(startMs / 1000) * 1000), endDate: new Date(Math.ceil((endMs + 1) / 1000) * 1000) };
}

/** The customer legs' recordings, plus any recording the task names that is on none of them (an earlier leg's). */
async function recordingsOf(source: CoverageSource, callSids: readonly string[], namedSids: readonly string[]): Promise<RecordingFacts[]> {
  const found = (await Promise.all(callSids.map((sid) => source.listCallRecordings(sid)))).flat();
  const missing = namedSids.filter((sid) => !found.some((recording) => recording.sid === sid));
  const named = (await Promise.all(missing.map((sid) => source.fetchRecording(sid)))).filter((recording): recording is RecordingFacts => recording !== undefined);
  const all = [...found, ...named];
  return all.filter((recording, index) => all.findIndex((other) => other.sid === recording.sid) === index);
}

function totalsOf(rows: readonly CoverageRow[], otherTasks: number, unreadableTasks: number): CoverageTotals {
  const count = (outcome: CallOutcome): number => rows.filter((row) => row.outcome === outcome).length;
  const recordings = rows.flatMap((row) => row.recordings);
  const complete = recordings.filter(isCompleteDual);
  return {
    calls: rows.length,
    recorded: count('recorded'),
    notAnswered: count('not-answered'),
    excluded: count('excluded'),
    missing: count('missing'),
    unknown: count('unknown'),
    flagged: rows.filter((row) => row.flagged).length,
    recordings: recordings.length,
    completeDualRecordings: complete.length,
    recordedSeconds: complete.reduce((sum, recording) => sum + (recording.durationSeconds ?? 0), 0),
    otherTasks,
    unreadableTasks,
  };
}

function notesFor(range: { from: Date; to: Date }, now: Date, unreadableTasks: number): string[] {
  const notes = [PAUSED_TIME_NOTE];
  const horizon = new Date(now.getTime() - EVENTS_KEPT_DAYS * DAY_MS);
  if (range.from.getTime() < horizon.getTime()) {
    notes.push(`TaskRouter keeps events ${EVENTS_KEPT_DAYS} days: calls that ended before ${horizon.toISOString()} are missing from this report or have no readable attributes`);
  }
  if (range.to.getTime() > now.getTime() - LATE_WRITES_MS) {
    notes.push('the range ends less than 10 minutes ago: calls still in progress are not listed, and the latest recordings may not have their final status yet');
  }
  if (unreadableTasks > 0) notes.push(`${unreadableTasks} task(s) ended in the range with no readable attributes (redacted or not JSON): whether they were outbound calls cannot be known`);
  return notes;
}
