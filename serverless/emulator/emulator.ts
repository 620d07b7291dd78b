import { CallbackDeliverer } from './callbacks/delivery';
import { controlHandler, type ControlTarget } from './control/control-api';
import { playCustomer } from './customer';
import { Delays } from './delays';
import { FaultEngine, type FaultConfig } from './fault-config';
import { MatchTable, type BeforeHandleHook, type FaultSpec, type Registration, type RequestMatcher } from './faults';
import { resolveBehaviour, type TwilioEmulatorOptions } from './options';
import type { EmulatorRequest } from './request';
import { configurationJson } from './representations/flex';
import { RequestLog, type LoggedRequest, type RequestFilter } from './request-log';
import { COMPILED_ROUTES } from './routes';
import {
  Scenarios,
  type AddAgentToChannelInput,
  type CallView,
  type ConferenceRecordingView,
  type ConferenceView,
  type ExternalPartyInput,
  type InboundCallScenario,
  type InteractionChannelView,
  type OutboundCallScenario,
  type PlaceInboundCallInput,
  type PlaceOutboundCallInput,
  type TransferInput,
  type TransferScenario,
  type RecordingView,
  type SupervisorInput,
  type SupervisorScenario,
  type TaskView,
} from './scenario';
import { startServer, type RunningServer } from './server';
import { TaskUpdateFanOut } from './task-updates';
import { snapshotOf, type EmulatorSnapshot } from './snapshot';
import { newSecret, newSid } from './sids';
import { EmulatorState, type AccountIdentity } from './state';
import type { StatusCallback } from './state/outbox';
import type { ConferenceInstructionOptions } from './state/voice';
import type { CreateTaskInput, ReservationStatus } from './state/taskrouter';
import type { IssueFlexTokenInput } from './state/tokens';
import { transcriptView, type TranscriptView } from './state/intelligence';

/** Credentials a Twilio client needs to talk to this emulator. */
export type EmulatorCredentials = AccountIdentity;

/** A logged request that departed from the official spec (see specViolations()). */
export interface SpecViolationReport {
  seq: number;
  method: string;
  path: string;
  routeId: string | null;
  status: number | null;
  violations: string[];
}

interface Deps {
  log: RequestLog;
  faults: MatchTable<FaultSpec>;
  hooks: MatchTable<BeforeHandleHook>;
  faultEngine: FaultEngine;
  deliverer: CallbackDeliverer;
}

/**
 * A running emulator: its URL and credentials, its request log, scenario helpers that stage Flex
 * situations directly in state, and fault injection. Get one from startTwilioEmulator().
 */
export class TwilioEmulator implements ControlTarget {
  readonly baseUrl: string;
  readonly port: number;
  readonly credentials: Readonly<EmulatorCredentials>;

  private readonly log: RequestLog;
  private readonly faults: MatchTable<FaultSpec>;
  private readonly hooks: MatchTable<BeforeHandleHook>;
  private readonly faultEngine: FaultEngine;
  private readonly deliverer: CallbackDeliverer;
  private readonly scenarios: Scenarios;
  /** Timed scenario steps (a customer answering later); separate from request latency so reset() can cancel them alone. */
  private readonly scenarioTimers = new Delays();
  /** The customer behaviours of calls placed with acceptLater, by task SID, until their accept. */
  private readonly customersAwaitingAccept = new Map<string, PlaceOutboundCallInput>();
  private readonly taskUpdates = new TaskUpdateFanOut();
  private latency: number;

  /** Use startTwilioEmulator(); the constructor is internal. */
  private constructor(
    private readonly state: EmulatorState,
    private readonly server: RunningServer,
    private readonly defaults: { latencyMs: number; faults: FaultConfig },
    deps: Deps,
  ) {
    this.baseUrl = server.baseUrl;
    this.port = server.port;
    this.credentials = Object.freeze({ ...state.account });
    this.log = deps.log;
    this.faults = deps.faults;
    this.hooks = deps.hooks;
    this.faultEngine = deps.faultEngine;
    this.deliverer = deps.deliverer;
    this.latency = defaults.latencyMs;
    this.scenarios = new Scenarios(state);
    state.taskrouter.onTaskWritten((task) => this.taskUpdates.written(task.sid, () => this.scenarios.getTask(task.sid)));
  }

  static async start(options: TwilioEmulatorOptions = {}): Promise<TwilioEmulator> {
    const state = new EmulatorState(
      {
        accountSid: options.accountSid ?? newSid('AC'),
        authToken: options.authToken ?? newSecret(),
        apiKeySid: options.apiKeySid ?? newSid('SK'),
        apiKeySecret: options.apiKeySecret ?? newSecret(),
        workspaceSid: options.workspaceSid ?? newSid('WS'),
        flexInstanceSid: options.flexInstanceSid ?? newSid('GO'),
      },
      { minRecordingSeconds: options.minRecordingSeconds ?? 0 },
    );
    const deps: Deps = {
      log: new RequestLog(),
      faults: new MatchTable<FaultSpec>(),
      hooks: new MatchTable<BeforeHandleHook>(),
      faultEngine: new FaultEngine(options.faults ?? {}),
      // Twilio signs webhooks with the account's auth token, whichever credentials made the request.
      deliverer: new CallbackDeliverer(state.account.authToken, state.clock, options.callbackDelivery ?? 'serial'),
    };
    state.outbox.onPush((callback) => deps.deliverer.enqueue(callback));
    const latency = options.latencyMs ?? 0;
    let emulator: TwilioEmulator | undefined;
    const server = await startServer(
      {
        state,
        behaviour: resolveBehaviour(options),
        routes: COMPILED_ROUTES,
        ...deps,
        latencyMs: () => emulator?.latencyMs ?? latency,
        ...(options.controlApi === false
          ? {}
          : {
              control: controlHandler(() => {
                if (!emulator) throw new Error('emulator not started');
                return emulator;
              }),
            }),
      },
      { host: options.host ?? '127.0.0.1', port: options.port ?? 0 },
    );
    emulator = new TwilioEmulator(state, server, { latencyMs: latency, faults: options.faults ?? {} }, deps);
    return emulator;
  }

  // ---- credentials (shortcuts) -----------------------------------------------------------------

  get accountSid(): string {
    return this.credentials.accountSid;
  }
  get authToken(): string {
    return this.credentials.authToken;
  }
  get apiKeySid(): string {
    return this.credentials.apiKeySid;
  }
  get apiKeySecret(): string {
    return this.credentials.apiKeySecret;
  }
  get workspaceSid(): string {
    return this.credentials.workspaceSid;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Stops listening and drops every connection and callback delivery; leaves no timers or sockets behind. */
  close(): Promise<void> {
    this.scenarioTimers.cancelAll();
    this.taskUpdates.close();
    this.deliverer.close();
    return this.server.close();
  }

  /**
   * Forgets all resources, tokens, callbacks, requests, faults, hooks and pending scenario steps;
   * restores the initial latency, fault configuration (same seed, so the same sequence again) and
   * clock. Credentials, SIDs of the account/workspace and the URL stay the same.
   */
  reset(): void {
    this.state.reset();
    this.log.clear();
    this.faults.clear();
    this.hooks.clear();
    this.scenarioTimers.cancelPending();
    this.scenarios.clear();
    this.customersAwaitingAccept.clear();
    this.taskUpdates.clearPerTask();
    this.faultEngine.configure(this.defaults.faults);
    this.latency = this.defaults.latencyMs;
  }

  // ---- request log -----------------------------------------------------------------------------

  /** Requests received so far, in arrival order, optionally filtered. */
  requests(filter?: RequestFilter): LoggedRequest[] {
    return this.log.list(filter);
  }

  countRequests(filter?: RequestFilter): number {
    return this.log.list(filter).length;
  }

  clearRequests(): void {
    this.log.clear();
  }

  /**
   * Every logged request that departed from Twilio's official OpenAPI spec, with how. Empty when all
   * requests conformed; a suite can assert that after each test (the Functions' contract).
   */
  specViolations(): SpecViolationReport[] {
    return this.log
      .list()
      .filter((entry) => entry.specViolations.length > 0)
      .map(({ seq, method, path, routeId, status, specViolations }) => ({ seq, method, path, routeId, status, violations: [...specViolations] }));
  }

  /** Answers of the emulator that departed from the spec's response schemas (should always be empty). */
  responseViolations(): SpecViolationReport[] {
    return this.log
      .list()
      .filter((entry) => entry.responseViolations.length > 0)
      .map(({ seq, method, path, routeId, status, responseViolations }) => ({ seq, method, path, routeId, status, violations: [...responseViolations] }));
  }

  /** Everything the emulator holds, as plain JSON (what GET /_emulator/state answers). */
  snapshot(): EmulatorSnapshot {
    return snapshotOf(this.state);
  }

  // ---- faults, latency, hooks ------------------------------------------------------------------

  /** Answer matching requests with a Twilio error instead of handling them (after authentication). */
  injectFault(fault: FaultSpec): Registration {
    return this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /**
   * Faults by configuration, replacing the previous configuration: `rateLimit.maxConcurrent` /
   * `rateLimit.ratePerSecond` (429, code 20429, like Twilio), `rate429` / `rate5xx` (probabilities),
   * `latencyMs` (fixed or `{ min, max }`, added to the emulator's latency), `seed` (reproducible
   * runs), `match` (which requests). `configureFaults({})` turns them all off.
   */
  configureFaults(config: FaultConfig): void {
    this.faultEngine.configure(config);
  }

  /** The current fault configuration, including the seed in use. */
  get faultConfig(): Readonly<FaultConfig & { seed: number }> {
    return this.faultEngine.config;
  }

  get latencyMs(): number {
    return this.latency;
  }

  /** Delay before answering every request from now on. */
  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latency must be a non-negative number of milliseconds');
    this.latency = ms;
  }

  /**
   * Run `run` right before a matching request is handled (after auth and faults). Awaited, so it can
   * change state in between, e.g. write the task between a client's GET and its If-Match POST.
   * Default: once.
   */
  beforeHandle(matcher: RequestMatcher & { times?: number }, run: (request: EmulatorRequest) => void | Promise<void>): Registration {
    return this.hooks.add({ ...matcher, run });
  }

  // ---- TaskRouter's task events -----------------------------------------------------------------

  /**
   * TaskRouter's `updated` event of one task, as its SDK delivers it to the agent's browser: `listener` gets
   * the task as it is right after each write to it (REST from the Functions, with or without If-Match,
   * setTaskAttributes, the accept's assignment, wrap-up, completion), on a later turn of the event loop (a
   * push, not part of the request that wrote it), in write order. A listener that throws is reported on the
   * console and changes nothing. Cheap for many tasks: each write looks up only its own task's listeners.
   * Returns the removal; reset() removes them all.
   */
  onTaskUpdated(taskSid: string, listener: (task: TaskView) => void): () => void {
    return this.taskUpdates.addForTask(taskSid, listener);
  }

  /** Every task's `updated` events (as onTaskUpdated; kept by reset(), for the control API's event stream). Returns the removal. */
  onAnyTaskUpdated(listener: (task: TaskView) => void): () => void {
    return this.taskUpdates.addForAll(listener);
  }

  // ---- clock -----------------------------------------------------------------------------------

  /** Moves the emulator's clock forward (recording durations, token expiry). */
  advanceClock(ms: number): void {
    this.state.clock.advance(ms);
  }

  now(): Date {
    return this.state.clock.now();
  }

  // ---- Flex tokens -----------------------------------------------------------------------------

  /** A Flex user token (opaque, JWE-shaped) that IAM validation accepts until it expires. */
  issueFlexToken(input: IssueFlexTokenInput): string {
    return this.state.tokens.issue(input).token;
  }

  expireFlexToken(token: string): void {
    this.state.tokens.expire(token);
  }

  // ---- Flex configuration ----------------------------------------------------------------------

  /**
   * The Flex configuration as `GET flex-api /v1/Configuration` answers it (a deep copy). `reset()`
   * restores a fresh account's: `ui_attributes` `{}`.
   */
  flexConfiguration(): Record<string, unknown> {
    return configurationJson(this.state);
  }

  /**
   * Replaces top-level fields of the Flex configuration directly (as an administrator in Console, or
   * another plugin's deploy, would), e.g. `{ ui_attributes: { ... } }`. Not logged as a request.
   */
  setFlexConfiguration(fields: Record<string, unknown>): void {
    this.state.flexConfiguration.set(fields);
  }

  // ---- scenarios -------------------------------------------------------------------------------

  /**
   * Stages an outbound call as Flex leaves it (see README). With `customer`, the customer's leg then
   * plays that behaviour on its own: 'answers', 'never-answers' or 'hangs-up-before-recording'.
   */
  placeOutboundCall(input: PlaceOutboundCallInput = {}): OutboundCallScenario {
    const scenario = this.scenarios.placeOutboundCall(input);
    // Not dialled before the accept: the customer starts playing when acceptOutboundCall dials them.
    if (input.acceptLater) this.customersAwaitingAccept.set(scenario.taskSid, input);
    else this.startCustomer(scenario.customerCallSid, input);
    return scenario;
  }

  /**
   * The accept of a call placed with `acceptLater`, as TaskRouter carries it out: the conference instruction
   * (Flex: AcceptTask's `conferenceOptions`) is applied first, then the reservation is accepted, the task
   * assigned, the agent's leg joins (reported to the instruction's status callback, if it asks for `join`)
   * and the customer's leg rings (its `customer` behaviour starts now). See Scenarios.acceptOutboundCall.
   */
  acceptOutboundCall(taskSid: string, conferenceOptions?: ConferenceInstructionOptions): OutboundCallScenario {
    const scenario = this.scenarios.acceptOutboundCall(taskSid, conferenceOptions);
    const customer = this.customersAwaitingAccept.get(taskSid);
    this.customersAwaitingAccept.delete(taskSid);
    if (customer && this.scenarios.getCall(scenario.customerCallSid).status === 'ringing') this.startCustomer(scenario.customerCallSid, customer);
    return scenario;
  }

  private startCustomer(customerCallSid: string, input: PlaceOutboundCallInput): void {
    playCustomer(customerCallSid, input, {
      answer: (callSid) => {
        const status = this.scenarios.getCall(callSid).status;
        if (status === 'ringing' || status === 'queued') this.scenarios.answerCall(callSid);
      },
      hangUp: (callSid, unansweredStatus) => this.scenarios.hangUp(callSid, unansweredStatus),
      schedule: (ms, step) => this.scenarioTimers.schedule(ms, step),
      beforeRecordingCreate: (callSid, run) => {
        const path = new RegExp(`/Calls/${callSid}/Recordings\\.json$`);
        this.hooks.add({ method: 'POST', pathPattern: path, times: 1, run });
      },
    });
  }

  /** Stages an inbound call the agent has accepted (see Scenarios.placeInboundCall). */
  placeInboundCall(input: PlaceInboundCallInput = {}): InboundCallScenario {
    return this.scenarios.placeInboundCall(input);
  }

  /** A Flex cold or warm transfer to a worker or a queue: a new task in the same conference (see Scenarios.transferTask). */
  transferTask(input: TransferInput): TransferScenario {
    return this.scenarios.transferTask(input);
  }

  /**
   * A supervisor monitors the call: a worker named `identity` (created if unknown), their leg to
   * `client:<identity>` in the conference (muted), and a `supervisor` participant (routing_properties
   * null) in the Interaction channel of the task the conference is named after.
   */
  joinAsSupervisor(input: SupervisorInput): SupervisorScenario {
    return this.scenarios.joinAsSupervisor(input);
  }

  /** A phone number joins the call: a PSTN leg in the conference and an `external` channel participant. */
  addExternalParty(input: ExternalPartyInput): { callSid: string } {
    return this.scenarios.addExternalParty(input);
  }

  /** An `agent` participant with these routing properties in an Interaction channel (nothing else is staged or checked). */
  addAgentToChannel(input: AddAgentToChannelInput): { participantSid: string } {
    return this.scenarios.addAgentToChannel(input);
  }

  /** An Interaction channel's participants, as the listing answers them (in the order they were added). */
  getInteractionChannel(interactionSid: string, channelSid: string): InteractionChannelView {
    return this.scenarios.getInteractionChannel(interactionSid, channelSid);
  }

  /** The task is completed (after wrap-up); TaskRouter still accepts attribute updates to it. */
  completeTask(taskSid: string): void {
    this.scenarios.completeTask(taskSid);
  }

  /**
   * TaskRouter deletes a task ~5 minutes after it completes: the task and its reservations are gone from the
   * REST API (404), its events (ListEvent) stay. No `task.deleted` event is recorded (see TaskRouterState.removeTask).
   */
  removeTask(taskSid: string): void {
    this.state.taskrouter.removeTask(taskSid);
  }

  answerCall(callSid: string): void {
    this.scenarios.answerCall(callSid);
  }

  hangUp(callSid: string, unansweredStatus?: 'no-answer' | 'busy' | 'canceled' | 'failed'): void {
    this.scenarios.hangUp(callSid, unansweredStatus);
  }

  addParticipant(
    conferenceSid: string,
    input: { to: string; from?: string; label?: string; coaching?: boolean; ringing?: boolean; listedWhileRinging?: boolean },
  ): { callSid: string } {
    return this.scenarios.addParticipant(conferenceSid, input);
  }

  endConference(conferenceSid: string): void {
    this.scenarios.endConference(conferenceSid);
  }

  /**
   * A TaskRouter conference instruction for the conference, as a reservation's `conference()` sends it
   * (Flex: AcceptTask's `conferenceOptions`). Every instruction's options are recorded in order
   * (conferenceInstructions()); the first one naming `conferenceStatusCallback` sets the conference's
   * status callback (`conferenceStatusCallbackEvent`: `start end join leave mute hold speaker`, space- or
   * comma-separated or a list, default `start end`; `conferenceStatusCallbackMethod` POST or GET, default
   * POST) and later ones change nothing. Joins and leaves from then on are reported, none retroactively.
   */
  applyConferenceInstruction(conferenceSid: string, options: ConferenceInstructionOptions): void {
    this.scenarios.applyConferenceInstruction(conferenceSid, options);
  }

  /** The options of every conference instruction applied to the conference, in order (copies). */
  conferenceInstructions(conferenceSid: string): Record<string, unknown>[] {
    return this.scenarios.conferenceInstructions(conferenceSid);
  }

  createWorker(input: { identity: string; workerSid?: string; attributes?: Record<string, unknown> }): { workerSid: string; identity: string } {
    return this.scenarios.createWorker(input);
  }

  createTask(input?: CreateTaskInput): { taskSid: string } {
    return this.scenarios.createTask(input);
  }

  createReservation(input: { taskSid: string; workerSid: string; status?: ReservationStatus }): { reservationSid: string } {
    return this.scenarios.createReservation(input);
  }

  setReservationStatus(reservationSid: string, status: ReservationStatus): void {
    this.scenarios.setReservationStatus(reservationSid, status);
  }

  /** Simulates a concurrent writer: replaces the attributes and bumps the ETag. */
  setTaskAttributes(taskSid: string, attributes: Record<string, unknown> | string): TaskView {
    return this.scenarios.setTaskAttributes(taskSid, attributes);
  }

  getTask(taskSid: string): TaskView {
    return this.scenarios.getTask(taskSid);
  }

  getCall(callSid: string): CallView {
    return this.scenarios.getCall(callSid);
  }

  getConference(conferenceSid: string): ConferenceView {
    return this.scenarios.getConference(conferenceSid);
  }

  recordingsForCall(callSid: string): RecordingView[] {
    return this.scenarios.recordingsForCall(callSid);
  }

  /**
   * The conference's recordings (Flex's native call recording, asked for by an instruction's `conferenceRecord`),
   * oldest first: status, channels (2: channel 1 the first leg to join), durationSeconds, pausedMs. Throws for
   * an unknown conference.
   */
  conferenceRecordings(conferenceSid: string): ConferenceRecordingView[] {
    return this.scenarios.conferenceRecordings(conferenceSid);
  }

  /**
   * The Conversation Intelligence transcripts created (CreateTranscript), oldest first; with `sourceSid`, only
   * those of that recording. Each with its service, source, customer key and Channel participants as sent.
   */
  transcripts(filter: { sourceSid?: string } = {}): TranscriptView[] {
    return this.state.intelligence.list(filter.sourceSid === undefined ? {} : { sourceSid: filter.sourceSid }).map(transcriptView);
  }

  // ---- status callbacks ------------------------------------------------------------------------

  /**
   * Every status callback, recording and conference alike (see `kind`), in the order they happened,
   * each with its `delivery` (loopback URLs are really sent, signed with X-Twilio-Signature; others
   * are recorded as 'not-delivered').
   */
  statusCallbacks(): StatusCallback[] {
    return this.state.outbox.list();
  }

  /** Recording status callbacks only (`kind: 'recording'`), in order. */
  recordingCallbacks(): StatusCallback[] {
    return this.state.outbox.list().filter((callback) => callback.kind === 'recording');
  }

  /** Conference status callbacks only (`kind: 'conference'`), in order; of one conference when given. */
  conferenceCallbacks(conferenceSid?: string): StatusCallback[] {
    return this.state.outbox
      .list()
      .filter((callback) => callback.kind === 'conference' && (conferenceSid === undefined || callback.params.ConferenceSid === conferenceSid));
  }

  /** Resolves when every status callback so far has been delivered or has failed. */
  flushStatusCallbacks(): Promise<void> {
    return this.deliverer.settled();
  }

  clearStatusCallbacks(): void {
    this.state.outbox.clear();
  }
}

export function startTwilioEmulator(options?: TwilioEmulatorOptions): Promise<TwilioEmulator> {
  return TwilioEmulator.start(options);
}
