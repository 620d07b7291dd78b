import { rfc2822, rfc2822OrNull } from '../dates';
import type { CallRecord, ConferenceRecord, ConferenceRecordingRecord, ParticipantRecord, RecordingLifecycle, RecordingRecord, VoiceState } from '../state/voice';
import { recordingDurationSeconds } from '../state/voice';

/**
 * JSON of the 2010-04-01 API resources, snake_case and with the same fields and value types the real
 * API answers (dates RFC 2822, durations as strings, `uri` relative to api.twilio.com).
 */

const API = '/2010-04-01';

export function callJson(accountSid: string, call: CallRecord, voice: VoiceState) {
  const base = `${API}/Accounts/${accountSid}/Calls/${call.sid}`;
  const duration = voice.callDurationSeconds(call);
  return {
    account_sid: accountSid,
    answered_by: null,
    api_version: '2010-04-01',
    caller_name: null,
    date_created: rfc2822(call.dateCreated),
    date_updated: rfc2822(call.dateUpdated),
    direction: call.direction,
    duration: duration === null ? null : String(duration),
    end_time: rfc2822OrNull(call.endTime),
    forwarded_from: null,
    from: call.from,
    from_formatted: call.from,
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    queue_time: '0',
    sid: call.sid,
    start_time: rfc2822OrNull(call.startTime),
    status: call.status,
    subresource_uris: {
      notifications: `${base}/Notifications.json`,
      recordings: `${base}/Recordings.json`,
      payments: `${base}/Payments.json`,
      events: `${base}/Events.json`,
      siprec: `${base}/Siprec.json`,
      streams: `${base}/Streams.json`,
      transcriptions: `${base}/Transcriptions.json`,
      user_defined_message_subscriptions: `${base}/UserDefinedMessageSubscriptions.json`,
      user_defined_messages: `${base}/UserDefinedMessages.json`,
    },
    to: call.to,
    to_formatted: call.to,
    trunk_sid: null,
    uri: `${base}.json`,
  };
}

export function conferenceJson(accountSid: string, conference: ConferenceRecord) {
  const base = `${API}/Accounts/${accountSid}/Conferences/${conference.sid}`;
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    call_sid_ending_conference: conference.callSidEndingConference,
    date_created: rfc2822(conference.dateCreated),
    date_updated: rfc2822(conference.dateUpdated),
    friendly_name: conference.friendlyName,
    reason_conference_ended: conference.reasonConferenceEnded,
    region: 'us1',
    sid: conference.sid,
    status: conference.status,
    subresource_uris: {
      participants: `${base}/Participants.json`,
      recordings: `${base}/Recordings.json`,
    },
    uri: `${base}.json`,
  };
}

export function participantJson(accountSid: string, participant: ParticipantRecord) {
  return {
    account_sid: accountSid,
    call_sid: participant.callSid,
    call_sid_to_coach: null,
    coaching: participant.coaching,
    conference_sid: participant.conferenceSid,
    date_created: rfc2822(participant.dateCreated),
    date_updated: rfc2822(participant.dateUpdated),
    end_conference_on_exit: participant.endConferenceOnExit,
    hold: participant.hold,
    label: participant.label,
    muted: participant.muted,
    queue_time: null,
    start_conference_on_enter: participant.startConferenceOnEnter,
    status: participant.status,
    uri: `${API}/Accounts/${accountSid}/Conferences/${participant.conferenceSid}/Participants/${participant.callSid}.json`,
  };
}

/** The fields of a recording under its parent (a call or a conference): the parent's SIDs and the uri given. */
function recordingFieldsJson(
  accountSid: string,
  recording: RecordingLifecycle & { source: string },
  parent: { call_sid: string | null; conference_sid: string | null },
  uri: string,
) {
  const duration = recordingDurationSeconds(recording);
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    ...parent,
    channels: recording.channels,
    date_created: rfc2822(recording.dateCreated),
    date_updated: rfc2822(recording.dateUpdated),
    start_time: rfc2822(recording.startTime),
    // Twilio answers "-1" until the recording has a length.
    duration: duration === null ? '-1' : String(duration),
    encryption_details: null,
    error_code: recording.errorCode,
    price: null,
    price_unit: 'USD',
    sid: recording.sid,
    source: recording.source,
    status: recording.status,
    uri,
  };
}

/** The Call Recording subresource (Calls/{CA}/Recordings). */
export function callRecordingJson(accountSid: string, recording: RecordingRecord) {
  const uri = `${API}/Accounts/${accountSid}/Calls/${recording.callSid}/Recordings/${recording.sid}.json`;
  return { ...recordingFieldsJson(accountSid, recording, { call_sid: recording.callSid, conference_sid: null }, uri), track: recording.track };
}

/**
 * The Conference Recording subresource (Conferences/{CF}/Recordings): no call of its own (`call_sid`
 * null), `source` `Conference`, and no `track` (its schema has none).
 */
export function conferenceRecordingJson(accountSid: string, recording: ConferenceRecordingRecord) {
  const uri = `${API}/Accounts/${accountSid}/Conferences/${recording.conferenceSid}/Recordings/${recording.sid}.json`;
  return recordingFieldsJson(accountSid, recording, { call_sid: null, conference_sid: recording.conferenceSid }, uri);
}

/** A call or a conference recording: the conference's has a `conferenceSid`. */
export function isConferenceRecording(recording: RecordingRecord | ConferenceRecordingRecord): recording is ConferenceRecordingRecord {
  return 'conferenceSid' in recording;
}

/**
 * The account-level Recording resource (Accounts/{AC}/Recordings/{RE}), which media links point at,
 * for call and conference recordings alike. Its schema has no `track` (only the call's Recordings
 * subresource has).
 */
export function accountRecordingJson(accountSid: string, recording: RecordingRecord | ConferenceRecordingRecord) {
  const base = `${API}/Accounts/${accountSid}/Recordings/${recording.sid}`;
  const parent = isConferenceRecording(recording)
    ? { call_sid: null, conference_sid: recording.conferenceSid }
    : { call_sid: recording.callSid, conference_sid: null };
  return {
    ...recordingFieldsJson(accountSid, recording, parent, `${base}.json`),
    media_url: `https://api.twilio.com${base}`,
    subresource_uris: {
      add_on_results: `${base}/AddOnResults.json`,
      transcriptions: `${base}/Transcriptions.json`,
    },
  };
}
