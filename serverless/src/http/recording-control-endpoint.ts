import type { RecordingControlAction } from '../../../plugin-outbound-recording/src/contract/recording-api';
import { readFunctionConfig } from '../config/function-config';
import { controlRecording } from '../recording/control-recording';
import { corsHeaders, isOriginRefused } from './cors';
import { errorAnswer, jsonAnswer, type HttpAnswer } from './http-answer';
import { headerOf, type FunctionEvent } from './request-event';
import type { EndpointDeps } from './start-recording-endpoint';

/**
 * `POST /recording/pause` and `/recording/resume` as HTTP semantics: the same configuration, origin and
 * body checks as `/recording/start`, around the pause/resume core.
 */
export async function answerRecordingControl(deps: EndpointDeps, action: RecordingControlAction, event: FunctionEvent): Promise<HttpAnswer> {
  const configResult = readFunctionConfig(deps.env);
  const origin = headerOf(event, 'origin');
  if (!configResult.ok) {
    // The details are for the administrator (the Function's log), not for whoever is calling.
    deps.log.error(`outbound-recording is misconfigured: ${configResult.problems.join('; ')}`);
    return errorAnswer('misconfigured', 'The recording service is not configured; ask an administrator to run its set-up', {});
  }
  const { config } = configResult;
  const headers = corsHeaders(origin, config.allowedOrigins);
  if (isOriginRefused(origin, config.allowedOrigins)) {
    return errorAnswer('origin_not_allowed', 'Requests from this origin are not allowed', headers);
  }
  // A GET would leave the agent's token in proxy and server logs (see start-recording-endpoint.ts).
  const contentType = headerOf(event, 'content-type')?.split(';')[0].trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded' && contentType !== 'application/json') {
    return errorAnswer('invalid_request', 'POST the fields as application/x-www-form-urlencoded or application/json', headers);
  }

  try {
    const outcome = await controlRecording({ twilio: deps.connectTwilio(config), retry: deps.retry }, action, event);
    return outcome.ok ? jsonAnswer(200, outcome.value, headers) : errorAnswer(outcome.code, outcome.message, headers);
  } catch (error) {
    deps.log.error(`outbound-recording: unexpected failure in /recording/${action}`, error);
    return errorAnswer('internal', `Something went wrong while trying to ${action} the recording; try again`, headers);
  }
}
