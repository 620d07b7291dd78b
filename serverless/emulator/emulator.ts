import { MatchTable, type BeforeHandleHook, type FaultSpec, type Registration, type RequestMatcher } from './faults';
import { resolveBehaviour, type TwilioEmulatorOptions } from './options';
import type { EmulatorRequest } from './request';
import { RequestLog, type LoggedRequest, type RequestFilter } from './request-log';
import { COMPILED_ROUTES } from './routes';
import {
  Scenarios,
  type CallView,
  type ConferenceView,
  type OutboundCallScenario,
  type PlaceOutboundCallInput,
  type RecordingView,
  type TaskView,
} from './scenario';
import { startServer, type RunningServer } from './server';
import { newSecret, newSid } from './sids';
import { EmulatorState, type AccountIdentity } from './state';
import type { StatusCallback } from './state/outbox';
import type { CreateTaskInput, ReservationStatus } from './state/taskrouter';
import type { IssueFlexTokenInput } from './state/tokens';

/** Credentials a Twilio client needs to talk to this emulator. */
export type EmulatorCredentials = AccountIdentity;

/**
 * A running emulator: its URL and credentials, its request log, scenario helpers that stage Flex
 * situations directly in state, and fault injection. Get one from startTwilioEmulator().
 */
export class TwilioEmulator {
  readonly baseUrl: string;
  readonly port: number;
  readonly credentials: Readonly<EmulatorCredentials>;

  private readonly log: RequestLog;
  private readonly faults: MatchTable<FaultSpec>;
  private readonly hooks: MatchTable<BeforeHandleHook>;
  private readonly scenarios: Scenarios;
  private latency: number;

  /** Use startTwilioEmulator(); the constructor is internal. */
  private constructor(
    private readonly state: EmulatorState,
    private readonly server: RunningServer,
    private readonly defaultLatencyMs: number,
    deps: { log: RequestLog; faults: MatchTable<FaultSpec>; hooks: MatchTable<BeforeHandleHook> },
  ) {
    this.baseUrl = server.baseUrl;
    this.port = server.port;
    this.credentials = Object.freeze({ ...state.account });
    this.log = deps.log;
    this.faults = deps.faults;
    this.hooks = deps.hooks;
    this.latency = defaultLatencyMs;
    this.scenarios = new Scenarios(state);
  }

  static async start(options: TwilioEmulatorOptions = {}): Promise<TwilioEmulator> {
    const state = new EmulatorState({
      accountSid: options.accountSid ?? newSid('AC'),
      authToken: options.authToken ?? newSecret(),
      apiKeySid: options.apiKeySid ?? newSid('SK'),
      apiKeySecret: options.apiKeySecret ?? newSecret(),
      workspaceSid: options.workspaceSid ?? newSid('WS'),
      flexInstanceSid: options.flexInstanceSid ?? newSid('GO'),
    });
    const deps = { log: new RequestLog(), faults: new MatchTable<FaultSpec>(), hooks: new MatchTable<BeforeHandleHook>() };
    const latency = options.latencyMs ?? 0;
    let emulator: TwilioEmulator | undefined;
    const server = await startServer(
      {
        state,
        behaviour: resolveBehaviour(options),
        routes: COMPILED_ROUTES,
        ...deps,
        latencyMs: () => emulator?.latencyMs ?? latency,
      },
      { host: options.host ?? '127.0.0.1', port: options.port ?? 0 },
    );
    emulator = new TwilioEmulator(state, server, latency, deps);
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

  /** Stops listening and drops every connection; leaves no timers or sockets behind. */
  close(): Promise<void> {
    return this.server.close();
  }

  /**
   * Forgets all resources, tokens, callbacks, requests, faults and hooks, restores the initial latency
   * and clock. Credentials, SIDs of the account/workspace and the URL stay the same.
   */
  reset(): void {
    this.state.reset();
    this.log.clear();
    this.faults.clear();
    this.hooks.clear();
    this.latency = this.defaultLatencyMs;
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

  // ---- faults, latency, hooks ------------------------------------------------------------------

  /** Answer matching requests with a Twilio error instead of handling them (after authentication). */
  injectFault(fault: FaultSpec): Registration {
    return this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
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

  // ---- scenarios -------------------------------------------------------------------------------

  placeOutboundCall(input?: PlaceOutboundCallInput): OutboundCallScenario {
    return this.scenarios.placeOutboundCall(input);
  }

  answerCall(callSid: string): void {
    this.scenarios.answerCall(callSid);
  }

  hangUp(callSid: string, unansweredStatus?: 'no-answer' | 'busy' | 'canceled' | 'failed'): void {
    this.scenarios.hangUp(callSid, unansweredStatus);
  }

  addParticipant(
    conferenceSid: string,
    input: { to: string; from?: string; label?: string; coaching?: boolean; ringing?: boolean },
  ): { callSid: string } {
    return this.scenarios.addParticipant(conferenceSid, input);
  }

  endConference(conferenceSid: string): void {
    this.scenarios.endConference(conferenceSid);
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

  // ---- status callbacks ------------------------------------------------------------------------

  /** Recording status callbacks Twilio would have sent (not delivered yet; see README). */
  statusCallbacks(): StatusCallback[] {
    return this.state.outbox.list();
  }

  clearStatusCallbacks(): void {
    this.state.outbox.clear();
  }
}

export function startTwilioEmulator(options?: TwilioEmulatorOptions): Promise<TwilioEmulator> {
  return TwilioEmulator.start(options);
}
