/**
 * The one reader of a task's `conversations.media`: the list Flex Insights reads a call's recordings from
 * (`[{ type: 'VoiceRecording', url, start_time, channels }]`). Every decision about what the task links
 * (the policy's "recorded elsewhere", a status callback's "is this recording the task's", the writer's
 * "already linked") is made through these functions, so they cannot disagree.
 *
 * The rule for a value that is not a list. Flex Insights documents `conversations.media` as a list; a
 * value of any other shape (an object, a string, a number) was written by someone else, and this
 * product neither reads it nor replaces it:
 * - Reading: it has no entries. Only a list has entries, and only its object entries count; anything
 *   else in the list (a string, null, a nested list) is skipped.
 * - Writing (`writableConversationMedia`): there is nowhere to add a link without clobbering it, so the
 *   writer leaves `conversations` as it is and links nothing there; the task's recording state
 *   (`call_recording`) still names the recording. The same goes for a `conversations` that is not an
 *   object. Absent and null are nothing: a list is started.
 *
 * Dependency free like the rest of the contract.
 */

import { ownRecordingSids } from './recording-api';

/** An object entry of `conversations.media`, as someone wrote it: nothing about its fields is assumed. */
export type MediaEntry = Readonly<Record<string, unknown>>;

export const VOICE_RECORDING_MEDIA_TYPE = 'VoiceRecording';

/** The entries of the task's `conversations.media`: [] unless it is a list; only its object entries. */
export function readConversationMedia(attributes: unknown): MediaEntry[] {
  const slot = mediaSlot(attributes);
  return slot.kind === 'list' ? slot.list.filter(isPlainObject) : [];
}

/**
 * For a writer: the list to add an entry to, as it is (junk entries included: they are someone else's);
 * [] when there is none yet; undefined when `conversations` or `conversations.media` holds a value that
 * is not a list (see the rule above: never clobbered).
 */
export function writableConversationMedia(attributes: unknown): ReadonlyArray<unknown> | undefined {
  const slot = mediaSlot(attributes);
  return slot.kind === 'list' ? slot.list : slot.kind === 'none' ? [] : undefined;
}

/** The entries that link a voice recording (`type: 'VoiceRecording'`), whoever made it. */
export function readVoiceRecordingLinks(attributes: unknown): MediaEntry[] {
  return readConversationMedia(attributes).filter((entry) => entry.type === VOICE_RECORDING_MEDIA_TYPE);
}

/** A recording's REST URL, the form Flex Insights plays and this product links. */
export function recordingUrl(accountSid: string, recordingSid: string): string {
  return `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}`;
}

const RECORDING_URL_END = /\/Recordings\/(RE[0-9a-f]{32})$/;

/** The recording SID a media entry's url names (`…/Recordings/RE…` at its end); undefined for any other url. */
export function recordingSidOfEntry(entry: MediaEntry): string | undefined {
  const url = entry.url;
  return typeof url === 'string' ? RECORDING_URL_END.exec(url)?.[1] : undefined;
}

/** Whether a voice recording entry links this recording. */
export function linksRecording(attributes: unknown, recordingSid: string): boolean {
  return readVoiceRecordingLinks(attributes).some((entry) => recordingSidOfEntry(entry) === recordingSid);
}

/**
 * A voice recording entry that is not one of this product's own recordings of the task (the current one
 * and those of earlier customer legs: `ownRecordingSids`): Studio's, another recorder's. An entry whose
 * url names no recording SID is someone else's too.
 */
export function linksForeignRecording(attributes: unknown): boolean {
  const own = ownRecordingSids(attributes);
  return readVoiceRecordingLinks(attributes).some((entry) => {
    const sid = recordingSidOfEntry(entry);
    return sid === undefined || !own.includes(sid);
  });
}

type MediaSlot = { kind: 'none' } | { kind: 'list'; list: ReadonlyArray<unknown> } | { kind: 'not-a-list' };

function mediaSlot(attributes: unknown): MediaSlot {
  if (!isPlainObject(attributes)) return { kind: 'none' };
  const conversations = attributes.conversations;
  if (conversations === undefined || conversations === null) return { kind: 'none' };
  if (!isPlainObject(conversations)) return { kind: 'not-a-list' };
  const media = conversations.media;
  if (media === undefined || media === null) return { kind: 'none' };
  return Array.isArray(media) ? { kind: 'list', list: media } : { kind: 'not-a-list' };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
