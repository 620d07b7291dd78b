import { ownRecordingSids } from 'plugin-outbound-recording/contract';
import { linksForeignRecording } from 'plugin-outbound-recording/contract';
import type { TaskAttributes } from './twilio-port';

/** What Flex Insights needs to find and play a recording of the customer's call leg. */
export interface RecordingLink {
  accountSid: string;
  recordingSid: string;
  callSid: string;
  conferenceSid: string;
  startTimeMs: number;
}

/** The media entry Flex Insights reads from `conversations.media`. */
export interface VoiceRecordingMedia {
  url: string;
  type: 'VoiceRecording';
  start_time: number;
  /** channels[0] names channel 1 of the file: recording the customer's leg puts the customer there. */
  channels: ['customer', 'others'];
}

export function recordingUrl(accountSid: string, recordingSid: string): string {
  return `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}`;
}

export function voiceRecordingMedia(link: RecordingLink): VoiceRecordingMedia {
  return {
    url: recordingUrl(link.accountSid, link.recordingSid),
    type: 'VoiceRecording',
    // Epoch milliseconds, as Flex Insights' custom media documentation specifies.
    start_time: link.startTimeMs,
    channels: ['customer', 'others'],
  };
}

/**
 * Adds the recording link to a task's current attributes without losing anything anyone else wrote:
 * other attributes, other `conversations` fields and other media entries stay as they are; values
 * already set by someone else (`call_sid`, `conference.sid`) are not overwritten; the same recording
 * is never linked twice. `changed` is false when there was nothing to add (a repeated request).
 */
export function mergeRecordingLink(current: TaskAttributes, link: RecordingLink): { attributes: TaskAttributes; changed: boolean } {
  const media = voiceRecordingMedia(link);
  const conversations = asRecord(current.conversations);
  const existingMedia = asMediaList(conversations.media);
  const alreadyLinked = existingMedia.some((entry) => asRecord(entry).url === media.url);

  const conference = asRecord(current.conference);
  const participants = asRecord(conference.participants);

  const next: TaskAttributes = {
    ...current,
    conversations: alreadyLinked ? conversations : { ...conversations, media: [...existingMedia, media] },
    call_sid: current.call_sid ?? link.callSid,
    conference: {
      ...conference,
      sid: conference.sid ?? link.conferenceSid,
      participants: { ...participants, customer: participants.customer ?? link.callSid },
    },
  };
  return { attributes: next, changed: JSON.stringify(next) !== JSON.stringify(current) };
}

/**
 * The attributes without the media entries that link this product's own recordings of the task (the
 * current one and those of earlier customer legs, see `earlier_recording_sids`), so that what is left
 * in `conversations.media` is someone else's: what the recording policy's "recorded elsewhere" is about.
 */
export function withoutOwnRecordingLinks(attributes: TaskAttributes): TaskAttributes {
  const own = ownRecordingSids(attributes);
  if (own.length === 0 || !('conversations' in attributes)) return attributes;
  const conversations = asRecord(attributes.conversations);
  if (!('media' in conversations)) return attributes;
  const media = asMediaList(conversations.media).filter((entry) => {
    const url = asRecord(entry).url;
    return !(typeof url === 'string' && own.some((sid) => url.endsWith(`/Recordings/${sid}`)));
  });
  return { ...attributes, conversations: { ...conversations, media } };
}

/**
 * A voice recording someone else (Studio, another recorder) linked into the task: not one of this
 * product's own, current or earlier. The contract's linksForeignRecording knows only the current one.
 */
export function linksOthersRecording(attributes: TaskAttributes): boolean {
  return linksForeignRecording(withoutOwnRecordingLinks(attributes));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Someone may have written a single media object instead of a list: keep it, as the list's first entry. */
function asMediaList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}
