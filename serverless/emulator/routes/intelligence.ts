import { iso8601 } from '../dates';
import { invalidParameter, notFound } from '../errors';
import { first } from '../request';
import type { EmulatorState } from '../state';
import type { TranscriptRecord } from '../state/intelligence';
import { pageV1 } from './paging';
import { ok, type Route } from './table';

/** Twilio's documented limit: "Maximum of 64 double-byte UTF8 characters". */
const MAX_CUSTOMER_KEY = 64;
const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `intelligence.v2.transcript` resource: only the schema's fields. */
export function transcriptJson(state: EmulatorState, record: TranscriptRecord): Record<string, unknown> {
  const url = `https://intelligence.twilio.com/v2/Transcripts/${record.sid}`;
  return {
    account_sid: state.account.accountSid,
    service_sid: record.serviceSid,
    sid: record.sid,
    date_created: iso8601(record.dateCreated),
    date_updated: iso8601(record.dateCreated),
    status: record.status,
    channel: structuredClone(record.channel),
    data_logging: false,
    language_code: 'en-US',
    customer_key: record.customerKey,
    media_start_time: record.mediaStartTime === null ? null : iso8601(record.mediaStartTime),
    duration: 0,
    url,
    redaction: true,
    links: { sentences: `${url}/Sentences`, media: `${url}/Media`, operator_results: `${url}/OperatorResults` },
  };
}

/**
 * Checks what the spec leaves untyped (it types `Channel` only as "JSON object describing Media Channel
 * including Source and Participants"), as Twilio's Transcript documentation describes it: a JSON object
 * whose `media_properties` name a source (a Recording SID in `source_sid`, or a `media_url`), and
 * `participants`, if any, each on a numbered channel. A source recording must be one of this account's,
 * and completed: there is no audio to transcribe before that (the emulator's rule; Twilio's answer for
 * an unfinished recording could not be checked offline).
 */
function readChannel(state: EmulatorState, raw: string | undefined): { channel: Record<string, unknown>; sourceSid: string | null } {
  let channel: unknown;
  try {
    channel = JSON.parse(raw ?? '');
  } catch {
    throw invalidParameter('Channel must be a JSON object');
  }
  if (!isObject(channel)) throw invalidParameter('Channel must be a JSON object');
  const media = channel.media_properties;
  if (!isObject(media)) throw invalidParameter('Channel.media_properties must be an object naming the source');
  const sourceSid = media.source_sid;
  if (sourceSid === undefined && typeof media.media_url !== 'string') throw invalidParameter('Channel.media_properties needs source_sid or media_url');
  if (sourceSid !== undefined) {
    if (typeof sourceSid !== 'string' || !RECORDING_SID.test(sourceSid)) throw invalidParameter('Channel.media_properties.source_sid must be a Recording SID (RE…)');
    const recording = state.voice.recordings.get(sourceSid);
    if (!recording) throw invalidParameter(`Channel.media_properties.source_sid ${sourceSid} is not a recording of this account`);
    if (recording.status !== 'completed') throw invalidParameter(`Recording ${sourceSid} is ${recording.status}, not completed`);
  }
  const participants = channel.participants;
  if (participants !== undefined) {
    if (!Array.isArray(participants)) throw invalidParameter('Channel.participants must be an array');
    const channels = new Set<number>();
    for (const participant of participants) {
      const number = isObject(participant) ? participant.channel_participant : undefined;
      if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) throw invalidParameter('Each of Channel.participants needs channel_participant, a channel number from 1');
      if (channels.has(number)) throw invalidParameter(`Channel.participants names channel ${number} twice`);
      channels.add(number);
    }
  }
  return { channel, sourceSid: typeof sourceSid === 'string' ? sourceSid : null };
}

/**
 * Conversation Intelligence v2 (`intelligence.twilio.com`): creating a transcript of a recording, listing the
 * account's transcripts (filters ServiceSid and SourceSid), fetching one. Transcripts stay `queued`: the
 * emulator transcribes nothing, it keeps what was asked (see IntelligenceState).
 */
export const intelligenceRoutes: Route[] = [
  {
    id: 'CreateTranscript',
    method: 'POST',
    host: 'intelligence',
    path: '/v2/Transcripts',
    body: 'form',
    handler: ({ state, request }) => {
      const form = request.form ?? {};
      const serviceSid = first(form.ServiceSid);
      if (serviceSid === undefined) throw invalidParameter('Missing required parameter ServiceSid');
      const { channel, sourceSid } = readChannel(state, first(form.Channel));
      const customerKey = first(form.CustomerKey) ?? null;
      if (customerKey !== null && customerKey.length > MAX_CUSTOMER_KEY) throw invalidParameter(`CustomerKey must be at most ${MAX_CUSTOMER_KEY} characters`);
      const startTime = first(form.MediaStartTime);
      const mediaStartTime = startTime === undefined ? null : new Date(startTime);
      if (mediaStartTime !== null && Number.isNaN(mediaStartTime.getTime())) throw invalidParameter('MediaStartTime must be an ISO 8601 date');
      const record = state.intelligence.create({ serviceSid, channel, sourceSid, customerKey, mediaStartTime });
      // The spec's only documented answer to a create is 202 Accepted (transcription runs later).
      return { status: 202, body: transcriptJson(state, record) };
    },
  },
  {
    id: 'ListTranscript',
    method: 'GET',
    host: 'intelligence',
    path: '/v2/Transcripts',
    body: 'none',
    handler: ({ state, request }) => {
      const serviceSid = first(request.query.ServiceSid);
      const sourceSid = first(request.query.SourceSid);
      const status = first(request.query.Status);
      const transcripts = state.intelligence
        .list({ ...(serviceSid === undefined ? {} : { serviceSid }), ...(sourceSid === undefined ? {} : { sourceSid }) })
        .filter((record) => status === undefined || record.status === status)
        .map((record) => transcriptJson(state, record));
      return ok(pageV1('transcripts', transcripts, request.host, request.path, request.query));
    },
  },
  {
    id: 'FetchTranscript',
    method: 'GET',
    host: 'intelligence',
    path: '/v2/Transcripts/:Sid',
    body: 'none',
    handler: ({ state, request, params }) => {
      const record = state.intelligence.transcripts.get(params.Sid!);
      if (!record) throw notFound(request.path);
      return ok(transcriptJson(state, record));
    },
  },
];
