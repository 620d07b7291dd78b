import {
  isSid,
  linksRecording,
  ownRecordingSids,
  readRecordingState,
  readVoiceRecordingLinks,
  recordingUrl,
  type RecordingStateAttribute,
} from 'plugin-outbound-recording/contract';
import { isCustomerLeg } from './authorize';
import { mergeRecordingLink, type RecordingLink } from './recording-link';
import { conferenceNamedByTask } from './transfer';
import { MAX_LINKED_TASKS, mergeRecordingState } from './recording-state';
import { withRetry, type RetryTools } from './retry-policy';
import { fail, guardTwilioFailures, type Outcome } from './caller-access';
import { mergeIntoTask } from './task-attribute-merge';
import { TwilioFailure, type TaskAttributes, type TwilioPort } from './twilio-port';
import { handOffTranscriptLogged, type TranscriptHandoffResult } from './transcript-handoff';

/**
 * A recording status callback, already proven to come from Twilio (its signature: see
 * http/twilio-signature.ts), applied to the task it names. The Functions ask only for `absent`
 * (twilio-gateway.ts); `in-progress`, `completed` and `failed` (recording encryption) are still understood,
 * for recordings started by an earlier version that asked for them:
 * validate -> look up the task -> check the recording belongs to it -> merge the state
 * (monotonic, so replays and late events change nothing) -> pass it on to tasks a transfer linked.
 * Works on completed tasks too, for as long as TaskRouter keeps them.
 */

export interface RecordingStatusDeps {
  twilio: TwilioPort;
  accountSid: string;
  retry: RetryTools;
  now?: () => Date;
  log?: Pick<Console, 'error'>;
  /** Set when INTELLIGENCE_SERVICE_SID is: a `completed` callback hands the recording off for a transcript. */
  transcripts?: { serviceSid: string };
}

/** The events this product asks for, plus Twilio's `failed` (encryption problems). */
const CALLBACK_STATUSES = ['in-progress', 'completed', 'absent', 'failed'] as const;
type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

export interface RecordingStatusCallback {
  taskSid: string;
  recordingSid: string;
  callSid: string;
  status: CallbackStatus;
  durationSeconds?: number;
  errorCode?: number;
  /** When the recording began (the callback's RecordingStartTime), epoch ms: what a link needs. */
  startTimeMs?: number;
}

export interface RecordingStatusAnswer {
  taskSid: string;
  /** The task's recording state after this callback (unchanged by a replay or a late event). */
  status: RecordingStateAttribute['status'];
  /** False when the callback changed nothing (a replay, or an event older than what the task shows). */
  updated: boolean;
  /** With the Conversation Intelligence hand-off on, on a `completed` callback: what became of the transcript. */
  transcript?: TranscriptHandoffResult;
}

export type CallbackParse = { ok: true; callback: RecordingStatusCallback } | { ok: false; message: string };

/** Checks a callback's fields; anything unexpected is refused before Twilio is asked anything. */
export function parseStatusCallback(input: Record<string, unknown>, accountSid: string): CallbackParse {
  const problems: string[] = [];
  if (!isSid('task', input.TaskSid)) problems.push('TaskSid must be "WT" followed by 32 lower-case hex digits');
  if (!isSid('recording', input.RecordingSid)) problems.push('RecordingSid must be "RE" followed by 32 lower-case hex digits');
  if (!isSid('call', input.CallSid)) problems.push('CallSid must be "CA" followed by 32 lower-case hex digits');
  if (input.AccountSid !== accountSid) problems.push("AccountSid must be this service's account");
  const status = input.RecordingStatus;
  if (!CALLBACK_STATUSES.includes(status as CallbackStatus)) problems.push(`RecordingStatus must be one of ${CALLBACK_STATUSES.join(', ')}`);
  const duration = optionalWholeNumber(input.RecordingDuration);
  if (duration === null) problems.push('RecordingDuration must be a whole number of seconds');
  const errorCode = optionalWholeNumber(input.ErrorCode);
  if (errorCode === null) problems.push('ErrorCode must be a number');
  const startTimeMs = optionalDate(input.RecordingStartTime);
  if (startTimeMs === null) problems.push('RecordingStartTime must be a date');
  if (problems.length > 0 || duration === null || errorCode === null || startTimeMs === null) return { ok: false, message: problems.join('; ') };
  return {
    ok: true,
    callback: {
      taskSid: input.TaskSid as string,
      recordingSid: input.RecordingSid as string,
      callSid: input.CallSid as string,
      status: status as CallbackStatus,
      ...(duration === undefined ? {} : { durationSeconds: duration }),
      ...(errorCode === undefined || errorCode === 0 ? {} : { errorCode }),
      ...(startTimeMs === undefined ? {} : { startTimeMs }),
    },
  };
}

/** The state a callback reports, in the task attribute's terms. */
export function stateFromCallback(callback: RecordingStatusCallback, accountSid: string, now: Date): RecordingStateAttribute {
  const base = { recording_sid: callback.recordingSid, call_sid: callback.callSid, updated_at: now.toISOString() };
  switch (callback.status) {
    case 'in-progress':
      return { ...base, status: 'in-progress' };
    case 'completed':
      return {
        ...base,
        status: 'completed',
        url: recordingUrl(accountSid, callback.recordingSid),
        ...(callback.durationSeconds === undefined ? {} : { duration_seconds: callback.durationSeconds }),
      };
    case 'absent':
      return { ...base, status: 'absent', reason: absentReason(callback.errorCode), ...errorCodeOf(callback) };
    case 'failed':
      return {
        ...base,
        status: 'failed',
        reason: `not recorded: Twilio could not store the recording${callback.errorCode ? ` (error ${callback.errorCode})` : ''}`,
        ...errorCodeOf(callback),
      };
  }
}

function absentReason(errorCode: number | undefined): string {
  // 16101: nothing (or too little) was recorded, e.g. the customer hung up as the recording started.
  const detail = errorCode === 16101 ? 'the call ended before any audio was recorded' : 'Twilio kept no audio for this recording';
  return `not recorded: ${detail}${errorCode ? ` (error ${errorCode})` : ''}`;
}

function errorCodeOf(callback: RecordingStatusCallback): { error_code?: number } {
  return callback.errorCode === undefined ? {} : { error_code: callback.errorCode };
}

/**
 * Does the task's own record of its recording contradict this callback? A task that shows no recording
 * yet does not (the `in-progress` callback can arrive before the start request linked the recording,
 * and the signed URL already binds the callback to this task), nor does one of the task's earlier
 * recordings (of a customer leg that ended: the recording followed the customer to a new leg; its state
 * changes nothing now, see supersedes); one that names another recording or another call does.
 */
export function contradictsTask(attributes: TaskAttributes, callback: RecordingStatusCallback): string | undefined {
  const state = readRecordingState(attributes);
  if (state?.earlier_recording_sids?.includes(callback.recordingSid)) return undefined;
  if (state?.recording_sid !== undefined && state.recording_sid !== callback.recordingSid && !linksRecording(attributes, callback.recordingSid)) {
    return 'The task is linked to another recording';
  }
  if (state?.call_sid !== undefined && state.call_sid !== callback.callSid) return "The recording is not of the task's call";
  return undefined;
}

/**
 * Twilio requests: the task, then its write (with If-Match). The recording itself is not fetched: the
 * callback is Twilio's own (signed, for a URL that names the task) and carries what the state and a link need.
 */
export async function applyRecordingStatus(deps: RecordingStatusDeps, callback: RecordingStatusCallback): Promise<Outcome<RecordingStatusAnswer>> {
  return guardTwilioFailures(async () => {
    const task = await withRetry(deps.retry, () => deps.twilio.fetchTask(callback.taskSid));
    if (task === null) return fail('task_not_found', 'No such task (it may have been deleted after it completed)');
    const contradiction = contradictsTask(task.attributes, callback);
    if (contradiction !== undefined && !(await isNewCustomerLegRecording(deps, task.attributes, callback))) {
      return fail('recording_mismatch', contradiction);
    }

    const update = stateFromCallback(callback, deps.accountSid, (deps.now ?? (() => new Date()))());
    // Checked again on every re-read: a start may have claimed another recording for the call since
    // (claim-recording.ts), and a callback must never take the call's claim from it.
    const acceptedAsNewLeg = contradiction !== undefined;
    const result = await mergeIntoTask(
      deps,
      task.sid,
      (current) => (!acceptedAsNewLeg && contradictsTask(current, callback) !== undefined ? { attributes: current, changed: false } : mergeRecordingState(current, update)),
      task,
    );
    if (result === 'task-gone') return fail('task_not_found', 'The task no longer exists');
    if (result === 'kept-changing') return fail('twilio_unavailable', 'The task kept changing; the state was not written');

    const conferenceSid = conferenceNamedByTask(task.attributes);
    const link: RecordingLink | undefined =
      conferenceSid === undefined || callback.startTimeMs === undefined
        ? undefined
        : { accountSid: deps.accountSid, recordingSid: callback.recordingSid, callSid: callback.callSid, conferenceSid, startTimeMs: callback.startTimeMs };
    await passOnToLinkedTasks(deps, task.sid, linkedTasksOf(task.attributes, callback.recordingSid), update, link);

    const after = result === 'written' ? update.status : readRecordingState(task.attributes)?.status ?? update.status;
    const transcript =
      deps.transcripts !== undefined && callback.status === 'completed'
        ? await handOffTranscriptLogged({ ...deps, serviceSid: deps.transcripts.serviceSid }, callback)
        : undefined;
    return { ok: true, value: { taskSid: task.sid, status: after, updated: result === 'written', ...(transcript === undefined ? {} : { transcript }) } };
  });
}

/**
 * A recording the task knows nothing of yet, of another call than the one its state names: a new
 * customer leg's recording (the recording follows the customer) whose `in-progress` callback beat the
 * start's link. Accepted only when that call is live, is the task's customer leg and is a participant of
 * the conference the task names (two look-ups, only in this case); anything else stays a mismatch.
 */
async function isNewCustomerLegRecording(deps: RecordingStatusDeps, attributes: TaskAttributes, callback: RecordingStatusCallback): Promise<boolean> {
  const state = readRecordingState(attributes);
  if (state?.call_sid === undefined || state.call_sid === callback.callSid) return false;
  if (ownRecordingSids(attributes).includes(callback.recordingSid) || linksRecording(attributes, callback.recordingSid)) return false;
  const conferenceSid = conferenceNamedByTask(attributes);
  if (conferenceSid === undefined) return false;
  const [call, participant] = await Promise.all([
    withRetry(deps.retry, () => deps.twilio.fetchCall(callback.callSid)),
    withRetry(deps.retry, () => deps.twilio.fetchParticipant(conferenceSid, callback.callSid)),
  ]);
  return call !== null && call.status === 'in-progress' && participant !== null && participant.conferenceSid === conferenceSid && isCustomerLeg(call, attributes);
}

function linkedTasksOf(attributes: TaskAttributes, recordingSid: string): string[] {
  const state = readRecordingState(attributes);
  const linked = state?.recording_sid === recordingSid && Array.isArray(state.linked_task_sids) ? state.linked_task_sids : [];
  return linked.filter((sid) => isSid('task', sid));
}

/**
 * The tasks a transfer linked to this recording get the same state, and the tasks they list in turn
 * (the original task lists every receiving task; a receiving task lists the original), each once.
 * Only a task that still links this recording (or none) is written. Best effort: one failing task
 * does not stop the others, and the task the callback names is already written.
 */
async function passOnToLinkedTasks(
  deps: RecordingStatusDeps,
  boundTaskSid: string,
  first: string[],
  update: RecordingStateAttribute,
  /** Also links the recording into a listed task that links none yet (a link the start could not write). */
  link: RecordingLink | undefined,
): Promise<void> {
  const seen = new Set<string>([boundTaskSid]);
  const queue = [...first];
  while (queue.length > 0 && seen.size <= MAX_LINKED_TASKS) {
    const taskSid = queue.shift() as string;
    if (seen.has(taskSid)) continue;
    seen.add(taskSid);
    try {
      await mergeIntoTask(deps, taskSid, (current) => {
        const own = readRecordingState(current);
        const sameRecording = own === undefined || own.recording_sid === update.recording_sid || linksRecording(current, update.recording_sid ?? '');
        if (!sameRecording) return { attributes: current, changed: false };
        queue.push(...linkedTasksOf(current, update.recording_sid ?? ''));
        const linked = link !== undefined && readVoiceRecordingLinks(current).length === 0 ? mergeRecordingLink(current, link) : { attributes: current, changed: false };
        const stated = mergeRecordingState(linked.attributes, update);
        return { attributes: stated.attributes, changed: linked.changed || stated.changed };
      });
    } catch (error) {
      if (!(error instanceof TwilioFailure)) throw error;
      deps.log?.error(`outbound-recording: could not pass the recording state on to task ${taskSid}`, error.message);
    }
  }
}

/** undefined when absent, null when present but not a date (Twilio sends RFC 2822). */
function optionalDate(value: unknown): number | undefined | null {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 64) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** undefined when absent, null when present but not a whole number. */
function optionalWholeNumber(value: unknown): number | undefined | null {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}

