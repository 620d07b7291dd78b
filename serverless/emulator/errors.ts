/**
 * Twilio's REST error format: `{ code, message, more_info, status }`. The twilio library turns such
 * a body into a RestException carrying `status` and `code`, which is what product code branches on.
 */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
  /** Only some errors carry it (e.g. 20003 authentication failures). */
  detail?: string;
}

export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }

  toBody(): TwilioErrorBody {
    return errorBody(this.status, this.code, this.message, this.detail);
  }
}

export function errorBody(status: number, code: number, message: string, detail?: string): TwilioErrorBody {
  return {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
    ...(detail === undefined ? {} : { detail }),
  };
}

/** Error codes the emulator answers with; the numbers are Twilio's. */
export const ErrorCodes = {
  /** Generic invalid/unknown parameter or invalid state transition (TaskRouter uses it widely). */
  invalidParameter: 20001,
  authenticate: 20003,
  methodNotAllowed: 20004,
  notFound: 20404,
  preconditionFailed: 20412,
  tooManyRequests: 20429,
  internalError: 20500,
  serviceUnavailable: 20503,
  /** The call is not in-progress, so it cannot be recorded (or its recording updated). */
  callNotInProgress: 21220,
  /** IAM: token expired. */
  tokenExpired: 20156,
  /** IAM: token could not be authenticated (not issued here, or for another account). */
  authenticationFailed: 20151,
  /** IAM: token is not even token-shaped. */
  invalidToken: 20160,
} as const;

export function notFound(path: string): TwilioApiError {
  // Twilio's own wording, with the path it was asked for (without host or query).
  return new TwilioApiError(404, ErrorCodes.notFound, `The requested resource ${path} was not found`);
}

export function invalidParameter(message: string): TwilioApiError {
  return new TwilioApiError(400, ErrorCodes.invalidParameter, message);
}
