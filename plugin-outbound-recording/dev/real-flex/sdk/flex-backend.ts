import { ChannelFacts, LegFacts, RawParticipantType, listedParticipant, rawParticipantEvent } from './interaction-participants';
import { newSid } from './sids';
import { FakeReservation, FakeTask, FakeWorker, ReservationStatus, TaskStatus } from './taskrouter-fakes';

/**
 * Twilio's side of a Flex agent's session, as far as Flex UI sees it through its SDKs: TaskRouter (the
 * worker, reservations, tasks and their events) and the Interactions channel client (the conference's
 * voice channel and its participants, wrap-up and completion). Everything is in memory and synchronous
 * where Twilio's SDKs are event driven; what takes time in Twilio (a conference instruction being carried
 * out) takes `latencyMs` here, on the page's timers (jest fake timers in tests).
 */

export const DEFAULT_ACCOUNT_SID = 'AC00000000000000000000000000000001';
export const DEFAULT_WORKER_SID = 'WK00000000000000000000000000000001';
export const DEFAULT_QUEUE = { sid: 'WQ00000000000000000000000000000001', name: 'Everyone' };

export interface BackendOptions {
  accountSid?: string;
  workerSid?: string;
  workerName?: string;
  /** How long TaskRouter takes to carry out a conference instruction (the accept). */
  latencyMs?: number;
}

export interface DialOptions {
  to?: string;
  taskSid?: string;
  reservationSid?: string;
  /** Extra attributes, merged over what Flex and its backend write for an outbound call. */
  attributes?: Record<string, unknown>;
  queue?: { sid: string; name: string };
  /** The conference SID TaskRouter will use (default: a fresh CF SID); null: the channel never reports one. */
  conferenceSid?: string | null;
  /** Outbound calls target the dialling worker (Flex auto-accepts them); false makes it an ordinary offer. */
  targetsWorker?: boolean;
  /** Default true: the agent's own leg joins as soon as TaskRouter has accepted. */
  agentJoinsOnAccept?: boolean;
  /** TaskRouter's incoming transfer on the task (a transferred call). */
  transfer?: Record<string, unknown>;
  /** The task's channel (default 'voice'): another one makes a task that is not a call. */
  taskChannelUniqueName?: string;
}

/** What a conference instruction was given: every key of the AcceptTask payload's conferenceOptions. */
export type ConferenceInstruction = Record<string, unknown>;

export interface BackendEvents {
  /** A leg was added, changed or removed (the sandbox mirrors it into the Twilio emulator). */
  onLeg?: (call: SimulatedCall, leg: SimulatedLeg, change: 'added' | 'modified' | 'removed') => void;
  onConferenceInstruction?: (call: SimulatedCall, instruction: ConferenceInstruction) => void;
}

export class FakeFlexBackend {
  readonly accountSid: string;
  readonly worker: FakeWorker;
  readonly interactions: FakeInteractionsClient;
  readonly calls = new Map<string, SimulatedCall>();
  readonly latencyMs: number;
  events: BackendEvents = {};
  /** Makes the next conference instructions fail, as TaskRouter does when the reservation is gone. */
  failConferenceInstructions = false;

  constructor(options: BackendOptions = {}) {
    this.accountSid = options.accountSid ?? DEFAULT_ACCOUNT_SID;
    this.latencyMs = options.latencyMs ?? 50;
    this.worker = new FakeWorker(
      options.workerSid ?? DEFAULT_WORKER_SID,
      options.workerName ?? 'alice',
      { contact_uri: 'client:alice', full_name: 'Alice Agent', roles: ['agent'] },
      (to, from, createOptions) => Promise.resolve(this.dial({ to, attributes: { ...createOptions.attributes, from } }).task.sid),
    );
    this.interactions = new FakeInteractionsClient(this);
  }

  /** An outbound call from this worker's dialpad: the pending reservation TaskRouter offers the worker. */
  dial(options: DialOptions = {}): SimulatedCall {
    const to = options.to ?? '+15005550006';
    const queue = options.queue ?? DEFAULT_QUEUE;
    const taskSid = options.taskSid ?? newSid('WT');
    const attributes = {
      // Flex writes `direction`; its backend adds the rest (FLEX-FACTS: outbound_to, name, conference come from it).
      direction: 'outbound',
      outbound_to: to,
      name: to,
      from: '+15005550001',
      ...options.attributes,
    };
    const task = new FakeTask(
      taskSid,
      attributes,
      options.taskChannelUniqueName ?? 'voice',
      queue.sid,
      queue.name,
      options.targetsWorker === false ? null : this.worker.sid,
      (changed, next) => this.setTaskAttributes(changed, next),
    );
    if (options.transfer !== undefined) task.transfers = { incoming: options.transfer, outgoing: null };
    const reservation = new FakeReservation(options.reservationSid ?? newSid('WR'), this.worker.sid, task, (r, o) => this.conferenceInstruction(r, o));
    const call = new SimulatedCall(this, reservation, options.conferenceSid === null ? undefined : options.conferenceSid ?? newSid('CF'), options.agentJoinsOnAccept !== false);
    this.calls.set(taskSid, call);
    this.worker.reservations.set(reservation.sid, reservation);
    this.worker.emit('reservationCreated', reservation);
    return call;
  }

  /** An inbound call offered to this worker (Studio's Send to Flex): pending until the agent accepts. */
  offerInbound(options: Omit<DialOptions, 'targetsWorker'> = {}): SimulatedCall {
    return this.dial({ ...options, targetsWorker: false, attributes: { direction: 'inbound', from: '+15005550007', ...options.attributes } });
  }

  /**
   * A call transferred to this worker by a colleague: a new task on the same conference, whose reservation
   * carries TaskRouter's incoming transfer; Flex shows it as an incoming task for the agent to accept.
   */
  receiveTransfer(from: SimulatedCall, mode: 'COLD' | 'WARM' = 'WARM'): SimulatedCall {
    const call = this.dial({
      conferenceSid: from.conferenceSid ?? null,
      targetsWorker: false,
      attributes: { ...from.task.attributes, conference: { sid: from.conferenceSid } },
      transfer: { mode, type: 'WORKER', sid: newSid('TT'), to: this.worker.sid, worker_sid: 'WK00000000000000000000000000000099', status: 'initiated' },
    });
    // The same legs stay on the conference: the receiving task's channel lists them too.
    for (const leg of from.legs.filter((candidate) => !candidate.gone && candidate.facts.type !== 'agent')) call.adoptLeg(leg);
    return call;
  }

  /** Calls whose reservations exist before the page loads (a reload): Flex reads worker.reservations. */
  callByTask(taskSid: string): SimulatedCall | undefined {
    return this.calls.get(taskSid);
  }

  /** TaskRouter pushes new attributes to every client (what another writer, e.g. the Functions, changed). */
  pushTaskAttributes(taskSid: string, attributes: Record<string, unknown>): void {
    const call = this.calls.get(taskSid);
    if (call === undefined) return;
    call.task.attributes = attributes;
    call.task.dateUpdated = new Date();
    call.task.emit('updated', call.task);
  }

  private setTaskAttributes(task: FakeTask, attributes: Record<string, unknown>): Promise<FakeTask> {
    this.pushTaskAttributes(task.sid, attributes);
    return Promise.resolve(task);
  }

  private conferenceInstruction(reservation: FakeReservation, instruction: ConferenceInstruction): Promise<FakeReservation> {
    const call = this.calls.get(reservation.task.sid);
    if (call === undefined || this.failConferenceInstructions || reservation.status !== 'pending') {
      return Promise.reject(new Error(`Reservation ${reservation.sid} is not pending`));
    }
    call.conferenceInstruction = instruction;
    this.events.onConferenceInstruction?.(call, instruction);
    // TaskRouter accepts asynchronously: AcceptTask (and its after-listeners) finish while the reservation is still pending.
    setTimeout(() => call.accept(), this.latencyMs);
    return Promise.resolve(reservation);
  }
}

export class SimulatedLeg {
  constructor(
    private readonly call: SimulatedCall,
    readonly facts: LegFacts,
  ) {}

  get callSid(): string | undefined {
    return this.facts.callSid;
  }

  /** True while Twilio would list the call as in progress (answered, not hung up). */
  answered = false;
  gone = false;

  /** The customer picks up: Twilio's call is in progress; Flex's participant does not change (it is "joined" since it was added). */
  answer(): this {
    this.answered = true;
    this.call.legChanged(this, 'modified', 'participant-join');
    return this;
  }

  hold(onHold = true): this {
    this.facts.hold = onHold;
    this.call.legChanged(this, 'modified', onHold ? 'participant-hold' : 'participant-unhold');
    return this;
  }

  /** Twilio gives a leg its call SID (a leg listed for a moment without one). */
  setCallSid(callSid: string): this {
    this.facts.callSid = callSid;
    this.call.legChanged(this, 'modified', 'participant-join');
    return this;
  }

  leave(): this {
    this.gone = true;
    this.answered = false;
    this.call.legChanged(this, 'removed', 'participant-leave');
    return this;
  }
}

export interface AddLegOptions {
  /** Default: a fresh CA SID; null: listed without a call SID for now. */
  callSid?: string | null;
  /** Default for customers: ringing (added, not answered). */
  answered?: boolean;
  workerSid?: string;
}

export class SimulatedCall {
  readonly legs: SimulatedLeg[] = [];
  readonly channelSid = newSid('UO');
  readonly interactionSid = newSid('KD');
  conferenceInstruction: ConferenceInstruction | undefined;
  private sequence = 0;

  constructor(
    private readonly backend: FakeFlexBackend,
    readonly reservation: FakeReservation,
    readonly conferenceSid: string | undefined,
    private readonly agentJoinsOnAccept: boolean,
  ) {}

  get task(): FakeTask {
    return this.reservation.task;
  }

  get taskSid(): string {
    return this.task.sid;
  }

  get channel(): ChannelFacts {
    return { accountSid: this.backend.accountSid, taskSid: this.taskSid, channelSid: this.channelSid, interactionSid: this.interactionSid };
  }

  /** The voice channel Flex's ConferenceListener asks for, once the reservation is accepted. */
  voiceChannel(): Record<string, unknown> | undefined {
    if (this.reservation.status === 'pending') return undefined;
    return { sid: this.channelSid, type: 'voice', status: 'active', mediaSid: this.conferenceSid };
  }

  listedParticipants(): Array<Record<string, unknown>> {
    return this.legs.filter((leg) => !leg.gone).map((leg) => listedParticipant(this.channel, leg.facts));
  }

  /** TaskRouter carried out the conference instruction: the reservation is accepted. */
  accept(): void {
    if (this.reservation.status !== 'pending') return;
    this.setStatuses('accepted', 'assigned');
    this.reservation.emit('accepted', this.reservation);
    if (this.agentJoinsOnAccept) this.agentJoins();
  }

  /**
   * The reservation was accepted somewhere else (the agent's second tab, or a path that skips AcceptTask):
   * this page only sees TaskRouter's `accepted` event.
   */
  acceptedElsewhere(): void {
    this.accept();
  }

  /** A leg of another task's conference that this task's channel lists too (a transfer's receiving task). */
  adoptLeg(leg: SimulatedLeg): void {
    this.legs.push(leg);
  }

  agentJoins(): SimulatedLeg {
    return this.addLeg('agent', { answered: true, workerSid: this.reservation.workerSid });
  }

  /** The customer's leg is added to the conference, ringing until `answer()` (unless answered: true). */
  customerLegAdded(options: AddLegOptions = {}): SimulatedLeg {
    return this.addLeg('customer', options);
  }

  /** The usual outbound call: the customer's leg is added and answered at once. */
  customerAnswers(options: AddLegOptions = {}): SimulatedLeg {
    return this.addLeg('customer', { ...options, answered: true });
  }

  /** Another party: a third number dialled in ('external'), a colleague or transfer target ('agent'), a monitoring supervisor. */
  addParty(type: RawParticipantType, options: AddLegOptions = {}): SimulatedLeg {
    return this.addLeg(type, { answered: true, ...options });
  }

  customerLeg(): SimulatedLeg | undefined {
    return this.legs.filter((leg) => leg.facts.type === 'customer' && !leg.gone).pop();
  }

  agentLeg(): SimulatedLeg | undefined {
    return this.legs.find((leg) => leg.facts.type === 'agent' && leg.facts.workerSid === this.reservation.workerSid && !leg.gone);
  }

  /** The agent ends the call: every leg leaves and TaskRouter moves the reservation to wrapping. */
  hangUp(): void {
    for (const leg of this.legs.filter((candidate) => !candidate.gone)) leg.leave();
    this.wrapUp();
  }

  wrapUp(): void {
    if (this.reservation.status === 'wrapping' || this.isOver()) return;
    this.setStatuses('wrapping', 'wrapping');
    this.reservation.emit('wrapup', this.reservation);
    this.task.emit('wrapup', this.task);
  }

  complete(): void {
    if (this.isOver()) return;
    this.setStatuses('completed', 'completed');
    this.reservation.emit('completed', this.reservation);
    this.backend.worker.reservations.delete(this.reservation.sid);
  }

  /** TaskRouter cancels the task (the customer never answered, the agent cancelled the dial). */
  cancel(): void {
    if (this.isOver()) return;
    this.setStatuses('canceled', 'canceled');
    this.reservation.emit('canceled', this.reservation);
    this.backend.worker.reservations.delete(this.reservation.sid);
  }

  /** The reservation is rejected (an accept that did not go through: the agent or TaskRouter said no). */
  reject(): void {
    if (this.isOver()) return;
    this.setStatuses('rejected', 'pending');
    this.reservation.emit('rejected', this.reservation);
    this.backend.worker.reservations.delete(this.reservation.sid);
  }

  legChanged(leg: SimulatedLeg, change: 'added' | 'modified' | 'removed', statusCallbackEvent: string): void {
    this.sequence += 1;
    leg.facts.sequenceNumber = this.sequence;
    leg.facts.statusCallbackEvent = statusCallbackEvent;
    const event = change === 'added' ? 'participantAdded' : change === 'modified' ? 'participantModified' : 'participantRemoved';
    this.task.emit(event, this.task, rawParticipantEvent(this.channel, leg.facts));
    this.backend.events.onLeg?.(this, leg, change);
  }

  private addLeg(type: RawParticipantType, options: AddLegOptions): SimulatedLeg {
    const leg = new SimulatedLeg(this, {
      participantSid: newSid('UT'),
      type,
      callSid: options.callSid === null ? undefined : options.callSid ?? newSid('CA'),
      conferenceSid: this.conferenceSid,
      workerSid: options.workerSid,
      reservationSid: options.workerSid === this.reservation.workerSid ? this.reservation.sid : undefined,
      hold: false,
      muted: false,
      sequenceNumber: 0,
      statusCallbackEvent: 'participant-join',
      connecting: false,
    });
    leg.answered = options.answered === true;
    this.legs.push(leg);
    this.legChanged(leg, 'added', 'participant-join');
    return leg;
  }

  private isOver(): boolean {
    const over: ReadonlyArray<ReservationStatus> = ['completed', 'canceled', 'rejected', 'timeout', 'rescinded'];
    return over.includes(this.reservation.status);
  }

  private setStatuses(reservation: ReservationStatus, task: TaskStatus): void {
    this.reservation.status = reservation;
    this.reservation.dateUpdated = new Date();
    this.task.status = task;
    this.task.dateUpdated = new Date();
  }
}

/**
 * The Interactions ("CBM") client Flex keeps as FlexModule.cbmClient: the task's channels and participants,
 * and the wrap-up / completion of a reservation.
 */
export class FakeInteractionsClient {
  constructor(private readonly backend: FakeFlexBackend) {}

  getChannels(task: { sid: string }): Promise<Array<Record<string, unknown>>> {
    const channel = this.backend.callByTask(task.sid)?.voiceChannel();
    return Promise.resolve(channel === undefined ? [] : [channel]);
  }

  getParticipants(task: { sid: string }, channelSid: string): Promise<Array<Record<string, unknown>>> {
    const call = this.backend.callByTask(task.sid);
    return Promise.resolve(call !== undefined && call.channelSid === channelSid ? call.listedParticipants() : []);
  }

  /** AcceptTask for a task that is not a call (no conference instruction): the reservation is accepted after latencyMs. */
  acceptReservation(reservation: { task: { sid: string } }): Promise<void> {
    const call = this.backend.callByTask(reservation.task.sid);
    if (call === undefined || call.reservation.status !== 'pending') return Promise.reject(new Error(`Reservation of ${reservation.task.sid} is not pending`));
    setTimeout(() => call.accept(), this.backend.latencyMs);
    return Promise.resolve();
  }

  wrapReservation(reservation: { task: { sid: string } }): Promise<void> {
    this.backend.callByTask(reservation.task.sid)?.wrapUp();
    return Promise.resolve();
  }

  completeReservation(reservation: { task: { sid: string } }): Promise<void> {
    this.backend.callByTask(reservation.task.sid)?.complete();
    return Promise.resolve();
  }
}
