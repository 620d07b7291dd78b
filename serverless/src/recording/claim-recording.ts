import {
  isLiveRecordingStatus,
  linksForeignRecording,
  readRecordingState,
  type LiveRecordingStatus,
  type RecordingStateAttribute,
  type RecordingTrigger,
} from 'plugin-outbound-recording/contract';
import { fail, type Outcome } from './caller-access';
import { mergeRecordingLink, type RecordingLink } from './recording-link';
import { addLinkedTask, liveRecordingState, liveStatusOf, mergeRecordingState } from './recording-state';
import type { RetryTools } from './retry-policy';
import { withRetry } from './retry-policy';
import { mergeIntoTask } from './task-attribute-merge';
import type { RecordingResource, TaskAttributes, TaskResource, TwilioPort } from './twilio-port';

/**
 * Exactly one recording per customer leg, however many starts run at once (reloads, tabs, both agents of
 * a warm transfer, the server's own trigger): the one rule.
 *
 * The recording a call keeps is the one first **claimed** in the task the call's conference is named
 * after: its `call_recording` names it for the call, written with If-Match, so of any number of concurrent
 * claims exactly one is written and every other one, re-reading the task after its 412, finds the winner.
 * The claim is the same write that links the recording for Flex Insights, so it costs no request. A
 * start that loses removes the recording it made and answers the winner's. Nothing depends on listing
 * the call's recordings, whose first page shows only 20.
 */

export interface ClaimDeps {
  twilio: TwilioPort;
  accountSid: string;
  retry: RetryTools;
  now?: () => Date;
}

export interface KeptRecording {
  recordingSid: string;
  status: LiveRecordingStatus;
}

/**
 * The live recording the task already names for this call (claimed by an earlier start), unless Twilio
 * listed it as ended. It is reused without asking Twilio for another.
 */
export function claimedRecording(attributes: TaskAttributes, callSid: string, listed: ReadonlyArray<RecordingResource>): RecordingResource | undefined {
  const claim = liveClaimOf(readRecordingState(attributes), callSid, endedSids(listed));
  if (claim === undefined) return undefined;
  const known = listed.find((recording) => recording.sid === claim.recordingSid);
  return known ?? { sid: claim.recordingSid, status: claim.status, channels: 2, startTimeMs: Date.parse(claim.updatedAt) };
}

function liveClaimOf(
  state: RecordingStateAttribute | undefined,
  callSid: string,
  ended: ReadonlySet<string>,
): { recordingSid: string; status: LiveRecordingStatus; updatedAt: string } | undefined {
  if (state === undefined || state.call_sid !== callSid || state.recording_sid === undefined) return undefined;
  if (!isLiveRecordingStatus(state.status) || ended.has(state.recording_sid)) return undefined;
  return { recordingSid: state.recording_sid, status: state.status, updatedAt: state.updated_at };
}

function endedSids(listed: ReadonlyArray<RecordingResource>): Set<string> {
  return new Set(listed.filter((recording) => !isLiveRecordingStatus(recording.status)).map((recording) => recording.sid));
}

export interface ClaimRequest {
  /** The caller's (authorized) task, as read during authorization. */
  task: TaskResource;
  /** For a transfer's receiving task: the task the conference is named after (where the claim lives). */
  original?: string;
  callSid: string;
  conferenceSid: string;
  recording: RecordingResource;
  /** The call's recordings as listed during authorization (a claim naming one listed as ended is void). */
  listed: ReadonlyArray<RecordingResource>;
  /** Which trigger asked: written with the claim (RecordingStateAttribute.started_by). */
  startedBy?: RecordingTrigger;
}

/**
 * Claims `recording` for the call and links whichever recording the call keeps into the caller's task.
 * Answers the kept recording: `recording` itself, or the one another start claimed first.
 */
export async function claimAndLink(deps: ClaimDeps, request: ClaimRequest): Promise<Outcome<KeptRecording>> {
  const { task, original } = request;
  if (original === undefined) return claimIn(deps, request, task.sid, task, undefined);

  // A transfer: the claim lives in the conference's own task, which also lists the receiving task so the
  // recording's status callbacks (bound to one task) reach both. If that task is gone (deleted after it
  // completed), the receiving task is where the call's recording is decided.
  const inOriginal = await claimIn(deps, request, original, undefined, task.sid);
  if (!inOriginal.ok && inOriginal.code !== 'task_not_held') return inOriginal;
  if (!inOriginal.ok) return claimIn(deps, request, task.sid, task, undefined);
  const kept = inOriginal.value;
  const keptRecording =
    kept.recordingSid === request.recording.sid
      ? request.recording
      : ((await withRetry(deps.retry, () => deps.twilio.fetchCallRecording(request.callSid, kept.recordingSid))) ?? request.recording);
  // Decided in the original task: the receiving task only links it (whatever state its attributes copied
  // from the original at the transfer, which may name a recording that lost).
  const linked = await claimIn(deps, { ...request, recording: keptRecording }, task.sid, task, original, { decided: true });
  return linked.ok ? { ok: true, value: kept } : linked;
}

/** One If-Match merge: the claim (or, when another recording won, nothing but the transfer's listing). */
async function claimIn(
  deps: ClaimDeps,
  request: ClaimRequest,
  taskSid: string,
  snapshot: TaskResource | undefined,
  /** The other task of a transfer, listed with the recording. */
  linkedTaskSid: string | undefined,
  /** The claim was decided elsewhere (a transfer's original task): only link. */
  options: { decided?: boolean } = {},
): Promise<Outcome<KeptRecording>> {
  const { recording, callSid } = request;
  const ours: KeptRecording = { recordingSid: recording.sid, status: liveStatusOf(recording.status) };
  const link: RecordingLink = { accountSid: deps.accountSid, recordingSid: recording.sid, callSid, conferenceSid: request.conferenceSid, startTimeMs: recording.startTimeMs };
  const state = liveRecordingState({ recordingSid: ours.recordingSid, callSid, status: ours.status, ...(request.startedBy === undefined ? {} : { startedBy: request.startedBy }) }, deps.now);
  const ended = endedSids(request.listed);
  let winner: KeptRecording | undefined;
  const result = await mergeIntoTask(
    deps,
    taskSid,
    (current) => {
      winner = undefined;
      const claim = options.decided ? undefined : liveClaimOf(readRecordingState(current), callSid, ended);
      if (claim !== undefined && claim.recordingSid !== recording.sid) {
        winner = { recordingSid: claim.recordingSid, status: claim.status };
        return linkedTaskSid === undefined ? { attributes: current, changed: false } : addLinkedTask(current, claim.recordingSid, linkedTaskSid);
      }
      // A transfer's original task that links someone else's recording (Studio's) is left as it is.
      if (linkedTaskSid !== undefined && taskSid === request.original && claim === undefined && linksForeignRecording(current)) {
        return { attributes: current, changed: false };
      }
      return mergeLinkAndState(current, link, state, linkedTaskSid);
    },
    snapshot,
  );
  if (result === 'task-gone') return fail('task_not_held', 'The task no longer exists');
  if (result === 'kept-changing') return fail('twilio_unavailable', 'The task kept changing while the recording was being linked; try again');
  return { ok: true, value: winner ?? ours };
}

/**
 * One write for a task of the call: the Flex Insights link, the recording state and (for the tasks of a
 * transfer) the other task that shares the recording.
 */
export function mergeLinkAndState(
  current: TaskAttributes,
  link: RecordingLink,
  state: RecordingStateAttribute,
  linkedTaskSid: string | undefined,
): { attributes: TaskAttributes; changed: boolean } {
  const linked = mergeRecordingLink(current, link);
  const stated = mergeRecordingState(linked.attributes, state);
  const listed = linkedTaskSid === undefined ? { attributes: stated.attributes, changed: false } : addLinkedTask(stated.attributes, link.recordingSid, linkedTaskSid);
  return { attributes: listed.attributes, changed: linked.changed || stated.changed || listed.changed };
}
