/**
 * What the recording core needs from Twilio, in the core's own terms. The twilio-library adapter
 * (src/twilio/twilio-gateway.ts) implements it; tests drive the real adapter against the emulator.
 * A lookup that finds nothing answers `null`; every other failure throws a `TwilioFailure`.
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

export interface TaskSnapshot {
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

export interface ReservationFacts {
  sid: string;
  workerSid: string;
  status: string;
}

export interface ConferenceFacts {
  sid: string;
  friendlyName: string;
  status: string;
}

export interface ParticipantFacts {
  callSid: string;
  conferenceSid: string;
  status: string;
}

export interface CallFacts {
  sid: string;
  to: string;
  from: string;
  status: string;
}

export interface RecordingFacts {
  sid: string;
  status: string;
  channels: number;
  /** When the recording started, as epoch milliseconds. */
  startTimeMs: number;
}

export interface TwilioPort {
  validateFlexToken(token: string): Promise<TokenCheck>;
  fetchTask(taskSid: string): Promise<TaskSnapshot | null>;
  listAcceptedReservations(taskSid: string, workerSid: string): Promise<ReservationFacts[]>;
  fetchConference(conferenceSid: string): Promise<ConferenceFacts | null>;
  fetchParticipant(conferenceSid: string, callSid: string): Promise<ParticipantFacts | null>;
  fetchCall(callSid: string): Promise<CallFacts | null>;
  listCallRecordings(callSid: string): Promise<RecordingFacts[]>;
  createDualChannelRecording(callSid: string, statusCallbackUrl: string | undefined): Promise<RecordingFacts>;
  /** One recording of a call; null when the call has no such recording. */
  fetchCallRecording(callSid: string, recordingSid: string): Promise<RecordingFacts | null>;
  /** Stops a recording, then deletes it: how a duplicate made by a concurrent start is removed. */
  discardCallRecording(callSid: string, recordingSid: string): Promise<void>;
  /** The calls of a conference's current participants (for proving a worker is on a transferred call). */
  listConferenceCalls(conferenceSid: string): Promise<CallFacts[]>;
  /** Pauses or resumes a call recording (Recordings API update); answers the recording as it is now. */
  updateCallRecording(callSid: string, recordingSid: string, status: 'paused' | 'in-progress', pauseBehavior?: 'skip' | 'silence'): Promise<RecordingFacts>;
  /** Resolves false when the If-Match precondition failed (someone else wrote the task since `etag`). */
  updateTaskAttributes(taskSid: string, attributes: TaskAttributes, etag: string): Promise<boolean>;
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
