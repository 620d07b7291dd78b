import { looksLikeFlexToken, type ErrorCode } from 'plugin-outbound-recording/contract';
import { authorizeRecording } from './authorize';
import { withRetry, type RetryTools } from './retry-policy';
import { interactionChannelNamedBy, isNamedAfterAnotherTask, isRoutedIntoCall } from './transfer';
import {
  TWILIO_ERRORS,
  TwilioFailure,
  type ConferenceResource,
  type FlexIdentity,
  type RecordingResource,
  type ReservationResource,
  type TaskResource,
  type TwilioPort,
} from './twilio-port';

/**
 * Who may act on a call's recording: the steps every recording Function (start, pause, resume) takes
 * before acting, in one place so that they cannot drift apart.
 *
 * authenticate (the Flex token, validated by Twilio) -> look up and authorize (the worker holds the task,
 * the call is the customer's leg of the task's conference).
 */

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

export interface AccessDeps {
  twilio: TwilioPort;
  retry: RetryTools;
}

export interface CallSids {
  taskSid: string;
  callSid: string;
  conferenceSid: string;
}

/** What the authorization established, for the action that follows. */
export interface CallAccess {
  task: TaskResource;
  /** The call's recordings, newest first, as looked up with the rest. */
  recordings: RecordingResource[];
  conference: ConferenceResource | null;
  /** The task is a transfer's receiving task (the conference was created for another task). */
  transferred: boolean;
}

/** A refusal may carry the task when the caller holds it (so the refusal can be recorded for supervisors). */
export type AccessOutcome = { ok: true; value: CallAccess } | { ok: false; code: ErrorCode; message: string; heldTask?: TaskResource };

/** Refuses missing and malformed tokens without asking Twilio; asks Twilio's IAM about the rest. */
export async function authenticateCaller(deps: AccessDeps, token: unknown): Promise<Outcome<FlexIdentity>> {
  if (token === undefined || token === null || token === '') return fail('token_missing', 'A Flex token (Token) is required');
  // Obvious garbage is refused here, without asking Twilio.
  if (!looksLikeFlexToken(token)) return fail('token_invalid', 'The Flex token is not valid');
  return guardTwilioFailures(async () => {
    const check = await withRetry(deps.retry, () => deps.twilio.validateFlexToken(token));
    if (!check.valid) return fail('token_invalid', `The Flex token is not valid: ${check.reason}`);
    return { ok: true, value: check.identity };
  });
}

/**
 * One round of six concurrent look-ups (task, reservations, conference, participant, call, the call's
 * recordings), one more only for a conference named after another task (a transfer's receiving task:
 * Flex's Interactions channel, transfer.ts), then the authorization decision.
 * Twilio failures propagate (as TwilioFailure): wrap the caller in guardTwilioFailures.
 */
export async function lookUpCallAccess(deps: AccessDeps, caller: FlexIdentity, sids: CallSids): Promise<AccessOutcome> {
  const { twilio } = deps;
  const { taskSid, callSid, conferenceSid } = sids;
  const retrying = <T>(lookup: () => Promise<T>) => withRetry(deps.retry, lookup);
  const [task, reservations, conference, participant, call, recordings] = await Promise.all([
    retrying(() => twilio.fetchTask(taskSid)),
    retrying(() => twilio.listAcceptedReservations(taskSid, caller.workerSid)),
    retrying(() => twilio.fetchConference(conferenceSid)),
    retrying(() => twilio.fetchParticipant(conferenceSid, callSid)),
    retrying(() => twilio.fetchCall(callSid)),
    retrying(() => twilio.listCallRecordings(callSid)),
  ]);
  const transferred = task !== null && reservations.length > 0 && isNamedAfterAnotherTask(taskSid, conference);
  const routedIntoCall = transferred ? await isTransferIntoCall(deps, caller, task, reservations, conference) : undefined;
  const decision = authorizeRecording({ workerSid: caller.workerSid, taskSid, task, reservations, conference, participant, call, routedIntoCall });
  if (!decision.allowed) {
    // Only a refusal about the caller's own customer leg (it ended) carries the task, so that it can be
    // recorded for supervisors; a refusal about a call not shown to be theirs leaves their task alone.
    const heldTask = decision.code === 'call_not_in_progress' && task !== null ? task : undefined;
    return { ...fail(decision.code, decision.message), heldTask };
  }
  return { ok: true, value: { task: decision.task, recordings, conference, transferred: transferred && routedIntoCall === true } };
}

/** The transfer proof (transfer.ts): one listing of the Interactions channel the task names. */
async function isTransferIntoCall(
  deps: AccessDeps,
  caller: FlexIdentity,
  task: TaskResource,
  reservations: ReservationResource[],
  conference: ConferenceResource,
): Promise<boolean> {
  const channel = interactionChannelNamedBy(task.attributes);
  if (channel === undefined) return false;
  const participants = await withRetry(deps.retry, () => deps.twilio.listInteractionChannelParticipants(channel.interactionSid, channel.channelSid));
  return isRoutedIntoCall(participants, { workerSid: caller.workerSid, taskSid: task.sid, acceptedReservations: reservations }, conference);
}

/** Maps what Twilio answered, after retries, to the contract's errors. */
export async function guardTwilioFailures<T>(work: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
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

export function fail(code: ErrorCode, message: string): { ok: false; code: ErrorCode; message: string } {
  return { ok: false, code, message };
}
