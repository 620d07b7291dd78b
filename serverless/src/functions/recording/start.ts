/// <reference types="@twilio-labs/serverless-runtime-types" />
import type { Context, ServerlessCallback, ServerlessEventObject } from '@twilio-labs/serverless-runtime-types/types';
import { runtimeDeps } from '../../http/runtime-deps';
import { answerStartRecording } from '../../http/start-recording-endpoint';
import { writeAnswer } from '../../http/http-answer';
import type { FunctionEvent } from '../../http/request-event';

/** POST /recording/start — see README "Functions HTTP API". */
export async function handler(context: Context, event: ServerlessEventObject, callback: ServerlessCallback): Promise<void> {
  const answer = await answerStartRecording(
    runtimeDeps(context),
    event as FunctionEvent,
  );
  callback(null, writeAnswer(answer, new Twilio.Response()));
}
