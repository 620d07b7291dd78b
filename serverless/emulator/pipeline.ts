import type { Delays } from './delays';
import { ErrorCodes, TwilioApiError, errorBody } from './errors';
import type { FaultEngine } from './fault-config';
import { defaultCodeFor, defaultMessageFor, type BeforeHandleHook, type FaultSpec, type MatchTable } from './faults';
import type { EmulatorOptions } from './options';
import type { EmulatorRequest } from './request';
import type { LoggedRequest } from './request-log';
import { matchRoute, type CompiledRoute, type RouteResult } from './routes/table';
import { formatViolation, operationForRoute, validateRequest, validateResponse, type SpecViolation } from './spec';
import type { EmulatorState } from './state';

/** What the request pipeline needs from the emulator. */
export interface PipelineDeps {
  state: EmulatorState;
  behaviour: EmulatorOptions;
  routes: readonly CompiledRoute[];
  faults: MatchTable<FaultSpec>;
  faultEngine: FaultEngine;
  hooks: MatchTable<BeforeHandleHook>;
  latencyMs: () => number;
}

export type ParsedRequest = EmulatorRequest & { bodyError: string | null };
export type Answer = RouteResult & { errorCode?: number };

export function errorAnswer(error: TwilioApiError, headers?: Record<string, string>): Answer {
  return { status: error.status, body: error.toBody(), errorCode: error.code, ...(headers ? { headers } : {}) };
}

function unauthenticated(detail: string): Answer {
  return errorAnswer(new TwilioApiError(401, ErrorCodes.authenticate, 'Authenticate', detail), {
    'WWW-Authenticate': 'Basic realm="Twilio API"',
  });
}

/** Account auth token or the configured API key/secret, via HTTP Basic. */
function credentialsValid(header: string | undefined, state: EmulatorState): boolean | 'missing' {
  if (!header || !header.startsWith('Basic ')) return 'missing';
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const user = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  const { accountSid, authToken, apiKeySid, apiKeySecret } = state.account;
  return (user === accountSid && secret === authToken) || (user === apiKeySid && secret === apiKeySecret);
}

/**
 * Twilio answers a malformed SID in the path as an unknown resource (404); parameter problems are
 * 400 with code 20001. The message names every violation so a failing test says what to fix.
 */
function violationAnswer(request: EmulatorRequest, violations: SpecViolation[]): Answer {
  if (violations.some((violation) => violation.in === 'path')) {
    return errorAnswer(new TwilioApiError(404, ErrorCodes.notFound, `The requested resource ${request.path} was not found`));
  }
  const names = [...new Set(violations.map((violation) => violation.name))].join(', ');
  return errorAnswer(
    new TwilioApiError(400, ErrorCodes.invalidParameter, `Invalid parameter${violations.length > 1 ? 's' : ''} ${names}: ${violations.map(formatViolation).join('; ')}`),
  );
}

/**
 * The request pipeline, in the order Twilio would plausibly apply it: latency, authentication,
 * rate/concurrency limits and random faults, injected faults, routing answers (404/405),
 * account/body checks, the official-spec check, before-handle hooks, the handler. The spec check
 * is *computed* as soon as the route is known, so even a faulted request is logged with its
 * violations (the contract "every request the Functions send conforms" must not depend on luck).
 * Returns null when the emulator closed meanwhile.
 */
export async function answer(request: ParsedRequest, entry: LoggedRequest, deps: PipelineDeps, delays: Delays): Promise<Answer | null> {
  const arrival = deps.faultEngine.arrive();
  try {
    const match = request.hostKind === null ? null : matchRoute(deps.routes, request.hostKind, request.method, request.path);
    let violations: SpecViolation[] = [];
    const operation = match?.kind === 'matched' ? operationForRoute(match.route) : undefined;
    if (match?.kind === 'matched') {
      entry.routeId = match.route.id;
      if (operation && deps.behaviour.specValidation !== 'off') {
        violations = validateRequest(operation, request, { strictParams: deps.behaviour.strictParams });
        entry.specValidated = true;
        entry.specViolations = violations.map(formatViolation);
      }
    }

    const decision = deps.faultEngine.decide(request, arrival);
    if (!(await delays.wait(deps.latencyMs() + decision.extraLatencyMs))) return null;

    const auth = credentialsValid(request.headers.authorization, deps.state);
    if (auth === 'missing') return unauthenticated('No credentials were provided.');
    if (!auth) return unauthenticated('Your AccountSid or AuthToken was incorrect.');

    if (decision.fault) {
      entry.faulted = true;
      entry.faultKind = decision.fault.kind;
      const { status, code, message } = decision.fault;
      return { status, body: errorBody(status, code, message), errorCode: code };
    }

    const fault = deps.faults.take(request);
    if (fault) {
      if (fault.delayMs && !(await delays.wait(fault.delayMs))) return null;
      const code = fault.code ?? defaultCodeFor(fault.status);
      entry.faulted = true;
      entry.faultKind = 'injected';
      return {
        status: fault.status,
        body: errorBody(fault.status, code, fault.message ?? defaultMessageFor(fault.status)),
        errorCode: code,
        ...(fault.headers ? { headers: fault.headers } : {}),
      };
    }

    if (match === null) return errorAnswer(new TwilioApiError(404, ErrorCodes.notFound, `Unknown host ${request.host}`));
    if (match.kind === 'none') {
      return errorAnswer(new TwilioApiError(404, ErrorCodes.notFound, `The requested resource ${request.path} was not found`));
    }
    if (match.kind === 'wrong-method') {
      return errorAnswer(new TwilioApiError(405, ErrorCodes.methodNotAllowed, 'Method not allowed'), { Allow: match.allowed.join(', ') });
    }

    // Credentials are for one account: a path naming another account is not theirs to use.
    if (match.params.AccountSid !== undefined && match.params.AccountSid !== deps.state.account.accountSid) {
      return unauthenticated('The credentials do not grant access to that account.');
    }
    if (request.bodyError) return errorAnswer(new TwilioApiError(400, ErrorCodes.invalidParameter, request.bodyError));
    if (match.route.body === 'form' && request.rawBody.length > 0 && request.form === null) {
      return errorAnswer(new TwilioApiError(400, ErrorCodes.invalidParameter, 'Expected an application/x-www-form-urlencoded body'));
    }
    if (match.route.body === 'json' && request.json === null) {
      return errorAnswer(new TwilioApiError(400, ErrorCodes.invalidParameter, 'Expected an application/json body'));
    }
    if (violations.length > 0 && deps.behaviour.specValidation === 'enforce') return violationAnswer(request, violations);

    for (const hook of deps.hooks.takeAll(request)) await hook.run(request);

    const result = match.route.handler({ request, params: match.params, state: deps.state, options: deps.behaviour });
    if (operation && deps.behaviour.validateResponses) entry.responseViolations = validateResponse(operation, result.status, result.body);
    return result;
  } finally {
    arrival.release();
  }
}
