import { SdkEmitter } from './sdk-emitter';

/**
 * The TaskRouter SDK objects Flex UI 2.17.1 sits on (twilio-taskrouter's Worker, Reservation, Task), with
 * the fields and events Flex reads. They hold no logic of their own: FakeTwilioBackend (flex-backend.ts)
 * changes them and emits what TaskRouter would.
 */

export type ReservationStatus = 'pending' | 'accepted' | 'rejected' | 'timeout' | 'canceled' | 'rescinded' | 'wrapping' | 'completed';
export type TaskStatus = 'pending' | 'reserved' | 'assigned' | 'wrapping' | 'completed' | 'canceled';

export interface TaskTransfers {
  incoming: Record<string, unknown> | null;
  outgoing: Record<string, unknown> | null;
}

export class FakeTask extends SdkEmitter {
  status: TaskStatus = 'reserved';
  readonly taskChannelSid = 'TC00000000000000000000000000000001';
  readonly workflowSid = 'WW00000000000000000000000000000001';
  readonly workflowName = 'Assign to Anyone';
  readonly priority = 0;
  readonly timeout = 86400;
  readonly reason: string | null = null;
  readonly age = 0;
  readonly dateCreated = new Date();
  dateUpdated = new Date();
  transfers: TaskTransfers = { incoming: null, outgoing: null };

  constructor(
    readonly sid: string,
    public attributes: Record<string, unknown>,
    readonly taskChannelUniqueName: string,
    readonly queueSid: string,
    readonly queueName: string,
    /** Outbound calls target the worker who dialled; Flex auto-accepts only then. */
    readonly routingTarget: string | null,
    /** What TaskRouter does with setAttributes (the backend applies and announces it). */
    private readonly onSetAttributes: (task: FakeTask, attributes: Record<string, unknown>) => Promise<FakeTask>,
  ) {
    super();
  }

  setAttributes(attributes: Record<string, unknown>): Promise<FakeTask> {
    return this.onSetAttributes(this, attributes);
  }

  updateParticipant(): Promise<FakeTask> {
    return Promise.resolve(this);
  }

  transfer(): Promise<FakeTask> {
    return Promise.resolve(this);
  }
}

export class FakeReservation extends SdkEmitter {
  status: ReservationStatus = 'pending';
  readonly dateCreated = new Date();
  dateUpdated = new Date();
  readonly timeout = 120;
  canceledReasonCode: number | undefined;

  constructor(
    readonly sid: string,
    readonly workerSid: string,
    readonly task: FakeTask,
    /** What TaskRouter does with a conference instruction (the backend records it and accepts). */
    private readonly onConference: (reservation: FakeReservation, options: Record<string, unknown>) => Promise<FakeReservation>,
  ) {
    super();
  }

  /** Flex's AcceptTask for a call: every key of its conferenceOptions is forwarded to TaskRouter here. */
  conference(options: Record<string, unknown> = {}): Promise<FakeReservation> {
    return this.onConference(this, options);
  }

  accept(): Promise<FakeReservation> {
    return this.onConference(this, {});
  }

  reject(): Promise<FakeReservation> {
    return Promise.resolve(this);
  }

  updateParticipant(): Promise<FakeReservation> {
    return Promise.resolve(this);
  }
}

export interface FakeActivity {
  sid: string;
  name: string;
  available: boolean;
  isCurrent: boolean;
  setAsCurrent(): Promise<FakeActivity>;
}

export class FakeWorker extends SdkEmitter {
  readonly reservations = new Map<string, FakeReservation>();
  readonly activities = new Map<string, FakeActivity>();
  activity: FakeActivity;
  readonly dateUpdated = new Date();
  readonly workspaceSid = 'WS00000000000000000000000000000001';
  connected = true;

  constructor(
    readonly sid: string,
    readonly name: string,
    public attributes: Record<string, unknown>,
    private readonly onCreateTask: (to: string, from: string, options: { attributes?: Record<string, unknown> }) => Promise<string>,
  ) {
    super();
    const available: FakeActivity = { sid: 'WA00000000000000000000000000000001', name: 'Available', available: true, isCurrent: true, setAsCurrent: () => Promise.resolve(available) };
    const offline: FakeActivity = { sid: 'WA00000000000000000000000000000002', name: 'Offline', available: false, isCurrent: false, setAsCurrent: () => Promise.resolve(offline) };
    this.activities.set(available.sid, available);
    this.activities.set(offline.sid, offline);
    this.activity = available;
  }

  get available(): boolean {
    return this.activity.available;
  }

  /** StartOutboundCall: `createTask(to, from, workflowSid, taskQueueSid, { attributes, taskChannelUniqueName })`. */
  createTask(to: string, from: string, _workflowSid: string, _queueSid: string, options: { attributes?: Record<string, unknown> } = {}): Promise<string> {
    return this.onCreateTask(to, from, options);
  }

  disconnect(): void {
    this.connected = false;
  }

  updateToken(): void {}
}
