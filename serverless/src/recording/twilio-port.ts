/**
 * What the recording core needs from Twilio, in the core's own terms. The twilio-library adapter
 * (src/twilio/twilio-gateway.ts) implements it; tests drive the real adapter against the emulator.
 * A lookup that finds nothing answers `null`; every other failure throws a `TwilioFailure`.
 *
 * The `…Resource` types are Twilio REST resources as the server reads them (not the plugin's views of
 * Flex UI's store, which are the plugin's `TaskSnapshot`, `ConferenceFacts` and `ParticipantFacts`).
 */

export interface FlexIdentity {
  workerSid: string;
  identity: string;
  roles: string[];
}

export type TokenCheck =
  /** `expiresAtMs`: when the token expires (epoch ms), when Twilio said. */
  | { valid: true; identity: FlexIdentity; expiresAtMs?: number }
  | { valid: false; reason: string };

export type TaskAttributes = Record<string, unknown>;

export interface TaskResource {
  sid: string;
  attributes: TaskAttributes;
  assignmentStatus: string;
  /** TaskRouter's version of the task, sent back as If-Match so concurrent writers are never overwritten. */
  etag: string;
  /** The task's TaskQueue (for the recording policy's queue exclusions). */
  queueSid?: string;
  queueName?: string;
  taskChannelUniqueName?: string;
}

export interface ReservationResource {
  sid: string;
  workerSid: string;
  status: string;
}

export interface ConferenceResource {
  sid: string;
  friendlyName: string;
  status: string;
}

export interface ParticipantResource {
  callSid: string;
  conferenceSid: string;
  status: string;
}

export interface CallResource {
  sid: string;
  to: string;
  from: string;
  status: string;
}

export interface RecordingResource {
  sid: string;
  status: string;
  channels: number;
  /** When the recording started, as epoch milliseconds. */
  startTimeMs: number;
}

/**
 * A participant of a Flex Interaction's voice channel (Flex API v1), as Flex's backend lists it. Agent
 * participants carry the routing that put them there (`routing_properties`: task, reservation, worker),
 * as Flex UI 2.17.1 itself reads them; Twilio's public spec documents the field but not its keys.
 */
export interface InteractionParticipantResource {
  /** agent | customer | supervisor | external | unknown */
  type: string;
  taskSid?: string;
  reservationSid?: string;
  workerSid?: string;
}

/** A reservation of a task as TaskRouter lists it, with the worker's name (a Flex worker's is its identity). */
export interface TaskReservationResource extends ReservationResource {
  workerName?: string;
}

/** Who speaks on one channel of a dual-channel recording, for Conversation Intelligence. */
export interface TranscriptParticipant {
  channel: 1 | 2;
  role: 'customer' | 'agent';
  /** The agent's Flex identity (the worker's name). */
  identity?: string;
  /** The party's phone number or address, when known. */
  address?: string;
}

/** A transcript to create of one of this account's recordings (Intelligence v2 CreateTranscript). */
export interface TranscriptRequest {
  serviceSid: string;
  recordingSid: string;
  participants: TranscriptParticipant[];
  /** Stored by Twilio with the transcript (at most 64 characters): what the transcript is about. */
  customerKey?: string;
}

export interface TranscriptResource {
  sid: string;
  status: string;
  /** The recording it transcribes (its channel's `media_properties.source_sid`), when Twilio says. */
  sourceSid?: string;
}

export interface TwilioPort {
  validateFlexToken(token: string): Promise<TokenCheck>;
  fetchTask(taskSid: string): Promise<TaskResource | null>;
  listAcceptedReservations(taskSid: string, workerSid: string): Promise<ReservationResource[]>;
  fetchConference(conferenceSid: string): Promise<ConferenceResource | null>;
  fetchParticipant(conferenceSid: string, callSid: string): Promise<ParticipantResource | null>;
  fetchCall(callSid: string): Promise<CallResource | null>;
  listCallRecordings(callSid: string): Promise<RecordingResource[]>;
  createDualChannelRecording(callSid: string, statusCallbackUrl: string | undefined): Promise<RecordingResource>;
  /** One recording of a call; null when the call has no such recording. */
  fetchCallRecording(callSid: string, recordingSid: string): Promise<RecordingResource | null>;
  /** Stops a recording, then deletes it: how a duplicate made by a concurrent start is removed. */
  discardCallRecording(callSid: string, recordingSid: string): Promise<void>;
  /** The calls of a conference's current participants (for proving a worker is on a transferred call). */
  listConferenceCalls(conferenceSid: string): Promise<CallResource[]>;
  /**
   * The participants of a Flex Interaction's channel (how a transfer's receiving task is proven part of the
   * call: Flex's backend routes it into the same channel as the conference's own task); [] when Twilio
   * knows no such channel.
   */
  listInteractionChannelParticipants(interactionSid: string, channelSid: string): Promise<InteractionParticipantResource[]>;
  /** Pauses or resumes a call recording (Recordings API update); answers the recording as it is now. */
  updateCallRecording(callSid: string, recordingSid: string, status: 'paused' | 'in-progress', pauseBehavior?: 'skip' | 'silence'): Promise<RecordingResource>;
  /** The conference's own recordings (Flex's native call recording), newest first; none for an unknown conference. */
  listConferenceRecordings(conferenceSid: string): Promise<RecordingResource[]>;
  updateConferenceRecording(conferenceSid: string, recordingSid: string, status: 'paused' | 'in-progress', pauseBehavior?: 'skip' | 'silence'): Promise<RecordingResource>;
  /** Resolves false when the If-Match precondition failed (someone else wrote the task since `etag`). */
  updateTaskAttributes(taskSid: string, attributes: TaskAttributes, etag: string): Promise<boolean>;
  /** Every reservation of a task, whatever its status (after a call, the agent's is wrapping or completed). */
  listTaskReservations(taskSid: string): Promise<TaskReservationResource[]>;
  /** Creates a Conversation Intelligence transcript of a recording, its channels mapped to participants. */
  createTranscript(request: TranscriptRequest): Promise<TranscriptResource>;
  /** The service's transcripts of one recording (Intelligence v2's SourceSid filter). */
  listRecordingTranscripts(serviceSid: string, recordingSid: string): Promise<TranscriptResource[]>;
}

/** A Twilio request that failed: `status` is the HTTP status (0 for a network failure), `code` Twilio's error code. */
export class TwilioFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioFailure';
  }
}

/** Twilio's error codes this product reacts to. */
export const TWILIO_ERRORS = {
  callNotInProgress: 21220,
  tooManyRequests: 20429,
  notFound: 20404,
  authenticate: 20003,
} as const;
