import type * as Flex from '@twilio/flex-ui';

import type { OutboundCallScenario, TwilioEmulator } from 'outbound-recording-functions/emulator';
import type { SimCall } from '../../flex-stand-in';
import type { AgentPage } from './agent-bundle';

export type Design = 'ours' | 'naive';

/** One outbound call as both worlds see it: Twilio's (the emulator) and the agent's Flex (the stand-in). */
export interface BenchCall {
  sids: OutboundCallScenario;
  sim: SimCall;
}

/**
 * One agent: a browser page of their own (stand-in + one plugin, ours or the naive one), signed in with a
 * Flex token the emulator's IAM accepts. Calls are staged as the agent desk does (desk-controller.ts): Twilio
 * creates task, conference and legs; Flex auto-accepts the outbound task; the agent's leg joins.
 */
export class BenchAgent {
  private workerSid: string | undefined;
  private readonly disposePlugin: () => void;
  private readonly watchCount: () => number;
  private readonly viewOf: (taskSid: string) => string | undefined;

  constructor(
    readonly page: AgentPage,
    readonly design: Design,
    private readonly emulator: TwilioEmulator,
    functionsBaseUrl: string,
    readonly identity: string,
  ) {
    const { FlexStandIn } = page;
    FlexStandIn.desk.reset();
    // Read by the plugin's init (flex-plugin-scripts would inline it at build time).
    process.env.FLEX_APP_FUNCTIONS_BASE_URL = functionsBaseUrl;
    const plugin = design === 'ours' ? new page.OutboundRecordingPlugin() : new page.NaiveRecordingPlugin();
    // The stand-in models only the surface the plugins use, hence the casts to Flex's full types.
    plugin.init(FlexStandIn as unknown as typeof Flex, FlexStandIn.Manager.getInstance() as unknown as Flex.Manager);
    // The naive plugin has no watches and nothing to dispose (its polls end with their tasks).
    this.watchCount = () => (plugin instanceof page.OutboundRecordingPlugin ? plugin.coordinator?.activeWatchCount ?? 0 : 0);
    this.viewOf = (taskSid) => (plugin instanceof page.OutboundRecordingPlugin ? plugin.views?.get(taskSid)?.kind : undefined);
    this.disposePlugin = () => (plugin instanceof page.OutboundRecordingPlugin ? plugin.dispose() : undefined);
  }

  /** The agent dials; the customer's leg rings until answer(). */
  async dial(customerNumber: string): Promise<BenchCall> {
    const sids = this.emulator.placeOutboundCall({ workerIdentity: this.identity, customerNumber, ...(this.workerSid ? { workerSid: this.workerSid } : {}) });
    if (this.workerSid === undefined) {
      this.workerSid = sids.workerSid;
      this.page.FlexStandIn.Manager.getInstance().user.token = this.emulator.issueFlexToken({ workerSid: sids.workerSid, identity: this.identity });
    }
    const sim = await this.page.FlexStandIn.desk.placeOutboundCall({
      to: sids.customerNumber,
      taskSid: sids.taskSid,
      reservationSid: sids.reservationSid,
      attributes: { to: sids.customerNumber },
    });
    sim.conferenceStarts(sids.conferenceSid);
    sim.join('worker', { callSid: sids.workerCallSid });
    return { sids, sim };
  }

  /**
   * The customer answers: Twilio first, then Flex's store shows the customer's leg. Returns the moment that
   * store update was dispatched (our watch reacts inside the dispatch, synchronously).
   */
  answer(call: BenchCall): number {
    this.emulator.answerCall(call.sids.customerCallSid);
    const dispatchedAt = performance.now();
    call.sim.customerAnswers({ callSid: call.sids.customerCallSid, phoneNumber: call.sids.customerNumber });
    return dispatchedAt;
  }

  /** Hang up (unless told not to: hanging up makes Twilio send more status callbacks), wrap up, complete. */
  async finish(call: BenchCall, options: { hangUp: boolean } = { hangUp: true }): Promise<void> {
    if (options.hangUp) this.emulator.hangUp(call.sids.customerCallSid);
    await call.sim.wrapUp();
    await call.sim.complete();
  }

  /** Our plugin's watches still running (0 for the naive one, which has none). */
  get activeWatches(): number {
    return this.watchCount();
  }

  /**
   * Our plugin is done starting this call's recording: its indicator shows an outcome (recording, or a
   * failure), or its watch is gone (a plugin whose watch ends once the call is recorded). The watch may stay
   * until the task ends (it follows the customer to a new leg), so "no watches" alone is not the signal.
   * Always true for the naive plugin (no indicator, no watches).
   */
  startSettled(taskSid: string): boolean {
    return isStartOutcome(this.viewOf(taskSid)) || this.watchCount() === 0;
  }

  dispose(): void {
    this.disposePlugin();
  }
}

/** Indicator states that end a start: the call is recorded, or the plugin gave up on it. */
export function isStartOutcome(view: string | undefined): boolean {
  return view === 'recording' || view === 'paused' || view === 'failed' || view === 'not-recording';
}
