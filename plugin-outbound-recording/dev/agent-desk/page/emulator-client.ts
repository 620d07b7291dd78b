/**
 * The agent desk's client for the Twilio emulator's local control API (/_emulator/...): it plays
 * Twilio's side of a call (the customer answering, hanging up, a transfer target joining) and reads the
 * emulator's state back for display. Loopback only; see serverless/emulator/README.md.
 */

export interface OutboundCallSids {
  taskSid: string;
  reservationSid: string;
  workerSid: string;
  workerIdentity: string;
  conferenceSid: string;
  workerCallSid: string;
  customerCallSid: string;
  customerNumber: string;
}

export interface RecordingState {
  sid: string;
  callSid: string;
  status: string;
  channels: number;
  durationSeconds: number | null;
}

export interface TaskState {
  sid: string;
  assignmentStatus: string;
  taskChannelUniqueName: string;
  attributes: unknown;
  etag: string;
}

export interface EmulatorState {
  calls: Array<{ sid: string; from: string; to: string; status: string }>;
  recordings: RecordingState[];
  tasks: TaskState[];
  conferences: Array<{ sid: string; friendlyName: string; status: string; participants: Array<{ callSid: string; status: string }> }>;
  reservations: Array<{ sid: string; taskSid: string; workerSid: string; status: string }>;
}

export class EmulatorClient {
  constructor(private readonly baseUrl: string) {}

  placeOutboundCall(customerNumber: string, workerIdentity: string): Promise<OutboundCallSids> {
    return this.post('/_emulator/calls/outbound', { customerNumber, workerIdentity, callerId: '+14155550199' });
  }

  answer(callSid: string): Promise<unknown> {
    return this.post(`/_emulator/calls/${callSid}/answer`, {});
  }

  hangUp(callSid: string, status?: 'no-answer'): Promise<unknown> {
    return this.post(`/_emulator/calls/${callSid}/hangup`, status ? { status } : {});
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
