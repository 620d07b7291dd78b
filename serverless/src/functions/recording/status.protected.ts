/// <reference types="@twilio-labs/serverless-runtime-types" />
import type { Context, ServerlessCallback, ServerlessEventObject } from '@twilio-labs/serverless-runtime-types/types';
import { runtimeDeps } from '../../http/runtime-deps';
import { answerRecordingStatus } from '../../http/recording-status-endpoint';
import { writeAnswer } from '../../http/http-answer';
import type { FunctionEvent } from '../../http/request-event';

/**
 * POST /recording/status — Twilio's recording status callbacks (see README "Recording status callbacks").
 * `.protected`: deployed, the runtime refuses requests without a valid X-Twilio-Signature before this runs;
 * the endpoint verifies the signature again itself when AUTH_TOKEN is configured (always, locally).
 */
export async function handler(context: Context, event: ServerlessEventObject, callback: ServerlessCallback): Promise<void> {
  const answer = await answerRecordingStatus(
    runtimeDeps(context),
    event as FunctionEvent,
  );
  callback(null, writeAnswer(answer, new Twilio.Response()));
}
