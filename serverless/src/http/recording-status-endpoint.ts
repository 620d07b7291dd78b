import { readFunctionConfig } from '../config/function-config';
import { applyRecordingStatus, parseStatusCallback } from '../recording/recording-status';
import type { EndpointDeps } from './agent-endpoint';
import { errorAnswer, jsonAnswer, type HttpAnswer } from './http-answer';
import { mediaTypeOf, readRuntimeHeaders, singleHeader, type FunctionEvent } from './request-event';
import { checkTwilioSignature } from './twilio-signature';


/**
 * `POST /recording/status`: Twilio's recording status callbacks. Nothing is asked of Twilio before the
 * signature is verified, so forged or replayed-elsewhere callbacks cost nothing. No CORS: browsers never call it.
 */
export async function answerRecordingStatus(deps: EndpointDeps, event: FunctionEvent): Promise<HttpAnswer> {
  const configResult = readFunctionConfig(deps.env);
  if (!configResult.ok) {
    deps.log.error(`outbound-recording is misconfigured: ${configResult.problems.join('; ')}`);
    return errorAnswer('misconfigured', 'The recording service is not configured', {});
  }
  const { config } = configResult;
  const headers = readRuntimeHeaders(event);
  if (!headers.ok) return errorAnswer('invalid_request', headers.message, {});
  const signatureHeader = singleHeader(headers.value, 'x-twilio-signature');
  if (!signatureHeader.ok) return errorAnswer('signature_invalid', 'Not a valid Twilio status callback (the signature header is repeated)', {});
  const contentType = mediaTypeOf(headers.value);
  const signature = checkTwilioSignature(config, event, signatureHeader.value);
  if (!signature.ok) return errorAnswer('signature_invalid', `Not a valid Twilio status callback (${signature.reason})`, {});
  if (contentType !== 'application/x-www-form-urlencoded') {
    return errorAnswer('invalid_request', 'Twilio posts status callbacks form-encoded', {});
  }
  const parsed = parseStatusCallback(event, config.accountSid);
  if (!parsed.ok) return errorAnswer('invalid_request', parsed.message, {});
  try {
    const outcome = await applyRecordingStatus(
      { twilio: deps.connectTwilio(config), accountSid: config.accountSid, retry: deps.retry, log: deps.log },
      parsed.callback,
    );
    return outcome.ok ? jsonAnswer(200, outcome.value, {}) : errorAnswer(outcome.code, outcome.message, {});
  } catch (error) {
    deps.log.error('outbound-recording: unexpected failure in /recording/status', error);
    return errorAnswer('internal', 'Something went wrong while recording the status', {});
  }
}
