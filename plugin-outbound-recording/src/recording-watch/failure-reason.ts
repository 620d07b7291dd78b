import { ErrorCode } from '../contract/recording-api';
import { StartFailure } from '../functions-client/start-outcome';
import { NotRecordedReason } from './task-recording-watch';

/**
 * Why a call leg could not be recorded, in the watch's own terms: what the indicator shows and the agent is
 * told (each in their own words, elsewhere), whether asking again could help, and whether it was no failure
 * at all (the recording policy said no). Pure.
 */
export type FailureReason =
  /** The Functions refused, with one of the contract's codes. */
  | { kind: 'refused'; code: ErrorCode }
  | { kind: 'unreachable' }
  | { kind: 'unexpected-answer'; httpStatus: number }
  | { kind: 'timed-out'; seconds: number }
  /** Twilio ended the recording without audio, or could not store it. */
  | { kind: 'absent' }
  | { kind: 'twilio-failed' }
  /** The server wrote a reason without a code this plugin knows: shown as written. */
  | { kind: 'described'; text: string };

/** What went wrong with one request to the Functions, as a reason the UI can word in any language. */
export function failureReasonOf(failure: StartFailure): FailureReason {
  if (failure.code !== undefined) return { kind: 'refused', code: failure.code };
  if (failure.httpStatus === undefined) return { kind: 'unreachable' };
  return { kind: 'unexpected-answer', httpStatus: failure.httpStatus };
}

/** The recording policy (the Functions' decision) says this call is not recorded: no fault, nothing to tell. */
export function isExcludedByPolicy(reason: NotRecordedReason): boolean {
  return reason.kind === 'rejected' && reason.failure.code === 'recording_excluded';
}

/** Whether a new watch of the same task could succeed: the service was busy or unreachable, or time ran out. */
export function isRetryable(reason: NotRecordedReason): boolean {
  return reason.kind !== 'rejected' || reason.failure.retryable;
}
