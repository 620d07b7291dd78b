import { PauseRecordingRequest, RECORDING_CONTROL_PATHS, RecordingControlAction } from '../contract/recording-api';
import { StartOutcome, classifyResponse, classifyTransportError } from '../recording-service/start-outcome';
import { FetchLike } from '../recording-service/start-recording-client';

/** A pause or resume answers like a start (the recording and its status), so its outcome is classified the same way. */
export type ControlOutcome = StartOutcome;

export type ControlRecording = (action: RecordingControlAction, request: PauseRecordingRequest, signal: AbortSignal) => Promise<ControlOutcome>;

/**
 * Talks to the pause and resume Functions. Never throws. Form-encoded without custom headers, like the
 * start request, so the browser sends it without a CORS preflight.
 */
export function createRecordingControlClient(functionsBaseUrl: string, fetchImpl: FetchLike): ControlRecording {
  return (action, request, signal) => {
    const fields: Record<string, string> = {
      Token: request.Token,
      TaskSid: request.TaskSid,
      CallSid: request.CallSid,
      ConferenceSid: request.ConferenceSid,
    };
    if (action === 'pause' && request.PauseBehavior !== undefined) fields.PauseBehavior = request.PauseBehavior;
    return Promise.resolve()
      .then(() =>
        fetchImpl(`${functionsBaseUrl}${RECORDING_CONTROL_PATHS[action]}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
          credentials: 'omit',
          mode: 'cors',
          signal,
        }),
      )
      .then((response) => response.text().then((text) => classifyResponse(response.status, parseJson(text))))
      .catch(classifyTransportError);
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
