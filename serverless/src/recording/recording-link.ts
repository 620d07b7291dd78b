import {
  VOICE_RECORDING_MEDIA_TYPE,
  linksRecording,
  recordingUrl,
  writableConversationMedia,
} from 'plugin-outbound-recording/contract';
import type { TaskAttributes } from './twilio-port';

/** What Flex Insights needs to find and play a recording of the customer's call leg. */
export interface RecordingLink {
  accountSid: string;
  recordingSid: string;
  callSid: string;
  conferenceSid: string;
  startTimeMs: number;
}

/** The media entry this product writes into `conversations.media`, the way Flex Insights reads it. */
export interface VoiceRecordingMedia {
  url: string;
  type: typeof VOICE_RECORDING_MEDIA_TYPE;
  start_time: number;
  /** channels[0] names channel 1 of the file: recording the customer's leg puts the customer there. */
  channels: ['customer', 'others'];
}

export function voiceRecordingMedia(link: RecordingLink): VoiceRecordingMedia {
  return {
    url: recordingUrl(link.accountSid, link.recordingSid),
    type: VOICE_RECORDING_MEDIA_TYPE,
    // Epoch milliseconds, as Flex Insights' custom media documentation specifies.
    start_time: link.startTimeMs,
    channels: ['customer', 'others'],
  };
}

/**
 * Adds the recording link to a task's current attributes without losing anything anyone else wrote:
 * other attributes, other `conversations` fields and other media entries stay as they are; values
 * already set by someone else (`call_sid`, `conference.sid`) are not overwritten; the same recording
 * is never linked twice (the contract's one reader of `conversations.media` decides what is linked).
 * A `conversations` or `conversations.media` that is not the documented shape (an object, a list) is
 * someone else's and is left as it is: the link is then not written there (see the contract's
 * conversation-media.ts). `changed` is false when there was nothing to add (a repeated request).
 */
export function mergeRecordingLink(current: TaskAttributes, link: RecordingLink): { attributes: TaskAttributes; changed: boolean } {
  const existingMedia = writableConversationMedia(current);
  const addLink = existingMedia !== undefined && !linksRecording(current, link.recordingSid);

  const conference = asRecord(current.conference);
  const participants = asRecord(conference.participants);

  const next: TaskAttributes = {
    ...current,
    ...(addLink ? { conversations: { ...asRecord(current.conversations), media: [...existingMedia, voiceRecordingMedia(link)] } } : {}),
    call_sid: current.call_sid ?? link.callSid,
    conference: {
      ...conference,
      sid: conference.sid ?? link.conferenceSid,
      participants: { ...participants, customer: participants.customer ?? link.callSid },
    },
  };
  return { attributes: next, changed: JSON.stringify(next) !== JSON.stringify(current) };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
