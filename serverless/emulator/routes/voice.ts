import { notFound } from '../errors';
import { first } from '../request';
import { accountRecordingJson, callJson, callRecordingJson } from '../representations/voice';
import type { RecordingCallbackEvent, RecordingRecord } from '../state/voice';
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

/** DateCreated filters of the recordings list: `DateCreated=YYYY-MM-DD`, `DateCreated<`, `DateCreated>`. */
function dateCreatedFilter(query: RouteContext['request']['query']): (recording: RecordingRecord) => boolean {
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

/** CallSid / ConferenceSid filters of the account-level list (call recordings have no conference). */
function parentFilter(query: RouteContext['request']['query']): (recording: RecordingRecord) => boolean {
  const callSid = first(query['CallSid']);
  const conferenceSid = first(query['ConferenceSid']);
  return (recording) => (callSid === undefined || recording.callSid === callSid) && conferenceSid === undefined;
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
      const keep = dateCreatedFilter(request.query);
      // Newest first, as Twilio lists recordings.
      const recordings = state.voice
        .recordingsOfCall(call.sid)
        .filter(keep)
        .reverse()
        .map((recording) => callRecordingJson(state.account.accountSid, recording));
      return ok(page2010('recordings', recordings, request.path, request.query));
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
      const form = request.form ?? {};
      const status = oneOf(form, 'Status', ['paused', 'in-progress', 'stopped'] as const);
      if (status === undefined) throw invalidParameter('Missing required parameter Status in the post body');
      const pauseBehavior = oneOf(form, 'PauseBehavior', ['skip', 'silence'] as const) ?? null;
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
      // Newest first; IncludeSoftDeleted changes nothing, as nothing is ever deleted here.
      const recordings = [...state.voice.recordings.values()]
        .filter((recording) => byDate(recording) && byParent(recording))
        .reverse()
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
      const recording = state.voice.recordings.get(params.Sid!);
      if (!recording) throw notFound(request.path);
      return ok(accountRecordingJson(state.account.accountSid, recording));
    },
  },
];
