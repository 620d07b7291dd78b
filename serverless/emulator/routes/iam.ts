import { TwilioApiError, errorBody, invalidParameter } from '../errors';
import { ok, type Route } from './table';

/**
 * Flex token validation (the endpoint twilio-flex-token-validator calls). Not in Twilio's OpenAPI
 * specs; the answer shape follows the validator's README and Flex's documented TokenResult.
 */
export const iamRoutes: Route[] = [
  {
    id: 'ValidateToken',
    method: 'POST',
    host: 'iam',
    path: '/v1/Accounts/:AccountSid/Tokens/validate',
    body: 'json',
    handler: ({ state, request, options }) => {
      const body = request.json;
      const token = typeof body === 'object' && body !== null ? (body as { token?: unknown }).token : undefined;
      if (typeof token !== 'string' || token === '') throw invalidParameter('Missing required parameter token in the JSON body');
      const result = state.tokens.validate(token);
      if (result.valid) {
        const { record } = result;
        return ok({
          valid: true,
          code: 0,
          message: null,
          expiration: record.expiresAt.toISOString(),
          realm_user_id: record.realmUserId,
          identity: record.identity,
          roles: record.roles,
          worker_sid: record.workerSid,
          flex_instance_sid: record.flexInstanceSid,
          flex_user_sid: record.flexUserSid,
        });
      }
      if (options.invalidTokenResponse === 'error') {
        throw new TwilioApiError(401, result.code, result.message);
      }
      // The validator only looks at `valid` and `message`; keep Twilio's error fields alongside.
      const { more_info } = errorBody(401, result.code, result.message);
      return ok({ valid: false, code: result.code, message: result.message, expiration: null, more_info });
    },
  },
];
