import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomerBehaviour } from '../customer';
import type { FaultConfig } from '../fault-config';
import type { LoggedRequest } from '../request-log';
import type { OutboundCallScenario, PlaceOutboundCallInput } from '../scenario';
import type { EmulatorSnapshot } from '../snapshot';
import type { IssueFlexTokenInput } from '../state/tokens';
import {
  ControlError,
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
  answerCall(callSid: string): void;
  hangUp(callSid: string, unansweredStatus?: 'no-answer' | 'busy' | 'canceled' | 'failed'): void;
  addParticipant(
    conferenceSid: string,
    input: { to: string; from?: string; label?: string; coaching?: boolean; ringing?: boolean; listedWhileRinging?: boolean },
  ): { callSid: string };
  endConference(conferenceSid: string): void;
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
  return input;
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
    handler: (t, _p, body) => ({ status: 201, body: t.placeOutboundCall(placeOutboundCallInput(body)) }),
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
