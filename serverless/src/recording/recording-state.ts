import {
  RECORDING_STATE_ATTRIBUTE,
  readRecordingState,
  type LiveRecordingStatus,
  type RecordingStateAttribute,
  type RecordingStateStatus,
  type RecordingTrigger,
} from 'plugin-outbound-recording/contract';
import type { TaskAttributes } from './twilio-port';

/**
 * Terminal states outrank live ones, so a late or replayed "in-progress" (a status callback arriving
 * after "completed", a pause request racing a hang-up) never brings an ended recording back to life.
 */
const RANK: Record<RecordingStateStatus, number> = {
  'not-recorded': 0,
  'in-progress': 1,
  paused: 1,
  stopped: 2,
  completed: 3,
  absent: 3,
  failed: 3,
};

/** Whether `update` should replace `current` as the task's recording state. */
export function supersedes(update: RecordingStateAttribute, current: RecordingStateAttribute | undefined): boolean {
  if (current === undefined) return true;
  // The recording of a customer leg that ended before the current one (the recording follows the customer):
  // its late or replayed states never take the task back from the current leg's recording.
  if (update.recording_sid !== undefined && update.recording_sid !== current.recording_sid && isEarlierRecording(current, update.recording_sid)) {
    return false;
  }
  // A state about another recording (e.g. the first start failed, a later one succeeded) replaces it
  // unless the current one is a live recording and the update is merely "not recorded".
  if (update.recording_sid !== current.recording_sid) {
    return !(update.status === 'not-recorded' && RANK[current.status] >= 1);
  }
  if (RANK[update.status] !== RANK[current.status]) return RANK[update.status] > RANK[current.status];
  return update.updated_at >= current.updated_at && update.status !== current.status;
}

/** The `updated_at` stamp of a state written now (by `now`, the real clock by default). */
export function stampedNow(now?: () => Date): string {
  return (now ?? (() => new Date()))().toISOString();
}

/** A live recording's status in the state's terms: Twilio's `paused`, or running (`in-progress`). */
export function liveStatusOf(status: string): LiveRecordingStatus {
  return status === 'paused' ? 'paused' : 'in-progress';
}

/** The state of a live recording (running or paused) as the recording Functions write it. */
export function liveRecordingState(
  recording: { recordingSid: string; callSid: string; status: LiveRecordingStatus; startedBy?: RecordingTrigger },
  now?: () => Date,
): RecordingStateAttribute {
  return {
    status: recording.status,
    recording_sid: recording.recordingSid,
    call_sid: recording.callSid,
    ...(recording.startedBy === undefined ? {} : { started_by: recording.startedBy }),
    updated_at: stampedNow(now),
  };
}

/** Merges a recording state into the task's attributes; everything else is left as it was. */
export function mergeRecordingState(current: TaskAttributes, update: RecordingStateAttribute): { attributes: TaskAttributes; changed: boolean } {
  const existing = readRecordingState(current);
  if (!supersedes(update, existing)) return { attributes: current, changed: false };
  // The tasks a transfer linked to this recording stay linked whatever its state becomes.
  const linked = existing?.recording_sid === update.recording_sid ? existing?.linked_task_sids : undefined;
  const next: RecordingStateAttribute = linked && !update.linked_task_sids ? { ...update, linked_task_sids: linked } : { ...update };
  // Who started the recording stays known through its later states (a pause, the end); the first to say wins.
  const startedBy = existing?.recording_sid === update.recording_sid ? existing?.started_by : undefined;
  if (startedBy !== undefined) next.started_by = startedBy;
  // The task's own earlier recordings (of customer legs that ended) stay known whatever the state becomes.
  const earlier = earlierRecordingsAfter(existing, update);
  if (earlier.length > 0) next.earlier_recording_sids = earlier;
  else delete next.earlier_recording_sids;
  return { attributes: { ...current, [RECORDING_STATE_ATTRIBUTE]: next }, changed: true };
}

/** At most this many earlier recordings are remembered per task (the newest ones). */
export const MAX_EARLIER_RECORDINGS = 20;

function isEarlierRecording(state: RecordingStateAttribute, recordingSid: string): boolean {
  return Array.isArray(state.earlier_recording_sids) && state.earlier_recording_sids.includes(recordingSid);
}

/**
 * The task's earlier recordings once `update` is its state: those it had, and the recording the state
 * named until now when `update` is about another one (a new customer leg's), oldest first, each once.
 */
function earlierRecordingsAfter(existing: RecordingStateAttribute | undefined, update: RecordingStateAttribute): string[] {
  const known = [
    ...(Array.isArray(existing?.earlier_recording_sids) ? existing.earlier_recording_sids : []),
    ...(Array.isArray(update.earlier_recording_sids) ? update.earlier_recording_sids : []),
  ];
  if (existing?.recording_sid !== undefined && update.recording_sid !== undefined && existing.recording_sid !== update.recording_sid) {
    known.push(existing.recording_sid);
  }
  const earlier = [...new Set(known.filter((sid) => typeof sid === 'string' && sid !== update.recording_sid))];
  return earlier.slice(-MAX_EARLIER_RECORDINGS);
}

/** At most this many receiving tasks are remembered per recording (transfers of one call). */
export const MAX_LINKED_TASKS = 20;

/**
 * Remembers that `taskSid` (a transfer's receiving task) links the recording this task's state is
 * about, so the recording's status callbacks, which name only this task, reach it too. Nothing changes
 * when the state is about another recording (or none), or the task is already listed.
 */
export function addLinkedTask(current: TaskAttributes, recordingSid: string, taskSid: string): { attributes: TaskAttributes; changed: boolean } {
  const state = readRecordingState(current);
  if (state === undefined || state.recording_sid !== recordingSid) return { attributes: current, changed: false };
  const linked = Array.isArray(state.linked_task_sids) ? state.linked_task_sids : [];
  if (linked.includes(taskSid) || linked.length >= MAX_LINKED_TASKS) return { attributes: current, changed: false };
  return { attributes: { ...current, [RECORDING_STATE_ATTRIBUTE]: { ...state, linked_task_sids: [...linked, taskSid] } }, changed: true };
}
