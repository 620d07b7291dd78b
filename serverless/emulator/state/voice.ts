import type { Clock } from '../clock';
import { rfc2822, wholeSecondsBetween } from '../dates';
import { ErrorCodes, TwilioApiError } from '../errors';
import { newSid } from '../sids';
import type { CallbackOutbox } from './outbox';

/** Call statuses as the 2010-04-01 API spells them. */
export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';
export type CallDirection = 'inbound' | 'outbound-api' | 'outbound-dial';
export type ConferenceStatus = 'init' | 'in-progress' | 'completed';
export type ParticipantStatus = 'queued' | 'connecting' | 'ringing' | 'connected' | 'complete' | 'failed';
export type RecordingStatus = 'in-progress' | 'paused' | 'stopped' | 'processing' | 'completed' | 'absent';
export type RecordingTrack = 'inbound' | 'outbound' | 'both';
export type RecordingCallbackEvent = 'in-progress' | 'completed' | 'absent';
/** The values TaskRouter's conference instruction accepts in `ConferenceStatusCallbackEvent`. */
export type ConferenceCallbackEvent = 'start' | 'end' | 'join' | 'leave' | 'mute' | 'hold' | 'speaker';
export const CONFERENCE_CALLBACK_EVENTS: readonly ConferenceCallbackEvent[] = ['start', 'end', 'join', 'leave', 'mute', 'hold', 'speaker'];
/** `StatusCallbackEvent` as the callback spells each event (mute, hold and speaker are accepted but never sent: nothing here mutes, holds or speaks). */
const CONFERENCE_EVENT_NAMES: Readonly<Record<ConferenceCallbackEvent, string>> = {
  start: 'conference-start',
  end: 'conference-end',
  join: 'participant-join',
  leave: 'participant-leave',
  mute: 'participant-mute',
  hold: 'participant-hold',
  speaker: 'participant-speech-start',
};
/**
 * Events assumed when an instruction names a callback but no events: the Participants API documents
 * `start end` as its default (TaskRouter's conference instruction documents none).
 */
const DEFAULT_CONFERENCE_EVENTS: readonly ConferenceCallbackEvent[] = ['start', 'end'];

/** The conference's status callback, as the first instruction naming one set it. */
export interface ConferenceStatusCallback {
  url: string;
  method: 'GET' | 'POST';
  events: ConferenceCallbackEvent[];
}

/**
 * The options of a TaskRouter conference instruction (what Flex's AcceptTask forwards from
 * `conferenceOptions`), camelCase as the JS SDKs take them; the PascalCase REST names are read too.
 * Every option is recorded; only the three status-callback ones change what the emulator does.
 */
export interface ConferenceInstructionOptions {
  conferenceStatusCallback?: string;
  /** Space- (or comma-) separated, or a list: `start end join leave mute hold speaker`. */
  conferenceStatusCallbackEvent?: string | readonly string[];
  /** `POST` (default) or `GET`. */
  conferenceStatusCallbackMethod?: string;
  [option: string]: unknown;
}

export interface CallRecord {
  sid: string;
  from: string;
  to: string;
  direction: CallDirection;
  status: CallStatus;
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  /** When the call was answered; duration is counted from here. */
  answeredAt: Date | null;
  endTime: Date | null;
  /** Conference the call joins once answered (set for legs dialled into a conference). */
  pendingConferenceSid: string | null;
  pendingLabel: string | null;
}

export interface ParticipantRecord {
  callSid: string;
  conferenceSid: string;
  label: string | null;
  status: ParticipantStatus;
  muted: boolean;
  hold: boolean;
  coaching: boolean;
  endConferenceOnExit: boolean;
  startConferenceOnEnter: boolean;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface ConferenceRecord {
  sid: string;
  friendlyName: string;
  status: ConferenceStatus;
  dateCreated: Date;
  dateUpdated: Date;
  /** Current participants, in join order (Map keeps insertion order). Those who left are removed, as in Twilio. */
  participants: Map<string, ParticipantRecord>;
  reasonConferenceEnded: string | null;
  callSidEndingConference: string | null;
  /** Set once, by the first conference instruction that names a callback; later ones change nothing. */
  statusCallback?: ConferenceStatusCallback;
  /** Every conference instruction applied to this conference, in order, as given (copies). */
  instructions: Record<string, unknown>[];
  /** SequenceNumber of the last conference status callback sent (0: none yet). */
  callbackSequence: number;
  /** When the first participant connected (the conference started); null until then. */
  startedAt: Date | null;
  /** Call SIDs of every leg that connected, in the order they first did (those who left stay listed). */
  joinOrder: string[];
  /**
   * The conference recording an instruction asked for (`conferenceRecord`), set by the first instruction
   * that turns it on; it starts when the conference starts (or at once, when that instruction came later).
   */
  recordingRequest: ConferenceRecordingRequest | null;
}

/** What an instruction's `conferenceRecord*` options ask for. */
export interface ConferenceRecordingRequest {
  statusCallback: string | null;
  statusCallbackMethod: 'GET' | 'POST';
  statusCallbackEvents: RecordingCallbackEvent[];
}

/** What call and conference recordings share: their life (pause, resume, stop) and their callbacks. */
export interface RecordingLifecycle {
  sid: string;
  /** Creation order among all recordings, call and conference (the account-wide list sorts by it). */
  seq: number;
  status: RecordingStatus;
  channels: 1 | 2;
  statusCallback: string | null;
  statusCallbackMethod: 'GET' | 'POST';
  statusCallbackEvents: RecordingCallbackEvent[];
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date;
  /** Set when the recording stops; duration is computed from it. */
  endTime: Date | null;
  /** Paused time excluded from the duration (only with PauseBehavior=skip; Twilio's default is silence). */
  skippedMs: number;
  /** All paused time, skip and silence alike (what a coverage report wants to know). */
  pausedMs: number;
  pausedAt: Date | null;
  pauseBehavior: 'skip' | 'silence' | null;
  errorCode: number | null;
}

export interface RecordingRecord extends RecordingLifecycle {
  callSid: string;
  track: RecordingTrack;
  trim: 'trim-silence' | 'do-not-trim';
  source: 'StartCallRecordingAPI';
}

export interface CreateRecordingInput {
  channels: 1 | 2;
  track: RecordingTrack;
  trim: 'trim-silence' | 'do-not-trim';
  statusCallback: string | null;
  statusCallbackMethod: 'GET' | 'POST';
  statusCallbackEvents: RecordingCallbackEvent[];
}

/**
 * A conference recording (Flex's native call recording: the conference instruction's `conferenceRecord`).
 * Twilio stores these dual-channel by default since 2025-09-15: channel 1 the first participant to join,
 * channel 2 everyone else.
 */
export interface ConferenceRecordingRecord extends RecordingLifecycle {
  conferenceSid: string;
  /** The source enum value Twilio's spec lists for recordings a conference itself makes. */
  source: 'Conference';
  /** Channel 1's leg: the conference's first participant to join. */
  firstJoinerCallSid: string | null;
}

/** Twilio's error for a recording too short to be processed (it ends `absent`). */
export const TOO_SHORT_TO_PROCESS = 16101;

const ENDED_CALL_STATUSES: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
const ACTIVE_RECORDING_STATUSES: ReadonlySet<RecordingStatus> = new Set(['in-progress', 'paused']);

export function isActiveRecording(recording: Pick<RecordingLifecycle, 'status'>): boolean {
  return ACTIVE_RECORDING_STATUSES.has(recording.status);
}

/** Duration in whole seconds, or null while the recording is still running. */
export function recordingDurationSeconds(recording: Pick<RecordingLifecycle, 'endTime' | 'startTime' | 'skippedMs'>): number | null {
  if (recording.endTime === null) return null;
  const ms = recording.endTime.getTime() - recording.startTime.getTime() - recording.skippedMs;
  return Math.max(0, Math.floor(ms / 1000));
}

/**
 * Calls, conferences and call recordings of one account, with the state transitions Twilio applies
 * (a call that ends leaves its conference and completes its recordings).
 */
export class VoiceState {
  readonly calls = new Map<string, CallRecord>();
  readonly conferences = new Map<string, ConferenceRecord>();
  readonly recordings = new Map<string, RecordingRecord>();
  /** Conference recordings, kept apart from call recordings (different parent, no call SID). */
  readonly conferenceRecordings = new Map<string, ConferenceRecordingRecord>();
  /** Creation counter shared by both kinds of recording. */
  private recordingSeq = 0;
  /**
   * Look-ups by call SID (the conferences a call is listed in, its recordings, in creation order), kept with
   * the maps above: a call's answer or end used to scan every conference and recording, which a burst of
   * 1,000 calls turned into a measurable share of the emulator's CPU.
   */
  private readonly conferencesByCall = new Map<string, Set<ConferenceRecord>>();
  private readonly recordingsByCall = new Map<string, Set<RecordingRecord>>();

  constructor(
    private readonly accountSid: string,
    private readonly clock: Clock,
    private readonly outbox: CallbackOutbox,
    /** A recording with less audio than this ends `absent` (error 16101, too short); 0 disables. */
    private readonly minRecordingSeconds = 0,
  ) {}

  clear(): void {
    this.calls.clear();
    this.conferences.clear();
    this.recordings.clear();
    this.conferenceRecordings.clear();
    this.conferencesByCall.clear();
    this.recordingsByCall.clear();
    this.recordingSeq = 0;
  }

  // ---- calls ---------------------------------------------------------------------------------

  createCall(input: { from: string; to: string; status: CallStatus; direction?: CallDirection }): CallRecord {
    const now = this.clock.now();
    const call: CallRecord = {
      sid: newSid('CA'),
      from: input.from,
      to: input.to,
      direction: input.direction ?? 'outbound-api',
      status: input.status,
      dateCreated: now,
      dateUpdated: now,
      startTime: input.status === 'queued' ? null : now,
      answeredAt: input.status === 'in-progress' ? now : null,
      endTime: null,
      pendingConferenceSid: null,
      pendingLabel: null,
    };
    this.calls.set(call.sid, call);
    return call;
  }

  requireCall(callSid: string): CallRecord {
    const call = this.calls.get(callSid);
    if (!call) throw new Error(`No call ${callSid} in the emulator`);
    return call;
  }

  /** A queued call starts ringing at the callee (it was dialled only now). Anything else is left as it is. */
  ringCall(callSid: string): CallRecord {
    const call = this.requireCall(callSid);
    if (call.status !== 'queued') return call;
    const now = this.clock.now();
    call.status = 'ringing';
    call.startTime = now;
    call.dateUpdated = now;
    return call;
  }

  /** Customer picks up: the call goes in-progress and joins the conference it was dialled into. */
  answerCall(callSid: string): CallRecord {
    const call = this.requireCall(callSid);
    if (call.status !== 'queued' && call.status !== 'ringing') {
      throw new Error(`Call ${callSid} is ${call.status}; only a queued or ringing call can be answered`);
    }
    const now = this.clock.now();
    call.status = 'in-progress';
    call.startTime = call.startTime ?? now;
    call.answeredAt = now;
    call.dateUpdated = now;
    if (call.pendingConferenceSid) {
      this.joinConference(call.pendingConferenceSid, call.sid, { label: call.pendingLabel });
      call.pendingConferenceSid = null;
      call.pendingLabel = null;
    }
    // A leg listed while it rang (see joinConference's `status`) is connected now.
    for (const conference of this.conferencesOf(callSid)) {
      const participant = conference.participants.get(callSid);
      if (participant && participant.status !== 'connected') {
        participant.status = 'connected';
        participant.dateUpdated = now;
        conference.dateUpdated = now;
        this.participantConnected(conference, participant);
      }
    }
    return call;
  }

  /**
   * The call ends. An answered call becomes `completed`; one that never connected becomes the given
   * status (default `no-answer`). It leaves its conference and its active recordings complete.
   */
  endCall(callSid: string, unansweredStatus: 'no-answer' | 'busy' | 'canceled' | 'failed' = 'no-answer'): CallRecord {
    return this.finishCall(callSid, unansweredStatus, 'participant_hung_up');
  }

  /** endCall, with the ReasonParticipantLeft its conference's leave callback reports. */
  private finishCall(callSid: string, unansweredStatus: 'no-answer' | 'busy' | 'canceled' | 'failed', leaveReason: string): CallRecord {
    const call = this.requireCall(callSid);
    if (ENDED_CALL_STATUSES.has(call.status)) return call;
    const now = this.clock.now();
    call.status = call.status === 'in-progress' ? 'completed' : unansweredStatus;
    call.endTime = now;
    call.dateUpdated = now;
    call.pendingConferenceSid = null;
    for (const recording of this.recordingsOfCall(callSid)) {
      if (isActiveRecording(recording)) this.finishRecording(recording);
    }
    for (const conference of this.conferencesOf(callSid)) this.leaveConference(conference, call, leaveReason);
    return call;
  }

  /** The conferences listing this call (a copy: leaving one changes the index). */
  private conferencesOf(callSid: string): ConferenceRecord[] {
    return [...(this.conferencesByCall.get(callSid) ?? [])];
  }

  callDurationSeconds(call: CallRecord): number | null {
    if (call.endTime === null) return null;
    return call.answeredAt === null ? 0 : wholeSecondsBetween(call.answeredAt, call.endTime);
  }

  // ---- conferences ---------------------------------------------------------------------------

  createConference(friendlyName: string): ConferenceRecord {
    const now = this.clock.now();
    const conference: ConferenceRecord = {
      sid: newSid('CF'),
      friendlyName,
      status: 'init',
      dateCreated: now,
      dateUpdated: now,
      participants: new Map(),
      reasonConferenceEnded: null,
      callSidEndingConference: null,
      instructions: [],
      callbackSequence: 0,
      startedAt: null,
      joinOrder: [],
      recordingRequest: null,
    };
    this.conferences.set(conference.sid, conference);
    return conference;
  }

  requireConference(conferenceSid: string): ConferenceRecord {
    const conference = this.conferences.get(conferenceSid);
    if (!conference) throw new Error(`No conference ${conferenceSid} in the emulator`);
    return conference;
  }

  joinConference(
    conferenceSid: string,
    callSid: string,
    options: {
      label?: string | null;
      endConferenceOnExit?: boolean;
      coaching?: boolean;
      muted?: boolean;
      /**
       * `ringing`: the leg is listed as a participant while it still rings, as Twilio lists a participant
       * added through the Participants API (Flex shows it `joined`); answerCall() connects it.
       */
      status?: 'connected' | 'ringing';
    } = {},
  ): ParticipantRecord {
    const conference = this.requireConference(conferenceSid);
    if (conference.status === 'completed') throw new Error(`Conference ${conferenceSid} has ended`);
    const now = this.clock.now();
    const participant: ParticipantRecord = {
      callSid,
      conferenceSid,
      label: options.label ?? null,
      status: options.status ?? 'connected',
      muted: options.muted ?? false,
      hold: false,
      coaching: options.coaching ?? false,
      endConferenceOnExit: options.endConferenceOnExit ?? false,
      startConferenceOnEnter: true,
      dateCreated: now,
      dateUpdated: now,
    };
    conference.participants.set(callSid, participant);
    indexAdd(this.conferencesByCall, callSid, conference);
    conference.status = 'in-progress';
    conference.dateUpdated = now;
    if (participant.status === 'connected') this.participantConnected(conference, participant);
    return participant;
  }

  /**
   * A TaskRouter conference instruction for this conference (a reservation's `conference()`): the
   * options are recorded in order; the first instruction naming a `conferenceStatusCallback` sets the
   * conference's callback (URL, method, events), and later ones leave it as it is. Joins and leaves
   * from then on are reported (none retroactively). Throws on a malformed callback option.
   */
  applyConferenceInstruction(conferenceSid: string, options: ConferenceInstructionOptions): ConferenceRecord {
    const conference = this.requireConference(conferenceSid);
    if (conference.status === 'completed') throw new Error(`Conference ${conferenceSid} has ended`);
    const callback = conferenceCallbackOf(options);
    const recording = conferenceRecordingOf(options);
    conference.instructions.push(copyOptions(options));
    if (callback && !conference.statusCallback) conference.statusCallback = callback;
    if (recording && !conference.recordingRequest) {
      conference.recordingRequest = recording;
      // Asked for after the conference started: the recording starts now (it cannot cover what went before).
      if (conference.startedAt !== null) this.startConferenceRecording(conference);
    }
    return conference;
  }

  /** A participant is connected: participant-join, then conference-start if it starts the conference. */
  private participantConnected(conference: ConferenceRecord, participant: ParticipantRecord): void {
    if (!conference.joinOrder.includes(participant.callSid)) conference.joinOrder.push(participant.callSid);
    this.notifyConference(conference, 'join', participantParams(participant));
    if (conference.startedAt === null && participant.startConferenceOnEnter) {
      conference.startedAt = this.clock.now();
      this.notifyConference(conference, 'start', {});
      if (conference.recordingRequest) this.startConferenceRecording(conference);
    }
  }

  private notifyConference(conference: ConferenceRecord, event: ConferenceCallbackEvent, extra: Record<string, string>): void {
    const callback = conference.statusCallback;
    if (!callback || !callback.events.includes(event)) return;
    conference.callbackSequence += 1;
    const now = this.clock.now();
    const name = CONFERENCE_EVENT_NAMES[event];
    const params: Record<string, string> = {
      ConferenceSid: conference.sid,
      FriendlyName: conference.friendlyName,
      AccountSid: this.accountSid,
      SequenceNumber: String(conference.callbackSequence),
      Timestamp: rfc2822(now),
      StatusCallbackEvent: name,
      ...extra,
    };
    this.outbox.push({ kind: 'conference', url: callback.url, method: callback.method, params, event: name, at: now });
  }

  private leaveConference(conference: ConferenceRecord, call: CallRecord, leaveReason: string): void {
    const callSid = call.sid;
    const participant = conference.participants.get(callSid);
    conference.participants.delete(callSid);
    indexDelete(this.conferencesByCall, callSid, conference);
    const now = this.clock.now();
    conference.dateUpdated = now;
    // Only a leg that joined (connected) reports leaving; one listed while it rang never joined.
    if (participant?.status === 'connected') {
      this.notifyConference(conference, 'leave', {
        ...participantParams(participant),
        ParticipantCallStatus: call.status,
        ReasonParticipantLeft: leaveReason,
      });
    }
    if (conference.status === 'completed') return; // being ended by endConference(): it keeps its reason
    if (participant?.endConferenceOnExit) {
      this.endConference(conference.sid, 'participant-with-end-conference-on-exit-left', callSid);
    } else if (conference.participants.size === 0) {
      conference.status = 'completed';
      conference.reasonConferenceEnded = 'last-participant-left';
      conference.callSidEndingConference = callSid;
      this.conferenceEnded(conference);
    }
  }

  /** Ends the conference and hangs up everyone still in it (their leave callbacks, then conference-end). */
  endConference(conferenceSid: string, reason = 'conference-ended-via-api', endingCallSid: string | null = null): void {
    const conference = this.requireConference(conferenceSid);
    if (conference.status === 'completed') return;
    conference.status = 'completed';
    conference.reasonConferenceEnded = reason;
    conference.callSidEndingConference = endingCallSid;
    conference.dateUpdated = this.clock.now();
    // The emulator's guess at ReasonParticipantLeft for legs the conference's end hangs up (not verified against Twilio).
    const leaveReason = reason.replace(/-/g, '_');
    for (const callSid of [...conference.participants.keys()]) this.finishCall(callSid, 'no-answer', leaveReason);
    this.conferenceEnded(conference);
  }

  private conferenceEnded(conference: ConferenceRecord): void {
    if (conference.startedAt === null) return; // never started: nothing to end
    this.notifyConference(conference, 'end', {
      ReasonConferenceEnded: conference.reasonConferenceEnded ?? '',
      ...(conference.callSidEndingConference === null ? {} : { CallSidEndingConference: conference.callSidEndingConference }),
    });
    // The conference's recording ends with it (its callback after conference-end: it is processed once the conference is over).
    for (const recording of this.recordingsOfConference(conference.sid)) {
      if (isActiveRecording(recording)) this.finishRecording(recording);
    }
  }

  // ---- conference recordings -----------------------------------------------------------------

  /** The conference's recordings, oldest first. */
  recordingsOfConference(conferenceSid: string): ConferenceRecordingRecord[] {
    return [...this.conferenceRecordings.values()].filter((recording) => recording.conferenceSid === conferenceSid);
  }

  /** The active conference recording `Twilio.CURRENT` refers to: the newest in-progress or paused one. */
  currentConferenceRecording(conferenceSid: string): ConferenceRecordingRecord | undefined {
    return this.recordingsOfConference(conferenceSid).filter(isActiveRecording).at(-1);
  }

  /** Once per conference: a stopped recording is not restarted by later joins or instructions. */
  private startConferenceRecording(conference: ConferenceRecord): void {
    const request = conference.recordingRequest;
    if (!request || this.recordingsOfConference(conference.sid).length > 0) return;
    const now = this.clock.now();
    const recording: ConferenceRecordingRecord = {
      sid: newSid('RE'),
      seq: ++this.recordingSeq,
      conferenceSid: conference.sid,
      status: 'in-progress',
      // Dual-channel by default since 2025-09-15 (mono only for accounts with public-key encryption or external storage).
      channels: 2,
      source: 'Conference',
      firstJoinerCallSid: conference.joinOrder[0] ?? null,
      ...freshLifecycle(now, request),
    };
    this.conferenceRecordings.set(recording.sid, recording);
    this.notify(recording, 'in-progress');
  }

  /**
   * POST Conferences/{CF}/Recordings/{RE}.json: pause, resume or stop, as for a call recording (a stop
   * answers `stopped`, the stored recording is then `completed`). Only while the conference is in progress
   * and the recording active (else 400, 21220: the emulator's choice, the code Twilio uses for call legs).
   */
  updateConferenceRecording(
    recording: ConferenceRecordingRecord,
    status: 'paused' | 'in-progress' | 'stopped',
    pauseBehavior: 'skip' | 'silence' | null,
  ): ConferenceRecordingRecord {
    const conference = this.requireConference(recording.conferenceSid);
    if (conference.status !== 'in-progress' || !isActiveRecording(recording)) {
      throw new TwilioApiError(
        400,
        ErrorCodes.callNotInProgress,
        `Conference is not in-progress or its recording has ended (conference ${conference.status}, recording ${recording.status}). Cannot update the recording.`,
      );
    }
    return this.changeRecording(recording, status, pauseBehavior);
  }

  /** DELETE a conference recording: only an ended one, as for call recordings. */
  deleteConferenceRecording(recording: ConferenceRecordingRecord): void {
    if (isActiveRecording(recording)) {
      throw new TwilioApiError(400, ErrorCodes.invalidParameter, 'Cannot delete a recording that is in progress; stop it first.');
    }
    this.conferenceRecordings.delete(recording.sid);
  }



  // ---- recordings ----------------------------------------------------------------------------

  recordingsOfCall(callSid: string): RecordingRecord[] {
    return [...(this.recordingsByCall.get(callSid) ?? [])];
  }

  /** POST Calls/{CA}/Recordings.json: only an in-progress call can be recorded (else 21220). */
  startRecording(callSid: string, input: CreateRecordingInput): RecordingRecord {
    const call = this.requireCall(callSid);
    if (call.status !== 'in-progress') throw callNotInProgress(call);
    const now = this.clock.now();
    const recording: RecordingRecord = {
      sid: newSid('RE'),
      seq: ++this.recordingSeq,
      callSid,
      status: 'in-progress',
      channels: input.channels,
      track: input.track,
      trim: input.trim,
      source: 'StartCallRecordingAPI',
      ...freshLifecycle(now, input),
    };
    this.recordings.set(recording.sid, recording);
    indexAdd(this.recordingsByCall, recording.callSid, recording);
    this.notify(recording, 'in-progress');
    return recording;
  }

  /**
   * POST Calls/{CA}/Recordings/{RE}.json. Returns the recording as Twilio answers the update: a stop
   * answers status `stopped`, after which the stored recording is `completed` (Twilio passes through
   * `processing`; the emulator finishes processing instantly).
   */
  updateRecording(
    recording: RecordingRecord,
    status: 'paused' | 'in-progress' | 'stopped',
    pauseBehavior: 'skip' | 'silence' | null,
  ): RecordingRecord {
    const call = this.requireCall(recording.callSid);
    if (call.status !== 'in-progress' || !isActiveRecording(recording)) throw callNotInProgress(call);
    return this.changeRecording(recording, status, pauseBehavior);
  }

  /** Pause, resume or stop an active recording of either kind; a stop answers `stopped` (the stored one is then completed). */
  private changeRecording<R extends RecordingRecord | ConferenceRecordingRecord>(
    recording: R,
    status: 'paused' | 'in-progress' | 'stopped',
    pauseBehavior: 'skip' | 'silence' | null,
  ): R {
    const now = this.clock.now();
    if (status === 'paused' && recording.status === 'in-progress') {
      recording.status = 'paused';
      recording.pausedAt = now;
      recording.pauseBehavior = pauseBehavior ?? 'silence';
    } else if (status === 'in-progress' && recording.status === 'paused') {
      this.closePause(recording, now);
      recording.status = 'in-progress';
    } else if (status === 'stopped') {
      return { ...this.finishRecording(recording), status: 'stopped' };
    }
    recording.dateUpdated = now;
    return recording;
  }

  /** DELETE a call recording: only an ended one (Twilio refuses to delete a recording in progress). */
  deleteRecording(recording: RecordingRecord): void {
    if (isActiveRecording(recording)) {
      throw new TwilioApiError(400, ErrorCodes.invalidParameter, 'Cannot delete a recording that is in progress; stop it first.');
    }
    this.recordings.delete(recording.sid);
    indexDelete(this.recordingsByCall, recording.callSid, recording);
  }

  /** The active recording `Twilio.CURRENT` refers to: the newest in-progress or paused one. */
  currentRecording(callSid: string): RecordingRecord | undefined {
    return this.recordingsOfCall(callSid).filter(isActiveRecording).at(-1);
  }

  private closePause(recording: RecordingLifecycle, now: Date): void {
    if (recording.pausedAt) {
      const paused = now.getTime() - recording.pausedAt.getTime();
      recording.pausedMs += paused;
      if (recording.pauseBehavior === 'skip') recording.skippedMs += paused;
    }
    recording.pausedAt = null;
  }

  /** Twilio's processing is instant here: a stopped recording is `completed`, or `absent` when too short. */
  private finishRecording<R extends RecordingRecord | ConferenceRecordingRecord>(recording: R): R {
    const now = this.clock.now();
    this.closePause(recording, now);
    recording.endTime = now;
    recording.dateUpdated = now;
    const tooShort = (recordingDurationSeconds(recording) ?? 0) < this.minRecordingSeconds;
    recording.status = tooShort ? 'absent' : 'completed';
    if (tooShort) recording.errorCode = TOO_SHORT_TO_PROCESS;
    this.notify(recording, recording.status === 'absent' ? 'absent' : 'completed');
    return recording;
  }

  /**
   * A recording status callback. A conference recording's (the instruction's conferenceRecordingStatusCallback)
   * carries ConferenceSid where a call recording's carries CallSid, and no RecordingTrack.
   */
  private notify(recording: RecordingRecord | ConferenceRecordingRecord, event: RecordingCallbackEvent): void {
    if (!recording.statusCallback || !recording.statusCallbackEvents.includes(event)) return;
    const duration = recordingDurationSeconds(recording);
    const parent: Record<string, string> =
      'conferenceSid' in recording ? { ConferenceSid: recording.conferenceSid } : { CallSid: recording.callSid, RecordingTrack: recording.track };
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ...parent,
      RecordingSid: recording.sid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${this.accountSid}/Recordings/${recording.sid}`,
      RecordingStatus: event,
      RecordingChannels: String(recording.channels),
      RecordingStartTime: rfc2822(recording.startTime),
      RecordingSource: recording.source,
      ...(duration === null ? {} : { RecordingDuration: String(duration) }),
      ...(recording.errorCode === null ? {} : { ErrorCode: String(recording.errorCode) }),
    };
    this.outbox.push({ kind: 'recording', url: recording.statusCallback, method: recording.statusCallbackMethod, params, event, at: this.clock.now() });
  }
}

/** A recording's lifecycle fields as it starts now (running, never paused), with the callback asked for. */
function freshLifecycle(
  now: Date,
  callback: Pick<RecordingLifecycle, 'statusCallback' | 'statusCallbackMethod' | 'statusCallbackEvents'>,
): Omit<RecordingLifecycle, 'sid' | 'seq' | 'status' | 'channels'> {
  return {
    statusCallback: callback.statusCallback,
    statusCallbackMethod: callback.statusCallbackMethod,
    statusCallbackEvents: [...callback.statusCallbackEvents],
    dateCreated: now,
    dateUpdated: now,
    startTime: now,
    endTime: null,
    skippedMs: 0,
    pausedMs: 0,
    pausedAt: null,
    pauseBehavior: null,
    errorCode: null,
  };
}

/** The parameters every participant event carries. */
function participantParams(participant: ParticipantRecord): Record<string, string> {
  return {
    CallSid: participant.callSid,
    Muted: String(participant.muted),
    Hold: String(participant.hold),
    Coaching: String(participant.coaching),
    EndConferenceOnExit: String(participant.endConferenceOnExit),
    StartConferenceOnEnter: String(participant.startConferenceOnEnter),
    ...(participant.label === null ? {} : { ParticipantLabel: participant.label }),
  };
}

function optionOf(options: ConferenceInstructionOptions, camel: string): unknown {
  return options[camel] !== undefined ? options[camel] : options[camel.charAt(0).toUpperCase() + camel.slice(1)];
}

/** The status callback an instruction asks for, or null when it names none (an empty URL counts as none). */
function conferenceCallbackOf(options: ConferenceInstructionOptions): ConferenceStatusCallback | null {
  const url = optionOf(options, 'conferenceStatusCallback');
  if (url === undefined || url === null || url === '') return null;
  if (typeof url !== 'string') throw new Error('conferenceStatusCallback must be a URL string');
  const method = callbackMethodOf(options, 'conferenceStatusCallbackMethod');
  const events = eventsOf(options, 'conferenceStatusCallbackEvent', CONFERENCE_CALLBACK_EVENTS, DEFAULT_CONFERENCE_EVENTS);
  return { url, method, events };
}

/** A callback method option: `POST` (default) or `GET`, any case; anything else throws. */
function callbackMethodOf(options: ConferenceInstructionOptions, name: string): 'GET' | 'POST' {
  const rawMethod = optionOf(options, name);
  if (rawMethod !== undefined && typeof rawMethod !== 'string') throw new Error(`${name} must be GET or POST`);
  const method = (rawMethod ?? 'POST').toUpperCase();
  if (method !== 'GET' && method !== 'POST') throw new Error(`${name} must be GET or POST, got ${String(rawMethod)}`);
  return method;
}

/** A callback events option: space- or comma-separated, or a list, of `allowed` names (`fallback` when empty); anything else throws. */
function eventsOf<E extends string>(options: ConferenceInstructionOptions, name: string, allowed: readonly E[], fallback: readonly E[]): E[] {
  const rawEvents = optionOf(options, name);
  if (rawEvents === undefined || rawEvents === null || rawEvents === '') return [...fallback];
  const list = typeof rawEvents === 'string' ? [rawEvents] : Array.isArray(rawEvents) ? (rawEvents as unknown[]) : null;
  if (list === null || list.some((item) => typeof item !== 'string')) {
    throw new Error(`${name} must be a space-separated string or a list of strings`);
  }
  const names = (list as string[]).flatMap((item) => item.split(/[\s,]+/)).filter((event) => event !== '');
  const unknown = names.filter((event) => !(allowed as readonly string[]).includes(event));
  if (unknown.length > 0) {
    throw new Error(`${name}: unknown event(s) ${unknown.join(', ')} (allowed: ${allowed.join(' ')})`);
  }
  return [...new Set(names as E[])];
}

const RECORDING_CALLBACK_EVENTS: readonly RecordingCallbackEvent[] = ['in-progress', 'completed', 'absent'];

/**
 * The conference recording an instruction asks for, or null. `conferenceRecord`: `true` / `'true'` /
 * `'record-from-start'` record; `false` / `'false'` / `'do-not-record'` / absent do not (TaskRouter's and the
 * Participants API's values); anything else throws. `conferenceRecordingStatusCallback` (URL),
 * `...Method` (POST default), `...Event` (`in-progress completed absent`, default `completed`).
 */
function conferenceRecordingOf(options: ConferenceInstructionOptions): ConferenceRecordingRequest | null {
  const record = optionOf(options, 'conferenceRecord');
  if (record === undefined || record === null || record === false || record === 'false' || record === 'do-not-record') return null;
  if (record !== true && record !== 'true' && record !== 'record-from-start') {
    throw new Error(`conferenceRecord must be true, false, 'record-from-start' or 'do-not-record', got ${JSON.stringify(record)}`);
  }
  const url = optionOf(options, 'conferenceRecordingStatusCallback');
  if (url !== undefined && url !== null && typeof url !== 'string') throw new Error('conferenceRecordingStatusCallback must be a URL string');
  return {
    statusCallback: url === undefined || url === null || url === '' ? null : url,
    statusCallbackMethod: callbackMethodOf(options, 'conferenceRecordingStatusCallbackMethod'),
    statusCallbackEvents: eventsOf(options, 'conferenceRecordingStatusCallbackEvent', RECORDING_CALLBACK_EVENTS, ['completed']),
  };
}

/** A copy of the instruction's options as given (so later changes to the caller's object do not show). */
function copyOptions(options: ConferenceInstructionOptions): Record<string, unknown> {
  try {
    return structuredClone({ ...options }) as Record<string, unknown>;
  } catch {
    return { ...options }; // e.g. a function among the options: keep the values as they are
  }
}

function callNotInProgress(call: CallRecord): TwilioApiError {
  return new TwilioApiError(
    400,
    ErrorCodes.callNotInProgress,
    `Call is not in-progress (status ${call.status}). Cannot create or update a recording.`,
  );
}

function indexAdd<T>(index: Map<string, Set<T>>, key: string, value: T): void {
  const values = index.get(key);
  if (values) values.add(value);
  else index.set(key, new Set([value]));
}

function indexDelete<T>(index: Map<string, Set<T>>, key: string, value: T): void {
  const values = index.get(key);
  if (!values) return;
  values.delete(value);
  if (values.size === 0) index.delete(key);
}
