/**
 * One agent's browser page on the real Flex UI runtime (in an agent process of its own: Flex is a page
 * singleton): Flex's store, Manager, Actions, auto-accept, WorkerListener and ConferenceListener (with its
 * 500 ms participant throttle) on the SDK fakes of dev/real-flex, and the real plugin loaded on it as Flex
 * loads plugins. The calls are built on the SIDs the Twilio emulator gave them, so the plugin's requests
 * name calls the Functions find in the emulator.
 *
 * Required only after prepareRealFlexRuntime() (real-flex-agent-process.ts): importing it loads Flex.
 */
import { readRecordingRequestBody } from '../../../src/contract/recording-api';
import { RealFlexSession } from '../../real-flex/boot-real-flex';
import type { SimulatedCall } from '../../real-flex/sdk/flex-backend';
import OutboundRecordingPlugin from '../../../src/OutboundRecordingPlugin';
import type { AgentIdentity, AnswerReply, DialReply, DialRequest, SettleReply } from './protocol';

const ACCEPT_TIMEOUT_MS = 10_000;

interface PageCall {
  flex: SimulatedCall;
  request: DialRequest;
  answeredAt: number | null;
  shownAt: number | null;
  stopWatchingStore: () => void;
}

type Participant = { participantType?: string; callSid?: string };

/** The plugin's requests, seen where it sends them (globalThis.fetch), per call SID. */
class PluginTraffic {
  inFlight = 0;
  private readonly firstAt = new Map<string, number>();
  private readonly counts = new Map<string, number>();

  install(): void {
    const original = globalThis.fetch;
    globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const sentAt = performance.now();
      const callSid = String(readRecordingRequestBody(init?.body)?.CallSid ?? '');
      if (!this.firstAt.has(callSid)) this.firstAt.set(callSid, sentAt);
      this.counts.set(callSid, (this.counts.get(callSid) ?? 0) + 1);
      this.inFlight += 1;
      return original(input, init).finally(() => (this.inFlight -= 1));
    };
  }

  firstRequestAt(callSid: string): number | null {
    return this.firstAt.get(callSid) ?? null;
  }

  requests(callSid: string): number {
    return this.counts.get(callSid) ?? 0;
  }
}

type AcceptPayload = { conferenceOptions?: Record<string, unknown> } | undefined;

/** Another plugin's before-listener that sets its own conference status callback on every accept; returns its removal. */
function addOtherPluginCallback(flex: RealFlexSession['flex'], url: string | undefined): () => void {
  if (url === undefined) return () => undefined;
  const listener = (payload: AcceptPayload) => {
    if (payload === undefined) return;
    const theirs = { conferenceStatusCallback: url, conferenceStatusCallbackEvent: 'start end' };
    // Into Flex's own object when there is one, as the plugins of the real-Flex tests do.
    if (payload.conferenceOptions !== undefined) Object.assign(payload.conferenceOptions, theirs);
    else payload.conferenceOptions = theirs;
  };
  flex.Actions.addListener('beforeAcceptTask', listener);
  return () => flex.Actions.removeListener('beforeAcceptTask', listener);
}

export class RealFlexPage {
  private readonly session: RealFlexSession;
  private readonly plugin: OutboundRecordingPlugin;
  private readonly calls = new Map<string, PageCall>();
  private readonly traffic = new PluginTraffic();

  private readonly removeOtherPlugin: () => void;

  constructor(agent: AgentIdentity) {
    this.session = new RealFlexSession({ workerSid: agent.workerSid, workerName: agent.identity, token: agent.token, latencyMs: agent.latencyMs });
    this.traffic.install();
    // Added first, so it runs first, as a plugin Flex loaded before ours would.
    this.removeOtherPlugin = addOtherPluginCallback(this.session.flex, agent.otherPluginConferenceStatusCallback);
    // Read by the plugin's init (flex-plugin-scripts inlines it at build time).
    process.env.FLEX_APP_FUNCTIONS_BASE_URL = agent.functionsBaseUrl;
    this.plugin = new OutboundRecordingPlugin();
    this.plugin.init(this.session.flex, this.session.manager);
  }

  /**
   * The agent dials: TaskRouter offers the outbound reservation, Flex auto-accepts it (AcceptTask, the
   * plugin's before-listener), TaskRouter accepts after L, and the agent's leg joins the conference.
   */
  dial(request: DialRequest): Promise<DialReply> {
    const { backend } = this.session;
    const flex = backend.dial({
      to: String(request.attributes.to ?? request.attributes.outbound_to ?? ''),
      taskSid: request.taskSid,
      reservationSid: request.reservationSid,
      conferenceSid: request.conferenceSid,
      attributes: request.attributes,
      // The agent's leg gets the emulator's call SID (agentJoins() would make up one).
      agentJoinsOnAccept: false,
    });
    const call: PageCall = { flex, request, answeredAt: null, shownAt: null, stopWatchingStore: () => undefined };
    this.calls.set(request.taskSid, call);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Flex did not accept ${request.reservationSid} within ${ACCEPT_TIMEOUT_MS} ms`)), ACCEPT_TIMEOUT_MS);
      // After Flex's own `accepted` listener, as SimulatedCall.accept() adds the agent's leg.
      flex.reservation.once('accepted', () => {
        clearTimeout(timer);
        flex.addParty('agent', { callSid: request.workerCallSid, workerSid: backend.worker.sid });
        resolve({ agentJoinedAt: performance.now(), conferenceInstruction: flex.conferenceInstruction ?? null });
      });
    });
  }

  /** The customer answers: the SDK reports the customer's leg added (and answered); Flex shows it after its throttle. */
  answer(taskSid: string): AnswerReply {
    const call = this.callOf(taskSid);
    const { customerCallSid } = call.request;
    const store = this.session.store;
    const shows = (): boolean => {
      const conference = (store.getState() as { flex: { conferences: { states: Map<string, { source?: { participants?: Participant[] } }> } } }).flex.conferences.states.get(taskSid);
      return (conference?.source?.participants ?? []).some((p) => p.participantType === 'customer' && p.callSid === customerCallSid);
    };
    call.stopWatchingStore = store.subscribe(() => {
      if (call.shownAt !== null || !shows()) return;
      call.shownAt = performance.now();
      call.stopWatchingStore();
    });
    call.answeredAt = performance.now();
    call.flex.customerAnswers({ callSid: customerCallSid });
    return { answeredAt: call.answeredAt };
  }

  /**
   * Waits until the plugin is done with the call's start: its requests answered and the indicator showing an
   * outcome (recording, or a failure), or the watch gone (a plugin whose watch ends once recorded).
   */
  async settle(taskSid: string, timeoutMs: number): Promise<SettleReply> {
    const call = this.callOf(taskSid);
    const { customerCallSid } = call.request;
    const view = () => this.plugin.views?.get(taskSid)?.kind;
    const done = () =>
      call.shownAt !== null &&
      this.traffic.requests(customerCallSid) > 0 &&
      this.traffic.inFlight === 0 &&
      (view() === 'recording' || view() === 'failed' || view() === 'not-recording' || (this.plugin.coordinator?.activeWatchCount ?? 0) === 0);
    const deadline = performance.now() + timeoutMs;
    while (!done() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    return {
      shownAt: call.shownAt,
      firstRequestAt: this.traffic.firstRequestAt(customerCallSid),
      requests: this.traffic.requests(customerCallSid),
      view: view(),
      settled: done(),
    };
  }

  /** The call ends: every leg leaves, the reservation goes to wrap-up, the agent completes the task. */
  async finish(taskSid: string): Promise<void> {
    const call = this.callOf(taskSid);
    call.stopWatchingStore();
    call.flex.hangUp();
    call.flex.complete();
    this.calls.delete(taskSid);
    // Let Flex and the plugin see the task end before the next call is dialled.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  dispose(): void {
    for (const call of this.calls.values()) call.stopWatchingStore();
    this.plugin.dispose();
    this.removeOtherPlugin();
    this.session.unloadPage();
  }

  private callOf(taskSid: string): PageCall {
    const call = this.calls.get(taskSid);
    if (call === undefined) throw new Error(`no call for task ${taskSid} on this page`);
    return call;
  }
}
