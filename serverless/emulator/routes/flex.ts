import { ErrorCodes, TwilioApiError, invalidParameter, notFound } from '../errors';
import { configurationJson, interactionParticipantJson } from '../representations/flex';
import { describeErrors, validatorFor } from '../spec/ajv';
import { findOperation } from '../spec/operations';
import { isSchema, type Schema } from '../spec/schemas';
import { pageV1 } from './paging';
import { ok, type Route } from './table';

/** Fields of the resource that an update cannot set: identity, timestamps, the URL, the onboarding status. */
const READ_ONLY = new Set(['account_sid', 'date_created', 'date_updated', 'url', 'status']);

/** The resource's fields and their schemas, from the official FetchConfiguration response (the update's own schema names none). */
function fieldSchemas(): Record<string, Schema> {
  const schema = findOperation('flex', 'FetchConfiguration')?.responses.get(200);
  const properties = schema && isSchema(schema.properties) ? schema.properties : {};
  return Object.fromEntries(Object.entries(properties).filter((entry): entry is [string, Schema] => isSchema(entry[1]) && !READ_ONLY.has(entry[0])));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The Flex API (`flex-api.twilio.com`). The Configuration, what `npm run doctor` reads and `npm run
 * deploy -- --settings` writes: POST takes a JSON body with the account SID and the fields to change;
 * each field given replaces its whole value (Twilio's documented behaviour for JSON-typed fields).
 * And the participants of Interaction channels (what the Functions read to prove a transfer's task
 * was routed into the same call).
 */
export const flexRoutes: Route[] = [
  {
    id: 'FetchConfiguration',
    method: 'GET',
    host: 'flex',
    path: '/v1/Configuration',
    body: 'none',
    handler: ({ state }) => ok(configurationJson(state)),
  },
  {
    id: 'UpdateConfiguration',
    method: 'POST',
    host: 'flex',
    path: '/v1/Configuration',
    body: 'json',
    handler: ({ state, request, options }) => {
      const body = request.json;
      if (!isObject(body)) throw invalidParameter('The JSON body must be an object');
      const { account_sid: accountSid, ...changes } = body;
      // Twilio's docs: "Include a JSON object in the request body that contains your Twilio account SID".
      if (accountSid === undefined) throw invalidParameter('Missing required parameter account_sid in the JSON body');
      if (accountSid !== state.account.accountSid) {
        throw new TwilioApiError(401, ErrorCodes.authenticate, 'Authenticate', 'The credentials do not grant access to that account.');
      }
      const schemas = fieldSchemas();
      const accepted: Record<string, unknown> = {};
      const problems: string[] = [];
      for (const [name, value] of Object.entries(changes)) {
        const schema = schemas[name];
        if (!schema) {
          if (options.strictParams) problems.push(`${name} is not a field of the Configuration resource that can be updated`);
          continue;
        }
        const validate = validatorFor(schema);
        if (!validate(value)) problems.push(...describeErrors(validate.errors).map((message) => `${name} ${message}`));
        else accepted[name] = value;
      }
      if (changes.ui_attributes !== undefined && !isObject(changes.ui_attributes)) problems.push('ui_attributes must be a JSON object');
      if (problems.length > 0) throw invalidParameter(`Invalid configuration: ${problems.join('; ')}`);
      state.flexConfiguration.set(accepted);
      return ok(configurationJson(state));
    },
  },
  {
    // The participants of a Flex Interaction's channel, in the order they were added, unfiltered: an
    // agent who transferred the call away stays listed. Unknown interaction or channel: 404 (20404).
    id: 'ListInteractionChannelParticipant',
    method: 'GET',
    host: 'flex',
    path: '/v1/Interactions/:InteractionSid/Channels/:ChannelSid/Participants',
    body: 'none',
    handler: ({ state, request, params }) => {
      const channel = state.interactions.channel(params.InteractionSid!, params.ChannelSid!);
      if (!channel) throw notFound(request.path);
      const participants = [...channel.participants.values()].map((participant) => interactionParticipantJson(request.host, participant));
      return ok(pageV1('participants', participants, request.host, request.path, request.query));
    },
  },
];
