import {
  describeProblems,
  findSidProblems,
  isLiveRecordingStatus,
  readRecordingState,
  type ErrorCode,
  type RecordingStateAttribute,
  type StartRecordingResponse,
} from 'plugin-outbound-recording/contract';
import { DEFAULT_RECORDING_POLICY, decideRecording, linksForeignRecording, type RecordingPolicy } from 'plugin-outbound-recording/contract';
import { authenticateCaller, fail, guardTwilioFailures, lookUpCallAccess, type Outcome } from './caller-access';
import { mergeRecordingLink, type RecordingLink } from './recording-link';
import { withRetry, type RetryTools } from './retry-policy';
import { mergeIntoTask } from './task-attribute-merge';
import { addLinkedTask, liveRecordingState, mergeRecordingState, stampedNow } from './recording-state';
import { statusCallbackUrlFor } from './status-callback-url';
import { originalTaskOf } from './transfer';
import { TwilioFailure, type RecordingResource, type TaskAttributes, type TaskResource, type TwilioPort } from './twilio-port';

export interface StartRecordingDeps {
  twilio: TwilioPort;
  accountSid: string;
  /** Base URL of the recording status callbacks (the task SID is added per recording); none when unset. */
  statusCallbackUrl?: string;
  /** Which tasks may be recorded at all; the server enforces it whatever the plugin decided. */
  policy?: RecordingPolicy;
  retry: RetryTools;
  /** The clock for `updated_at` stamps; the real one by default. */
  now?: () => Date;
}

export type { Outcome };

/**
 * POST /recording/start, without HTTP: authenticate -> validate -> authorize (caller-access.ts, shared
 * with pause/resume) -> start -> link.
 *
 * Sequential Twilio requests before the recording is created: 1 token validation, then 1 round of
 * six concurrent look-ups (task, reservations, conference, participant, call, existing recordings),
 * then the create. Nothing is asked of Twilio on behalf of a caller whose token is missing or invalid.
 */
export async function startRecording(deps: StartRecordingDeps, input: Record<string, unknown>): Promise<Outcome<StartRecordingResponse>> {
  const caller = await authenticateCaller(deps, input.Token);
  if (!caller.ok) return caller;

  const problems = findSidProblems(input);
  if (problems.length > 0) return fail('invalid_request', describeProblems(problems));
  const taskSid = input.TaskSid as string;
  const callSid = input.CallSid as string;
  const conferenceSid = input.ConferenceSid as string;

  return guardTwilioFailures(async () => {
    const access = await lookUpCallAccess(deps, caller.value, { taskSid, callSid, conferenceSid });
    if (!access.ok) {
      // An ended call is final: supervisors are told. A customer who has not answered yet is not
      // (`customer_not_answered` is retryable): nothing is written, the plugin asks again.
      if (access.heldTask !== undefined && access.code === 'call_not_in_progress') {
        await recordNotRecorded(deps, access.heldTask, { reason: access.message, reason_code: access.code });
      }
      return access;
    }
    // The authorized task snapshot (with its ETag): the policy and the link start from it.
    const { task, recordings, conference, transferred } = access.value;

    const policy = decideRecording(
      {
        // This product's own recordings of the task, current and earlier (of customer legs that ended: the
        // recording follows the customer), are not "recorded elsewhere" (the contract's linksForeignRecording).
        attributes: task.attributes,
        taskChannelUniqueName: task.taskChannelUniqueName ?? 'voice',
        queueSid: task.queueSid,
        queueName: task.queueName,
      },
      deps.policy ?? DEFAULT_RECORDING_POLICY,
    );
    if (!policy.record) {
      // Not when someone else recorded the call: that is not "not recorded".
      if (policy.reason !== 'recorded-elsewhere' && policy.reason !== 'not-voice') {
        await recordNotRecorded(deps, task, { reason: `not recorded: ${policy.message}` });
      }
      return fail('recording_excluded', policy.message);
    }

    const recording = (await keepOldestActive(deps, callSid, recordings)) ?? (await createOrRecordFailure(deps, callSid, task));
    if (!('sid' in recording)) return recording;
    const link = { accountSid: deps.accountSid, recordingSid: recording.sid, callSid, conferenceSid, startTimeMs: recording.startTimeMs };
    const status = recording.status === 'paused' ? 'paused' : 'in-progress';
    const state = liveRecordingState({ recordingSid: recording.sid, callSid, status }, deps.now);
    const original = transferred && conference !== null ? originalTaskOf(conference) : undefined;
    const linked = await linkRecording(deps, link, state, task, original);
    if (!linked.ok) return linked;
    if (original !== undefined) {
      const registered = await registerWithOriginalTask(deps, original, link, state, taskSid);
      if (!registered.ok) return registered;
    }
    return { ok: true, value: { recordingSid: recording.sid, status } };
  });
}

/**
 * Creates the recording; when Twilio refuses or keeps failing (after retries), the refusal is recorded
 * in the task's state for supervisors ("not-recorded" and why) before it is answered.
 */
async function createOrRecordFailure(
  deps: StartRecordingDeps,
  callSid: string,
  task: TaskResource,
): Promise<RecordingResource | { ok: false; code: ErrorCode; message: string }> {
  const created = await guardTwilioFailures(async () => ({ ok: true as const, value: await createOnce(deps, callSid, task.sid) }));
  if (created.ok) return created.value;
  if (created.code !== 'misconfigured') {
    await recordNotRecorded(deps, task, { reason: SUPERVISOR_REASONS[created.code] ?? created.message, reason_code: created.code });
  }
  return created;
}

/** In words a supervisor reads in the task's attributes; the code travels alongside as `reason_code`. */
const SUPERVISOR_REASONS: Partial<Record<ErrorCode, string>> = {
  call_not_in_progress: 'the customer hung up before recording could start',
  rate_limited: 'Twilio kept rate limiting the recording request',
  twilio_unavailable: 'Twilio kept failing to start the recording',
};

/**
 * Records, for supervisors and a reloaded page, that the call went unrecorded and why. Only for a caller
 * who holds the task (authorization got that far). Best effort: the refusal is answered either way, and
 * a live recording is never overwritten (mergeRecordingState's rules).
 */
async function recordNotRecorded(deps: StartRecordingDeps, task: TaskResource, why: { reason: string; reason_code?: ErrorCode }): Promise<void> {
  const state = { status: 'not-recorded' as const, ...why, updated_at: stampedNow(deps.now) };
  try {
    await mergeIntoTask(deps, task.sid, (current) => mergeRecordingState(current, state), task);
  } catch (error) {
    if (!(error instanceof TwilioFailure)) throw error;
  }
}

/**
 * One in-progress or paused recording on the call is this product's: reuse it rather than start a second.
 * The one every start, pause and resume acts on.
 */
export function findActiveRecording(recordings: RecordingResource[]): RecordingResource | undefined {
  // Twilio lists newest first; the oldest active one is the one every concurrent start keeps (createOnce).
  return [...recordings].reverse().find((recording) => isLiveRecordingStatus(recording.status));
}

/**
 * Two starts for the same call can run at once (a reload while the first request is in flight, two
 * tabs, both agents of a warm transfer): each sees no recording and creates one. So after creating,
 * look again: the call's recordings are listed newest first, and a recording with an older active one
 * after it in that list is the duplicate. Every racer sees the same order, so exactly the newer ones
 * step back: they stop and delete their own recording and use the oldest. (The look costs one request
 * after the create, so it never delays the start of the recording.)
 */
async function createOnce(deps: StartRecordingDeps, callSid: string, taskSid: string): Promise<RecordingResource> {
  const { recording, created } = await createRecording(deps, callSid, taskSid);
  if (!created) return recording;
  // If this look fails, the request fails (retryable) rather than answer with a possible duplicate; the
  // retry's look-ups find both recordings and keepOldestActive removes the newer one.
  const listed = await withRetry(deps.retry, () => deps.twilio.listCallRecordings(callSid));
  const oldest = findActiveRecording(listed);
  if (oldest === undefined || oldest.sid === recording.sid) return recording;
  // Ours is the newer one (or another start already removed it): step back to the oldest.
  if (listed.some((candidate) => candidate.sid === recording.sid)) await discard(deps, callSid, recording.sid);
  return oldest;
}

/**
 * The oldest active recording of the call, after removing any newer active one: a duplicate left behind
 * by a start that failed between its create and its look (a lost answer, a timeout) is cleaned up by the
 * next start for the call. undefined when the call has no active recording.
 */
async function keepOldestActive(deps: StartRecordingDeps, callSid: string, recordings: RecordingResource[]): Promise<RecordingResource | undefined> {
  const oldest = findActiveRecording(recordings);
  if (oldest === undefined) return undefined;
  const newer = recordings.filter((candidate) => candidate.sid !== oldest.sid && isLiveRecordingStatus(candidate.status));
  for (const duplicate of newer) await discard(deps, callSid, duplicate.sid);
  return oldest;
}

/**
 * Stops and deletes a duplicate, more persistently than a look-up (twice the attempts): a duplicate left
 * running is worse than a slow answer. If Twilio still refuses, the next start for the call tries again.
 */
async function discard(deps: StartRecordingDeps, callSid: string, recordingSid: string): Promise<void> {
  const persistent = { ...deps.retry, policy: { ...deps.retry.policy, maxAttempts: deps.retry.policy.maxAttempts * 2 } };
  try {
    await withRetry(persistent, () => deps.twilio.discardCallRecording(callSid, recordingSid));
  } catch (error) {
    if (!(error instanceof TwilioFailure)) throw error;
  }
}

/**
 * A 429 means Twilio did not act, so the create is simply repeated. After a 5xx or a network failure
 * the recording may have been created anyway: look before creating again, so a retry never doubles it.
 */
async function createRecording(deps: StartRecordingDeps, callSid: string, taskSid: string): Promise<{ recording: RecordingResource; created: boolean }> {
  const statusCallback = deps.statusCallbackUrl === undefined ? undefined : statusCallbackUrlFor(deps.statusCallbackUrl, taskSid);
  let mayExist = false;
  return withRetry(deps.retry, async () => {
    if (mayExist) {
      const existing = findActiveRecording(await deps.twilio.listCallRecordings(callSid));
      if (existing) return { recording: existing, created: false };
    }
    try {
      return { recording: await deps.twilio.createDualChannelRecording(callSid, statusCallback), created: true };
    } catch (error) {
      mayExist = error instanceof TwilioFailure && error.status !== 429;
      throw error;
    }
  });
}

/**
 * Links the recording for Flex Insights and records its state for agents and supervisors, in one
 * write, starting from the task snapshot read during authorization.
 */
async function linkRecording(
  deps: StartRecordingDeps,
  link: RecordingLink,
  state: RecordingStateAttribute,
  snapshot: TaskResource,
  /** A transfer's original task, listed here too so status callbacks bound to either task reach both. */
  originalTaskSid?: string,
): Promise<Outcome<null>> {
  const result = await mergeIntoTask(deps, snapshot.sid, (current) => mergeLinkAndState(current, link, state, originalTaskSid), snapshot);
  if (result === 'task-gone') return fail('task_not_held', 'The task no longer exists');
  if (result === 'kept-changing') return fail('twilio_unavailable', 'The task kept changing while the recording was being linked; try again');
  return { ok: true, value: null };
}

/**
 * A transfer's original task (the conference's name) gets the same recording: linked for Flex Insights if
 * it has no recording of its own yet (the transfer can happen before the original agent's start landed,
 * and a cold transfer leaves that agent unable to ask), and it lists the receiving task, so status
 * callbacks bound to either task reach both. If Twilio keeps failing, the start fails (retryable): the
 * plugin's retry links it, so no task of the call is left without the link.
 */
async function registerWithOriginalTask(
  deps: StartRecordingDeps,
  originalTaskSid: string,
  link: RecordingLink,
  state: RecordingStateAttribute,
  taskSid: string,
): Promise<Outcome<null>> {
  const result = await mergeIntoTask(deps, originalTaskSid, (current) => {
    const own = readRecordingState(current)?.recording_sid;
    // Its own recording, or someone else's (Studio) already linked: leave it as it is.
    if ((own !== undefined && own !== link.recordingSid) || linksForeignRecording(current)) return { attributes: current, changed: false };
    return mergeLinkAndState(current, link, state, taskSid);
  });
  // Gone (deleted after completion): nothing left to link. Kept changing: the retry links it.
  if (result === 'kept-changing') return fail('twilio_unavailable', 'The original task kept changing while the recording was being linked; try again');
  return { ok: true, value: null };
}

/**
 * One write for a task of the call: the Flex Insights link, the recording state and (for the tasks of a
 * transfer) the other task that shares the recording.
 */
function mergeLinkAndState(
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
