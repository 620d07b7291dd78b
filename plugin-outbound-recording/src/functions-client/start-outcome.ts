import {
  ErrorCode,
  RETRYABLE_ERROR_CODES,
  StartRecordingResponse,
  readErrorBody,
  readStartRecordingResponse,
} from '../contract/recording-api';

/** What one start request came to, as far as the plugin needs to know. */
export type StartOutcome =
  | { kind: 'started'; recording: StartRecordingResponse }
  | { kind: 'failed'; failure: StartFailure };

export interface StartFailure {
  /** Asking again later with the same input may succeed. */
  retryable: boolean;
  /** The Functions' error code, when the answer was one of theirs. */
  code?: ErrorCode;
  /** HTTP status, absent when no answer arrived at all. */
  httpStatus?: number;
  /** For logs and support, not for agents. */
  detail: string;
}

/** Classifies an HTTP answer whose body has already been parsed as JSON (or is undefined when it was not JSON). */
export function classifyResponse(httpStatus: number, body: unknown): StartOutcome {
  if (httpStatus >= 200 && httpStatus < 300) {
    const recording = readStartRecordingResponse(body);
    if (recording !== undefined) return { kind: 'started', recording };
    // Something answered 2xx that is not our Function (a wrong base URL, a captive portal): asking again won't help.
    return failed({ retryable: false, httpStatus, detail: `HTTP ${httpStatus} without a recording in the body` });
  }
  const error = readErrorBody(body);
  if (error !== undefined) {
    return failed({ retryable: RETRYABLE_ERROR_CODES.has(error.code), code: error.code, httpStatus, detail: error.message });
  }
  // An unreadable error from a gateway or an overloaded runtime is worth another try; a 404/405 from the wrong host is not.
  const retryable = httpStatus >= 500 || httpStatus === 429 || httpStatus === 408;
  return failed({ retryable, httpStatus, detail: `HTTP ${httpStatus} with an unreadable body` });
}

/** fetch rejected: offline, DNS, CORS refusal, or our own per-attempt timeout. */
export function classifyTransportError(error: unknown): StartOutcome {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return failed({ retryable: true, detail: `no answer (${detail})` });
}

function failed(failure: StartFailure): StartOutcome {
  return { kind: 'failed', failure };
}
