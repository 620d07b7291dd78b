import * as Flex from '../../flex-stand-in';
import { EmulatorClient, EmulatorState, OutboundCallSids } from './emulator-client';

/**
 * One outbound call, kept consistent in both worlds: Twilio's (the emulator: calls, conference, task,
 * recordings) and Flex's (the stand-in: task, conference participants in the Redux store). The plugin
 * sees only Flex's world, the Functions only Twilio's, exactly as in production.
 */
export interface DeskCall {
  sids: OutboundCallSids;
  sim: Flex.SimCall;
  customer?: Flex.SimParticipant;
  transfers: Array<{ callSid: string; participant: Flex.SimParticipant }>;
  phase: 'ringing' | 'talking' | 'customer-left' | 'wrapping' | 'completed';
}

const AGENT_IDENTITY = 'alice';

export class DeskController {
  readonly calls: DeskCall[] = [];
  private tokenIssuedFor: string | undefined;

  constructor(
    private readonly emulator: EmulatorClient,
    private readonly onChange: () => void,
  ) {}

  /** The agent dials: Twilio creates task, conference and both legs; Flex auto-accepts the outbound task. */
  async dial(customerNumber: string): Promise<DeskCall> {
    const sids = await this.emulator.placeOutboundCall(customerNumber, AGENT_IDENTITY);
    await this.signIn(sids.workerSid);
    const sim = await Flex.desk.placeOutboundCall({
      to: sids.customerNumber,
      taskSid: sids.taskSid,
      reservationSid: sids.reservationSid,
      attributes: { to: sids.customerNumber, from: '+14155550199' },
    });
    sim.conferenceStarts(sids.conferenceSid);
    sim.join('worker', { callSid: sids.workerCallSid });
    const call: DeskCall = { sids, sim, transfers: [], phase: 'ringing' };
    this.calls.push(call);
    this.onChange();
    return call;
  }

  /**
   * After a real page reload: rebuilds Flex's side (accepted tasks, their conferences) from Twilio's state,
   * as Flex would load them, so the plugin finds the live calls and shows what the task attributes say.
   */
  async restore(state: EmulatorState): Promise<void> {
    for (const restored of restorableCalls(state)) {
      await this.signIn(restored.sids.workerSid);
      const sim = Flex.desk.restoreCall({
        taskSid: restored.sids.taskSid,
        reservationSid: restored.sids.reservationSid,
        attributes: restored.attributes,
        status: restored.phase === 'wrapping' ? 'wrapping' : 'accepted',
        conferenceSid: restored.sids.conferenceSid,
        participants: restored.participants,
      });
      const participants = sim.participants();
      const customer = participants.find((p) => p.participantType === 'customer');
      const call: DeskCall = { sids: restored.sids, sim, transfers: [], phase: restored.phase };
      if (customer) call.customer = new Flex.SimParticipant(Flex.desk, sim.taskSid, customer.participantSid ?? '');
      this.calls.push(call);
    }
    this.onChange();
  }

  /** TaskRouter pushed new attributes (the Functions wrote them): Flex's task follows, as Flex's SDK does. */
  syncAttributes(state: EmulatorState): void {
    for (const call of this.calls) {
      const task = state.tasks.find((t) => t.sid === call.sids.taskSid);
      const current = call.sim.task?.attributes;
      if (task && current && JSON.stringify(task.attributes) !== JSON.stringify(current)) {
        call.sim.updateAttributes(task.attributes as Record<string, unknown>);
      }
    }
  }

  async customerAnswers(call: DeskCall): Promise<void> {
    await this.emulator.answer(call.sids.customerCallSid);
    call.customer = call.sim.customerAnswers({ callSid: call.sids.customerCallSid, phoneNumber: call.sids.customerNumber });
    call.phase = 'talking';
    this.onChange();
  }

  async customerHangsUp(call: DeskCall): Promise<void> {
    const answered = call.customer !== undefined;
    await this.emulator.hangUp(call.sids.customerCallSid, answered ? undefined : 'no-answer');
    call.customer?.leave();
    call.phase = 'customer-left';
    this.onChange();
  }

  /** A warm transfer to an external number: a third leg joins the conference (never the customer). */
  async addExternalParticipant(call: DeskCall, to: string): Promise<void> {
    const { callSid } = await this.emulator.addParticipant(call.sids.conferenceSid, to);
    const participant = call.sim.join('transfer', { callSid, phoneNumber: to });
    call.transfers.push({ callSid, participant });
    this.onChange();
  }

  async wrapUp(call: DeskCall): Promise<void> {
    await call.sim.wrapUp();
    call.phase = 'wrapping';
    this.onChange();
  }

  async complete(call: DeskCall): Promise<void> {
    await call.sim.complete();
    call.phase = 'completed';
    this.onChange();
  }

  /** The agent's Flex token, issued by the emulator's IAM for the worker the emulator created. */
  private async signIn(workerSid: string): Promise<void> {
    if (this.tokenIssuedFor === workerSid) return;
    const { token } = await this.emulator.issueToken(workerSid, AGENT_IDENTITY);
    Flex.Manager.getInstance().user.token = token;
    this.tokenIssuedFor = workerSid;
  }
}

interface RestorableCall {
  sids: OutboundCallSids;
  attributes: Record<string, unknown>;
  phase: DeskCall['phase'];
  participants: Array<{ type: 'worker' | 'customer' | 'transfer'; callSid: string; phoneNumber?: string }>;
}

/** Live outbound voice tasks this agent holds (an accepted reservation), with their conference's current legs. */
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
    const workerCall = state.calls.find((c) => c.to.startsWith('client:') && conference.participants.some((p) => p.callSid === c.sid));
    const participants = conference.participants
      .filter((p) => !['complete', 'failed'].includes(p.status))
      .map((p) => {
        const call = calls.get(p.callSid);
        const type: 'worker' | 'customer' | 'transfer' = call?.to.startsWith('client:') ? 'worker' : call?.to === customerNumber ? 'customer' : 'transfer';
        return { type, callSid: p.callSid, phoneNumber: call?.to };
      });
    const customerStatus = customerCall?.status;
    const phase: DeskCall['phase'] =
      task.assignmentStatus === 'wrapping' ? 'wrapping' : customerStatus === 'in-progress' ? 'talking' : customerStatus === 'ringing' || customerStatus === 'queued' ? 'ringing' : 'customer-left';
    result.push({
      sids: {
        taskSid: task.sid,
        reservationSid: reservation.sid,
        workerSid: reservation.workerSid,
        workerIdentity: AGENT_IDENTITY,
        conferenceSid: conference.sid,
        workerCallSid: workerCall?.sid ?? '',
        customerCallSid: customerCall?.sid ?? '',
        customerNumber,
      },
      attributes,
      phase,
      participants,
    });
  }
  return result;
}
