import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import {
  ERROR_STATUS,
  PAUSE_RECORDING_PATH,
  RECORDING_STATUS_PATH,
  RESUME_RECORDING_PATH,
  START_RECORDING_PATH,
  isLiveRecordingStatus,
  recordingRequestBody,
  type ErrorCode,
  type PauseRecordingRequest,
  type StartRecordingRequest,
} from 'plugin-outbound-recording/contract';
import { twilioSignature, type LoggedRequest, type OutboundCallScenario, type TwilioEmulator } from '../../emulator';
import type { FunctionsServer } from '../../sandbox/functions-server';
import { serveFunctionsOverHttp } from '../support/functions-over-http';

/**
 * Shared helpers of the attack suite: the Functions served over HTTP by twilio-run against the emulator,
 * raw HTTP (node:http, so a request can carry a header twice or any method), the JSON envelope the
 * agent endpoints accept, the one refusal assertion and the check of what the Functions asked of Twilio.
 */

export const FLEX = 'https://flex.twilio.com';
export const LOCAL_FLEX = 'http://localhost:3000';
export const FOREIGN = 'https://evil.example';
export const CUSTOMER = '+14155550100';
export const CALLER_ID = '+14155550199';

export const AGENT_PATHS = { start: START_RECORDING_PATH, pause: PAUSE_RECORDING_PATH, resume: RESUME_RECORDING_PATH } as const;
export type AgentAction = keyof typeof AGENT_PATHS;
export const AGENT_ACTIONS: AgentAction[] = ['start', 'pause', 'resume'];

export interface Servers {
  emulator: TwilioEmulator;
  functions: FunctionsServer;
}

/**
 * The emulator and the bundled Functions in twilio-run for one test file (see serveFunctionsOverHttp:
 * a fresh emulator state per test, no spec violation after each), ALLOWED_ORIGINS = Flex and a local
 * Flex, and after every test a probe that the Functions still answer.
 */
export function useServers(options: { warm?: boolean; env?: Record<string, string> } = {}): Servers {
  const servers = {} as Servers;
  serveFunctionsOverHttp({ env: { ALLOWED_ORIGINS: `${FLEX},${LOCAL_FLEX}`, ...options.env }, warm: options.warm }, (started) =>
    Object.assign(servers, started),
  );
  afterEach(async () => {
    if (servers.functions === undefined) return;
    await expectStillServing(servers);
  });
  return servers;
}

/** The Functions still run and answer in the contract's shape (a body they refuse before any Twilio request). */
export async function expectStillServing(servers: Servers): Promise<void> {
  const answer = await send(servers.functions, START_RECORDING_PATH, { headers: { Origin: FLEX, 'Content-Type': 'text/plain' }, body: 'ping' });
  expect({ still: 'serving', status: answer.status, body: answer.body }).toEqual({
    still: 'serving',
    status: 400,
    body: { error: { code: 'invalid_request', message: expect.any(String) } },
  });
}

// ---- raw HTTP -------------------------------------------------------------------------------------

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed JSON body, or undefined when it is not JSON. */
  body: unknown;
}

export interface SendOptions {
  method?: string;
  /** A header given as a list is sent once per value (separate header lines). */
  headers?: Record<string, string | string[]>;
  body?: string;
}

/** One HTTP request to the Functions (node:http: repeated headers stay repeated, any method). */
export function send(functions: FunctionsServer, pathAndQuery: string, options: SendOptions = {}): Promise<Answer> {
  const url = new URL(pathAndQuery, functions.url);
  const headers: Record<string, string | string[]> = { ...options.headers };
  if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body: parseJson(text) });
      });
    });
    request.on('error', reject);
    request.setTimeout(45_000, () => request.destroy(new Error(`no answer within 45 s: ${options.method ?? 'POST'} ${pathAndQuery}`)));
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface AgentPostOptions {
  /** Default Flex's origin; null sends none; a list sends the header once per value. */
  origin?: string | string[] | null;
  /** Default application/json; null sends none. */
  contentType?: string | null;
  /** Appended to the path as it is (e.g. "?Token=..."). */
  query?: string;
  headers?: Record<string, string | string[]>;
  method?: string;
}

function agentHeaders(options: AgentPostOptions): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { ...options.headers };
  const origin = options.origin === undefined ? FLEX : options.origin;
  if (origin !== null) headers.Origin = origin;
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  if (contentType !== null) headers['Content-Type'] = contentType;
  return headers;
}

/** Posts a body exactly as given (a string is sent as it is, anything else as JSON). */
export function postRaw(functions: FunctionsServer, action: AgentAction, body: unknown, options: AgentPostOptions = {}): Promise<Answer> {
  return send(functions, `${AGENT_PATHS[action]}${options.query ?? ''}`, {
    method: options.method ?? 'POST',
    headers: agentHeaders(options),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** What the plugin sends: `{ recordingRequest: { version: 1, ...fields } }` as JSON (the contract's recordingRequestBody). */
export function postEnvelope(
  functions: FunctionsServer,
  action: AgentAction,
  fields: StartRecordingRequest | PauseRecordingRequest,
  options: AgentPostOptions = {},
): Promise<Answer> {
  return postRaw(functions, action, recordingRequestBody(fields), options);
}

/** An envelope with arbitrary (hostile) content: `{ recordingRequest: { version: 1, ...fields } }`. */
export function envelopeOf(fields: Record<string, unknown>): Record<string, unknown> {
  return { recordingRequest: { version: 1, ...fields } };
}

// ---- the refusal assertion ------------------------------------------------------------------------

/** What an answer must never show: stack frames, paths, internal class names, error dumps. */
const INTERNAL_PATTERNS: RegExp[] = [
  /(^|\n)\s*at\s+\S/,
  /\bat\s+\S+\s+\([^)]*:\d+:\d+\)/,
  /\.(ts|js|mjs|cjs):\d+/,
  /\/work\b/,
  /node_modules/,
  /TwilioFailure/,
  /Error:/,
];

/** The body is exactly `{ error: { code, message } }` with that code and the contract's status, as JSON, leaking nothing. */
export function expectRefusal(answer: Answer, code: ErrorCode | ErrorCode[], secrets: ReadonlyArray<string> = []): void {
  const codes = Array.isArray(code) ? code : [code];
  const actual = answerSummary(answer);
  const matching = codes.find((candidate) => actual.status === ERROR_STATUS[candidate] && readCode(answer.body) === candidate) ?? codes[0]!;
  expect(actual).toEqual({
    status: ERROR_STATUS[matching],
    contentType: expect.stringMatching(/^application\/json\b/i),
    body: { error: { code: matching, message: expect.any(String) } },
  });
  expectNothingInternal(answer, secrets);
}

export function expectNothingInternal(answer: Answer, secrets: ReadonlyArray<string> = []): void {
  const message = readMessage(answer.body) ?? '';
  for (const pattern of INTERNAL_PATTERNS) {
    expect({ leaks: pattern.toString(), message: pattern.test(message) ? message : 'clean' }).toEqual({ leaks: pattern.toString(), message: 'clean' });
  }
  for (const secret of secrets.filter((s) => s.length >= 8)) {
    expect({ secretInAnswer: answer.text.includes(secret) }).toEqual({ secretInAnswer: false });
  }
}

export function answerSummary(answer: Answer): { status: number; contentType: string | undefined; body: unknown } {
  return { status: answer.status, contentType: answer.headers['content-type'], body: answer.body ?? answer.text.slice(0, 500) };
}

function readCode(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { error?: { code?: unknown } }).error?.code : undefined;
}

function readMessage(body: unknown): string | undefined {
  const message = typeof body === 'object' && body !== null ? (body as { error?: { message?: unknown } }).error?.message : undefined;
  return typeof message === 'string' ? message : undefined;
}

/** The emulator's credentials and every token of the test: none may appear in an answer. */
export function secretsOf(emulator: TwilioEmulator, ...tokens: string[]): string[] {
  return [emulator.authToken, emulator.apiKeySecret, ...tokens];
}

// ---- what the Functions asked of Twilio -----------------------------------------------------------

/**
 * How much of Twilio a refused request may use: `none` (refused before authentication), `token-check`
 * (only IAM's token validation), `reads` (GET look-ups of an authenticated caller, never a write).
 */
export type TwilioUse = 'none' | 'token-check' | 'reads';

/** A write is any non-GET request to Twilio other than IAM's token validation (a POST that changes nothing). */
export function writesOf(requests: ReadonlyArray<LoggedRequest>): LoggedRequest[] {
  return requests.filter((r) => r.hostKind !== 'iam' && r.method !== 'GET' && r.method !== 'HEAD');
}

export function describeRequests(requests: ReadonlyArray<LoggedRequest>): string[] {
  return requests.map((r) => `${r.method} ${r.hostKind ?? r.host} ${r.routeId ?? r.path} -> ${r.status ?? 'pending'}${r.errorCode ? ` (${r.errorCode})` : ''}`);
}

export function expectTwilioUse(requests: ReadonlyArray<LoggedRequest>, use: TwilioUse): void {
  if (use === 'none') expect({ twilioRequests: describeRequests(requests) }).toEqual({ twilioRequests: [] });
  if (use === 'token-check') {
    expect({ twilioRequestsBesidesTokenCheck: describeRequests(requests.filter((r) => r.routeId !== 'ValidateToken')) }).toEqual({
      twilioRequestsBesidesTokenCheck: [],
    });
  }
  if (use === 'reads') expect({ twilioWrites: describeRequests(writesOf(requests)) }).toEqual({ twilioWrites: [] });
}

/** Runs `act` and answers what the emulator logged meanwhile (status callbacks settled before and after). */
export async function loggedDuring<T>(emulator: TwilioEmulator, act: () => Promise<T>): Promise<{ result: T; requests: LoggedRequest[] }> {
  await emulator.flushStatusCallbacks();
  const before = emulator.requests().length;
  const result = await act();
  await emulator.flushStatusCallbacks();
  return { result, requests: emulator.requests().slice(before) };
}

/**
 * The whole check of one hostile request: the refusal (status, JSON, exact body, nothing internal) and
 * what it used of Twilio; the Functions' later answers are checked by useServers' probe.
 */
export async function expectRefused(
  servers: Servers,
  act: () => Promise<Answer>,
  expected: { code: ErrorCode | ErrorCode[]; twilio: TwilioUse; secrets?: ReadonlyArray<string> },
): Promise<Answer> {
  const { result, requests } = await loggedDuring(servers.emulator, act);
  try {
    expectRefusal(result, expected.code, expected.secrets ?? secretsOf(servers.emulator));
    expectTwilioUse(requests, expected.twilio);
  } catch (error) {
    // What the Functions asked of Twilio meanwhile: tells a wrong answer's cause at a glance.
    if (error instanceof Error) error.message += `\n\nTwilio requests meanwhile:\n  ${describeRequests(requests).join('\n  ') || '(none)'}`;
    throw error;
  }
  return result;
}

// ---- scenarios ------------------------------------------------------------------------------------

export interface AgentCall extends OutboundCallScenario {
  token: string;
  fields: StartRecordingRequest;
}

/** An outbound call as Flex leaves it (answered unless told), with the agent's Flex token and request fields. */
export function agentCall(
  emulator: TwilioEmulator,
  options: { identity?: string; workerSid?: string; customerNumber?: string; answered?: boolean; listedWhileRinging?: boolean; roles?: string[] } = {},
): AgentCall {
  const call = emulator.placeOutboundCall({
    workerIdentity: options.identity ?? 'alice',
    ...(options.workerSid === undefined ? {} : { workerSid: options.workerSid }),
    customerNumber: options.customerNumber ?? CUSTOMER,
    callerId: CALLER_ID,
    ...(options.listedWhileRinging ? { customerListedWhileRinging: true } : {}),
  });
  if (options.answered !== false) emulator.answerCall(call.customerCallSid);
  const token = emulator.issueFlexToken({ workerSid: call.workerSid, identity: call.workerIdentity, roles: options.roles ?? ['agent'] });
  return { ...call, token, fields: { Token: token, TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid } };
}

/** A legitimate start (set-up of a test); fails the test with the server's answer when it is not a 200. */
export async function startRecordingOf(servers: Servers, fields: StartRecordingRequest): Promise<string> {
  const answer = await postEnvelope(servers.functions, 'start', fields);
  expect({ setup: 'legitimate start', ...answerSummary(answer) }).toEqual({
    setup: 'legitimate start',
    status: 200,
    contentType: expect.stringMatching(/^application\/json/),
    body: { recordingSid: expect.stringMatching(/^RE[0-9a-f]{32}$/), status: 'in-progress' },
  });
  await servers.emulator.flushStatusCallbacks();
  return (answer.body as { recordingSid: string }).recordingSid;
}

/** A call the caller may act on: for pause and resume, already recorded (and claimed). */
export async function agentCallFor(servers: Servers, action: AgentAction): Promise<AgentCall> {
  const call = agentCall(servers.emulator);
  if (action !== 'start') await startRecordingOf(servers, call.fields);
  return call;
}

/** Twilio's side of a call's recordings: SID and status, oldest first. */
export function recordingStates(emulator: TwilioEmulator, callSid: string): Array<[string, string]> {
  return emulator.recordingsForCall(callSid).map((r) => [r.sid, r.status]);
}

export function liveRecordings(emulator: TwilioEmulator, callSid: string) {
  return emulator.recordingsForCall(callSid).filter((r) => isLiveRecordingStatus(r.status));
}

/** The task as it is stored (attributes string and version): any write changes it. */
export function taskFingerprint(emulator: TwilioEmulator, taskSid: string): { taskSid: string; attributes: string; version: number } {
  const task = emulator.getTask(taskSid);
  return { taskSid, attributes: task.attributesJson, version: task.version };
}

// ---- the attack on a transfer's proof -------------------------------------------------------------

export interface InteractionChannel {
  interactionSid: string;
  channelSid: string;
}

/**
 * The attack: the attacker rewrites the attributes of a task they hold so that it names another call's
 * conference, customer and Interaction channel (what a transfer's receiving task would carry).
 */
export function pointTaskAtCall(
  emulator: TwilioEmulator,
  attackerTaskSid: string,
  victim: { conferenceSid: string; customerCallSid: string; customerNumber: string },
  channel?: InteractionChannel,
): ReturnType<typeof taskFingerprint> {
  const current = emulator.getTask(attackerTaskSid).attributes;
  emulator.setTaskAttributes(attackerTaskSid, {
    ...current,
    direction: 'outbound',
    to: victim.customerNumber,
    outbound_to: victim.customerNumber,
    name: victim.customerNumber,
    call_sid: victim.customerCallSid,
    transferTargetType: 'worker',
    conference: { sid: victim.conferenceSid, participants: { customer: victim.customerCallSid } },
    ...(channel === undefined ? {} : { flexInteractionSid: channel.interactionSid, flexInteractionChannelSid: channel.channelSid }),
  });
  return taskFingerprint(emulator, attackerTaskSid);
}

// ---- status callbacks ------------------------------------------------------------------------------

/** twilio-run serves localhost:<port>: the URL the start Function asks Twilio to call back (and Twilio signs). */
export function callbackUrl(functions: FunctionsServer, taskSid: string): string {
  return `http://localhost:${new URL(functions.url).port}${RECORDING_STATUS_PATH}?TaskSid=${taskSid}`;
}

export function callbackParams(
  emulator: TwilioEmulator,
  callSid: string,
  recordingSid: string,
  status: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    AccountSid: emulator.accountSid,
    CallSid: callSid,
    RecordingSid: recordingSid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${recordingSid}`,
    RecordingStatus: status,
    RecordingChannels: '2',
    RecordingSource: 'StartCallRecordingAPI',
    ...extra,
  };
}

export interface CallbackPost {
  /** The task the request's URL names. */
  taskSid: string;
  params: Record<string, string>;
  /** undefined: signed as Twilio signs it (the auth token, over signedUrl); null: no header; a string: that header. */
  signature?: string | null;
  /** The URL the signature is computed over (default: the URL posted to, without `extraQuery`). */
  signedUrl?: string;
  /** Appended to the posted URL's query (e.g. "&Extra=1"), not to the signed URL. */
  extraQuery?: string;
  contentType?: string;
  /** The body as sent (default: params form-encoded). */
  body?: string;
}

export function postCallback(servers: Servers, post: CallbackPost): Promise<Answer> {
  const { emulator, functions } = servers;
  const url = callbackUrl(functions, post.taskSid);
  const signature = post.signature === undefined ? twilioSignature(emulator.authToken, post.signedUrl ?? url, post.params) : post.signature;
  const headers: Record<string, string> = { 'Content-Type': post.contentType ?? 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['X-Twilio-Signature'] = signature;
  return send(functions, `${RECORDING_STATUS_PATH}?TaskSid=${post.taskSid}${post.extraQuery ?? ''}`, {
    headers,
    body: post.body ?? new URLSearchParams(post.params).toString(),
  });
}

export { twilioSignature };
