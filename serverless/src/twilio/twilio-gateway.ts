import twilio from 'twilio';
import type { FunctionConfig } from '../config/function-config';
import {
  TWILIO_ERRORS,
  TwilioFailure,
  type CallResource,
  type ConferenceResource,
  type InteractionParticipantResource,
  type ParticipantResource,
  type RecordingResource,
  type ReservationResource,
  type TaskAttributes,
  type TaskReservationResource,
  type TaskResource,
  type TokenCheck,
  type TranscriptRequest,
  type TranscriptResource,
  type TwilioPort,
} from '../recording/twilio-port';
import { DEFAULT_REQUEST_BUDGET } from '../recording/retry-policy';
import { LocalTwilioRequestClient } from './local-request-client';

type TwilioClient = ReturnType<typeof twilio>;

/**
 * Recording status events requested from Twilio: only the one that changes something. The start already
 * wrote `in-progress` and the link; the end of a call-leg recording is the end of the call, which Flex shows
 * the agent itself, and Twilio's Recording resource keeps its final status and duration (where a coverage
 * check reads them after the task is gone). `absent` (no audio kept) is the failure the task must show, and
 * arrives only on failure: on the happy path a recording costs no callback at all (README "Request budget").
 */
const STATUS_CALLBACK_EVENTS = ['absent'];
/**
 * With the Conversation Intelligence hand-off on (INTELLIGENCE_SERVICE_SID), `completed` too: the moment the
 * recording can be transcribed. One more callback per recording, for the accounts that opted in only.
 */
const STATUS_CALLBACK_EVENTS_WITH_TRANSCRIPTS = ['completed', 'absent'];

export function statusCallbackEvents(config: Pick<FunctionConfig, 'intelligenceServiceSid'>): string[] {
  return config.intelligenceServiceSid === undefined ? STATUS_CALLBACK_EVENTS : STATUS_CALLBACK_EVENTS_WITH_TRANSCRIPTS;
}

/** A recording's transcripts: one is expected, a few would be a bug this product must still see. */
const RECORDING_TRANSCRIPTS_LIMIT = 20;

/**
 * SIDs of a Flex Interaction and its channel, as the Flex API's path parameters must be. The SIDs come
 * from task attributes (which agents can write): anything else is a channel Twilio cannot know.
 */
const INTERACTION_SID = /^KD[0-9a-fA-F]{32}$/;
const INTERACTION_CHANNEL_SID = /^UO[0-9a-fA-F]{32}$/;

/** A call's channel lists its customer, each agent routed in (transfers add more), supervisors, external parties. */
const INTERACTION_PARTICIPANTS_PAGE_SIZE = 50;
const INTERACTION_PARTICIPANTS_LIMIT = 200;

/**
 * The one place that builds Twilio clients: the runtime's `context.getTwilioClient()` is not used
 * because it ignores client options (and twilio-run ships an older library), so the emulator seam
 * could not be applied to it.
 */
export function createTwilioClient(config: FunctionConfig): TwilioClient {
  // No request outlives the budget's answer-by (the Function must answer within Twilio's 10 s limit).
  const timeoutMs = DEFAULT_REQUEST_BUDGET.answerByMs;
  return twilio(config.credentials.username, config.credentials.password, {
    accountSid: config.accountSid,
    // A warm Function instance keeps its client (runtime-deps.ts): its TLS connections to Twilio are reused
    // by the next invocation instead of a handshake before the first look-up.
    keepAlive: true,
    timeout: timeoutMs,
    // The same socket behaviour on the emulator's seam (it replaces the library's own client).
    ...(config.emulatorUrl ? { httpClient: new LocalTwilioRequestClient(config.emulatorUrl, { timeoutMs }) } : {}),
  });
}

/** The recording core's view of Twilio, implemented with the twilio helper library. */
export function createTwilioGateway(config: FunctionConfig, client: TwilioClient = createTwilioClient(config)): TwilioPort {
  const workspace = client.taskrouter.v1.workspaces(config.workspaceSid);
  const account = client.api.v2010.accounts(config.accountSid);

  return {
    async validateFlexToken(token): Promise<TokenCheck> {
      // Flex tokens are validated by Twilio's IAM service; there is no helper-library method for it.
      const response = await guard(() =>
        client.request({
          method: 'post',
          uri: `https://iam.twilio.com/v1/Accounts/${config.accountSid}/Tokens/validate`,
          data: { token },
          headers: { 'Content-Type': 'application/json' },
        }),
      );
      const body = parseJsonObject(response.body);
      if (response.statusCode >= 500 || response.statusCode === 429) {
        throw new TwilioFailure(response.statusCode, numberOrUndefined(body.code), 'Token validation failed');
      }
      // 20003 is Twilio refusing the Functions' own credentials, not the agent's token.
      if (response.statusCode === 401 && body.code === TWILIO_ERRORS.authenticate) {
        throw new TwilioFailure(401, TWILIO_ERRORS.authenticate, "Twilio refused the Functions' credentials");
      }
      if (response.statusCode !== 200 || body.valid !== true) {
        return { valid: false, reason: typeof body.message === 'string' ? body.message : 'rejected by Twilio' };
      }
      if (typeof body.worker_sid !== 'string' || !body.worker_sid.startsWith('WK')) {
        return { valid: false, reason: 'the token does not belong to a Flex worker' };
      }
      const expiresAtMs = typeof body.expiration === 'string' ? Date.parse(body.expiration) : NaN;
      return {
        valid: true,
        ...(Number.isFinite(expiresAtMs) ? { expiresAtMs } : {}),
        identity: {
          workerSid: body.worker_sid,
          identity: typeof body.identity === 'string' ? body.identity : '',
          roles: Array.isArray(body.roles) ? body.roles.filter((role): role is string => typeof role === 'string') : [],
        },
      };
    },

    async fetchTask(taskSid): Promise<TaskResource | null> {
      const response = await orNull(() => workspace.tasks(taskSid).fetchWithHttpInfo());
      if (response === null) return null;
      const task = response.body;
      return {
        sid: task.sid,
        attributes: parseJsonObject(task.attributes),
        assignmentStatus: task.assignmentStatus,
        etag: headerValue(response.headers, 'etag') ?? '',
        queueSid: task.taskQueueSid ?? undefined,
        queueName: task.taskQueueFriendlyName ?? undefined,
        taskChannelUniqueName: task.taskChannelUniqueName ?? undefined,
      };
    },

    async listAcceptedReservations(taskSid, workerSid): Promise<ReservationResource[]> {
      // An unknown task has no reservations (Twilio answers its list 404): nothing, not a failure.
      const reservations =
        (await orNull(() => workspace.tasks(taskSid).reservations.list({ reservationStatus: 'accepted', workerSid, limit: 20 }))) ?? [];
      return reservations.map((r) => ({ sid: r.sid, workerSid: r.workerSid, status: r.reservationStatus }));
    },

    async fetchConference(conferenceSid): Promise<ConferenceResource | null> {
      const conference = await orNull(() => account.conferences(conferenceSid).fetch());
      return conference && { sid: conference.sid, friendlyName: conference.friendlyName, status: conference.status };
    },

    async fetchParticipant(conferenceSid, callSid): Promise<ParticipantResource | null> {
      const participant = await orNull(() => account.conferences(conferenceSid).participants(callSid).fetch());
      return participant && { callSid: participant.callSid, conferenceSid: participant.conferenceSid, status: participant.status };
    },

    async fetchCall(callSid): Promise<CallResource | null> {
      const call = await orNull(() => account.calls(callSid).fetch());
      return call && { sid: call.sid, to: call.to ?? '', from: call.from ?? '', status: call.status };
    },

    async listConferenceRecordings(conferenceSid): Promise<RecordingResource[]> {
      // An ended conference Twilio no longer knows, like an unknown call, has no recordings to act on.
      const recordings = (await orNull(() => account.conferences(conferenceSid).recordings.list({ limit: 20 }))) ?? [];
      return recordings.map(toRecordingResource);
    },
    async updateConferenceRecording(conferenceSid, recordingSid, status, pauseBehavior): Promise<RecordingResource> {
      const recording = await guard(() =>
        account.conferences(conferenceSid).recordings(recordingSid).update({ status, ...(pauseBehavior ? { pauseBehavior } : {}) }),
      );
      return toRecordingResource(recording);
    },
    async listCallRecordings(callSid): Promise<RecordingResource[]> {
      // An unknown call has no recordings (Twilio answers its list 404): nothing, not a failure.
      const recordings = (await orNull(() => account.calls(callSid).recordings.list({ limit: 20 }))) ?? [];
      return recordings.map(toRecordingResource);
    },

    async createDualChannelRecording(callSid, statusCallbackUrl): Promise<RecordingResource> {
      const recording = await guard(() =>
        account.calls(callSid).recordings.create({
          recordingChannels: 'dual',
          ...(statusCallbackUrl
            ? { recordingStatusCallback: statusCallbackUrl, recordingStatusCallbackEvent: statusCallbackEvents(config) }
            : {}),
        }),
      );
      return toRecordingResource(recording);
    },

    async fetchCallRecording(callSid, recordingSid): Promise<RecordingResource | null> {
      const recording = await orNull(() => account.calls(callSid).recordings(recordingSid).fetch());
      return recording && toRecordingResource(recording);
    },

    async discardCallRecording(callSid, recordingSid): Promise<void> {
      const recording = account.calls(callSid).recordings(recordingSid);
      try {
        await guard(() => recording.update({ status: 'stopped' }));
      } catch (error) {
        // Already ended (the call hung up): nothing to stop, it can be deleted as it is.
        if (!(error instanceof TwilioFailure) || error.code !== TWILIO_ERRORS.callNotInProgress) throw error;
      }
      await guard(() => recording.remove());
    },

    async listConferenceCalls(conferenceSid): Promise<CallResource[]> {
      const participants = await guard(() => account.conferences(conferenceSid).participants.list({ limit: 20 }));
      const calls = await Promise.all(participants.map((p) => orNull(() => account.calls(p.callSid).fetch())));
      return calls.flatMap((call) => (call ? [{ sid: call.sid, to: call.to ?? '', from: call.from ?? '', status: call.status }] : []));
    },

    async listInteractionChannelParticipants(interactionSid, channelSid): Promise<InteractionParticipantResource[]> {
      // Twilio answers a malformed SID 404, like an unknown one; asking would only break the spec contract
      // (and the library throws, as if Twilio were unreachable, on a '/' or '?' in a path parameter).
      if (!INTERACTION_SID.test(interactionSid) || !INTERACTION_CHANNEL_SID.test(channelSid)) return [];
      const participants = await orNull(() =>
        client.flexApi.v1
          .interaction(interactionSid)
          .channels(channelSid)
          .participants.list({ pageSize: INTERACTION_PARTICIPANTS_PAGE_SIZE, limit: INTERACTION_PARTICIPANTS_LIMIT }),
      );
      return (participants ?? []).map((participant) => toInteractionParticipant(participant.type, participant.routingProperties));
    },

    async updateCallRecording(callSid, recordingSid, status, pauseBehavior): Promise<RecordingResource> {
      const recording = await guard(() =>
        account.calls(callSid).recordings(recordingSid).update({ status, ...(pauseBehavior ? { pauseBehavior } : {}) }),
      );
      return toRecordingResource(recording);
    },

    async updateTaskAttributes(taskSid, attributes: TaskAttributes, etag): Promise<boolean> {
      try {
        await guard(() => workspace.tasks(taskSid).update({ attributes: JSON.stringify(attributes), ifMatch: etag }));
        return true;
      } catch (error) {
        if (error instanceof TwilioFailure && error.status === 412) return false;
        throw error;
      }
    },

    async listTaskReservations(taskSid): Promise<TaskReservationResource[]> {
      const reservations = (await orNull(() => workspace.tasks(taskSid).reservations.list({ limit: 20 }))) ?? [];
      return reservations.map((r) => ({ sid: r.sid, workerSid: r.workerSid, status: r.reservationStatus, ...(r.workerName ? { workerName: r.workerName } : {}) }));
    },

    async createTranscript(request): Promise<TranscriptResource> {
      const transcript = await guard(() =>
        client.intelligence.v2.transcripts.create({
          serviceSid: request.serviceSid,
          channel: transcriptChannel(request),
          ...(request.customerKey === undefined ? {} : { customerKey: request.customerKey }),
        }),
      );
      return toTranscriptResource(transcript);
    },

    async listRecordingTranscripts(serviceSid, recordingSid): Promise<TranscriptResource[]> {
      const transcripts = await guard(() =>
        client.intelligence.v2.transcripts.list({ serviceSid, sourceSid: recordingSid, limit: RECORDING_TRANSCRIPTS_LIMIT }),
      );
      return transcripts.map(toTranscriptResource);
    },
  };
}

/**
 * Intelligence v2's `Channel` (the spec types it only as "JSON object describing Media Channel including
 * Source and Participants"): the recording as `media_properties.source_sid`, and who speaks on which channel
 * of the dual-channel file (`channel_participant` 1 and 2), as Twilio's Transcript documentation shows it.
 */
function transcriptChannel(request: TranscriptRequest): Record<string, unknown> {
  return {
    media_properties: { source_sid: request.recordingSid },
    participants: request.participants.map((participant) => ({
      channel_participant: participant.channel,
      role: participant.role === 'customer' ? 'Customer' : 'Agent',
      ...(participant.identity === undefined ? {} : { user_id: participant.identity, full_name: participant.identity }),
      ...(participant.address === undefined ? {} : { media_participant_id: participant.address }),
    })),
  };
}

function toTranscriptResource(transcript: { sid: string; status: string; channel: unknown }): TranscriptResource {
  const mediaProperties = parseJsonObject(parseJsonObject(transcript.channel).media_properties);
  const sourceSid = nonEmptyString(mediaProperties.source_sid);
  return { sid: transcript.sid, status: transcript.status, ...(sourceSid === undefined ? {} : { sourceSid }) };
}

function toRecordingResource(recording: { sid: string; status: string; channels: number; startTime: Date | null }): RecordingResource {
  const startTimeMs = recording.startTime instanceof Date ? recording.startTime.getTime() : NaN;
  return {
    sid: recording.sid,
    status: recording.status,
    channels: recording.channels,
    startTimeMs: Number.isFinite(startTimeMs) ? startTimeMs : Date.now(),
  };
}

/**
 * The library hands `routing_properties` over as Twilio sent it (`any`, keys not camelCased): for an
 * agent `{ task_sid, reservation_sid, worker_sid }`, for others null. Read defensively: a key that is
 * absent, null or not a non-empty string is left out.
 */
function toInteractionParticipant(type: unknown, routingProperties: unknown): InteractionParticipantResource {
  const routing = parseJsonObject(routingProperties);
  const taskSid = nonEmptyString(routing.task_sid);
  const reservationSid = nonEmptyString(routing.reservation_sid);
  const workerSid = nonEmptyString(routing.worker_sid);
  return {
    type: typeof type === 'string' ? type : 'unknown',
    ...(taskSid === undefined ? {} : { taskSid }),
    ...(reservationSid === undefined ? {} : { reservationSid }),
    ...(workerSid === undefined ? {} : { workerSid }),
  };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Turns whatever the twilio library throws into a TwilioFailure (status 0 when Twilio was not reached). */
async function guard<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toTwilioFailure(error);
  }
}

async function orNull<T>(request: () => Promise<T>): Promise<T | null> {
  try {
    return await guard(request);
  } catch (error) {
    if (error instanceof TwilioFailure && error.status === 404) return null;
    throw error;
  }
}

export function toTwilioFailure(error: unknown): TwilioFailure {
  if (error instanceof TwilioFailure) return error;
  const { status, code, message } = (error ?? {}) as { status?: unknown; code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : 'Twilio request failed';
  // The library's RestException carries the HTTP status and Twilio's numeric code; network errors carry neither.
  if (typeof status === 'number') return new TwilioFailure(status, numberOrUndefined(code), text);
  return new TwilioFailure(0, undefined, text);
}

function parseJsonObject(value: unknown): Record<string, unknown> {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
