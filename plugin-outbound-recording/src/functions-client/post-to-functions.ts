import { recordingRequestBody, type PauseRecordingRequest, type StartRecordingRequest } from '../contract/recording-api';
import { StartOutcome, classifyResponse, classifyTransportError } from './start-outcome';

/** The subset of window.fetch used here, so tests and the local desk can pass their own. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Pick<Response, 'status' | 'text'>>;

/**
 * POSTs a request to one of the Functions and classifies the answer. Never throws: every way a request can
 * go wrong becomes an outcome.
 *
 * The body is the contract's JSON envelope (recordingRequestBody): the one encoding the Functions read,
 * because only it proves the fields came from the body, not from a URL. JSON is not a CORS "simple
 * request": the browser asks a preflight first, once per endpoint, then keeps the answer for 2 h
 * (Access-Control-Max-Age). No cookies, no custom headers.
 */
export function postToFunctions(
  fetchImpl: FetchLike,
  url: string,
  fields: StartRecordingRequest | PauseRecordingRequest,
  signal: AbortSignal,
): Promise<StartOutcome> {
  // Promise chains rather than async/await: the plugin build targets old browsers and would otherwise bundle
  // a regenerator runtime several times the size of this module. Started inside a promise so that even a
  // fetch that throws synchronously ends up as an outcome.
  return Promise.resolve()
    .then(() =>
      fetchImpl(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(recordingRequestBody(fields)),
        credentials: 'omit',
        mode: 'cors',
        signal,
      }),
    )
    .then((response) => response.text().then((text) => classifyResponse(response.status, parseJson(text))))
    .catch(classifyTransportError);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
