import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';

/** One Conversation Intelligence v2 transcript, as CreateTranscript stored it. */
export interface TranscriptRecord {
  sid: string;
  serviceSid: string;
  /** The Channel JSON as the caller sent it (parsed): media_properties and participants. */
  channel: Record<string, unknown>;
  /** `media_properties.source_sid`: the Recording SID transcribed, or null for a media_url source. */
  sourceSid: string | null;
  customerKey: string | null;
  mediaStartTime: Date | null;
  /** Twilio answers a create `queued`; the emulator does no transcription, so it stays so. */
  status: 'queued';
  dateCreated: Date;
  /** Creation order, for stable listing. */
  seq: number;
}

/**
 * The transcripts of the account, by SID and by the recording they transcribe (what ListTranscript's
 * SourceSid filter reads and what tests count: "one transcript per recording").
 */
export class IntelligenceState {
  readonly transcripts = new Map<string, TranscriptRecord>();
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  clear(): void {
    this.transcripts.clear();
    this.seq = 0;
  }

  create(input: Omit<TranscriptRecord, 'sid' | 'status' | 'dateCreated' | 'seq'>): TranscriptRecord {
    this.seq += 1;
    const record: TranscriptRecord = {
      ...input,
      channel: structuredClone(input.channel),
      // A Transcript SID is GT + 32 hex digits (the spec's pattern).
      sid: `GT${randomBytes(16).toString('hex')}`,
      status: 'queued',
      dateCreated: this.clock.now(),
      seq: this.seq,
    };
    this.transcripts.set(record.sid, record);
    return record;
  }

  /** Oldest first, optionally only one service's or one source's. */
  list(filter: { serviceSid?: string; sourceSid?: string } = {}): TranscriptRecord[] {
    return [...this.transcripts.values()]
      .filter((record) => filter.serviceSid === undefined || record.serviceSid === filter.serviceSid)
      .filter((record) => filter.sourceSid === undefined || record.sourceSid === filter.sourceSid)
      .sort((a, b) => a.seq - b.seq);
  }
}

/** A transcript as tests see it (TwilioEmulator.transcripts()): what was asked, parsed. */
export interface TranscriptView {
  sid: string;
  serviceSid: string;
  sourceSid: string | null;
  customerKey: string | null;
  status: string;
  /** Channel.participants as sent (each with its channel_participant). */
  participants: Record<string, unknown>[];
  channel: Record<string, unknown>;
}

export function transcriptView(record: TranscriptRecord): TranscriptView {
  const participants = Array.isArray(record.channel.participants) ? (record.channel.participants as Record<string, unknown>[]) : [];
  return {
    sid: record.sid,
    serviceSid: record.serviceSid,
    sourceSid: record.sourceSid,
    customerKey: record.customerKey,
    status: record.status,
    participants: structuredClone(participants),
    channel: structuredClone(record.channel),
  };
}
