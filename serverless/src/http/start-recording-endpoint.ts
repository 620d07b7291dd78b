import { startRecording } from '../recording/start-recording';
import { answerAgentRequest, type EndpointDeps } from './agent-endpoint';
import type { HttpAnswer } from './http-answer';
import type { FunctionEvent } from './request-event';

export type { EndpointDeps };

/** `POST /recording/start`: the shared agent-request checks around the start core. */
export function answerStartRecording(deps: EndpointDeps, event: FunctionEvent): Promise<HttpAnswer> {
  return answerAgentRequest(deps, event, {
    name: 'start the recording',
    act: (config, input) =>
      startRecording(
        {
          twilio: deps.connectTwilio(config),
          accountSid: config.accountSid,
          statusCallbackUrl: config.statusCallbackUrl,
          policy: config.policy,
          retry: deps.retry,
        },
        input,
      ),
  });
}
