import { applyRecordingStatus, parseStatusCallback } from '../recording/recording-status';
import { fail } from '../recording/caller-access';
import type { EndpointDeps } from './agent-endpoint';
import type { HttpAnswer } from './http-answer';
import type { FunctionEvent } from './request-event';
import { answerTwilioCallback } from './twilio-callback-endpoint';
import { checkTwilioSignature } from './twilio-signature';

/** `POST /recording/status`: Twilio's recording status callbacks, bound to their task by the signed URL. */
export function answerRecordingStatus(deps: EndpointDeps, event: FunctionEvent): Promise<HttpAnswer> {
  return answerTwilioCallback(deps, event, {
    name: 'status callback',
    verify: (config, signature) => checkTwilioSignature(config, event, signature),
    act: async (config) => {
      const parsed = parseStatusCallback(event, config.accountSid);
      if (!parsed.ok) return fail('invalid_request', parsed.message);
      const transcripts = config.intelligenceServiceSid === undefined ? undefined : { serviceSid: config.intelligenceServiceSid };
      return applyRecordingStatus(
        { twilio: deps.connectTwilio(config), accountSid: config.accountSid, retry: deps.retry, log: deps.log, ...(transcripts ? { transcripts } : {}) },
        parsed.callback,
      );
    },
  });
}
