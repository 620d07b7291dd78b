import { notFound } from '../errors';
import { first, type Params } from '../request';
import { accountRecordingJson, callJson, callRecordingJson, isConferenceRecording } from '../representations/voice';
import type { ConferenceRecordingRecord, RecordingCallbackEvent, RecordingRecord } from '../state/voice';
import { page2010 } from './paging';
import { absoluteUrl, oneOf, spaceOrRepeated } from './params';
import { created, ok, type Route, type RouteContext } from './table';
import { invalidParameter } from '../errors';

const ACCOUNT = '/2010-04-01/Accounts/:AccountSid';

const CALLBACK_EVENTS: readonly RecordingCallbackEvent[] = ['in-progress', 'completed', 'absent'];

function requireCall({ state, params, request }: RouteContext) {
  const call = state.voice.calls.get(params.CallSid!);
  if (!call) throw notFound(request.path);
  return call;
}

function requireRecording(context: RouteContext): RecordingRecord {
  const { state, params, request } = context;
  const call = requireCall(context);
  const sid = params.Sid!;
  const recording =
    sid === 'Twilio.CURRENT' ? state.voice.currentRecording(call.sid) : state.voice.recordings.get(sid);
  if (!recording || recording.callSid !== call.sid) throw notFound(request.path);
  return recording;
}

/** DateCreated filters of the recordings lists (call, conference, account): `DateCreated=YYYY-MM-DD`, `DateCreated<`, `DateCreated>`. */
function dateCreatedFilter(query: RouteContext['request']['query']): (recording: { dateCreated: Date }) => boolean {
  const day = (value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}/.test(value)) throw invalidParameter(`Invalid DateCreated filter: '${value}'`);
    return value.slice(0, 10);
  };
  const on = day(first(query['DateCreated']));
  const before = day(first(query['DateCreated<']));
  const after = day(first(query['DateCreated>']));
  return (recording) => {
    const created = recording.dateCreated.toISOString().slice(0, 10);
    return (on === undefined || created === on) && (before === undefined || created <= before) && (after === undefined || created >= after);
  };
}

type AnyRecording = RecordingRecord | ConferenceRecordingRecord;

/**
 * Status and PauseBehavior of a recording update (call or conference), checked before the recording is
 * looked at. The spec's Status enum also lists the read-only processing/completed/absent: only these three
 * can be asked for. PauseBehavior is a plain string in the spec; its description says skip or silence.
 */
export function recordingUpdateParams(form: Params): { status: 'paused' | 'in-progress' | 'stopped'; pauseBehavior: 'skip' | 'silence' | null } {
  const status = oneOf(form, 'Status', ['paused', 'in-progress', 'stopped'] as const);
  if (status === undefined) throw invalidParameter('Missing required parameter Status in the post body');
  return { status, pauseBehavior: oneOf(form, 'PauseBehavior', ['skip', 'silence'] as const) ?? null };
}

/** A parent's recordings list (a call's or a conference's): DateCreated filters, newest first, the 2010 envelope. */
export function recordingsPage<R extends AnyRecording>(
  request: RouteContext['request'],
  oldestFirst: readonly R[],
  json: (recording: R) => unknown,
) {
  const keep = dateCreatedFilter(request.query);
  const recordings = oldestFirst.filter(keep).reverse().map(json);
  return page2010('recordings', recordings, request.path, request.query);
}

/**
 * CallSid / ConferenceSid filters of the account-level list: call recordings have no conference here
 * (`conference_sid` null), conference recordings no call (`call_sid` null).
 */
function parentFilter(query: RouteContext['request']['query']): (recording: AnyRecording) => boolean {
  const callSid = first(query['CallSid']);
  const conferenceSid = first(query['ConferenceSid']);
  return (recording) => {
    const [ownCall, ownConference] = isConferenceRecording(recording) ? [null, recording.conferenceSid] : [recording.callSid, null];
    return (callSid === undefined || ownCall === callSid) && (conferenceSid === undefined || ownConference === conferenceSid);
  };
}

export const voiceRoutes: Route[] = [
  {
    id: 'FetchCall',
    method: 'GET',
    host: 'api',
    path: `${ACCOUNT}/Calls/:CallSid.json`,
    body: 'none',
    handler: (context) => ok(callJson(context.state.account.accountSid, requireCall(context), context.state.voice)),
  },
  {
    id: 'ListCallRecording',
    method: 'GET',
    host: 'api',
    path: `${ACCOUNT}/Calls/:CallSid/Recordings.json`,
    body: 'none',
    handler: (context) => {
      const call = requireCall(context);
      const { state, request } = context;
      // Newest first, as Twilio lists recordings.
      return ok(recordingsPage(request, state.voice.recordingsOfCall(call.sid), (recording) => callRecordingJson(state.account.accountSid, recording)));
    },
  },
  {
    id: 'CreateCallRecording',
    method: 'POST',
    host: 'api',
    path: `${ACCOUNT}/Calls/:CallSid/Recordings.json`,
    body: 'form',
    handler: (context) => {
      const { state, request } = context;
      const form = request.form ?? {};
      // Validate everything before looking at call state, as a parameter error wins over 21220.
      const channelsParam = oneOf(form, 'RecordingChannels', ['mono', 'dual'] as const) ?? 'mono';
      const track = oneOf(form, 'RecordingTrack', ['inbound', 'outbound', 'both'] as const) ?? 'both';
      const trim = oneOf(form, 'Trim', ['trim-silence', 'do-not-trim'] as const) ?? 'do-not-trim';
      const method = oneOf(form, 'RecordingStatusCallbackMethod', ['GET', 'POST'] as const) ?? 'POST';
      const statusCallback = absoluteUrl(form, 'RecordingStatusCallback') ?? null;
      const events = spaceOrRepeated(form, 'RecordingStatusCallbackEvent') ?? ['completed'];
      const badEvent = events.find((event) => !(CALLBACK_EVENTS as readonly string[]).includes(event));
      if (badEvent !== undefined) {
        throw invalidParameter(`Invalid RecordingStatusCallbackEvent: '${badEvent}'. Must be any of: ${CALLBACK_EVENTS.join(', ')}`);
      }
      const call = requireCall(context);
      const recording = state.voice.startRecording(call.sid, {
        // A single track is always mono, whatever RecordingChannels says.
        channels: channelsParam === 'dual' && track === 'both' ? 2 : 1,
        track,
        trim,
        statusCallback,
        statusCallbackMethod: method,
        statusCallbackEvents: [...new Set(events)] as RecordingCallbackEvent[],
      });
      return created(callRecordingJson(state.account.accountSid, recording));
    },
  },
  {
    id: 'FetchCallRecording',
    method: 'GET',
    host: 'api',
    path: `${ACCOUNT}/Calls/:CallSid/Recordings/:Sid.json`,
    body: 'none',
    handler: (context) => ok(callRecordingJson(context.state.account.accountSid, requireRecording(context))),
  },
  {
    id: 'UpdateCallRecording',
    method: 'POST',
    host: 'api',
    path: `${ACCOUNT}/Calls/:CallSid/Recordings/:Sid.json`,
    body: 'form',
    handler: (context) => {
      const { state, request } = context;
      const { status, pauseBehavior } = recordingUpdateParams(request.form ?? {});
      const recording = requireRecording(context);
      const answered = state.voice.updateRecording(recording, status, pauseBehavior);
      return ok(callRecordingJson(state.account.accountSid, answered));
    },
  },
  {
    // Deleting a recording that is still running is refused by Twilio; stop it first.
    id: 'DeleteCallRecording',
    method: 'DELETE',
    host: 'api',
    path: `${ACCOUNT}/Calls/:CallSid/Recordings/:Sid.json`,
    body: 'none',
    handler: (context) => {
      const recording = requireRecording(context);
      context.state.voice.deleteRecording(recording);
      return { status: 204, body: undefined };
    },
  },
  {
    id: 'ListRecording',
    method: 'GET',
    host: 'api',
    path: `${ACCOUNT}/Recordings.json`,
    body: 'none',
    handler: ({ state, request }) => {
      const byDate = dateCreatedFilter(request.query);
      const byParent = parentFilter(request.query);
      // Newest first, call and conference recordings together; IncludeSoftDeleted changes nothing (no soft deletes here).
      const recordings = [...state.voice.recordings.values(), ...state.voice.conferenceRecordings.values()]
        .filter((recording) => byDate(recording) && byParent(recording))
        .sort((a, b) => b.seq - a.seq)
        .map((recording) => accountRecordingJson(state.account.accountSid, recording));
      return ok(page2010('recordings', recordings, request.path, request.query));
    },
  },
  {
    id: 'FetchRecording',
    method: 'GET',
    host: 'api',
    path: `${ACCOUNT}/Recordings/:Sid.json`,
    body: 'none',
    handler: ({ state, params, request }) => {
      const recording = state.voice.recordings.get(params.Sid!) ?? state.voice.conferenceRecordings.get(params.Sid!);
      if (!recording) throw notFound(request.path);
      return ok(accountRecordingJson(state.account.accountSid, recording));
    },
  },
];
