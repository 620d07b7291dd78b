import {
  DEFAULT_PAUSE_BEHAVIOR,
  describeProblems,
  findControlProblems,
  isPauseBehavior,
  type LiveRecordingStatus,
  type PauseBehavior,
  type RecordingControlAction,
  type StartRecordingResponse,
} from 'plugin-outbound-recording/contract';
import { authenticateCaller, fail, guardTwilioFailures, lookUpCallAccess, type Outcome } from './caller-access';
import { liveRecordingState, mergeRecordingState } from './recording-state';
import { findActiveRecording } from './start-recording';
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
 * POST /recording/pause and /recording/resume, without HTTP: authenticate -> validate -> authorize
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
  const caller = await authenticateCaller(deps, input.Token);
  if (!caller.ok) return caller;

  const problems = findControlProblems(action, input);
  if (problems.length > 0) return fail('invalid_request', describeProblems(problems));
  const sids = { taskSid: input.TaskSid as string, callSid: input.CallSid as string, conferenceSid: input.ConferenceSid as string };
  const pauseBehavior: PauseBehavior = isPauseBehavior(input.PauseBehavior) ? input.PauseBehavior : DEFAULT_PAUSE_BEHAVIOR;

  return guardTwilioFailures(async () => {
    const access = await lookUpCallAccess(deps, caller.value, sids);
    if (!access.ok) return access;
    // The oldest live recording: the one every concurrent start keeps (and whose newer duplicates it removes).
    const recording = findActiveRecording(access.value.recordings);
    if (recording === undefined) return fail('no_active_recording', 'The call has no recording in progress or paused');

    const target = TARGET_STATUS[action];
    const updated =
      recording.status === target
        ? recording
        : await withRetry(deps.retry, () =>
            deps.twilio.updateCallRecording(sids.callSid, recording.sid, target, action === 'pause' ? pauseBehavior : undefined),
          );
    const status = updated.status === 'paused' ? 'paused' : 'in-progress';
    const stated = await recordState(deps, access.value.task, { recordingSid: updated.sid, callSid: sids.callSid, status });
    if (!stated.ok) return stated;
    return { ok: true, value: { recordingSid: updated.sid, status } };
  });
}

async function recordState(
  deps: ControlRecordingDeps,
  snapshot: TaskResource,
  state: { recordingSid: string; callSid: string; status: LiveRecordingStatus },
): Promise<Outcome<null>> {
  const update = liveRecordingState(state, deps.now);
  const result = await mergeIntoTask(deps, snapshot.sid, (current) => mergeRecordingState(current, update), snapshot);
  if (result === 'task-gone') return fail('task_not_held', 'The task no longer exists');
  // The recording did change; asking again (idempotent) writes the state without changing it twice.
  if (result === 'kept-changing') return fail('twilio_unavailable', 'The task kept changing while the recording state was being saved; try again');
  return { ok: true, value: null };
}
