/**
 * Conference and ConferenceParticipant as Flex UI 2.17 exposes them (src/state/Conferences/*.d.ts):
 * read-only getters over a source object, participants who left kept in the list.
 */

export type ConferenceStatus = 'setup' | 'active' | 'closed' | 'failed';
export type ParticipantStatus = 'joined' | 'left' | 'recently_left';
export type ChannelParticipantType = 'customer' | 'supervisor' | 'agent' | 'worker' | 'external' | 'unknown' | 'transfer';

/** What the stand-in knows about one leg; Flex's equivalent is a private ParticipantBase. */
export interface ParticipantSource {
  participantSid: string;
  participantType: ChannelParticipantType | undefined;
  status: ParticipantStatus;
  callSid: string | undefined;
  workerSid: string;
  reservationSid: string;
  isCurrentWorker: boolean;
  onHold: boolean;
  muted: boolean;
  connecting: boolean;
  phoneNumber: string | undefined;
}

export class ConferenceParticipant {
  participantLeftTimestamp: number | undefined;

  constructor(private readonly _source: ParticipantSource, participantLeftTimestamp?: number) {
    this.participantLeftTimestamp = participantLeftTimestamp;
  }

  get source(): ParticipantSource {
    return this._source;
  }
  get onHold(): boolean {
    return this._source.onHold;
  }
  get muted(): boolean {
    return this._source.muted;
  }
  get connecting(): boolean {
    return this._source.connecting;
  }
  get participantType(): ChannelParticipantType | undefined {
    return this._source.participantType;
  }
  get reservationSid(): string {
    return this._source.reservationSid;
  }
  get workerSid(): string {
    return this._source.workerSid;
  }
  get status(): ParticipantStatus {
    return this._source.status;
  }
  get uniqueId(): string {
    return this._source.participantSid;
  }
  get sid(): string {
    return this._source.participantSid;
  }
  get isCurrentWorker(): boolean {
    return this._source.isCurrentWorker;
  }
  get isMyself(): boolean {
    return this._source.isCurrentWorker;
  }
  get callSid(): string | undefined {
    return this._source.callSid;
  }
  get participantSid(): string | undefined {
    return this._source.participantSid;
  }
  get phoneNumber(): string | undefined {
    return this._source.phoneNumber;
  }
}

/** Stands in for Flex's private ConferenceListener (which plugins must not use in 2.x). */
export interface ConferenceListenerStandIn {
  readonly kind: 'conference-listener-stand-in';
  readonly taskSid: string;
}

export class Conference {
  source: ConferenceListenerStandIn;
  participants: ConferenceParticipant[] = [];

  /** `sid` is the task SID, as in Flex; `conferenceSid` is '' until Twilio has created the conference. */
  constructor(public sid: string, public status: ConferenceStatus, public conferenceSid: string) {
    this.source = { kind: 'conference-listener-stand-in', taskSid: sid };
  }

  get liveParticipantCount(): number {
    return this.participants.filter((p) => p.status === 'joined').length;
  }

  get liveWorkerCount(): number {
    return this.liveWorkers.length;
  }

  get liveWorkers(): ConferenceParticipant[] {
    return this.participants.filter((p) => p.status === 'joined' && p.participantType === 'worker');
  }
}
