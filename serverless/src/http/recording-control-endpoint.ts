import type { RecordingControlAction } from 'plugin-outbound-recording/contract';
import { controlRecording } from '../recording/control-recording';
import { answerAgentRequest, type EndpointDeps } from './agent-endpoint';
import type { HttpAnswer } from './http-answer';
import type { FunctionEvent } from './request-event';

/** `POST /recording/pause` and `/recording/resume`: the shared agent-request checks around the pause/resume core. */
export function answerRecordingControl(deps: EndpointDeps, action: RecordingControlAction, event: FunctionEvent): Promise<HttpAnswer> {
  return answerAgentRequest(deps, event, {
    name: `${action} the recording`,
    act: (config, input) => controlRecording({ twilio: deps.connectTwilio(config), retry: deps.retry }, action, input),
  });
}
