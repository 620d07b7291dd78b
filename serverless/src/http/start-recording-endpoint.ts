import { readFunctionConfig, type FunctionConfig } from '../config/function-config';
import { startRecording } from '../recording/start-recording';
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

/** `POST /recording/start` as HTTP semantics: origin and configuration checks around the recording core. */
export async function answerStartRecording(deps: EndpointDeps, event: FunctionEvent): Promise<HttpAnswer> {
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
    const outcome = await startRecording(
      {
        twilio: deps.connectTwilio(config),
        accountSid: config.accountSid,
        statusCallbackUrl: config.statusCallbackUrl,
        policy: config.policy,
        retry: deps.retry,
      },
      event,
    );
    return outcome.ok ? jsonAnswer(200, outcome.value, headers) : errorAnswer(outcome.code, outcome.message, headers);
  } catch (error) {
    deps.log.error('outbound-recording: unexpected failure in /recording/start', error);
    return errorAnswer('internal', 'Something went wrong while starting the recording; try again', headers);
  }
}

const BODY_TYPES = ['application/x-www-form-urlencoded', 'application/json'];

function hasFormOrJsonBody(event: FunctionEvent): boolean {
  const contentType = headerOf(event, 'content-type')?.split(';')[0].trim().toLowerCase();
  return contentType !== undefined && BODY_TYPES.includes(contentType);
}
