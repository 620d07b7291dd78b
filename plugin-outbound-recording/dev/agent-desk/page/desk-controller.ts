import * as Flex from '../../flex-stand-in';
import { EmulatorClient, OutboundCallSids } from './emulator-client';

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
