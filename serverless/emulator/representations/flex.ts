import { iso8601 } from '../dates';
import type { EmulatorState } from '../state';
import type { InteractionParticipantRecord } from '../state/interactions';

/** The Configuration resource as flex-api answers it: snake_case, ISO 8601 dates, one instance per account. */
export function configurationJson(state: EmulatorState): Record<string, unknown> {
  const configuration = state.flexConfiguration;
  return {
    account_sid: state.account.accountSid,
    date_created: iso8601(configuration.dateCreated),
    date_updated: iso8601(configuration.dateUpdated),
    ...configuration.get(),
    url: 'https://flex-api.twilio.com/v1/Configuration',
  };
}

/**
 * An Interaction channel participant (`flex.v1.interaction.interaction_channel.interaction_channel_participant`):
 * only the schema's fields, `routing_properties` null unless an agent was routed in (then its task,
 * reservation and worker SIDs, as the spec's example and Flex's backend answer them).
 */
export function interactionParticipantJson(host: string, participant: InteractionParticipantRecord): Record<string, unknown> {
  return {
    sid: participant.sid,
    channel_sid: participant.channelSid,
    interaction_sid: participant.interactionSid,
    type: participant.type,
    routing_properties: participant.routingProperties === null ? null : { ...participant.routingProperties },
    url: `https://${host}/v1/Interactions/${participant.interactionSid}/Channels/${participant.channelSid}/Participants/${participant.sid}`,
  };
}
