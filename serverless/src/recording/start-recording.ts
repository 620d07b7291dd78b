import {
  describeProblems,
  findSidProblems,
  looksLikeFlexToken,
  type ErrorCode,
  type StartRecordingResponse,
} from '../../../plugin-outbound-recording/src/contract/recording-api';
import { authorizeRecording } from './authorize';
import { mergeRecordingLink, type RecordingLink } from './recording-link';
import { withRetry, type RetryTools } from './retry-policy';
import { mergeIntoTask } from './task-attribute-merge';
import { mergeRecordingState } from './recording-state';
import { TWILIO_ERRORS, TwilioFailure, type FlexIdentity, type RecordingFacts, type TaskSnapshot, type TwilioPort } from './twilio-port';

export interface StartRecordingDeps {
  twilio: TwilioPort;
  accountSid: string;
  statusCallbackUrl?: string;
  retry: RetryTools;
  /** The clock for `updated_at` stamps; the real one by default. */
  now?: () => Date;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

const ACTIVE_RECORDING_STATUSES = new Set(['in-progress', 'paused']);

/**
 * POST /recording/start, without HTTP: authenticate -> validate -> authorize -> start -> link.
 *
 * Sequential Twilio requests before the recording is created: 1 token validation, then 1 round of
 * six concurrent look-ups (task, reservations, conference, participant, call, existing recordings),
 * then the create. Nothing is asked of Twilio on behalf of a caller whose token is missing or invalid.
 */
export async function startRecording(deps: StartRecordingDeps, input: Record<string, unknown>): Promise<Outcome<StartRecordingResponse>> {
  const caller = await authenticate(deps, input.Token);
  if (!caller.ok) return caller;

  const problems = findSidProblems(input);
  if (problems.length > 0) return fail('invalid_request', describeProblems(problems));
  const taskSid = input.TaskSid as string;
  const callSid = input.CallSid as string;
  const conferenceSid = input.ConferenceSid as string;

  return guardTwilioFailures(async () => {
    const { twilio } = deps;
    const retrying = <T>(lookup: () => Promise<T>) => withRetry(deps.retry, lookup);
    const [task, reservations, conference, participant, call, recordings] = await Promise.all([
      retrying(() => twilio.fetchTask(taskSid)),
      retrying(() => twilio.listAcceptedReservations(taskSid, caller.value.workerSid)),
      retrying(() => twilio.fetchConference(conferenceSid)),
      retrying(() => twilio.fetchParticipant(conferenceSid, callSid)),
      retrying(() => twilio.fetchCall(callSid)),
      retrying(() => twilio.listCallRecordings(callSid)),
    ]);

    const decision = authorizeRecording({ workerSid: caller.value.workerSid, taskSid, task, reservations, conference, participant, call });
    if (!decision.allowed) return fail(decision.code, decision.message);

    const recording = findActiveRecording(recordings) ?? (await createRecording(deps, callSid));
    const link = { accountSid: deps.accountSid, recordingSid: recording.sid, callSid, conferenceSid, startTimeMs: recording.startTimeMs };
    const status = recording.status === 'paused' ? 'paused' : 'in-progress';
    const linked = await linkRecording(deps, link, status, decision.task);
    if (!linked.ok) return linked;
    return { ok: true, value: { recordingSid: recording.sid, status } };
  });
}

async function authenticate(deps: StartRecordingDeps, token: unknown): Promise<Outcome<FlexIdentity>> {
  if (token === undefined || token === null || token === '') return fail('token_missing', 'A Flex token (Token) is required');
  // Obvious garbage is refused here, without asking Twilio.
  if (!looksLikeFlexToken(token)) return fail('token_invalid', 'The Flex token is not valid');
  return guardTwilioFailures(async () => {
    const check = await withRetry(deps.retry, () => deps.twilio.validateFlexToken(token));
    if (!check.valid) return fail('token_invalid', `The Flex token is not valid: ${check.reason}`);
    return { ok: true, value: check.identity };
  });
}

/** One in-progress or paused recording on the call is this product's: reuse it rather than start a second. */
export function findActiveRecording(recordings: RecordingFacts[]): RecordingFacts | undefined {
  return recordings.find((recording) => ACTIVE_RECORDING_STATUSES.has(recording.status));
}

/**
 * A 429 means Twilio did not act, so the create is simply repeated. After a 5xx or a network failure
 * the recording may have been created anyway: look before creating again, so a retry never doubles it.
 */
async function createRecording(deps: StartRecordingDeps, callSid: string): Promise<RecordingFacts> {
  let mayExist = false;
  return withRetry(deps.retry, async () => {
    if (mayExist) {
      const existing = findActiveRecording(await deps.twilio.listCallRecordings(callSid));
      if (existing) return existing;
    }
    try {
      return await deps.twilio.createDualChannelRecording(callSid, deps.statusCallbackUrl);
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
  status: 'in-progress' | 'paused',
  snapshot: TaskSnapshot,
): Promise<Outcome<null>> {
  const state = { status, recording_sid: link.recordingSid, call_sid: link.callSid, updated_at: (deps.now ?? (() => new Date()))().toISOString() };
  const result = await mergeIntoTask(
    deps,
    snapshot.sid,
    (current) => {
      const linked = mergeRecordingLink(current, link);
      const stated = mergeRecordingState(linked.attributes, state);
      return { attributes: stated.attributes, changed: linked.changed || stated.changed };
    },
    snapshot,
  );
  if (result === 'task-gone') return fail('task_not_held', 'The task no longer exists');
  if (result === 'kept-changing') return fail('twilio_unavailable', 'The task kept changing while the recording was being linked; try again');
  return { ok: true, value: null };
}

/** Maps what Twilio answered, after retries, to the contract's errors. */
async function guardTwilioFailures<T>(work: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof TwilioFailure)) throw error;
    if (error.code === TWILIO_ERRORS.callNotInProgress) return fail('call_not_in_progress', 'The call is no longer in progress');
    if (error.status === 429) return fail('rate_limited', 'Twilio is rate limiting requests; try again shortly');
    if (error.status === 401 || error.status === 403) {
      return fail('misconfigured', "Twilio refused the Functions' credentials; an administrator must check them");
    }
    return fail('twilio_unavailable', 'Twilio could not complete the request; try again shortly');
  }
}

function fail(code: ErrorCode, message: string): { ok: false; code: ErrorCode; message: string } {
  return { ok: false, code, message };
}
