import type { Clock } from '../clock';
import { newSid } from '../sids';

/** The spec's `interaction_channel_participant_enum_type`. */
export type InteractionParticipantType = 'agent' | 'customer' | 'supervisor' | 'external' | 'unknown';

/**
 * What routed an agent into the channel, as Flex's backend lists it (Flex UI 2.17.1 reads these keys;
 * Twilio's spec types `routing_properties` as free-form and its example shows exactly these three).
 */
export interface RoutingProperties {
  task_sid: string;
  reservation_sid: string;
  worker_sid: string;
}

export interface InteractionParticipantRecord {
  sid: string;
  interactionSid: string;
  channelSid: string;
  type: InteractionParticipantType;
  /** Agents only; null for customers, supervisors and external parties. */
  routingProperties: RoutingProperties | null;
  dateCreated: Date;
}

export interface InteractionChannelRecord {
  sid: string;
  interactionSid: string;
  type: 'voice';
  /** In the order they were added; never filtered (an agent who transferred away stays listed). */
  participants: Map<string, InteractionParticipantRecord>;
  dateCreated: Date;
}

export interface InteractionRecord {
  sid: string;
  channels: Map<string, InteractionChannelRecord>;
  dateCreated: Date;
}

/** Which Interaction channel a task was routed through. */
export interface ChannelRef {
  interactionSid: string;
  channelSid: string;
}

/**
 * Flex Interactions (`KD…`) with their voice channels (`UO…`) and the channels' participants (`UT…`),
 * as Flex's backend keeps them for voice tasks. Each task a scenario routes into a channel is
 * remembered (`channelOfTask`), so a conference (named after its task) finds its channel.
 */
export class InteractionState {
  readonly interactions = new Map<string, InteractionRecord>();
  private readonly taskChannels = new Map<string, ChannelRef>();

  constructor(private readonly clock: Clock) {}

  clear(): void {
    this.interactions.clear();
    this.taskChannels.clear();
  }

  /** A new Interaction with one voice channel and no participants yet. */
  createVoiceInteraction(): { interaction: InteractionRecord; channel: InteractionChannelRecord } {
    const now = this.clock.now();
    const interaction: InteractionRecord = { sid: newSid('KD'), channels: new Map(), dateCreated: now };
    const channel: InteractionChannelRecord = { sid: newSid('UO'), interactionSid: interaction.sid, type: 'voice', participants: new Map(), dateCreated: now };
    interaction.channels.set(channel.sid, channel);
    this.interactions.set(interaction.sid, interaction);
    return { interaction, channel };
  }

  /** The channel, or undefined when the interaction or the channel (of that interaction) is unknown. */
  channel(interactionSid: string, channelSid: string): InteractionChannelRecord | undefined {
    return this.interactions.get(interactionSid)?.channels.get(channelSid);
  }

  requireChannel(interactionSid: string, channelSid: string): InteractionChannelRecord {
    const channel = this.channel(interactionSid, channelSid);
    if (!channel) throw new Error(`No interaction channel ${interactionSid}/${channelSid} in the emulator`);
    return channel;
  }

  addParticipant(
    ref: ChannelRef,
    input: { type: InteractionParticipantType; routingProperties?: RoutingProperties | null },
  ): InteractionParticipantRecord {
    const channel = this.requireChannel(ref.interactionSid, ref.channelSid);
    const participant: InteractionParticipantRecord = {
      sid: newSid('UT'),
      interactionSid: channel.interactionSid,
      channelSid: channel.sid,
      type: input.type,
      routingProperties: input.routingProperties ? { ...input.routingProperties } : null,
      dateCreated: this.clock.now(),
    };
    channel.participants.set(participant.sid, participant);
    return participant;
  }

  /** Remembers that the task was routed through the channel (see channelOfTask). */
  bindTask(taskSid: string, ref: ChannelRef): void {
    this.requireChannel(ref.interactionSid, ref.channelSid);
    this.taskChannels.set(taskSid, { interactionSid: ref.interactionSid, channelSid: ref.channelSid });
  }

  channelOfTask(taskSid: string): ChannelRef | undefined {
    const ref = this.taskChannels.get(taskSid);
    return ref && { ...ref };
  }
}
