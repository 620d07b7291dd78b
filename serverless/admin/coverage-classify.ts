import type { ErrorCode } from 'plugin-outbound-recording/contract';
import type { CallFacts, RecordingFacts } from './coverage-source';
import type { TaskCallFacts } from './coverage-task';

/**
 * What happened to one call, as far as Twilio's kept data tells:
 * - `recorded`: a `completed` recording with 2 channels exists.
 * - `not-answered`: every customer leg the task names ended unanswered (no-answer, busy, canceled, failed).
 * - `excluded`: the recording policy decided not to record it (the product's `not-recorded` state with the
 *   code `recording_excluded`). A `not-recorded` state with any other code, or none, is a failure: `missing`
 *   (an unknown writer's state is never taken for a deliberate exclusion).
 * - `missing`: the customer answered (or a recording exists) but there is no complete dual-channel recording.
 * - `unknown`: the task names no customer leg and nothing was recorded: never answered, or never dialled,
 *   which Twilio's kept data cannot tell apart.
 */
export type CallOutcome = 'recorded' | 'not-answered' | 'excluded' | 'missing' | 'unknown';

/** The outcomes a compliance reader must look at (everything without a complete dual recording, not answered aside). */
export const FLAGGED_OUTCOMES: readonly CallOutcome[] = ['excluded', 'missing', 'unknown'];
/** What --fail-on-missing fails on: not the policy's deliberate exclusions. */
export const FAILING_OUTCOMES: readonly CallOutcome[] = ['missing', 'unknown'];

/** The code the Functions write with a policy exclusion (the start answer's error code, ERROR_STATUS). */
const EXCLUDED_BY_POLICY: ErrorCode = 'recording_excluded';
const UNANSWERED_CALL_STATUSES = ['no-answer', 'busy', 'canceled', 'failed'];
const ANSWERED_CALL_STATUSES = ['in-progress', 'completed'];

export interface Classification {
  outcome: CallOutcome;
  /** Why, for every outcome but `recorded`: the product's own reason when it wrote one. */
  reason: string | undefined;
}

export function isCompleteDual(recording: RecordingFacts): boolean {
  return recording.status === 'completed' && recording.channels === 2;
}

export function classifyCall(task: TaskCallFacts, calls: readonly CallFacts[], recordings: readonly RecordingFacts[]): Classification {
  if (recordings.some(isCompleteDual)) return { outcome: 'recorded', reason: undefined };
  const productReason = task.state?.reason;
  if (task.state?.status === 'not-recorded' && task.state.reason_code === EXCLUDED_BY_POLICY) {
    return { outcome: 'excluded', reason: productReason ?? 'not recorded by policy' };
  }
  const answered = calls.some((call) => ANSWERED_CALL_STATUSES.includes(call.status));
  if (recordings.length > 0 || answered || task.state?.status === 'not-recorded') {
    return { outcome: 'missing', reason: productReason ?? describeRecordings(recordings) };
  }
  if (calls.length > 0 && calls.every((call) => UNANSWERED_CALL_STATUSES.includes(call.status))) {
    return { outcome: 'not-answered', reason: `customer did not answer (${[...new Set(calls.map((call) => call.status))].join(', ')})` };
  }
  if (calls.length > 0) return { outcome: 'unknown', reason: `customer leg ${calls.map((call) => call.status).join(', ')}: not ended yet` };
  if (task.customerCallSids.length > 0) return { outcome: 'unknown', reason: 'Twilio no longer has the customer call the task names' };
  return { outcome: 'unknown', reason: 'the task names no customer call: not answered or not dialled (Twilio keeps nothing that tells)' };
}

/** Why the recordings that exist are not a complete dual-channel one. */
function describeRecordings(recordings: readonly RecordingFacts[]): string {
  if (recordings.length === 0) return 'no recording';
  return recordings
    .map((recording) => {
      if (recording.status === 'absent') return `recording absent${recording.errorCode ? ` (error ${recording.errorCode})` : ''}`;
      if (recording.status === 'completed') return `${recording.channels}-channel recording only`;
      return `recording ${recording.status}${recording.errorCode ? ` (error ${recording.errorCode})` : ''}`;
    })
    .join('; ');
}
