import type { FunctionConfig } from '../src/config/function-config';
import type { RawTaskEvent } from './coverage-events';
import type { TwilioClient } from './network-checks';

/** A recording as the report needs it (from the Recordings API, which Twilio keeps after the task). */
export interface RecordingFacts {
  sid: string;
  callSid: string;
  channels: number;
  /** Whole seconds; undefined while Twilio answers "-1" (not ended). */
  durationSeconds: number | undefined;
  status: string;
  errorCode: number | undefined;
  startTime: Date | undefined;
}

export interface CallFacts {
  sid: string;
  status: string;
  durationSeconds: number | undefined;
}

/** Everything the report reads from Twilio: a narrow port, so the report's logic is tested without HTTP. */
export interface CoverageSource {
  listTaskEvents(query: { eventType: string; startDate: Date; endDate: Date }): Promise<RawTaskEvent[]>;
  /** undefined when Twilio no longer has the call (404). */
  fetchCall(callSid: string): Promise<CallFacts | undefined>;
  listCallRecordings(callSid: string): Promise<RecordingFacts[]>;
  fetchRecording(recordingSid: string): Promise<RecordingFacts | undefined>;
}

/** Events per page: the API's maximum, so a busy day costs few requests. */
const EVENTS_PAGE_SIZE = 1000;

export function twilioCoverageSource(client: TwilioClient, config: FunctionConfig): CoverageSource {
  const account = client.api.v2010.accounts(config.accountSid);
  return {
    // The library follows next_page_url itself (the Events docs warn against setting Page by hand).
    listTaskEvents: async ({ eventType, startDate, endDate }) =>
      (await client.taskrouter.v1.workspaces(config.workspaceSid).events.list({ eventType, startDate, endDate, pageSize: EVENTS_PAGE_SIZE })).map((event) => ({
        eventType: event.eventType,
        eventDate: event.eventDate,
        eventDateMs: event.eventDateMs,
        eventData: event.eventData as unknown,
      })),
    fetchCall: (callSid) =>
      orUndefinedOn404(async () => {
        const call = await account.calls(callSid).fetch();
        return { sid: call.sid, status: call.status, durationSeconds: seconds(call.duration) };
      }),
    listCallRecordings: async (callSid) => (await account.calls(callSid).recordings.list({ pageSize: 100 })).map(recordingFacts),
    fetchRecording: (recordingSid) => orUndefinedOn404(async () => recordingFacts(await account.recordings(recordingSid).fetch())),
  };
}

interface LibraryRecording {
  sid: string;
  callSid: string;
  channels: number;
  duration: string;
  status: string;
  errorCode: number;
  startTime: Date;
}

function recordingFacts(recording: LibraryRecording): RecordingFacts {
  return {
    sid: recording.sid,
    callSid: recording.callSid,
    channels: recording.channels,
    durationSeconds: seconds(recording.duration),
    status: recording.status,
    // The library types these as always present; Twilio answers null for a recording without an error.
    errorCode: typeof recording.errorCode === 'number' ? recording.errorCode : undefined,
    startTime: recording.startTime instanceof Date ? recording.startTime : undefined,
  };
}

function seconds(text: string | null | undefined): number | undefined {
  if (typeof text !== 'string' || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

async function orUndefinedOn404<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if ((error as { status?: unknown } | null)?.status === 404) return undefined;
    throw error;
  }
}
