import type { ErrorBody } from 'plugin-outbound-recording/contract';

/**
 * The local runtime's last Express error handler (see toolchain/serve-functions.ts). An error reaches it
 * when a request fails before any Function runs, in practice the runtime's body parsers (JSON,
 * form) refusing a body: malformed, over the size limit, in a charset or Content-Encoding they do
 * not read, with too many form fields. Express's own final handler would answer with an HTML page
 * holding the stack trace and the server's absolute paths; this answers as the Functions do,
 * `{ "error": { "code", "message" } }` in JSON, and reveals nothing of the error: the message is
 * chosen from a fixed table by the kind of failure, never copied from the error.
 *
 * Typed structurally (the parts of Node's request/response it uses), so it runs on any Express 4 app
 * and is testable without one.
 */

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
}

/** What body-parser (and http-errors) put on the errors they pass on. */
interface HttpErrorLike {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
}

// The body-parser error types (`err.type`) the runtime's parsers raise, with what the caller should do.
const CLIENT_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON: send a JSON object (application/json) or form fields (application/x-www-form-urlencoded)',
  'entity.too.large': 'The request body is too large',
  'parameters.too.many': 'The request body has too many form fields',
  'charset.unsupported': 'The request body must be UTF-8 encoded',
  'encoding.unsupported': 'The request body uses a Content-Encoding the service does not read: send it uncompressed (identity), gzip or deflate',
};

const GENERIC_CLIENT_MESSAGE =
  'The request body could not be read: send a JSON object (application/json) or form fields (application/x-www-form-urlencoded), UTF-8 encoded';

export const INTERNAL_ANSWER: ErrorAnswer = {
  status: 500,
  body: { error: { code: 'internal', message: 'Something went wrong before the request reached the Function; try again' } },
};

/** The answer for an error that reached Express: `invalid_request` (400, as the contract's code travels) for a 4xx, else `internal`. */
export function errorAnswerFor(error: unknown): ErrorAnswer {
  const status = httpStatusOf(error);
  if (status === undefined || status < 400 || status >= 500) return INTERNAL_ANSWER;
  const type = typeof error === 'object' && error !== null ? (error as HttpErrorLike).type : undefined;
  const message = typeof type === 'string' && Object.prototype.hasOwnProperty.call(CLIENT_MESSAGES, type) ? CLIENT_MESSAGES[type] : GENERIC_CLIENT_MESSAGE;
  return { status: 400, body: { error: { code: 'invalid_request', message } } };
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as HttpErrorLike;
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

export interface AnswerableResponse {
  headersSent: boolean;
  statusCode: number;
  setHeader(name: string, value: string | number): unknown;
  removeHeader(name: string): unknown;
  end(body: string): unknown;
}

export interface JsonErrorAnswerOptions {
  /** Where a server-side failure (an answer 500) is logged, for whoever runs the server. Default: console. */
  log?: Pick<Console, 'error'>;
}

/**
 * An Express error-handling middleware (it must keep its four parameters: Express tells error handlers
 * by their arity). Append it after every route.
 */
export function jsonErrorAnswer(options: JsonErrorAnswerOptions = {}) {
  const log = options.log ?? console;
  return function answerErrorAsJson(error: unknown, _req: unknown, res: AnswerableResponse, next: (error?: unknown) => void): void {
    if (res.headersSent) {
      // Too late to answer: Express's final handler closes the connection.
      next(error);
      return;
    }
    const answer = errorAnswerFor(error);
    if (answer.status >= 500) log.error('outbound-recording (local runtime): a request failed before any Function ran', error);
    const body = JSON.stringify(answer.body);
    // Headers an earlier middleware may have set for an answer that will never come.
    for (const name of ['Content-Encoding', 'Content-Disposition', 'Content-Range', 'ETag', 'Last-Modified']) res.removeHeader(name);
    res.statusCode = answer.status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  };
}
