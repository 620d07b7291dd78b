import { readFunctionConfig, type FunctionConfig } from '../config/function-config';
import type { Outcome } from '../recording/caller-access';
import type { RetryTools } from '../recording/retry-policy';
import type { TwilioPort } from '../recording/twilio-port';
import { corsHeaders, isOriginRefused } from './cors';
import { errorAnswer, jsonAnswer, type HttpAnswer } from './http-answer';
import { RECORDING_REQUEST_FIELD } from 'plugin-outbound-recording/contract';
import { mediaTypeOf, readRecordingEnvelope, readRuntimeHeaders, singleHeader, type FunctionEvent } from './request-event';

export interface EndpointDeps {
  env: Record<string, string | undefined>;
  connectTwilio: (config: FunctionConfig) => TwilioPort;
  retry: RetryTools;
  log: Pick<Console, 'error'>;
}

/**
 * The HTTP semantics every endpoint the agent's plugin calls shares: configuration, the runtime's headers,
 * origin, preflight and the JSON envelope (request-event.ts) checked before any work, then the core's outcome as a status code and JSON body, and an unexpected
 * failure as a logged 500 that shows nothing internal.
 */
export async function answerAgentRequest(
  deps: EndpointDeps,
  event: FunctionEvent,
  work: { name: string; act: (config: FunctionConfig, input: Readonly<Record<string, unknown>>) => Promise<Outcome<object>> },
): Promise<HttpAnswer> {
  const configResult = readFunctionConfig(deps.env);
  if (!configResult.ok) {
    // The details are for the administrator (the Function's log), not for whoever is calling.
    deps.log.error(`outbound-recording is misconfigured: ${configResult.problems.join('; ')}`);
    return errorAnswer('misconfigured', 'The recording service is not configured; ask an administrator to run its set-up', {});
  }
  const { config } = configResult;
  const headers = readRuntimeHeaders(event);
  if (!headers.ok) return errorAnswer('invalid_request', headers.message, {});
  const origin = singleHeader(headers.value, 'origin');
  if (!origin.ok) return errorAnswer('origin_not_allowed', origin.message, {});
  const cors = corsHeaders(origin.value, config.allowedOrigins);
  if (isOriginRefused(origin.value, config.allowedOrigins)) {
    return errorAnswer('origin_not_allowed', 'Requests from this origin are not allowed', cors);
  }
  // A CORS preflight (the runtime hides the method; only a preflight asks this): the JSON body the plugin
  // sends makes the browser ask first, and only Flex's origins get an answer that lets it go on.
  if (headers.value['access-control-request-method'] !== undefined) return jsonAnswer(204, {}, cors);
  if (mediaTypeOf(headers.value) !== 'application/json') {
    return errorAnswer('invalid_request', `POST the fields as application/json: { "${RECORDING_REQUEST_FIELD}": { ... } }`, cors);
  }
  const input = readRecordingEnvelope(event);
  if (!input.ok) return errorAnswer('invalid_request', input.message, cors);

  try {
    const outcome = await work.act(config, input.value);
    return outcome.ok ? jsonAnswer(200, outcome.value, cors) : errorAnswer(outcome.code, outcome.message, cors);
  } catch (error) {
    deps.log.error(`outbound-recording: unexpected failure while trying to ${work.name}`, error);
    return errorAnswer('internal', `Something went wrong while trying to ${work.name}; try again`, cors);
  }
}
