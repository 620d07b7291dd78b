import { readFunctionConfig, type FunctionConfig } from '../config/function-config';
import type { EndpointDeps } from './agent-endpoint';
import { errorAnswer, jsonAnswer, type HttpAnswer } from './http-answer';
import { mediaTypeOf, readRuntimeHeaders, singleHeader, type FunctionEvent } from './request-event';
import type { SignatureCheck } from './twilio-signature';
import type { Outcome } from '../recording/caller-access';

/**
 * The HTTP semantics of every endpoint Twilio calls (recording and conference status callbacks): the
 * configuration, the runtime's headers, Twilio's signature (before anything is asked of Twilio, so forged
 * or replayed-elsewhere callbacks cost nothing), a form body, then the core's outcome. No CORS: browsers
 * never call these.
 */
export async function answerTwilioCallback(
  deps: EndpointDeps,
  event: FunctionEvent,
  work: {
    /** What the callback is, for messages and logs ("status callback", "conference callback"). */
    name: string;
    verify: (config: FunctionConfig, signature: string | undefined) => SignatureCheck;
    act: (config: FunctionConfig) => Promise<Outcome<object>>;
  },
): Promise<HttpAnswer> {
  const configResult = readFunctionConfig(deps.env);
  if (!configResult.ok) {
    deps.log.error(`outbound-recording is misconfigured: ${configResult.problems.join('; ')}`);
    return errorAnswer('misconfigured', 'The recording service is not configured', {});
  }
  const { config } = configResult;
  const headers = readRuntimeHeaders(event);
  if (!headers.ok) return errorAnswer('invalid_request', headers.message, {});
  const signatureHeader = singleHeader(headers.value, 'x-twilio-signature');
  if (!signatureHeader.ok) return errorAnswer('signature_invalid', `Not a valid Twilio ${work.name} (the signature header is repeated)`, {});
  const signature = work.verify(config, signatureHeader.value);
  if (!signature.ok) return errorAnswer('signature_invalid', `Not a valid Twilio ${work.name} (${signature.reason})`, {});
  if (mediaTypeOf(headers.value) !== 'application/x-www-form-urlencoded') {
    return errorAnswer('invalid_request', `Twilio posts a ${work.name} form-encoded`, {});
  }
  try {
    const outcome = await work.act(config);
    return outcome.ok ? jsonAnswer(200, outcome.value, {}) : errorAnswer(outcome.code, outcome.message, {});
  } catch (error) {
    deps.log.error(`outbound-recording: unexpected failure in a ${work.name}`, error);
    return errorAnswer('internal', `Something went wrong while handling the ${work.name}`, {});
  }
}
