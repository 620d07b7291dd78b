/**
 * The agent desk's client for the Twilio emulator's local control API (/_emulator/...): it plays
 * Twilio's side of a call (the customer answering, hanging up, a transfer target joining) and reads the
 * emulator's state back for display. Loopback only; see serverless/emulator/README.md.
 */
import type { EmulatorSnapshot, OutboundCallScenario, PlaceOutboundCallInput } from 'outbound-recording-functions/emulator';

// The emulator's own types, as its control API sends them (type-only: nothing of the emulator is bundled).
// The desk rebuilds the SIDs from the emulator's state after a reload, where the workspace and caller ID do not matter.
export type { OutboundCallScenario, PlaceOutboundCallInput };
export type OutboundCallSids = Omit<OutboundCallScenario, 'workspaceSid' | 'callerId'>;
export type EmulatorState = EmulatorSnapshot;
export type RecordingState = EmulatorSnapshot['recordings'][number];
export type TaskState = EmulatorSnapshot['tasks'][number];

/**
 * One of Flex's native conference recordings as the control API answers it (`GET /_emulator/conferences/{CF}/recordings`:
 * the emulator's ConferenceRecordingView with ISO dates). Written out here because the emulator's package does not
 * export that view type, and this is the wire shape anyway.
 */
export interface ConferenceRecordingState {
  sid: string;
  conferenceSid: string;
  status: string;
  channels: 1 | 2;
  /** Channel 1's leg: the conference's first joiner (the agent, on a Flex outbound call). */
  firstJoinerCallSid: string | null;
  channelCallSids: { 1: string[]; 2: string[] };
  startTime: string | null;
  endTime: string | null;
  durationSeconds: number | null;
  /** Paused so far, a running pause counted up to the emulator's now. */
  pausedMs: number;
  pauseBehavior: 'skip' | 'silence' | null;
}

export class EmulatorClient {
  constructor(private readonly baseUrl: string) {}

  /** What Flex's outbound call leaves in Twilio: the task, the agent's reservation and leg, the customer's leg ringing. */
  placeOutboundCall(input: PlaceOutboundCallInput): Promise<OutboundCallScenario> {
    return this.post('/_emulator/calls/outbound', input);
  }

  /**
   * TaskRouter carries out Flex's accept of a call placed with `acceptLater`: the accept's conference instruction
   * (AcceptTask's conferenceOptions, e.g. the plugin's conference status callback) first, then the agent's leg joins.
   */
  acceptOutboundCall(taskSid: string, conferenceOptions: Record<string, unknown>): Promise<OutboundCallScenario> {
    return this.post(`/_emulator/tasks/${taskSid}/accept`, { conferenceOptions });
  }

  /**
   * TaskRouter's task `updated` events, pushed by the emulator (Server-Sent Events on /_emulator/events): `onUpdate`
   * gets the task SID of every write, by anyone (the Functions, their status callbacks). EventSource reconnects by
   * itself when the stream drops. Returns the unsubscription.
   */
  onTaskUpdated(onUpdate: (taskSid: string) => void): () => void {
    const source = new EventSource(`${this.baseUrl}/_emulator/events`);
    source.addEventListener('task-updated', (event) => {
      try {
        const { taskSid } = JSON.parse((event as MessageEvent<string>).data) as { taskSid?: unknown };
        if (typeof taskSid === 'string') onUpdate(taskSid);
      } catch {
        // A malformed event says nothing; the next one (or the desk's periodic refresh) catches up.
      }
    });
    return () => source.close();
  }

  answer(callSid: string): Promise<unknown> {
    return this.post(`/_emulator/calls/${callSid}/answer`, {});
  }

  hangUp(callSid: string, status?: 'no-answer'): Promise<unknown> {
    return this.post(`/_emulator/calls/${callSid}/hangup`, status ? { status } : {});
  }

  endConference(conferenceSid: string): Promise<unknown> {
    return this.post(`/_emulator/conferences/${conferenceSid}/end`, {});
  }

  addParticipant(conferenceSid: string, to: string): Promise<{ callSid: string }> {
    return this.post(`/_emulator/conferences/${conferenceSid}/participants`, { to });
  }

  issueToken(workerSid: string, identity: string): Promise<{ token: string }> {
    return this.post('/_emulator/tokens', { workerSid, identity, roles: ['agent'] });
  }

  configureFaults(faults: Record<string, unknown>): Promise<unknown> {
    return this.post('/_emulator/faults', faults);
  }

  /** Flex's native recordings of the conference (none unless Flex's accept asked for conferenceRecord). */
  async conferenceRecordings(conferenceSid: string): Promise<ConferenceRecordingState[]> {
    const answer = await this.request<{ recordings: ConferenceRecordingState[] }>('GET', `/_emulator/conferences/${conferenceSid}/recordings`);
    return answer.recordings;
  }

  state(): Promise<EmulatorState> {
    return this.request('GET', '/_emulator/state');
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.request('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${payload.error ?? ''}`);
    return payload;
  }
}
