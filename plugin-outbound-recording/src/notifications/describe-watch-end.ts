import { ErrorCode } from '../contract/recording-api';
import { StartFailure } from '../recording-service/start-outcome';
import { NotRecordedReason, WatchEnd } from '../recording-watch/task-recording-watch';

export type Severity = 'warning' | 'error';

export interface AgentMessage {
  severity: Severity;
  text: string;
}

const NOT_RECORDED = 'This call is NOT being recorded.';

/** Why a refusal happened, in words an agent can pass on; keyed by the contract's error codes. */
const REFUSALS: Record<ErrorCode, string> = {
  origin_not_allowed: 'The recording service does not accept requests from this Flex address.',
  token_missing: 'Flex did not send your session to the recording service.',
  token_invalid: 'The recording service could not verify your Flex session. Reloading Flex may help.',
  invalid_request: 'The recording service found the request malformed.',
  task_not_held: 'The recording service says this task is not assigned to you.',
  call_not_customer_leg: "The recording service did not accept the call leg as this task's customer.",
  call_not_in_progress: 'The call ended before recording could start.',
  rate_limited: 'The recording service is overloaded.',
  twilio_unavailable: 'Twilio did not answer the recording service.',
  misconfigured: 'The recording service is misconfigured.',
  internal: 'The recording service failed.',
};

/**
 * What, if anything, to tell the agent when a watch ends. Silence for everything that is not a lost recording:
 * a recorded call, a call nobody answered, a task that ended while waiting, a plugin teardown.
 */
export function describeWatchEnd(end: WatchEnd): AgentMessage | undefined {
  if (end.kind !== 'not-recorded') return undefined;
  return describeNotRecorded(end.reason);
}

export function describeNotRecorded(reason: NotRecordedReason): AgentMessage {
  switch (reason.kind) {
    case 'timed-out':
      return {
        severity: 'error',
        text: `${NOT_RECORDED} The recording service did not confirm a recording within ${Math.round(reason.waitedMs / 1000)} seconds.`,
      };
    case 'gave-up':
      return { severity: 'error', text: `${NOT_RECORDED} ${explainFailure(reason.failure)} Gave up after ${reason.attempts} attempts.` };
    case 'rejected':
      // A customer hanging up as the recording starts is ordinary; everything else needs someone's attention.
      return {
        severity: reason.failure.code === 'call_not_in_progress' ? 'warning' : 'error',
        text: `${NOT_RECORDED} ${explainFailure(reason.failure)}`,
      };
  }
}

function explainFailure(failure: StartFailure): string {
  if (failure.code !== undefined) return REFUSALS[failure.code];
  if (failure.httpStatus === undefined) return 'The recording service could not be reached.';
  return `The recording service gave an unexpected answer (HTTP ${failure.httpStatus}); check FLEX_APP_FUNCTIONS_BASE_URL.`;
}

export function describeConfigurationProblems(problems: ReadonlyArray<string>): AgentMessage {
  return {
    severity: 'error',
    text: `Outbound call recording is OFF: ${problems.join('; ')}. Please tell your Flex administrator.`,
  };
}
