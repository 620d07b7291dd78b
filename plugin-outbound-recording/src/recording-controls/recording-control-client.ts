import { PauseRecordingRequest, RECORDING_CONTROL_PATHS, RecordingControlAction } from '../contract/recording-api';
import { FetchLike, postToFunctions } from '../functions-client/post-to-functions';
import { StartOutcome } from '../functions-client/start-outcome';

/** A pause or resume answers like a start (the recording and its status), so its outcome is classified the same way. */
export type ControlOutcome = StartOutcome;

export type ControlRecording = (action: RecordingControlAction, request: PauseRecordingRequest, signal: AbortSignal) => Promise<ControlOutcome>;

/** Talks to the pause and resume Functions. Never throws. */
export function createRecordingControlClient(functionsBaseUrl: string, fetchImpl: FetchLike): ControlRecording {
  return (action, request, signal) => {
    const fields: PauseRecordingRequest = {
      Token: request.Token,
      TaskSid: request.TaskSid,
      CallSid: request.CallSid,
      ConferenceSid: request.ConferenceSid,
    };
    if (action === 'pause' && request.PauseBehavior !== undefined) fields.PauseBehavior = request.PauseBehavior;
    return postToFunctions(fetchImpl, `${functionsBaseUrl}${RECORDING_CONTROL_PATHS[action]}`, fields, signal);
  };
}
