import { START_RECORDING_PATH, StartRecordingRequest } from '../contract/recording-api';
import { FetchLike, postToFunctions } from './post-to-functions';
import { StartOutcome } from './start-outcome';

export type { FetchLike };

export type StartRecording = (request: StartRecordingRequest, signal: AbortSignal) => Promise<StartOutcome>;

/** Talks to the start-recording Function. Never throws. */
export function createStartRecordingClient(functionsBaseUrl: string, fetchImpl: FetchLike): StartRecording {
  const url = `${functionsBaseUrl}${START_RECORDING_PATH}`;
  return (request, signal) => {
    const fields: StartRecordingRequest = {
      Token: request.Token,
      TaskSid: request.TaskSid,
      CallSid: request.CallSid,
      ConferenceSid: request.ConferenceSid,
    };
    return postToFunctions(fetchImpl, url, fields, signal);
  };
}
