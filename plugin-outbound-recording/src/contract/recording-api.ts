/**
 * The HTTP contract between the Flex plugin and the recording Functions.
 *
 * This file is the single source of truth for both sides: the plugin imports it to build requests and
 * read answers, the Functions import it to parse requests and shape answers. It must stay free of
 * dependencies (it is bundled into the browser and into each Function).
 */

export const START_RECORDING_PATH = '/recording/start';
/** Where Twilio posts recording status callbacks (a `.protected` Function: Twilio's signature is required). */
export const RECORDING_STATUS_PATH = '/recording/status';
/**
 * Where Twilio posts the conference status callbacks the plugin asks for in beforeAcceptTask (a
 * `.protected` Function: the server-side trigger that records the customer's leg when it joins).
 */
export const CONFERENCE_STATUS_PATH = '/recording/conference-status';

/** Twilio SIDs are two upper-case letters and 32 lower-case hex digits. */
export const SID_PATTERNS = {
  account: /^AC[0-9a-f]{32}$/,
  task: /^WT[0-9a-f]{32}$/,
  call: /^CA[0-9a-f]{32}$/,
  conference: /^CF[0-9a-f]{32}$/,
  recording: /^RE[0-9a-f]{32}$/,
  worker: /^WK[0-9a-f]{32}$/,
  workspace: /^WS[0-9a-f]{32}$/,
  taskQueue: /^WQ[0-9a-f]{32}$/,
  reservation: /^WR[0-9a-f]{32}$/,
  interaction: /^KD[0-9a-f]{32}$/,
  interactionChannel: /^UO[0-9a-f]{32}$/,
} as const;

export type SidKind = keyof typeof SID_PATTERNS;

export function isSid(kind: SidKind, value: unknown): value is string {
  return typeof value === 'string' && SID_PATTERNS[kind].test(value);
}

/** A Flex token is a JWE: five base64url segments. Anything far outside that shape is not worth a validation request. */
export const MAX_TOKEN_LENGTH = 8192;
const JWE_SHAPE = /^[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*){4}$/;

export function looksLikeFlexToken(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TOKEN_LENGTH && JWE_SHAPE.test(value);
}

/**
 * How the plugin sends a request to `/recording/start`, `/recording/pause` and `/recording/resume`: a JSON
 * body (`Content-Type: application/json`) holding one object, `{ "recordingRequest": { "version": 1, ... } }`.
 *
 * Why an envelope: the Functions runtime merges query parameters and body fields into one event, and lets
 * either replace the runtime's own `request` (its headers). Only a JSON body can carry a number, and a body
 * field replaces a query parameter of the same name as a whole, so fields read from inside an envelope
 * whose `version` is the number 1 came from the JSON body: never from the URL (where a token would end up
 * in logs), never mixed with it. The Functions refuse every other top-level parameter.
 */
export const RECORDING_REQUEST_FIELD = 'recordingRequest';
export const RECORDING_REQUEST_VERSION = 1;

export interface RecordingRequestBody {
  recordingRequest: (StartRecordingRequest | PauseRecordingRequest) & { version: typeof RECORDING_REQUEST_VERSION };
}

/** The JSON body for a request's fields (the one way the plugin encodes them). */
export function recordingRequestBody(fields: StartRecordingRequest | PauseRecordingRequest): RecordingRequestBody {
  return { [RECORDING_REQUEST_FIELD]: { version: RECORDING_REQUEST_VERSION, ...fields } };
}

/**
 * The fields of a request body the plugin sent (for the tooling that watches the plugin's traffic:
 * the agent desk, the benchmark, test doubles); undefined for anything else.
 */
export function readRecordingRequestBody(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const envelope = (parsed as Record<string, unknown>)[RECORDING_REQUEST_FIELD];
    if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) return undefined;
    const { version: _version, ...fields } = envelope as Record<string, unknown>;
    return fields;
  } catch {
    return undefined;
  }
}

/** The fields of a start (and of a resume, as they are). `/recording/pause` adds PauseBehavior (PauseRecordingRequest). */
export interface StartRecordingRequest {
  /** The agent's Flex token (`manager.user.token`). */
  Token: string;
  TaskSid: string;
  /** The customer's call leg, as seen by the agent's Flex UI in the task's conference. */
  CallSid: string;
  ConferenceSid: string;
}

/** A recording that is live: running, or paused. Twilio's other statuses mean it ended. */
export const LIVE_RECORDING_STATUSES = ['in-progress', 'paused'] as const;
export type LiveRecordingStatus = (typeof LIVE_RECORDING_STATUSES)[number];

export function isLiveRecordingStatus(value: unknown): value is LiveRecordingStatus {
  return typeof value === 'string' && (LIVE_RECORDING_STATUSES as ReadonlyArray<string>).includes(value);
}

/**
 * The only fields a successful start, pause or resume returns: nothing internal, nothing echoed. A pause
 * or resume answers the recording's state after the request, whoever caused it (pause twice answers the
 * same paused recording).
 */
export interface StartRecordingResponse {
  recordingSid: string;
  status: LiveRecordingStatus;
}

/** Every error the Functions return, with the HTTP status it travels with. */
export const ERROR_STATUS = {
  origin_not_allowed: 403,
  token_missing: 401,
  token_invalid: 401,
  invalid_request: 400,
  /** The caller holds no accepted reservation on the task, or the task is unknown: alike, so nothing is revealed. */
  task_not_held: 403,
  /**
   * The call is not shown to be the customer's leg of the caller's task's live conference: unknown, another
   * conference's (whatever its status), another party's leg, or not (yet) listed by Twilio. One answer for
   * all, so that nothing about a call that is not the caller's is revealed.
   */
  call_not_customer_leg: 403,
  /** The customer's call has ended (hung up, or never connected: no-answer, busy, failed, canceled): final. */
  call_not_in_progress: 409,
  /**
   * The customer's leg exists but has not been answered yet (it still rings). Flex shows a participant
   * `joined` as soon as its leg is added, so a start can be asked this early: ask again later.
   */
  customer_not_answered: 409,
  /** Pause/resume: the call has no in-progress or paused recording (it never started, or it ended). */
  no_active_recording: 409,
  /** The recording policy (excluded queue, do-not-record flag, inbound not enabled, internal call, already recorded) says no. */
  recording_excluded: 403,
  /** A status callback without a valid X-Twilio-Signature (forged, replayed to another URL, or altered). */
  signature_invalid: 403,
  /** A status callback for a task TaskRouter does not know (never existed, or deleted after completion). */
  task_not_found: 404,
  /** A status callback whose recording or call is not the one linked to the task. */
  recording_mismatch: 409,
  rate_limited: 429,
  twilio_unavailable: 502,
  misconfigured: 500,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/**
 * Errors worth asking again for, later, with the same input: the server or Twilio was busy, or the
 * customer has not answered yet. Everything else will give the same answer again.
 */
export const RETRYABLE_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'rate_limited',
  'twilio_unavailable',
  'internal',
  'customer_not_answered',
  // A customer's leg Flex already shows can be missing from Twilio's participant list for a moment (or
  // until answered, if the leg was not added through the Participants API): the same request can
  // succeed a little later. The plugin only asks for legs Flex shows as the customer's, within its bound.
  'call_not_customer_leg',
]);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}

export type FieldProblem = { field: keyof PauseRecordingRequest; problem: string };

const SID_FIELDS: ReadonlyArray<[keyof StartRecordingRequest, SidKind, string]> = [
  ['TaskSid', 'task', 'WT'],
  ['CallSid', 'call', 'CA'],
  ['ConferenceSid', 'conference', 'CF'],
];

/** Checks the SID fields' formats; the token is authenticated separately, before this runs. */
export function findSidProblems(input: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [field, kind, prefix] of SID_FIELDS) {
    const value = input[field];
    if (value === undefined || value === null || value === '') {
      problems.push({ field, problem: 'is required' });
    } else if (!isSid(kind, value)) {
      problems.push({ field, problem: `must be "${prefix}" followed by 32 lower-case hex digits` });
    }
  }
  return problems;
}

export function describeProblems(problems: FieldProblem[]): string {
  return problems.map((p) => `${p.field} ${p.problem}`).join('; ');
}

/** Reads a response body from the Functions, tolerating anything (a proxy's HTML page, an empty body). */
export function readErrorBody(body: unknown): ErrorBody['error'] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (!isErrorCode(code) || typeof message !== 'string') return undefined;
  return { code, message };
}

export function readStartRecordingResponse(body: unknown): StartRecordingResponse | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { recordingSid, status } = body as { recordingSid?: unknown; status?: unknown };
  if (!isSid('recording', recordingSid)) return undefined;
  if (!isLiveRecordingStatus(status)) return undefined;
  return { recordingSid, status };
}

/**
 * The recording's state as kept in the task's attributes (server-side merges only), so that a reloaded
 * page, a receiving agent after a transfer, and a supervisor all see the truth rather than a default.
 * The Functions write it; the plugin only reads it.
 */
export const RECORDING_STATE_ATTRIBUTE = 'call_recording';

export const RECORDING_STATE_STATUSES = [
  /** Twilio's recording statuses for a call recording. */
  'in-progress',
  'paused',
  'stopped',
  'completed',
  'absent',
  'failed',
  /** No recording exists for this call, for the `reason` given. */
  'not-recorded',
] as const;

export type RecordingStateStatus = (typeof RECORDING_STATE_STATUSES)[number];

/**
 * What started a recording: Twilio's conference status callback (the server-side trigger the plugin asks
 * for in beforeAcceptTask) or the agent's plugin asking the start Function (the browser path).
 */
export const RECORDING_TRIGGERS = ['conference-callback', 'plugin-request'] as const;
export type RecordingTrigger = (typeof RECORDING_TRIGGERS)[number];

export interface RecordingStateAttribute {
  status: RecordingStateStatus;
  recording_sid?: string;
  call_sid?: string;
  /** Why the call is not (or no longer) recorded, in words a supervisor understands. */
  reason?: string;
  /** Why, as a stable code (an ErrorCode, or the plugin's failure kinds), so agents' UIs can word it in their language. */
  reason_code?: string;
  /** The recording's REST URL (what Flex Insights plays), once Twilio reported it. */
  url?: string;
  /** Whole seconds of audio, once the recording ended. */
  duration_seconds?: number;
  /** Twilio's error code for an absent or failed recording. */
  error_code?: number;
  /**
   * Tasks that link this same recording (a transfer's receiving tasks), so the final state reported to
   * this task reaches them too. Written on the task whose SID the recording's status callback carries.
   */
  linked_task_sids?: string[];
  /**
   * Recordings this product made earlier for this task, oldest first: the recording follows the customer,
   * so when the customer's leg ends and a new customer leg joins the task's conference, the new leg is
   * recorded and this state moves on to it. The earlier recordings stay linked in `conversations.media`
   * (first one first) and are this product's own, not another recorder's; their late status callbacks
   * never take this state back.
   */
  earlier_recording_sids?: string[];
  /**
   * Which trigger started the recording this state is about; kept through its later states. How an
   * administrator tells that the server-side trigger works (`npm run doctor` counts it over recent calls).
   */
  started_by?: RecordingTrigger;
  /**
   * The Conversation Intelligence transcript of this recording (`GT…`), when the Functions are configured
   * to hand recordings off (INTELLIGENCE_SERVICE_SID). While one invocation creates it, `pending:<ISO time>`
   * (its claim, so repeated callbacks create one transcript); `failed:<ISO time>` after a create that kept
   * failing (a later callback may try again). Written by the Functions only.
   */
  transcript_sid?: string;
  /**
   * Flex's native conference recordings of the call (NATIVE_RECORDING keep), as the last pause or resume
   * left them: pause and resume act on them too, so a pause really pauses every recording of the call.
   */
  conference_recordings?: Array<{ recording_sid: string; status: LiveRecordingStatus }>;
  /** ISO 8601; the newest write wins between states of equal rank. */
  updated_at: string;
}

/**
 * The recordings this product made for the task, as its recording state names them: the current one
 * and the earlier ones (of customer legs that ended). A VoiceRecording entry in `conversations.media`
 * for any of them is this product's own link, not a foreign recording.
 */
export function ownRecordingSids(attributes: unknown): string[] {
  const state = readRecordingState(attributes);
  if (state === undefined) return [];
  const earlier = Array.isArray(state.earlier_recording_sids) ? state.earlier_recording_sids : [];
  const sids = [...earlier, state.recording_sid].filter((sid): sid is string => isSid('recording', sid));
  return [...new Set(sids)];
}

export function readRecordingState(attributes: unknown): RecordingStateAttribute | undefined {
  if (typeof attributes !== 'object' || attributes === null) return undefined;
  const state = (attributes as Record<string, unknown>)[RECORDING_STATE_ATTRIBUTE];
  if (typeof state !== 'object' || state === null) return undefined;
  const { status, updated_at: updatedAt } = state as { status?: unknown; updated_at?: unknown };
  if (!(RECORDING_STATE_STATUSES as ReadonlyArray<unknown>).includes(status) || typeof updatedAt !== 'string') return undefined;
  return state as RecordingStateAttribute;
}

// ---- Pause and resume (POST /recording/pause, POST /recording/resume) ----

export const PAUSE_RECORDING_PATH = '/recording/pause';
export const RESUME_RECORDING_PATH = '/recording/resume';

/** What Twilio does with the paused time: `skip` leaves it out of the file, `silence` keeps it as silence. */
export const PAUSE_BEHAVIORS = ['skip', 'silence'] as const;
export type PauseBehavior = (typeof PAUSE_BEHAVIORS)[number];
export const DEFAULT_PAUSE_BEHAVIOR: PauseBehavior = 'skip';

export function isPauseBehavior(value: unknown): value is PauseBehavior {
  return typeof value === 'string' && (PAUSE_BEHAVIORS as ReadonlyArray<string>).includes(value);
}

/**
 * Body of `POST /recording/pause`: a start's fields plus PauseBehavior (resume sends a start's fields as
 * they are). The server finds the call's active recording itself and authorizes exactly as for a start
 * (the worker holds the task, the call is the customer leg of the task's conference). Both answer a
 * StartRecordingResponse.
 */
export interface PauseRecordingRequest extends StartRecordingRequest {
  /** Optional; DEFAULT_PAUSE_BEHAVIOR when absent. */
  PauseBehavior?: PauseBehavior;
}

export type RecordingControlAction = 'pause' | 'resume';

export const RECORDING_CONTROL_PATHS: Readonly<Record<RecordingControlAction, string>> = {
  pause: PAUSE_RECORDING_PATH,
  resume: RESUME_RECORDING_PATH,
};

/** The SID fields (as for a start) plus, for a pause, PauseBehavior when given. */
export function findControlProblems(action: RecordingControlAction, input: Record<string, unknown>): FieldProblem[] {
  const problems = findSidProblems(input);
  const behavior = input.PauseBehavior;
  if (action === 'pause' && behavior !== undefined && behavior !== '' && !isPauseBehavior(behavior)) {
    problems.push({ field: 'PauseBehavior', problem: `must be one of ${PAUSE_BEHAVIORS.join(', ')}` });
  }
  return problems;
}
