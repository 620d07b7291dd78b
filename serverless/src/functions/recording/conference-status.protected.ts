/// <reference types="@twilio-labs/serverless-runtime-types" />
import type { Context, ServerlessCallback, ServerlessEventObject } from '@twilio-labs/serverless-runtime-types/types';
import { runtimeDeps } from '../../http/runtime-deps';
import { answerConferenceStatus } from '../../http/conference-status-endpoint';
import { writeAnswer } from '../../http/http-answer';
import type { FunctionEvent } from '../../http/request-event';

/**
 * POST /recording/conference-status — Twilio's conference status callbacks, the server-side trigger the
 * plugin asks for in beforeAcceptTask (see README "The server-side trigger"). `.protected`: deployed, the
 * runtime refuses requests without a valid X-Twilio-Signature; locally the endpoint verifies it with AUTH_TOKEN.
 */
export async function handler(context: Context, event: ServerlessEventObject, callback: ServerlessCallback): Promise<void> {
  const answer = await answerConferenceStatus(runtimeDeps(context), event as FunctionEvent);
  callback(null, writeAnswer(answer, new Twilio.Response()));
}
