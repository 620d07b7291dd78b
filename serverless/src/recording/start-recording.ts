import {
  describeProblems,
  findSidProblems,
  isLiveRecordingStatus,
  type ErrorCode,
  type StartRecordingResponse,
} from 'plugin-outbound-recording/contract';
import { DEFAULT_RECORDING_POLICY, decideRecording, type RecordingPolicy, type RecordingTrigger } from 'plugin-outbound-recording/contract';
import { authenticateCaller, fail, guardTwilioFailures, lookUpCallAccess, type Outcome } from './caller-access';
import { claimAndLink, claimedRecording } from './claim-recording';
import { withRetry, type RetryTools } from './retry-policy';
import { mergeIntoTask } from './task-attribute-merge';
import { mergeRecordingState, stampedNow } from './recording-state';
import { statusCallbackUrlFor } from './status-callback-url';
import { originalTaskOf } from './transfer';
import { TwilioFailure, type RecordingResource, type TaskResource, type TwilioPort } from './twilio-port';

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
 * POST /recording/start, without HTTP: validate -> authenticate -> authorize (caller-access.ts, shared
 * with pause/resume) -> start -> link.
 *
 * Sequential Twilio requests before the recording is created: 1 token validation, then 1 round of
 * six concurrent look-ups (task, reservations, conference, participant, call, existing recordings),
 * then the create. Nothing is asked of Twilio on behalf of a caller whose token is missing or invalid.
 */
export async function startRecording(deps: StartRecordingDeps, input: Record<string, unknown>): Promise<Outcome<StartRecordingResponse>> {
  // Malformed input is refused before the token is shown to Twilio: nothing is asked on its behalf.
  const problems = findSidProblems(input);
  if (problems.length > 0) return fail('invalid_request', describeProblems(problems));
  const caller = await authenticateCaller(deps, input.Token);
  if (!caller.ok) return caller;
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
    const original = transferred && conference !== null ? originalTaskOf(conference) : undefined;
    return recordCustomerLeg(deps, { task, original, callSid, conferenceSid, recordings, startedBy: 'plugin-request' });
  });
}

/** What an authorized trigger (the plugin's request, Twilio's conference callback) hands the one recording core. */
export interface CustomerLegToRecord {
  /** The task the recording is for, as read (with its ETag). */
  task: TaskResource;
  /** For a transfer's receiving task: the task the conference is named after (where the claim lives). */
  original?: string;
  callSid: string;
  conferenceSid: string;
  /** The call's recordings, as listed (empty when the trigger did not list them: the claim decides anyway). */
  recordings: RecordingResource[];
  /** Which trigger this is, kept in the task's recording state (started_by). */
  startedBy: RecordingTrigger;
}

/**
 * The one core every trigger converges on, once it has authorized the customer's leg: the recording policy
 * -> reuse the recording the task claims, or create one -> claim and link (claim-recording.ts) -> remove a
 * duplicate this start made or saw.
 */
export async function recordCustomerLeg(deps: StartRecordingDeps, leg: CustomerLegToRecord): Promise<Outcome<StartRecordingResponse>> {
  const { task, original, callSid, conferenceSid, recordings, startedBy } = leg;
  return guardTwilioFailures(async () => {

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
        // The same stable code as the answer: the agent's indicator (which may only see this state, when the
        // server path decided) and the coverage report tell a deliberate exclusion from a failure by it.
        await recordNotRecorded(deps, task, { reason: `not recorded: ${policy.message}`, reason_code: 'recording_excluded' });
      }
      return fail('recording_excluded', policy.message);
    }

    // The recording is used by whoever claims it first in the conference's own task (claim-recording.ts):
    // a recording that task already names for this call is reused without asking Twilio for another.
    const claimed = original === undefined ? claimedRecording(task.attributes, callSid, recordings) : undefined;
    const candidate = claimed ?? oldestLiveRecording(recordings);
    let recording: RecordingResource;
    let createdHere = false;
    if (candidate !== undefined) {
      recording = candidate;
    } else {
      const created = await createOrRecordFailure(deps, callSid, task);
      if ('ok' in created) return created;
      recording = created.recording;
      createdHere = created.created;
    }

    const won = await claimAndLink(deps, { task, original, callSid, conferenceSid, recording, listed: recordings, startedBy });
    // Not known to be claimed: a write answered with a failure may have been applied, so the recording is
    // left running, never deleted (a deleted recording the task links is worse than an unlinked one). The
    // retry the answer asks for finds it unclaimed on the call and claims it, rather than make another.
    if (!won.ok) return won;
    const kept = won.value;
    if (kept.recordingSid !== recording.sid) {
      // Another start claimed its recording first: ours is the duplicate.
      if (createdHere) await discard(deps, callSid, recording.sid);
    } else {
      // Ours is the one: any other live recording this start saw unclaimed is a duplicate left behind
      // (a start that died between its create and its claim).
      for (const other of recordings) {
        if (other.sid !== kept.recordingSid && isLiveRecordingStatus(other.status)) await discard(deps, callSid, other.sid);
      }
    }
    return { ok: true, value: { recordingSid: kept.recordingSid, status: kept.status } };
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
): Promise<{ recording: RecordingResource; created: boolean } | { ok: false; code: ErrorCode; message: string }> {
  const created = await guardTwilioFailures(async () => ({ ok: true as const, value: await createRecording(deps, callSid, task.sid) }));
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

/** The oldest live recording Twilio listed for the call (Twilio lists newest first). */
export function oldestLiveRecording(recordings: ReadonlyArray<RecordingResource>): RecordingResource | undefined {
  return [...recordings].reverse().find((recording) => isLiveRecordingStatus(recording.status));
}

/**
 * Stops and deletes a duplicate, more persistently than a look-up (twice the attempts): a duplicate left
 * running is worse than a slow answer. If Twilio still refuses, the next start for the call tries again.
 */
async function discard(deps: StartRecordingDeps, callSid: string, recordingSid: string): Promise<void> {
  const persistent = {
    ...deps.retry,
    policy: { ...deps.retry.policy, maxAttempts: deps.retry.policy.maxAttempts * 2 },
    // Retries of its own: the look-ups may have spent the invocation's, and a duplicate must not stay for that.
    ...(deps.retry.budget === undefined ? {} : { budget: deps.retry.budget.forCleanup(deps.retry.policy.maxAttempts * 2) }),
  };
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
      const existing = oldestLiveRecording(await deps.twilio.listCallRecordings(callSid));
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
