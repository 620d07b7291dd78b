import { START_RECORDING_PATH, StartRecordingRequest } from '../contract/recording-api';
import { StartOutcome, classifyResponse, classifyTransportError } from './start-outcome';

/** The subset of window.fetch used here, so tests and the local desk can pass their own. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Pick<Response, 'status' | 'text'>>;

export type StartRecording = (request: StartRecordingRequest, signal: AbortSignal) => Promise<StartOutcome>;

/**
 * Talks to the start-recording Function. Never throws: every way a request can go wrong becomes a StartOutcome.
 *
 * The body is form-encoded and no custom header is set, which keeps the request a CORS "simple request":
 * no preflight round trip while the customer's first words are going unrecorded.
 */
export function createStartRecordingClient(functionsBaseUrl: string, fetchImpl: FetchLike): StartRecording {
  const url = `${functionsBaseUrl}${START_RECORDING_PATH}`;
  // Promise chains rather than async/await: the plugin build targets old browsers and would otherwise bundle
  // a regenerator runtime several times the size of this module.
  return (request, signal) => {
    const fields: Record<keyof StartRecordingRequest, string> = {
      Token: request.Token,
      TaskSid: request.TaskSid,
      CallSid: request.CallSid,
      ConferenceSid: request.ConferenceSid,
    };
    // Started inside a promise so that even a fetch that throws synchronously ends up as an outcome.
    return Promise.resolve()
      .then(() =>
        fetchImpl(url, {
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
