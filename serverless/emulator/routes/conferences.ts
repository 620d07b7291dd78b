import { notFound } from '../errors';
import { first } from '../request';
import { conferenceJson, conferenceRecordingJson, participantJson } from '../representations/voice';
import type { ConferenceRecord, ConferenceRecordingRecord } from '../state/voice';
import { page2010 } from './paging';
import { ok, type Route, type RouteContext } from './table';
import { recordingsPage, recordingUpdateParams } from './voice';

const CONFERENCES = '/2010-04-01/Accounts/:AccountSid/Conferences';

function requireConference({ state, params, request }: RouteContext): ConferenceRecord {
  const conference = state.voice.conferences.get(params.ConferenceSid!);
  if (!conference) throw notFound(request.path);
  return conference;
}

/** The conference's recording named by `Sid` (`Twilio.CURRENT`: its newest active one, where the route allows it). */
function requireConferenceRecording(context: RouteContext, { allowCurrent }: { allowCurrent: boolean }): ConferenceRecordingRecord {
  const { state, params, request } = context;
  const conference = requireConference(context);
  const sid = params.Sid!;
  const recording =
    allowCurrent && sid === 'Twilio.CURRENT' ? state.voice.currentConferenceRecording(conference.sid) : state.voice.conferenceRecordings.get(sid);
  if (!recording || recording.conferenceSid !== conference.sid) throw notFound(request.path);
  return recording;
}

function booleanFilter(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return value.toLowerCase() === 'true';
}

export const conferenceRoutes: Route[] = [
  {
    id: 'ListConference',
    method: 'GET',
    host: 'api',
    path: `${CONFERENCES}.json`,
    body: 'none',
    handler: ({ state, request }) => {
      const friendlyName = first(request.query['FriendlyName']);
      const status = first(request.query['Status']);
      const conferences = [...state.voice.conferences.values()]
        .filter((c) => (friendlyName === undefined || c.friendlyName === friendlyName) && (status === undefined || c.status === status))
        .reverse() // newest first
        .map((c) => conferenceJson(state.account.accountSid, c));
      return ok(page2010('conferences', conferences, request.path, request.query));
    },
  },
  {
    id: 'FetchConference',
    method: 'GET',
    host: 'api',
    path: `${CONFERENCES}/:ConferenceSid.json`,
    body: 'none',
    handler: (context) => ok(conferenceJson(context.state.account.accountSid, requireConference(context))),
  },
  {
    id: 'ListParticipant',
    method: 'GET',
    host: 'api',
    path: `${CONFERENCES}/:ConferenceSid/Participants.json`,
    body: 'none',
    handler: (context) => {
      const { state, request } = context;
      const conference = requireConference(context);
      const muted = booleanFilter(first(request.query['Muted']));
      const hold = booleanFilter(first(request.query['Hold']));
      const coaching = booleanFilter(first(request.query['Coaching']));
      const participants = [...conference.participants.values()]
        .filter(
          (p) =>
            (muted === undefined || p.muted === muted) &&
            (hold === undefined || p.hold === hold) &&
            (coaching === undefined || p.coaching === coaching),
        )
        .map((p) => participantJson(state.account.accountSid, p));
      return ok(page2010('participants', participants, request.path, request.query));
    },
  },
  {
    id: 'FetchParticipant',
    method: 'GET',
    host: 'api',
    path: `${CONFERENCES}/:ConferenceSid/Participants/:CallSid.json`,
    body: 'none',
    handler: (context) => {
      const { state, params, request } = context;
      const conference = requireConference(context);
      // Twilio accepts the participant's call SID or its label here.
      const key = params.CallSid!;
      const participant =
        conference.participants.get(key) ?? [...conference.participants.values()].find((p) => p.label !== null && p.label === key);
      if (!participant) throw notFound(request.path);
      return ok(participantJson(state.account.accountSid, participant));
    },
  },
  {
    id: 'ListConferenceRecording',
    method: 'GET',
    host: 'api',
    path: `${CONFERENCES}/:ConferenceSid/Recordings.json`,
    body: 'none',
    handler: (context) => {
      const { state, request } = context;
      const conference = requireConference(context);
      const recordings = state.voice.recordingsOfConference(conference.sid);
      return ok(recordingsPage(request, recordings, (recording) => conferenceRecordingJson(state.account.accountSid, recording)));
    },
  },
  {
    id: 'FetchConferenceRecording',
    method: 'GET',
    host: 'api',
    path: `${CONFERENCES}/:ConferenceSid/Recordings/:Sid.json`,
    body: 'none',
    // The spec's Sid here is an RE SID only (Twilio.CURRENT is documented for the update alone).
    handler: (context) => ok(conferenceRecordingJson(context.state.account.accountSid, requireConferenceRecording(context, { allowCurrent: false }))),
  },
  {
    id: 'UpdateConferenceRecording',
    method: 'POST',
    host: 'api',
    path: `${CONFERENCES}/:ConferenceSid/Recordings/:Sid.json`,
    body: 'form',
    handler: (context) => {
      const { state, request } = context;
      const { status, pauseBehavior } = recordingUpdateParams(request.form ?? {});
      const recording = requireConferenceRecording(context, { allowCurrent: true });
      const answered = state.voice.updateConferenceRecording(recording, status, pauseBehavior);
      return ok(conferenceRecordingJson(state.account.accountSid, answered));
    },
  },
  {
    id: 'DeleteConferenceRecording',
    method: 'DELETE',
    host: 'api',
    path: `${CONFERENCES}/:ConferenceSid/Recordings/:Sid.json`,
    body: 'none',
    handler: (context) => {
      const recording = requireConferenceRecording(context, { allowCurrent: false });
      context.state.voice.deleteConferenceRecording(recording);
      return { status: 204, body: undefined };
    },
  },
];
