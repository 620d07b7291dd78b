import { FlexTokenCache, withFlexTokenCache } from '../auth/flex-token-cache';
import { DEFAULT_REQUEST_BUDGET, DEFAULT_TWILIO_RETRY_POLICY, RequestBudget } from '../recording/retry-policy';
import { createTwilioGateway } from '../twilio/twilio-gateway';
import type { FunctionConfig } from '../config/function-config';
import type { EndpointDeps } from './agent-endpoint';

/**
 * What every Function handler hands its endpoint in the real runtime. Module state lives as long as a
 * warm Function instance: the Flex token cache saves the IAM validation on an agent's later requests.
 */
const flexTokens = new FlexTokenCache();

/**
 * The Twilio gateway of a warm instance, kept while the configuration that built it stays the same: one
 * client (and its kept-alive connections) for every invocation instead of one per invocation.
 */
let gateway: { key: string; port: ReturnType<typeof withFlexTokenCache> } | undefined;

function connectOnce(config: FunctionConfig): ReturnType<typeof withFlexTokenCache> {
  const key = JSON.stringify([config.accountSid, config.credentials.username, config.credentials.password, config.workspaceSid, config.emulatorUrl ?? '']);
  if (gateway?.key !== key) gateway = { key, port: withFlexTokenCache(createTwilioGateway(config), flexTokens) };
  return gateway.port;
}

export function runtimeDeps(context: object): EndpointDeps {
  return {
    // The runtime puts the service's environment variables (and DOMAIN_NAME) on the context object itself.
    env: context as Record<string, string | undefined>,
    connectTwilio: connectOnce,
    // A budget of its own for every invocation (this runs once per request): see RequestBudget.
    retry: {
      policy: DEFAULT_TWILIO_RETRY_POLICY,
      budget: new RequestBudget(DEFAULT_REQUEST_BUDGET),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
    },
    log: console,
  };
}
