import { isLoopbackHost } from 'plugin-outbound-recording/contract';
import type { FunctionConfig } from '../config/function-config';
import { fail } from '../recording/caller-access';
import { parseConferenceCallback, recordFromConferenceJoin } from '../recording/conference-trigger';
import type { EndpointDeps } from './agent-endpoint';
import type { HttpAnswer } from './http-answer';
import type { FunctionEvent } from './request-event';
import { answerTwilioCallback } from './twilio-callback-endpoint';
import { checkSignedCallback } from './twilio-signature';

/**
 * `POST /recording/conference-status`: Twilio's conference status callbacks (the server-side trigger).
 * Nothing is asked of Twilio before the signature is verified; what is not a customer's join is answered
 * 200 and ignored (Twilio wants a quick answer; it retries only a failed connection, once).
 */
export function answerConferenceStatus(deps: EndpointDeps, event: FunctionEvent): Promise<HttpAnswer> {
  return answerTwilioCallback(deps, event, {
    name: 'conference callback',
    verify: (config, signature) => checkSignedCallback(config, event, signature, signedUrls(config)),
    act: async (config) => {
      const parsed = parseConferenceCallback(event, config.accountSid);
      if (!parsed.ok) return fail('invalid_request', parsed.message);
      const core = { twilio: deps.connectTwilio(config), accountSid: config.accountSid, statusCallbackUrl: config.statusCallbackUrl, policy: config.policy, retry: deps.retry };
      return recordFromConferenceJoin(core, parsed.callback);
    },
  });
}

/**
 * The URLs Twilio may have signed: this service's own. Locally the plugin may name the local runtime by
 * 127.0.0.1 or by localhost: both are this machine.
 */
function signedUrls(config: FunctionConfig): string[] {
  if (config.conferenceStatusUrl === undefined) return [];
  const own = new URL(config.conferenceStatusUrl);
  if (!config.localRuntime || !isLoopbackHost(own.hostname)) return [own.toString()];
  return ['localhost', '127.0.0.1'].map((host) => {
    const variant = new URL(own.toString());
    variant.hostname = host;
    return variant.toString();
  });
}
