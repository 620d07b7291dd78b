import { StartOutcome, classifyResponse, classifyTransportError } from './start-outcome';

/** The subset of window.fetch used here, so tests and the local desk can pass their own. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Pick<Response, 'status' | 'text'>>;

/**
 * POSTs fields to one of the Functions and classifies the answer. Never throws: every way a request can
 * go wrong becomes an outcome.
 *
 * The body is form-encoded and no custom header is set, which keeps the request a CORS "simple request":
 * no preflight round trip while the customer's first words are going unrecorded.
 */
export function postToFunctions(fetchImpl: FetchLike, url: string, fields: Record<string, string>, signal: AbortSignal): Promise<StartOutcome> {
  // Promise chains rather than async/await: the plugin build targets old browsers and would otherwise bundle
  // a regenerator runtime several times the size of this module. Started inside a promise so that even a
  // fetch that throws synchronously ends up as an outcome.
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
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
