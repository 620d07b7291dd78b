import type { FakeFlexBackend, SimulatedCall, SimulatedLeg, ConferenceInstruction } from '../../real-flex/sdk/flex-backend';
import type { FakePhone } from '../../real-flex/sdk/voice-fakes';
import type { EmulatorClient, EmulatorState, OutboundCallSids } from './emulator-client';

/**
 * One outbound call, kept consistent in both worlds: Twilio's (the emulator: task, reservation, conference,
 * call legs, recordings: what the Functions see) and the SDK layer below the real Flex UI (FakeFlexBackend:
 * the TaskRouter reservation and task, the conference's participants as the Interactions channel reports
 * them, the agent's Voice SDK call). Both carry the same task, reservation, conference and call SIDs. The
 * plugin sees only Flex, the Functions only Twilio, as in production.
 */
export interface DeskCall {
  sids: OutboundCallSids;
  flex: SimulatedCall;
  /** The customer's leg is a conference participant while it rings (Flex shows it joined at once). */
  listedWhileRinging: boolean;
  /** Twilio's side of the customer: their call ended (answered or not). */
  customerEnded: boolean;
  /** What Flex's AcceptTask asked TaskRouter for (its conferenceOptions), once it has. */
  instruction?: ConferenceInstruction;
  /**
   * Twilio's side of that accept (the emulator applied the instruction, then the agent's leg joined): settles once
   * it is done or has failed. Undefined until Flex accepts (and for calls restored after a reload, accepted before).
   */
  twilioAccept?: Promise<void>;
  /** Why Twilio's side of the accept failed, if it did. */
  acceptError?: string;
}

export type DeskPhase = 'accepting' | 'ringing' | 'talking' | 'ended' | 'wrapping' | 'completed' | 'canceled';

export function phaseOf(call: DeskCall): DeskPhase {
  switch (call.flex.reservation.status) {
    case 'pending':
      return 'accepting';
    case 'wrapping':
      return 'wrapping';
    case 'completed':
      return 'completed';
    case 'accepted':
      break;
    default:
      return 'canceled';
  }
  if (call.customerEnded) return 'ended';
  return call.flex.customerLeg()?.answered ? 'talking' : 'ringing';
}

/** Tasks the agent completed in Flex: TaskRouter forgets their reservations, the emulator's control API cannot say so. */
const COMPLETED_KEY = 'agent-desk.completed-tasks';

export class DeskController {
  readonly calls: DeskCall[] = [];
  /** Default for new calls (the desk's checkbox): whether Twilio lists the customer's leg while it rings. */
  customerListedWhileRinging = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly emulator: EmulatorClient,
    private readonly backend: FakeFlexBackend,
    private readonly phone: () => FakePhone,
    private readonly onChange: () => void,
  ) {
    // Flex's StartOutboundCall (its dialpad, or the desk's Call button) ends in TaskRouter's createTask: here Twilio
    // (the emulator) creates the call first, and TaskRouter offers Flex the reservation with the same SIDs.
    backend.worker.createTask = (to, from, _workflowSid, _queueSid, options = {}) =>
      this.serial(() => this.placeCall(to, from, options.attributes ?? {})).then((call) => call.sids.taskSid);
    backend.events = {
      onConferenceInstruction: (simulated, instruction) => {
        const call = this.find(simulated.taskSid);
        if (call) {
          call.instruction = instruction;
          call.twilioAccept = this.acceptInTwilio(call, instruction);
        }
        this.onChange();
      },
      onLeg: (simulated, leg, change) => this.legChanged(simulated, leg, change),
    };
  }

  /** The agent dials from Flex: Flex's own StartOutboundCall action (what its dialpad invokes). */
  dial(destination: string, invoke: (action: string, payload: Record<string, unknown>) => Promise<unknown>): Promise<unknown> {
    return invoke('StartOutboundCall', { destination });
  }

  /**
   * Twilio side of the customer picking up (the emulator's call in progress, so the Functions can record it),
   * then the SDK layer: the customer's leg, added now or (listed while ringing) answered.
   */
  customerAnswers(call: DeskCall): Promise<void> {
    return this.serial(async () => {
      // Twilio dials the customer only once the accept is carried out.
      await call.twilioAccept;
      await this.emulator.answer(call.sids.customerCallSid);
      const leg = call.flex.customerLeg();
      if (leg) leg.answer();
      else call.flex.customerAnswers({ callSid: call.sids.customerCallSid });
      this.onChange();
    });
  }

  /**
   * The customer hangs up (or never answers and the dial gives up). Flex's conference instruction asks TaskRouter to
   * end the conference when the customer leaves (endConferenceOnCustomerExit): then every leg ends and TaskRouter moves
   * the reservation to wrap-up.
   */
  customerHangsUp(call: DeskCall): Promise<void> {
    return this.serial(async () => {
      const leg = call.flex.customerLeg();
      await this.emulator.hangUp(call.sids.customerCallSid, leg?.answered ? undefined : 'no-answer');
      call.customerEnded = true;
      leg?.leave();
      if (call.instruction?.endConferenceOnCustomerExit !== false) await this.endConference(call);
      this.onChange();
    });
  }

  /** A third party dialled into the conference (an external number): Twilio's leg first, then Flex's participant. */
  addExternalParticipant(call: DeskCall, to: string): Promise<void> {
    return this.serial(async () => {
      const { callSid } = await this.emulator.addParticipant(call.sids.conferenceSid, to);
      call.flex.addParty('external', { callSid });
      this.onChange();
    });
  }

  /**
   * The agent hangs up in Flex (HangupCall disconnects their Voice SDK call). With endConferenceOnExit (Flex sets it
   * for the first worker) the conference ends for everyone; otherwise only the agent's leg does.
   */
  agentHangsUp(call: DeskCall): Promise<void> {
    return this.serial(async () => {
      if (call.instruction?.endConferenceOnExit !== false) {
        await this.endConference(call);
      } else {
        await this.emulator.hangUp(call.sids.workerCallSid);
        call.flex.agentLeg()?.leave();
        call.flex.wrapUp();
      }
      this.onChange();
    });
  }

  /**
   * After a real page reload: Twilio still has the agent's live tasks. TaskRouter's reservations and the conference's
   * legs are rebuilt below Flex from the emulator's state, with the page closed; then the page loads (`loadPage`) and
   * Flex finds them as it does after a reload: every reservation's task and conference, without AcceptTask.
   */
  restore(state: EmulatorState, closePage: () => void, loadPage: () => void): void {
    const completed = this.completedTasks();
    const restorable = restorableCalls(state).filter((r) => !completed.has(r.sids.taskSid));
    if (restorable.length === 0) return;
    closePage();
    for (const restored of restorable) {
      const flex = this.backend.dial({
        to: restored.sids.customerNumber,
        taskSid: restored.sids.taskSid,
        reservationSid: restored.sids.reservationSid,
        conferenceSid: restored.sids.conferenceSid,
        attributes: restored.attributes,
        agentJoinsOnAccept: false,
      });
      flex.accept();
      const call: DeskCall = { sids: restored.sids, flex, listedWhileRinging: false, customerEnded: restored.customerEnded };
      // What Flex asked for when it accepted (not kept by Twilio): its defaults for an outbound call.
      call.instruction = { endConferenceOnExit: true, endConferenceOnCustomerExit: true };
      this.calls.push(call);
      for (const leg of restored.legs) {
        if (leg.type === 'agent') flex.addParty('agent', { callSid: leg.callSid, workerSid: this.backend.worker.sid });
        else if (leg.type === 'customer') flex.customerLegAdded({ callSid: leg.callSid, answered: leg.answered });
        else flex.addParty('external', { callSid: leg.callSid });
      }
      call.listedWhileRinging = restored.legs.some((leg) => leg.type === 'customer' && !leg.answered);
      if (restored.wrapping) flex.wrapUp();
    }
    loadPage();
    for (const call of this.calls) {
      const agent = call.flex.agentLeg();
      if (agent?.callSid) this.connectAgent(call, agent.callSid);
    }
    this.onChange();
  }

  /** TaskRouter pushes attribute changes (the Functions wrote them in the emulator) to Flex's task, as its SDK does. */
  syncAttributes(state: EmulatorState): void {
    for (const call of this.calls) {
      if (phaseOf(call) === 'completed' || phaseOf(call) === 'canceled') continue;
      const task = state.tasks.find((t) => t.sid === call.sids.taskSid);
      if (task && JSON.stringify(task.attributes) !== JSON.stringify(call.flex.task.attributes)) {
        this.backend.pushTaskAttributes(call.sids.taskSid, task.attributes as Record<string, unknown>);
      }
    }
  }

  find(taskSid: string): DeskCall | undefined {
    return this.calls.find((call) => call.sids.taskSid === taskSid);
  }

  private async placeCall(to: string, from: string, flexAttributes: Record<string, unknown>): Promise<DeskCall> {
    const listedWhileRinging = this.customerListedWhileRinging;
    const scenario = await this.emulator.placeOutboundCall({
      customerNumber: to,
      callerId: from,
      workerSid: this.backend.worker.sid,
      workerIdentity: this.backend.worker.name,
      // What Flex wrote (direction) and what its backend adds for a dialpad call (outbound_to).
      extraTaskAttributes: { ...flexAttributes, outbound_to: to },
      customerListedWhileRinging: listedWhileRinging,
      // Twilio's legs wait for Flex's accept: its conference instruction (the plugin's status callback among its
      // options) is applied before the agent's leg joins, as TaskRouter does (acceptInTwilio).
      acceptLater: true,
    });
    const { workspaceSid: _workspaceSid, callerId: _callerId, ...sids } = scenario;
    // Flex's task gets exactly Twilio's attributes.
    const task = (await this.emulator.state()).tasks.find((t) => t.sid === sids.taskSid);
    const flex = this.backend.dial({
      to,
      taskSid: sids.taskSid,
      reservationSid: sids.reservationSid,
      conferenceSid: sids.conferenceSid,
      attributes: (task?.attributes ?? {}) as Record<string, unknown>,
      agentJoinsOnAccept: false,
    });
    const call: DeskCall = { sids, flex, listedWhileRinging, customerEnded: false };
    this.calls.push(call);
    // TaskRouter carried out Flex's conference instruction: once the agent's leg is in Twilio's conference, Flex's
    // channel lists it, and the customer's, if Twilio lists it while it rings.
    flex.reservation.once('accepted', () => {
      void (call.twilioAccept ?? Promise.resolve()).then(() => {
        if (call.acceptError !== undefined) return;
        flex.addParty('agent', { callSid: sids.workerCallSid, workerSid: this.backend.worker.sid });
        if (listedWhileRinging && !call.customerEnded) flex.customerLegAdded({ callSid: sids.customerCallSid });
      });
    });
    flex.reservation.once('completed', () => this.rememberCompleted(sids.taskSid));
    this.onChange();
    return call;
  }

  /**
   * Twilio's side of Flex's accept, in the emulator: the instruction exactly as AcceptTask gave it, so a conference
   * status callback among its options reports the agent's join and, later, the customer's (the server-side trigger).
   * A refusal is shown on the call's card: the call then has no legs.
   */
  private acceptInTwilio(call: DeskCall, instruction: ConferenceInstruction): Promise<void> {
    return this.emulator.acceptOutboundCall(call.sids.taskSid, instruction).then(
      () => this.onChange(),
      (error: unknown) => {
        call.acceptError = error instanceof Error ? error.message : String(error);
        this.onChange();
      },
    );
  }

  private legChanged(simulated: SimulatedCall, leg: SimulatedLeg, change: 'added' | 'modified' | 'removed'): void {
    const call = this.find(simulated.taskSid);
    const isAgent = leg.facts.type === 'agent' && leg.facts.workerSid === this.backend.worker.sid;
    if (call && isAgent && change === 'added' && leg.callSid) this.connectAgent(call, leg.callSid);
    if (isAgent && change === 'removed') this.phone().ended(leg.callSid);
    this.onChange();
  }

  /** The agent's browser phone has the conference's call to the worker (Flex answers it for the accepted reservation). */
  private connectAgent(call: DeskCall, callSid: string): void {
    this.phone().connect(callSid, () => void this.agentHangsUp(call));
  }

  private async endConference(call: DeskCall): Promise<void> {
    await this.emulator.endConference(call.sids.conferenceSid);
    call.customerEnded = true;
    // Every leg leaves; TaskRouter moves the reservation to wrap-up.
    call.flex.hangUp();
  }

  private completedTasks(): Set<string> {
    try {
      return new Set(JSON.parse(window.sessionStorage.getItem(COMPLETED_KEY) ?? '[]') as string[]);
    } catch {
      return new Set();
    }
  }

  private rememberCompleted(taskSid: string): void {
    const completed = this.completedTasks();
    completed.add(taskSid);
    window.sessionStorage.setItem(COMPLETED_KEY, JSON.stringify([...completed]));
  }

  /** One change at a time: Twilio's side, then Flex's, in the order the agent and the customer acted. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

interface RestorableCall {
  sids: OutboundCallSids;
  attributes: Record<string, unknown>;
  /** The conference ended (or TaskRouter says wrapping): the agent is in wrap-up. */
  wrapping: boolean;
  customerEnded: boolean;
  legs: Array<{ type: 'agent' | 'customer' | 'external'; callSid: string; answered: boolean }>;
}

/** Outbound voice tasks this agent holds in Twilio (an accepted reservation), with their conference's current legs. */
export function restorableCalls(state: EmulatorState): RestorableCall[] {
  const result: RestorableCall[] = [];
  for (const task of state.tasks) {
    if (task.taskChannelUniqueName !== 'voice' || !['assigned', 'wrapping'].includes(task.assignmentStatus)) continue;
    const reservation = state.reservations.find((r) => r.taskSid === task.sid && ['accepted', 'wrapping'].includes(r.status));
    const conference = state.conferences.find((c) => c.friendlyName === task.sid);
    const attributes = (task.attributes ?? {}) as Record<string, unknown>;
    if (!reservation || !conference || attributes.direction !== 'outbound') continue;
    const customerNumber = String(attributes.outbound_to ?? attributes.to ?? '');
    const calls = new Map(state.calls.map((c) => [c.sid, c]));
    const customerCall = state.calls.find((c) => c.to === customerNumber && !c.to.startsWith('client:'));
    const workerCall = conference.participants.map((p) => calls.get(p.callSid)).find((c) => c?.to.startsWith('client:'));
    const legs = conference.participants
      // Twilio lists the legs still in the conference (those who left are removed).
      .map((p) => {
        const call = calls.get(p.callSid);
        const type: 'agent' | 'customer' | 'external' = call?.to.startsWith('client:') ? 'agent' : p.callSid === customerCall?.sid ? 'customer' : 'external';
        return { type, callSid: p.callSid, answered: call?.status === 'in-progress' };
      });
    const customerEnded = customerCall === undefined || !['queued', 'ringing', 'in-progress'].includes(customerCall.status);
    result.push({
      sids: {
        taskSid: task.sid,
        reservationSid: reservation.sid,
        workerSid: reservation.workerSid,
        workerIdentity: String(workerCall?.to ?? '').replace(/^client:/, ''),
        conferenceSid: conference.sid,
        workerCallSid: workerCall?.sid ?? '',
        customerCallSid: customerCall?.sid ?? '',
        customerNumber,
        // Flex's Interactions channel of the call, as the emulator wrote it into the task.
        interactionSid: String(attributes.flexInteractionSid ?? ''),
        channelSid: String(attributes.flexInteractionChannelSid ?? ''),
      },
      attributes,
      wrapping: task.assignmentStatus === 'wrapping' || conference.status === 'completed',
      customerEnded,
      legs,
    });
  }
  return result;
}
