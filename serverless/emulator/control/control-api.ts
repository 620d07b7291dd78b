import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomerBehaviour } from '../customer';
import type { FaultConfig } from '../fault-config';
import type { LoggedRequest } from '../request-log';
import type { ConferenceRecordingView, OutboundCallScenario, PlaceOutboundCallInput, TaskView } from '../scenario';
import type { ConferenceInstructionOptions } from '../state/voice';
import type { EmulatorSnapshot } from '../snapshot';
import type { IssueFlexTokenInput } from '../state/tokens';
import {
  ControlError,
  corsHeaders,
  objectBody,
  optionalBoolean,
  optionalEnum,
  optionalNumber,
  optionalString,
  refusalFor,
  requiredString,
  sendJson,
} from './http';

/** What the control API drives: a subset of TwilioEmulator's public API. */
export interface ControlTarget {
  placeOutboundCall(input: PlaceOutboundCallInput): OutboundCallScenario;
  acceptOutboundCall(taskSid: string, conferenceOptions?: ConferenceInstructionOptions): OutboundCallScenario;
  onAnyTaskUpdated(listener: (task: TaskView) => void): () => void;
  answerCall(callSid: string): void;
  hangUp(callSid: string, unansweredStatus?: 'no-answer' | 'busy' | 'canceled' | 'failed'): void;
  addParticipant(
    conferenceSid: string,
    input: { to: string; from?: string; label?: string; coaching?: boolean; ringing?: boolean; listedWhileRinging?: boolean },
  ): { callSid: string };
  endConference(conferenceSid: string): void;
  conferenceRecordings(conferenceSid: string): ConferenceRecordingView[];
  now(): Date;
  issueFlexToken(input: IssueFlexTokenInput): string;
  configureFaults(config: FaultConfig): void;
  readonly faultConfig: Readonly<FaultConfig>;
  advanceClock(ms: number): void;
  reset(): void;
  snapshot(): EmulatorSnapshot;
  requests(): LoggedRequest[];
}

type Body = Record<string, unknown>;
type Handler = (target: ControlTarget, params: Record<string, string>, body: Body) => { status?: number; body: unknown };

interface ControlRoute {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handler: Handler;
}

const SID = (prefix: string) => `(?<sid>${prefix}[0-9a-fA-F]{32})`;
const CUSTOMER_BEHAVIOURS: readonly CustomerBehaviour[] = ['answers', 'never-answers', 'hangs-up-before-recording'];
const UNANSWERED = ['no-answer', 'busy', 'canceled', 'failed'] as const;

function placeOutboundCallInput(body: Body): PlaceOutboundCallInput {
  const extra = body.extraTaskAttributes;
  if (extra !== undefined && (typeof extra !== 'object' || extra === null || Array.isArray(extra))) {
    throw new ControlError(400, 'extraTaskAttributes must be an object');
  }
  const input: PlaceOutboundCallInput = {};
  const set = <K extends keyof PlaceOutboundCallInput>(key: K, value: PlaceOutboundCallInput[K] | undefined) => {
    if (value !== undefined) input[key] = value;
  };
  set('workerSid', optionalString(body, 'workerSid'));
  set('workerIdentity', optionalString(body, 'workerIdentity'));
  set('customerNumber', optionalString(body, 'customerNumber'));
  set('callerId', optionalString(body, 'callerId'));
  set('extraTaskAttributes', extra as Record<string, unknown> | undefined);
  set('customer', optionalEnum(body, 'customer', CUSTOMER_BEHAVIOURS));
  set('answerAfterMs', optionalNumber(body, 'answerAfterMs'));
  set('ringTimeoutMs', optionalNumber(body, 'ringTimeoutMs'));
  set('customerListedWhileRinging', optionalBoolean(body, 'customerListedWhileRinging'));
  set('acceptLater', optionalBoolean(body, 'acceptLater'));
  set('conferenceOptions', optionalObject(body, 'conferenceOptions'));
  return input;
}

function optionalObject(body: Body, name: string): Record<string, unknown> | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ControlError(400, `${name} must be an object`);
  return value as Record<string, unknown>;
}

/** A malformed instruction is the caller's mistake (400), not an impossible transition (409). */
function withInstructionErrorsAs400<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof Error && /^conference(StatusCallback|Record)/.test(error.message)) throw new ControlError(400, error.message);
    throw error;
  }
}

/** The control routes; every answer is JSON. */
const ROUTES: ControlRoute[] = [
  { method: 'GET', pattern: /^\/_emulator\/state$/, handler: (t) => ({ body: t.snapshot() }) },
  {
    method: 'GET',
    pattern: /^\/_emulator\/requests$/,
    // Basic auth headers carry the credentials: not for a page's console.
    handler: (t) => ({ body: { requests: t.requests().map((r) => ({ ...r, headers: { ...r.headers, authorization: r.headers.authorization ? '[redacted]' : undefined } })) } }),
  },
  {
    method: 'POST',
    pattern: /^\/_emulator\/calls\/outbound$/,
    handler: (t, _p, body) => {
      const input = placeOutboundCallInput(body);
      return { status: 201, body: withInstructionErrorsAs400(() => t.placeOutboundCall(input)) };
    },
  },
  {
    // TaskRouter carries out the accept of a call placed with acceptLater (body: the accept's conferenceOptions).
    method: 'POST',
    pattern: new RegExp(`^/_emulator/tasks/${SID('WT')}/accept$`),
    handler: (t, p, body) => {
      const options = optionalObject(body, 'conferenceOptions');
      return { body: withInstructionErrorsAs400(() => t.acceptOutboundCall(p.sid!, options)) };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/_emulator/calls/${SID('CA')}/answer$`),
    handler: (t, p) => {
      t.answerCall(p.sid!);
      return { body: { callSid: p.sid } };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/_emulator/calls/${SID('CA')}/hangup$`),
    handler: (t, p, body) => {
      t.hangUp(p.sid!, optionalEnum(body, 'status', UNANSWERED));
      return { body: { callSid: p.sid } };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/_emulator/conferences/${SID('CF')}/participants$`),
    handler: (t, p, body) => {
      const input = { to: requiredString(body, 'to') } as {
        to: string;
        from?: string;
        label?: string;
        coaching?: boolean;
        ringing?: boolean;
        listedWhileRinging?: boolean;
      };
      const from = optionalString(body, 'from');
      const label = optionalString(body, 'label');
      const coaching = optionalBoolean(body, 'coaching');
      const ringing = optionalBoolean(body, 'ringing');
      if (from !== undefined) input.from = from;
      if (label !== undefined) input.label = label;
      if (coaching !== undefined) input.coaching = coaching;
      if (ringing !== undefined) input.ringing = ringing;
      const listedWhileRinging = optionalBoolean(body, 'listedWhileRinging');
      if (listedWhileRinging !== undefined) input.listedWhileRinging = listedWhileRinging;
      return { status: 201, body: t.addParticipant(p.sid!, input) };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/_emulator/conferences/${SID('CF')}/end$`),
    handler: (t, p) => {
      t.endConference(p.sid!);
      return { body: { conferenceSid: p.sid } };
    },
  },
  {
    // Flex's native recording of the call (for the agent desk): ISO dates; pausedMs counts a running pause up to now.
    method: 'GET',
    pattern: new RegExp(`^/_emulator/conferences/${SID('CF')}/recordings$`),
    handler: (t, p) => {
      const iso = (date: Date | null) => (date === null ? null : date.toISOString());
      const recordings = t.conferenceRecordings(p.sid!).map((r) => ({ ...r, startTime: iso(r.startTime), endTime: iso(r.endTime) }));
      return { body: { conferenceSid: p.sid, now: t.now().toISOString(), recordings } };
    },
  },
  {
    method: 'POST',
    pattern: /^\/_emulator\/tokens$/,
    handler: (t, _p, body) => {
      const roles = body.roles;
      if (roles !== undefined && !(Array.isArray(roles) && roles.every((role) => typeof role === 'string'))) {
        throw new ControlError(400, 'roles must be an array of strings');
      }
      const input: IssueFlexTokenInput = { workerSid: requiredString(body, 'workerSid'), identity: requiredString(body, 'identity') };
      if (roles !== undefined) input.roles = roles as string[];
      const ttlSeconds = optionalNumber(body, 'ttlSeconds');
      if (ttlSeconds !== undefined) input.ttlSeconds = ttlSeconds;
      return { status: 201, body: { token: t.issueFlexToken(input) } };
    },
  },
  { method: 'GET', pattern: /^\/_emulator\/faults$/, handler: (t) => ({ body: t.faultConfig }) },
  {
    method: 'POST',
    pattern: /^\/_emulator\/faults$/,
    handler: (t, _p, body) => {
      try {
        t.configureFaults(body as FaultConfig); // checked by configureFaults (RangeError -> 400)
      } catch (error) {
        throw new ControlError(400, error instanceof Error ? error.message : String(error));
      }
      return { body: t.faultConfig };
    },
  },
  {
    method: 'POST',
    pattern: /^\/_emulator\/clock\/advance$/,
    handler: (t, _p, body) => {
      t.advanceClock(optionalNumber(body, 'ms') ?? 0);
      return { body: { now: t.snapshot().now } };
    },
  },
  {
    method: 'POST',
    pattern: /^\/_emulator\/reset$/,
    handler: (t) => {
      t.reset();
      return { body: { reset: true } };
    },
  },
];

/**
 * The local control API under /_emulator/: scenario helpers over HTTP for a browser page or a
 * script. Unauthenticated but loopback-only (see http.ts), never logged as a Twilio request and
 * never spec-validated.
 */
export function controlHandler(target: () => ControlTarget) {
  return async (req: IncomingMessage, res: ServerResponse, rawBody: string): Promise<void> => {
    const refusal = refusalFor(req);
    if (refusal) return sendJson(req, res, refusal.status, { error: refusal.message });
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'OPTIONS') {
      return sendJson(req, res, 204, null, {
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
      });
    }
    if (path === EVENTS_PATH && req.method === 'GET') return streamEvents(req, res, target());
    const candidates = ROUTES.filter((route) => route.pattern.test(path));
    const route = candidates.find((candidate) => candidate.method === req.method);
    if (!route) {
      if (candidates.length > 0) return sendJson(req, res, 405, { error: 'method not allowed' }, { Allow: candidates.map((c) => c.method).join(', ') });
      return sendJson(req, res, 404, { error: `no control endpoint ${req.method} ${path}` });
    }
    try {
      const params = route.pattern.exec(path)?.groups ?? {};
      const result = route.handler(target(), params, objectBody(rawBody));
      sendJson(req, res, result.status ?? 200, result.body);
    } catch (error) {
      if (error instanceof ControlError) return sendJson(req, res, error.status, { error: error.message });
      // Scenario helpers throw plain Errors for unknown SIDs or impossible transitions.
      const message = error instanceof Error ? error.message : String(error);
      sendJson(req, res, /^No (call|conference|task|reservation) /.test(message) ? 404 : 409, { error: message });
    }
  };
}

const EVENTS_PATH = '/_emulator/events';

/**
 * `GET /_emulator/events`: a Server-Sent Events stream (what a page's EventSource reads) of TaskRouter's task
 * `updated` events, `event: task-updated` with `data: { taskSid, etag, assignmentStatus }` (fetch /state for
 * the task itself), so a page learns of other writers' changes without polling. Open until the client or the
 * emulator closes it; a comment line every 15 s keeps idle proxies and sockets from dropping it.
 */
function streamEvents(req: IncomingMessage, res: ServerResponse, target: ControlTarget): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', ...corsHeaders(req) });
  res.write(': task updates\n\n');
  const remove = target.onAnyTaskUpdated((task) => {
    if (res.writableEnded || res.destroyed) return;
    res.write(`event: task-updated\ndata: ${JSON.stringify({ taskSid: task.sid, etag: task.etag, assignmentStatus: task.assignmentStatus })}\n\n`);
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  keepAlive.unref();
  res.on('close', () => {
    clearInterval(keepAlive);
    remove();
  });
}
