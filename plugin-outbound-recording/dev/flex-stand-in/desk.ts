import { StandInActions } from './actions';
import {
  ChannelParticipantType,
  Conference,
  ConferenceParticipant,
  ConferenceStatus,
  ParticipantSource,
} from './conference';
import { DEFAULT_WORKER_SID, StandInManager } from './manager';
import { StandInNotifications } from './notifications';
import { CHURN, SYNC } from './store';
import { StandInTask, TaskReservationStatus, TaskTaskStatus } from './task';

/**
 * Drives the stand-in like a contact centre would: calls placed and answered, legs joining and leaving,
 * tasks wrapping up, the page reloading. Every change goes through the Redux store (new Map, new task and
 * conference objects), and task lifecycle steps go through Flex's actions and events, as in Flex UI 2.17.
 */

/** Which of Flex's two views of a conference shows a participant (reported in the wild: sometimes only one). */
export type ParticipantVisibility = 'both' | 'store-only' | 'task-only';

export interface JoinOptions {
  /** A call SID to use; null joins without one (Flex shows such legs for a moment). Default: a fresh CA SID. */
  callSid?: string | null;
  visibility?: ParticipantVisibility;
  /** Default: true for 'worker' legs (this agent), false otherwise. */
  isCurrentWorker?: boolean;
  workerSid?: string;
  phoneNumber?: string;
}

interface ParticipantModel extends ParticipantSource {
  visibility: ParticipantVisibility;
  leftAt: number | undefined;
}

interface ConferenceModel {
  status: ConferenceStatus;
  conferenceSid: string;
  participants: ParticipantModel[];
}

interface CallModel {
  reservationSid: string;
  taskSid: string;
  status: TaskReservationStatus;
  taskStatus: TaskTaskStatus;
  attributes: Record<string, unknown>;
  channel: string;
  dateCreated: Date;
  conference: ConferenceModel | undefined;
  /** What AcceptTask asked TaskRouter for (its payload's conferenceOptions, after every before-listener). */
  conferenceInstruction?: Record<string, unknown>;
}

/**
 * TaskRouter carrying out a call's conference instruction (the reservation's `conference()`, which Flex's AcceptTask
 * awaits): `conferenceOptions` is the AcceptTask payload's, as the before-listeners left it (a copy).
 */
export type ConferenceInstructionHandler = (taskSid: string, conferenceOptions: Record<string, unknown>) => void | Promise<void>;

export interface PlaceCallOptions {
  to?: string;
  /** Flex auto-accepts outbound call tasks; false leaves the task pending. */
  autoAccept?: boolean;
  /** Extra task attributes (merged over the defaults). */
  attributes?: Record<string, unknown>;
  /** SIDs issued elsewhere (the local sandbox uses the Twilio emulator's); fresh ones by default. */
  taskSid?: string;
  reservationSid?: string;
}

export interface ListenerCounts {
  store: number;
  actions: Record<string, number>;
  events: Record<string, number>;
}

/** Plugin state Flex keeps per page (shortcuts, content fragments, providers): gone on a reload. */
export interface PageState {
  resetPluginState(): void;
}

/** An accepted call found in Twilio's state (the agent desk rebuilds its page from the emulator after a reload). */
export interface RestoredCall {
  taskSid: string;
  reservationSid: string;
  attributes: Record<string, unknown>;
  status: 'accepted' | 'wrapping';
  conferenceSid?: string;
  participants: Array<{ type: ChannelParticipantType; callSid: string; phoneNumber?: string }>;
}

export class FlexDesk {
  private calls = new Map<string, CallModel>();
  private readonly pageState: PageState[] = [];
  private counter = 0;
  private tasksLoaded = true;
  private workerSid = DEFAULT_WORKER_SID;
  /**
   * Where a voice task's accept sends its conference instruction (the benchmark applies it in the Twilio emulator);
   * unset: nowhere, the accept just goes through. A fresh page (reset()) has none.
   */
  onConferenceInstruction: ConferenceInstructionHandler | undefined;

  constructor(
    readonly manager: StandInManager,
    readonly actions: StandInActions,
    readonly notifications: StandInNotifications,
  ) {
    this.registerFlexActions();
  }

  /** Registers more per-page plugin state to reset with the page. */
  addPageState(...state: PageState[]): void {
    this.pageState.push(...state);
  }

  /**
   * A call that was already accepted before this page loaded (a reload mid-call): the task arrives in the
   * store as Flex loads it, accepted, with its conference; no AcceptTask action runs.
   */
  restoreCall(call: RestoredCall): SimCall {
    const model: CallModel = {
      reservationSid: call.reservationSid,
      taskSid: call.taskSid,
      status: call.status,
      taskStatus: call.status === 'wrapping' ? 'wrapping' : 'assigned',
      attributes: call.attributes,
      channel: 'voice',
      dateCreated: new Date(0),
      conference: undefined,
    };
    model.conference = {
      status: call.status === 'wrapping' ? 'closed' : call.conferenceSid ? 'active' : 'setup',
      conferenceSid: call.conferenceSid ?? '',
      participants: call.participants.map((p) => this.newParticipant(model, p.type, { callSid: p.callSid, phoneNumber: p.phoneNumber })),
    };
    this.calls.set(call.taskSid, model);
    this.sync();
    return new SimCall(this, call.taskSid, call.reservationSid);
  }

  /** A fresh page with no calls: store, listeners, notifications and user are all reset. */
  reset(): void {
    this.calls.clear();
    this.onConferenceInstruction = undefined;
    this.tasksLoaded = true;
    this.workerSid = DEFAULT_WORKER_SID;
    this.manager.resetUser();
    this.newPage();
  }

  /**
   * The agent reloads the page mid-shift: every plugin listener, subscription and notification is gone and a
   * new store is created; calls carry on server-side. With tasksLoaded false the store starts without tasks
   * (as Flex while it still loads them) until loadTasks(). Timers of the old page are the caller's business.
   */
  reloadPage(options: { tasksLoaded?: boolean } = {}): void {
    this.tasksLoaded = options.tasksLoaded ?? true;
    this.newPage();
  }

  loadTasks(): void {
    this.tasksLoaded = true;
    this.sync();
  }

  /** An unrelated store update, and fresh conference objects with unchanged content: the churn real Flex has. */
  churn(): void {
    this.manager.store.dispatch({ type: CHURN });
    this.sync();
  }

  /** The agent dials out: the task arrives pending and Flex accepts it through the AcceptTask action. */
  async placeOutboundCall(options: PlaceCallOptions = {}): Promise<SimCall> {
    const to = options.to ?? '+15555550100';
    const attributes = { direction: 'outbound', outbound_to: to, from: '+15555550199', name: to, ...options.attributes };
    const call = this.addCall('voice', attributes, { taskSid: options.taskSid, reservationSid: options.reservationSid });
    if (options.autoAccept ?? true) await call.accept();
    return call;
  }

  /** A call arrives from a customer; the agent accepts with call.accept(). */
  receiveInboundCall(options: { from?: string; attributes?: Record<string, unknown> } = {}): SimCall {
    const from = options.from ?? '+15555550111';
    return this.addCall('voice', { direction: 'inbound', from, name: from, call_sid: this.sid('CA'), ...options.attributes });
  }

  /** Any other channel (chat, email...), for checking the plugin leaves it alone. */
  receiveTask(channel: string, attributes: Record<string, unknown> = {}): SimCall {
    return this.addCall(channel, attributes);
  }

  listenerCounts(): ListenerCounts {
    return {
      store: this.manager.store.listenerCount(),
      actions: this.actions.listenerCounts(),
      events: this.manager.events.listenerCounts(),
    };
  }

  /** Store subscriptions + action listeners + Flex event listeners: zero means nothing is left behind. */
  totalListenerCount(): number {
    return this.manager.store.listenerCount() + this.actions.totalListenerCount() + this.manager.events.totalListenerCount();
  }

  /** A fresh SID of the given kind ("CA", "CF", "WT"...): two letters and 32 hex digits. */
  sid(prefix: string): string {
    this.counter += 1;
    return prefix + this.counter.toString(16).padStart(32, '0');
  }

  // ---- used by SimCall / SimParticipant ----

  model(taskSid: string): CallModel {
    const call = this.calls.get(taskSid);
    if (!call) throw new Error(`No call with task ${taskSid}`);
    return call;
  }

  task(taskSid: string): StandInTask | undefined {
    const call = this.calls.get(taskSid);
    return call ? this.manager.store.getState().flex.worker.tasks.get(call.reservationSid) : undefined;
  }

  update(taskSid: string, change: (call: CallModel) => void): void {
    change(this.model(taskSid));
    this.sync();
  }

  removeCall(taskSid: string): void {
    this.calls.delete(taskSid);
    this.sync();
  }

  newParticipant(call: CallModel, type: ChannelParticipantType | undefined, options: JoinOptions): ParticipantModel {
    const isWorker = type === 'worker';
    return {
      participantSid: this.sid('CP'),
      participantType: type,
      status: 'joined',
      callSid: options.callSid === null ? undefined : options.callSid ?? this.sid('CA'),
      workerSid: options.workerSid ?? (isWorker ? this.workerSid : ''),
      reservationSid: isWorker ? call.reservationSid : '',
      isCurrentWorker: options.isCurrentWorker ?? isWorker,
      onHold: false,
      muted: false,
      connecting: false,
      phoneNumber: options.phoneNumber ?? (isWorker ? undefined : String(call.attributes.outbound_to ?? call.attributes.from ?? '')),
      visibility: options.visibility ?? 'both',
      leftAt: undefined,
    };
  }

  private newPage(): void {
    for (const state of this.pageState) state.resetPluginState();
    this.manager.resetStrings();
    this.actions.resetPluginState();
    this.manager.events.removeAllListeners();
    this.notifications.resetPluginState();
    this.manager.replaceStore(this.workerSid);
    this.sync();
  }

  private addCall(channel: string, attributes: Record<string, unknown>, sids: { taskSid?: string; reservationSid?: string } = {}): SimCall {
    const call: CallModel = {
      reservationSid: sids.reservationSid ?? this.sid('WR'),
      taskSid: sids.taskSid ?? this.sid('WT'),
      status: 'pending',
      taskStatus: 'reserved',
      attributes,
      channel,
      dateCreated: new Date(0),
      conference: undefined,
    };
    this.calls.set(call.taskSid, call);
    this.sync();
    this.manager.events.emit('taskReceived', this.task(call.taskSid));
    return new SimCall(this, call.taskSid, call.reservationSid);
  }

  /** The actions Flex registers itself and that the desk drives; plugins listen to or replace them. */
  private registerFlexActions(): void {
    const resolveTask = (payload: { sid?: string; task?: StandInTask } | undefined) => {
      const task = payload?.task ?? (payload?.sid ? this.manager.store.getState().flex.worker.tasks.get(payload.sid) : undefined);
      return { ...payload, task };
    };
    const taskSidOf = (payload: { task?: StandInTask }): string => {
      if (!payload.task) throw new Error('No task in payload');
      return payload.task.taskSid;
    };
    this.actions.registerAction(
      'AcceptTask',
      async (payload) => {
        const taskSid = taskSidOf(payload);
        if (this.model(taskSid).channel === 'voice') {
          // Flex passes conferenceOptions to the reservation's conference() and awaits TaskRouter's answer.
          const options = isRecord(payload.conferenceOptions) ? { ...payload.conferenceOptions } : {};
          this.model(taskSid).conferenceInstruction = options;
          await this.onConferenceInstruction?.(taskSid, { ...options });
        }
        this.update(taskSid, (call) => {
          call.status = 'accepted';
          call.taskStatus = 'assigned';
          if (call.channel === 'voice') call.conference = { status: 'setup', conferenceSid: '', participants: [] };
        });
        this.manager.events.emit('taskAccepted', this.task(taskSid));
      },
      resolveTask,
    );
    this.actions.registerAction(
      'RejectTask',
      async (payload) => {
        const taskSid = taskSidOf(payload);
        this.removeCall(taskSid);
        this.manager.events.emit('taskRejected', payload.task);
      },
      resolveTask,
    );
    this.actions.registerAction(
      'WrapupTask',
      async (payload) => {
        const taskSid = taskSidOf(payload);
        this.update(taskSid, (call) => {
          call.status = 'wrapping';
          call.taskStatus = 'wrapping';
          if (call.conference) endConference(call.conference, 'closed');
        });
        this.manager.events.emit('taskWrapup', this.task(taskSid));
      },
      resolveTask,
    );
    this.actions.registerAction(
      'CompleteTask',
      async (payload) => {
        const taskSid = taskSidOf(payload);
        const completed = this.task(taskSid);
        this.removeCall(taskSid);
        this.manager.events.emit('taskCompleted', completed);
      },
      resolveTask,
    );
  }

  /** Publishes the model: new tasks Map and conference states Map, new objects throughout. */
  private sync(): void {
    const tasks = new Map<string, StandInTask>();
    const conferences = new Map<string, { source: Conference }>();
    if (this.tasksLoaded) {
      for (const call of this.calls.values()) {
        const storeConference = call.conference && buildConference(call.taskSid, call.conference, 'task-only');
        const taskConference = call.conference && buildConference(call.taskSid, call.conference, 'store-only');
        tasks.set(call.reservationSid, this.buildTask(call, taskConference));
        if (storeConference) conferences.set(call.taskSid, { source: storeConference });
      }
    }
    this.manager.store.dispatch({ type: SYNC, tasks, conferences });
  }

  private buildTask(call: CallModel, conference: Conference | undefined): StandInTask {
    const desk = this;
    const attributes = { ...call.attributes };
    return {
      sid: call.reservationSid,
      taskSid: call.taskSid,
      status: call.status,
      taskStatus: call.taskStatus,
      attributes,
      taskChannelUniqueName: call.channel,
      taskChannelSid: 'TC' + (call.channel === 'voice' ? '1' : '2').padStart(32, '0'),
      channelType: call.channel,
      queueName: 'Everyone',
      queueSid: 'WQ' + '0'.repeat(32),
      workerSid: this.workerSid,
      workflowName: 'Assign to Anyone',
      workflowSid: 'WW' + '0'.repeat(32),
      routingTarget: call.attributes.direction === 'outbound' ? this.workerSid : '',
      priority: 0,
      timeout: 86400,
      reason: '',
      age: 0,
      dateCreated: call.dateCreated,
      dateUpdated: call.dateCreated,
      defaultFrom: String(call.attributes.name ?? call.attributes.from ?? 'Anonymous'),
      formattedAttributes: { from: stringOrUndefined(call.attributes.from), outbound_to: stringOrUndefined(call.attributes.outbound_to) },
      addOns: {},
      conference,
      source: { sid: call.reservationSid, taskSid: call.taskSid },
      sourceObject: { sid: call.reservationSid },
      wrapUp: () => desk.actions.invokeAction('WrapupTask', { sid: call.reservationSid }).then(() => undefined),
      complete: () => desk.actions.invokeAction('CompleteTask', { sid: call.reservationSid }).then(() => undefined),
      setAttributes: async (next: object) => desk.update(call.taskSid, (model) => (model.attributes = { ...next })),
    };
  }
}

export class SimCall {
  constructor(private readonly desk: FlexDesk, readonly taskSid: string, readonly reservationSid: string) {}

  /** The task as the store shows it now (undefined once it left the store). */
  get task(): StandInTask | undefined {
    return this.desk.task(this.taskSid);
  }

  get conferenceSid(): string {
    return this.desk.model(this.taskSid).conference?.conferenceSid ?? '';
  }

  accept(): Promise<unknown> {
    return this.desk.actions.invokeAction('AcceptTask', { sid: this.reservationSid });
  }

  /** The conference options the accept sent to TaskRouter (after the before-listeners), once it has; a copy. */
  get conferenceInstruction(): Record<string, unknown> | undefined {
    const options = this.desk.model(this.taskSid).conferenceInstruction;
    return options === undefined ? undefined : { ...options };
  }

  reject(): Promise<unknown> {
    return this.desk.actions.invokeAction('RejectTask', { sid: this.reservationSid });
  }

  /** Twilio created the conference: status 'setup' -> 'active', with a CF SID. */
  conferenceStarts(conferenceSid?: string): this {
    this.desk.update(this.taskSid, (call) => {
      if (!call.conference) throw new Error('The task has no conference (not accepted yet?)');
      call.conference.status = 'active';
      call.conference.conferenceSid = conferenceSid ?? this.desk.sid('CF');
    });
    return this;
  }

  join(type: ChannelParticipantType | undefined, options: JoinOptions = {}): SimParticipant {
    let key = '';
    this.desk.update(this.taskSid, (call) => {
      if (!call.conference) throw new Error('The task has no conference (not accepted yet?)');
      const participant = this.desk.newParticipant(call, type, options);
      call.conference.participants.push(participant);
      key = participant.participantSid;
    });
    return new SimParticipant(this.desk, this.taskSid, key);
  }

  /** The agent's own leg: conference active and this worker joined (always first on an outbound call). */
  connectAgent(): SimParticipant {
    if (this.desk.model(this.taskSid).conference?.status === 'setup') this.conferenceStarts();
    return this.join('worker');
  }

  customerAnswers(options: JoinOptions = {}): SimParticipant {
    return this.join('customer', options);
  }

  participants(): ConferenceParticipant[] {
    return this.task?.conference?.participants ?? [];
  }

  wrapUp(): Promise<unknown> {
    return this.desk.actions.invokeAction('WrapupTask', { sid: this.reservationSid });
  }

  complete(): Promise<unknown> {
    return this.desk.actions.invokeAction('CompleteTask', { sid: this.reservationSid });
  }

  /** TaskRouter cancels the task (e.g. the call failed before it was answered); it leaves the store. */
  cancel(): void {
    const task = this.task;
    this.desk.update(this.taskSid, (call) => {
      call.status = 'canceled';
      call.taskStatus = 'canceled';
    });
    this.desk.removeCall(this.taskSid);
    this.desk.manager.events.emit('taskCanceled', task);
  }

  /**
   * TaskRouter changed the task's attributes (e.g. the Functions wrote the recording state): Flex's task
   * gets them, as a new snapshot, and emits taskUpdated.
   */
  updateAttributes(attributes: Record<string, unknown>): void {
    this.desk.update(this.taskSid, (call) => {
      call.attributes = { ...attributes };
    });
    this.desk.manager.events.emit('taskUpdated', this.task);
  }

  /** Any status change without the matching action (e.g. 'paused', or what another tab did). */
  setStatus(status: TaskReservationStatus, taskStatus?: TaskTaskStatus): void {
    this.desk.update(this.taskSid, (call) => {
      call.status = status;
      if (taskStatus) call.taskStatus = taskStatus;
    });
    this.desk.manager.events.emit('taskUpdated', this.task);
  }
}

export class SimParticipant {
  constructor(private readonly desk: FlexDesk, private readonly taskSid: string, readonly participantSid: string) {}

  get callSid(): string | undefined {
    return this.model().callSid;
  }

  /** The leg's call SID becomes known (Flex shows legs without one for a moment). */
  setCallSid(callSid?: string): this {
    this.change((p) => (p.callSid = callSid ?? this.desk.sid('CA')));
    return this;
  }

  leave(): this {
    this.change((p) => {
      p.status = 'left';
      p.leftAt = 0;
    });
    return this;
  }

  showIn(visibility: ParticipantVisibility): this {
    this.change((p) => (p.visibility = visibility));
    return this;
  }

  private model(): ParticipantModel {
    const found = this.desk.model(this.taskSid).conference?.participants.find((p) => p.participantSid === this.participantSid);
    if (!found) throw new Error(`No participant ${this.participantSid}`);
    return found;
  }

  private change(edit: (participant: ParticipantModel) => void): void {
    this.desk.update(this.taskSid, () => edit(this.model()));
  }
}

function buildConference(taskSid: string, model: ConferenceModel, hiddenVisibility: ParticipantVisibility): Conference {
  const conference = new Conference(taskSid, model.status, model.conferenceSid);
  conference.participants = model.participants
    .filter((p) => p.visibility !== hiddenVisibility)
    .map((p) => new ConferenceParticipant({ ...p }, p.leftAt));
  return conference;
}

function endConference(conference: ConferenceModel, status: ConferenceStatus): void {
  conference.status = status;
  for (const participant of conference.participants) {
    if (participant.status === 'joined') {
      participant.status = 'left';
      participant.leftAt = 0;
    }
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
