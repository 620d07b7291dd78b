import {
  DEFAULT_PAUSE_BEHAVIOR,
  describeProblems,
  findControlProblems,
  isLiveRecordingStatus,
  isPauseBehavior,
  readRecordingState,
  RECORDING_STATE_ATTRIBUTE,
  type LiveRecordingStatus,
  type PauseBehavior,
  type RecordingControlAction,
  type StartRecordingResponse,
} from 'plugin-outbound-recording/contract';
import { authenticateCaller, fail, guardTwilioFailures, lookUpCallAccess, type Outcome } from './caller-access';
import { liveRecordingState, liveStatusOf, mergeRecordingState } from './recording-state';
import { claimedRecording } from './claim-recording';
import { controlConferenceRecordings } from './conference-recordings';
import { withRetry, type RetryTools } from './retry-policy';
import { mergeIntoTask } from './task-attribute-merge';
import type { TaskResource, TwilioPort } from './twilio-port';

export interface ControlRecordingDeps {
  twilio: TwilioPort;
  retry: RetryTools;
  /** The clock for `updated_at` stamps; the real one by default. */
  now?: () => Date;
}

const TARGET_STATUS: Readonly<Record<RecordingControlAction, LiveRecordingStatus>> = { pause: 'paused', resume: 'in-progress' };

/**
 * POST /recording/pause and /recording/resume, without HTTP: validate -> authenticate -> authorize
 * (exactly as a start, see caller-access.ts) -> update the call's active recording -> record the new
 * state in the task's attributes (If-Match merge), where a reloaded page, a transfer's receiving agent
 * and supervisors read it.
 *
 * Idempotent: a recording already in the asked-for state is not updated again (pause twice = one pause,
 * both answered 200 with the paused recording).
 */
export async function controlRecording(
  deps: ControlRecordingDeps,
  action: RecordingControlAction,
  input: Record<string, unknown>,
): Promise<Outcome<StartRecordingResponse>> {
  // Malformed input is refused before the token is shown to Twilio: nothing is asked on its behalf.
  const problems = findControlProblems(action, input);
  if (problems.length > 0) return fail('invalid_request', describeProblems(problems));
  const caller = await authenticateCaller(deps, input.Token);
  if (!caller.ok) return caller;
  const sids = { taskSid: input.TaskSid as string, callSid: input.CallSid as string, conferenceSid: input.ConferenceSid as string };
  const pauseBehavior: PauseBehavior = isPauseBehavior(input.PauseBehavior) ? input.PauseBehavior : DEFAULT_PAUSE_BEHAVIOR;

  return guardTwilioFailures(async () => {
    const access = await lookUpCallAccess(deps, caller.value, sids);
    if (!access.ok) return access;
    // Only the recording the call keeps (claimed in the task: claim-recording.ts). A live recording no task
    // claims yet belongs to a start still deciding, and may be a duplicate about to be deleted: pausing it
    // would leave the kept one recording.
    const { task, recordings } = access.value;
    const recording = claimedRecording(task.attributes, sids.callSid, recordings);
    if (recording === undefined) return fail('no_active_recording', 'The call has no recording in progress or paused');

    const target = TARGET_STATUS[action];
    const updated =
      recording.status === target
        ? recording
        : await withRetry(deps.retry, () =>
            deps.twilio.updateCallRecording(sids.callSid, recording.sid, target, action === 'pause' ? pauseBehavior : undefined),
          );
    // Flex's native conference recording, when the account keeps it (NATIVE_RECORDING keep), goes along.
    const conference = await controlConferenceRecordings(deps, sids.conferenceSid, target, action === 'pause' ? pauseBehavior : undefined);
    const stated = await recordObservedState(
      deps,
      task,
      { recordingSid: updated.sid, callSid: sids.callSid, status: liveStatusOf(updated.status) },
      conference.recordings,
    );
    if (!stated.ok) return stated;
    if (conference.failed > 0) {
      // Said plainly: the agent must not believe the card number is kept out of every recording.
      return fail(
        'twilio_unavailable',
        `The call's own recording is ${stated.value === 'paused' ? 'paused' : 'recording'}, but Flex's conference recording could not be ${action === 'pause' ? 'paused: it is still recording' : 'resumed'}; try again`,
      );
    }
    return { ok: true, value: { recordingSid: updated.sid, status: stated.value } };
  });
}

/**
 * Records the recording's state in the task so that it can never stay "paused" while Twilio records (or
 * the reverse), however pauses and resumes interleave. The write carries If-Match with the ETag read
 * before this request changed Twilio: if anyone wrote the task since (another pause or resume, a status
 * callback), that write may describe a Twilio state older or newer than ours, so the recording is read
 * from Twilio again and its status now is what gets written. The last write to succeed was made with no
 * other write in between its read and its own, from a Twilio state read after every update that preceded
 * it; an update still in flight writes after it, through the same rule.
 * Answers the status written.
 */
async function recordObservedState(
  deps: ControlRecordingDeps,
  snapshot: TaskResource,
  observed: { recordingSid: string; callSid: string; status: LiveRecordingStatus },
  /** Flex's native conference recordings as this request left them (none: left out of the state). */
  conferenceRecordings: ReadonlyArray<{ recording_sid: string; status: LiveRecordingStatus }> = [],
): Promise<Outcome<LiveRecordingStatus>> {
  const alongside = conferenceRecordings.length > 0 ? { conference_recordings: [...conferenceRecordings] } : {};
  let status = observed.status;
  let ended = false;
  const result = await mergeIntoTask(
    deps,
    snapshot.sid,
    (current) => {
      if (ended) return { attributes: current, changed: false };
      const update = { ...liveRecordingState({ ...observed, status }, deps.now), ...alongside };
      // Written from what Twilio says now: it outranks an equal-rank state stamped later by another clock.
      const previous = readRecordingState(current);
      if (previous?.recording_sid === observed.recordingSid && previous.updated_at > update.updated_at) update.updated_at = previous.updated_at;
      const merged = mergeRecordingState(current, update);
      if (merged.changed || previous?.recording_sid !== observed.recordingSid || previous.status !== status) return merged;
      // Already says so: written anyway (a new stamp), so that a concurrent write computed from a read
      // before this request's Twilio update fails its If-Match and looks at Twilio again.
      return { attributes: { ...current, [RECORDING_STATE_ATTRIBUTE]: { ...previous, ...alongside, updated_at: update.updated_at } }, changed: true };
    },
    snapshot,
    async () => {
      const now = await withRetry(deps.retry, () => deps.twilio.fetchCallRecording(observed.callSid, observed.recordingSid));
      if (now === null || !isLiveRecordingStatus(now.status)) ended = true;
      else status = liveStatusOf(now.status);
    },
  );
  if (result === 'task-gone') return fail('task_not_held', 'The task no longer exists');
  // The recording did change; asking again (idempotent) writes the state without changing it twice.
  if (result === 'kept-changing') return fail('twilio_unavailable', 'The task kept changing while the recording state was being saved; try again');
  return { ok: true, value: status };
}
