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
 *
 * For our design the accept goes the way of TaskRouter: the stand-in's AcceptTask runs the plugin's
 * before-listener, and the conference options it leaves (the server-side trigger's status callback) are the
 * instruction the emulator applies before the agent's leg joins, so Twilio reports the agent's join and later
 * the customer's to the Functions. Twilio's writes to the task reach this agent's stand-in task as TaskRouter's
 * `updated` event does (the emulator's per-task listener; no polling), until the call is finished or the page
 * closes. The naive design is staged as before (accepted in Twilio at once, no instruction, no task updates).
 */
export class BenchAgent {
  private workerSid: string | undefined;
  private pageClosed = false;
  /** Per task SID: the removal of its TaskRouter `updated` listener (our design only). */
  private readonly taskFollowers = new Map<string, () => void>();
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
    // TaskRouter carries out the accept's conference instruction: in Twilio (the emulator), before the agent's leg joins.
    if (design === 'ours') FlexStandIn.desk.onConferenceInstruction = (taskSid, options) => void this.emulator.acceptOutboundCall(taskSid, options);
  }

  /** The agent dials; the customer's leg rings until answer(). */
  async dial(customerNumber: string): Promise<BenchCall> {
    if (this.pageClosed) throw new Error(`${this.identity}: the page is closed; a closed page cannot dial`);
    const serverPath = this.design === 'ours';
    const sids = this.emulator.placeOutboundCall({
      workerIdentity: this.identity,
      customerNumber,
      ...(this.workerSid ? { workerSid: this.workerSid } : {}),
      // Ours: Twilio waits for Flex's accept (its instruction carries the plugin's status callback); outbound_to as
      // Flex's backend writes it, so Flex's task and Twilio's have the same attributes (TaskRouter pushes Twilio's).
      ...(serverPath ? { acceptLater: true, extraTaskAttributes: { outbound_to: customerNumber } } : {}),
    });
    if (this.workerSid === undefined) {
      this.workerSid = sids.workerSid;
      this.page.FlexStandIn.Manager.getInstance().user.token = this.emulator.issueFlexToken({ workerSid: sids.workerSid, identity: this.identity });
    }
    const twilioTask = serverPath ? this.emulator.getTask(sids.taskSid) : undefined;
    // AcceptTask runs inside: the plugin's before-listener, then (ours) the emulator's accept and the agent's join.
    const sim = await this.page.FlexStandIn.desk.placeOutboundCall({
      to: sids.customerNumber,
      taskSid: sids.taskSid,
      reservationSid: sids.reservationSid,
      attributes: twilioTask?.attributes ?? { to: sids.customerNumber },
    });
    if (twilioTask) this.followTask(sim, twilioTask.attributesJson);
    sim.conferenceStarts(sids.conferenceSid);
    sim.join('worker', { callSid: sids.workerCallSid });
    return { sids, sim };
  }

  /**
   * The customer answers: Twilio first, then Flex's store shows the customer's leg. Returns the moment that
   * store update was dispatched (our watch reacts inside the dispatch, synchronously). After closePage() only
   * Twilio's side happens (there is no page to show it): the moment returned is Twilio's answer.
   */
  answer(call: BenchCall): number {
    this.emulator.answerCall(call.sids.customerCallSid);
    const dispatchedAt = performance.now();
    if (!this.pageClosed) call.sim.customerAnswers({ callSid: call.sids.customerCallSid, phoneNumber: call.sids.customerNumber });
    return dispatchedAt;
  }

  /**
   * Hang up (unless told not to: hanging up makes Twilio send more status callbacks), wrap up, complete. After
   * closePage() only the hang-up (Twilio's side): nobody is left to wrap up in Flex.
   */
  async finish(call: BenchCall, options: { hangUp: boolean } = { hangUp: true }): Promise<void> {
    if (options.hangUp) this.emulator.hangUp(call.sids.customerCallSid);
    if (this.pageClosed) return;
    await call.sim.wrapUp();
    await call.sim.complete();
    this.unfollowTask(call.sids.taskSid);
  }

  /**
   * The agent's browser page goes away (tab closed, laptop shut) with its calls still up in Twilio: the plugin is
   * disposed, the stand-in hears no more of TaskRouter, and nothing more happens in Flex. Calls carry on in Twilio
   * (answer() and finish() then act there only), so a customer who answers now is recorded by the server path alone.
   */
  closePage(): void {
    if (this.pageClosed) return;
    this.pageClosed = true;
    this.page.FlexStandIn.desk.onConferenceInstruction = undefined;
    this.stopFollowingTasks();
    this.disposePlugin();
  }

  /** The page was closed (closePage()). */
  get closed(): boolean {
    return this.pageClosed;
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
    this.stopFollowingTasks();
    this.disposePlugin();
  }

  /**
   * TaskRouter's `updated` events of the call's task: what Twilio's writers (the Functions, their status callbacks)
   * change reaches Flex's task, as its SDK delivers it. Writes that leave the attributes as they were (the accept's
   * assignment) are not passed on: Flex's attributes would not change.
   */
  private followTask(sim: SimCall, attributesJson: string): void {
    let shown = attributesJson;
    const remove = this.emulator.onTaskUpdated(sim.taskSid, (task) => {
      // The task left Flex's store (completed, canceled): nothing to update.
      if (this.pageClosed || task.attributesJson === shown || sim.task === undefined) return;
      shown = task.attributesJson;
      sim.updateAttributes(task.attributes);
    });
    this.taskFollowers.set(sim.taskSid, remove);
  }

  private unfollowTask(taskSid: string): void {
    this.taskFollowers.get(taskSid)?.();
    this.taskFollowers.delete(taskSid);
  }

  private stopFollowingTasks(): void {
    for (const remove of this.taskFollowers.values()) remove();
    this.taskFollowers.clear();
  }
}

/** Indicator states that end a start: the call is recorded, or the plugin gave up on it. */
export function isStartOutcome(view: string | undefined): boolean {
  return view === 'recording' || view === 'paused' || view === 'failed' || view === 'not-recording';
}
