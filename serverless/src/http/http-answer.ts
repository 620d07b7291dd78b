import { ERROR_STATUS, type ErrorBody, type ErrorCode } from 'plugin-outbound-recording/contract';

/** An HTTP answer before it becomes the runtime's `Twilio.Response`, so endpoints are testable without the runtime. */
export interface HttpAnswer {
  status: number;
  body: object;
  headers: Record<string, string>;
}

export function errorAnswer(code: ErrorCode, message: string, headers: Record<string, string>): HttpAnswer {
  const body: ErrorBody = { error: { code, message } };
  return { status: ERROR_STATUS[code], body, headers };
}

export function jsonAnswer(status: number, body: object, headers: Record<string, string>): HttpAnswer {
  return { status, body, headers };
}

/** The part of the runtime's `Twilio.Response` this project uses. */
export interface RuntimeResponse {
  setStatusCode(code: number): unknown;
  setBody(body: string | object): unknown;
  appendHeader(key: string, value: string): unknown;
}

export function writeAnswer<R extends RuntimeResponse>(answer: HttpAnswer, response: R): R {
  response.setStatusCode(answer.status);
  response.appendHeader('Content-Type', 'application/json');
  response.appendHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(answer.headers)) response.appendHeader(name, value);
  response.setBody(answer.body);
  return response;
}
