import { readFunctionConfig, type FunctionConfig } from '../config/function-config';
import type { Outcome } from '../recording/caller-access';
import type { RetryTools } from '../recording/retry-policy';
import type { TwilioPort } from '../recording/twilio-port';
import { corsHeaders, isOriginRefused } from './cors';
import { errorAnswer, jsonAnswer, type HttpAnswer } from './http-answer';
import { headerOf, type FunctionEvent } from './request-event';

export interface EndpointDeps {
  env: Record<string, string | undefined>;
  connectTwilio: (config: FunctionConfig) => TwilioPort;
  retry: RetryTools;
  log: Pick<Console, 'error'>;
}

/**
 * The HTTP semantics every endpoint the agent's plugin calls shares: configuration, origin and body
 * checks before any work, then the core's outcome as a status code and JSON body, and an unexpected
 * failure as a logged 500 that shows nothing internal.
 */
export async function answerAgentRequest(
  deps: EndpointDeps,
  event: FunctionEvent,
  work: { name: string; act: (config: FunctionConfig) => Promise<Outcome<object>> },
): Promise<HttpAnswer> {
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
  // The runtime hides the HTTP method; a body's Content-Type is what tells a POST from a GET, whose
  // query string would leave the agent's token in proxy and server logs.
  if (!hasFormOrJsonBody(event)) {
    return errorAnswer('invalid_request', 'POST the fields as application/x-www-form-urlencoded or application/json', headers);
  }

  try {
    const outcome = await work.act(config);
    return outcome.ok ? jsonAnswer(200, outcome.value, headers) : errorAnswer(outcome.code, outcome.message, headers);
  } catch (error) {
    deps.log.error(`outbound-recording: unexpected failure while trying to ${work.name}`, error);
    return errorAnswer('internal', `Something went wrong while trying to ${work.name}; try again`, headers);
  }
}

const BODY_TYPES = ['application/x-www-form-urlencoded', 'application/json'];

function hasFormOrJsonBody(event: FunctionEvent): boolean {
  const contentType = headerOf(event, 'content-type')?.split(';')[0].trim().toLowerCase();
  return contentType !== undefined && BODY_TYPES.includes(contentType);
}
