/**
 * The call legs of a task's conference as the Interactions channel reports them to Flex UI 2.17.1: raw
 * events (`participantAdded` / `participantModified` / `participantRemoved` on the TaskRouter task, snake
 * case, every media property a one-element string list) and the listing `getParticipants` answers (camel
 * case, the same lists). Flex decodes both itself (decodeParticipantEvent / decodeParticipantClass).
 */

/** The participant types the Interactions channel uses; Flex shows `agent` as `worker`. */
export type RawParticipantType = 'agent' | 'customer' | 'external' | 'supervisor' | 'unknown';

export interface LegFacts {
  participantSid: string;
  type: RawParticipantType;
  callSid: string | undefined;
  conferenceSid: string | undefined;
  workerSid: string | undefined;
  reservationSid: string | undefined;
  hold: boolean;
  muted: boolean;
  sequenceNumber: number;
  statusCallbackEvent: string;
  /** Flex's `connecting` flag (a leg being dialled). */
  connecting: boolean;
}

export interface ChannelFacts {
  accountSid: string;
  taskSid: string;
  channelSid: string;
  interactionSid: string;
}

function mediaValues(channel: ChannelFacts, leg: LegFacts): Record<string, string[]> {
  const values: Record<string, string[]> = {
    AccountSid: [channel.accountSid],
    Coaching: ['false'],
    EndConferenceOnExit: [String(leg.type === 'customer')],
    FriendlyName: [channel.taskSid],
    Hold: [String(leg.hold)],
    Muted: [String(leg.muted)],
    SequenceNumber: [String(leg.sequenceNumber)],
    StartConferenceOnEnter: ['true'],
    StatusCallbackEvent: [leg.statusCallbackEvent],
    Timestamp: [new Date().toUTCString()],
  };
  // A leg may be listed before Twilio has given it a call (or the conference a SID).
  if (leg.callSid !== undefined) values.CallSid = [leg.callSid];
  if (leg.conferenceSid !== undefined) values.ConferenceSid = [leg.conferenceSid];
  return values;
}

/** What TaskRouter's task emits for the Interactions channel's participant events. */
export function rawParticipantEvent(channel: ChannelFacts, leg: LegFacts): Record<string, unknown> {
  return {
    channel_sid: channel.channelSid,
    channel_type: 'voice',
    interaction_sid: channel.interactionSid,
    participant_sid: leg.participantSid,
    type: leg.type,
    connecting: leg.connecting,
    media_properties: mediaValues(channel, leg),
    routing_properties: { reservation_sid: leg.reservationSid, task_sid: channel.taskSid, worker_sid: leg.workerSid },
  };
}

const CAMEL: Record<string, string> = {
  AccountSid: 'accountSid',
  CallSid: 'callSid',
  Coaching: 'coaching',
  ConferenceSid: 'conferenceSid',
  EndConferenceOnExit: 'endConferenceOnExit',
  FriendlyName: 'friendlyName',
  Hold: 'hold',
  Muted: 'muted',
  SequenceNumber: 'sequenceNumber',
  StartConferenceOnEnter: 'startConferenceOnEnter',
  StatusCallbackEvent: 'statusCallbackEvent',
  Timestamp: 'timestamp',
};

/** What the Interactions client's `getParticipants(task, channelSid)` lists for a leg. */
export function listedParticipant(channel: ChannelFacts, leg: LegFacts): Record<string, unknown> {
  const media: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(mediaValues(channel, leg))) media[CAMEL[key] ?? key] = value;
  return {
    channelSid: channel.channelSid,
    channelType: 'voice',
    interactionSid: channel.interactionSid,
    participantSid: leg.participantSid,
    type: leg.type,
    connecting: leg.connecting,
    mediaProperties: media,
    routingProperties: { reservationSid: leg.reservationSid, taskSid: channel.taskSid, workerSid: leg.workerSid },
  };
}
