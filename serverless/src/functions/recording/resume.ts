/// <reference types="@twilio-labs/serverless-runtime-types" />
import type { Context, ServerlessCallback, ServerlessEventObject } from '@twilio-labs/serverless-runtime-types/types';
import { DEFAULT_RETRY_POLICY } from '../../recording/retry-policy';
import { createTwilioGateway } from '../../twilio/twilio-gateway';
import { answerRecordingControl } from '../../http/recording-control-endpoint';
import { writeAnswer } from '../../http/http-answer';
import type { FunctionEvent } from '../../http/request-event';

/** POST /recording/resume — see README "Functions HTTP API". */
export async function handler(context: Context, event: ServerlessEventObject, callback: ServerlessCallback): Promise<void> {
  const answer = await answerRecordingControl(
    {
      // The runtime puts the service's environment variables on the context object itself.
      env: context as unknown as Record<string, string | undefined>,
      connectTwilio: createTwilioGateway,
      retry: { policy: DEFAULT_RETRY_POLICY, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), random: Math.random },
      log: console,
    },
    'resume',
    event as FunctionEvent,
  );
  callback(null, writeAnswer(answer, new Twilio.Response()));
}
