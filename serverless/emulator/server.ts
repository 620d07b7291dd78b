import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCodes, TwilioApiError, errorBody } from './errors';
import { defaultCodeFor, defaultMessageFor, type BeforeHandleHook, type FaultSpec, type MatchTable } from './faults';
import type { EmulatorOptions } from './options';
import { hostKindOf, mediaTypeOf, paramsOf, readBody, splitTarget, type EmulatorRequest } from './request';
import type { LoggedRequest, RequestLog } from './request-log';
import { matchRoute, type CompiledRoute, type RouteResult } from './routes/table';
import type { EmulatorState } from './state';

/** What the HTTP layer needs from the emulator. */
export interface ServerDeps {
  state: EmulatorState;
  behaviour: EmulatorOptions;
  routes: readonly CompiledRoute[];
  log: RequestLog;
  faults: MatchTable<FaultSpec>;
  hooks: MatchTable<BeforeHandleHook>;
  latencyMs: () => number;
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

/** Timers that close() can cancel, so a pending latency never keeps the process alive. */
class Delays {
  private pending = new Set<{ timer: NodeJS.Timeout; resolve: (elapsed: boolean) => void }>();
  private closed = false;

  wait(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolve(true);
        }, ms),
        resolve,
      };
      this.pending.add(entry);
    });
  }

  cancelAll(): void {
    this.closed = true;
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.resolve(false);
    }
    this.pending.clear();
  }
}

type Answer = RouteResult & { errorCode?: number; faulted?: boolean };

function errorAnswer(error: TwilioApiError, headers?: Record<string, string>): Answer {
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

async function parseRequest(req: IncomingMessage): Promise<EmulatorRequest & { bodyError: string | null }> {
  const { host, path, query } = splitTarget(req.url ?? '/');
  const rawBody = await readBody(req);
  const mediaType = mediaTypeOf(req.headers);
  let form: EmulatorRequest['form'] = null;
  let json: unknown = null;
  let bodyError: string | null = null;
  if (rawBody.length > 0 && mediaType === 'application/x-www-form-urlencoded') {
    form = paramsOf(new URLSearchParams(rawBody));
  } else if (rawBody.length > 0 && mediaType === 'application/json') {
    try {
      json = JSON.parse(rawBody);
    } catch {
      bodyError = 'The request body is not valid JSON';
    }
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    host,
    hostKind: hostKindOf(host),
    path,
    query,
    form,
    json,
    rawBody,
    headers: req.headers,
    bodyError,
  };
}

/**
 * The request pipeline, in the order Twilio would plausibly apply it: latency, authentication,
 * injected faults, routing answers (404/405), account/body checks, before-handle hooks, the handler.
 */
async function answer(request: EmulatorRequest & { bodyError: string | null }, entry: LoggedRequest, deps: ServerDeps, delays: Delays): Promise<Answer | null> {
  if (!(await delays.wait(deps.latencyMs()))) return null;

  // Route first (it has no effect), so even a faulted or refused request is logged with its route id.
  const match = request.hostKind === null ? null : matchRoute(deps.routes, request.hostKind, request.method, request.path);
  if (match?.kind === 'matched') entry.routeId = match.route.id;

  const auth = credentialsValid(request.headers.authorization, deps.state);
  if (auth === 'missing') return unauthenticated('No credentials were provided.');
  if (!auth) return unauthenticated('Your AccountSid or AuthToken was incorrect.');

  const fault = deps.faults.take(request);
  if (fault) {
    if (fault.delayMs && !(await delays.wait(fault.delayMs))) return null;
    const code = fault.code ?? defaultCodeFor(fault.status);
    return {
      status: fault.status,
      body: errorBody(fault.status, code, fault.message ?? defaultMessageFor(fault.status)),
      errorCode: code,
      faulted: true,
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

  for (const hook of deps.hooks.takeAll(request)) await hook.run(request);

  return match.route.handler({ request, params: match.params, state: deps.state, options: deps.behaviour });
}

function write(res: ServerResponse, result: Answer): void {
  if (res.destroyed || res.writableEnded) return;
  const text = JSON.stringify(result.body);
  res.writeHead(result.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...result.headers,
  });
  res.end(text);
}

export async function startServer(deps: ServerDeps, listen: { host: string; port: number }): Promise<RunningServer> {
  const delays = new Delays();

  const server: Server = createServer((req, res) => {
    void (async () => {
      let entry: LoggedRequest | null = null;
      try {
        const request = await parseRequest(req);
        const { bodyError: _ignored, rawBody: _raw, ...logged } = request;
        entry = deps.log.add({ ...logged, routeId: null, status: null, errorCode: null, faulted: false, at: deps.state.clock.now() });
        const result = await answer(request, entry, deps, delays).catch((error: unknown): Answer => {
          if (error instanceof TwilioApiError) return errorAnswer(error);
          // A bug in the emulator (or a throwing hook) must surface, not look like a Twilio answer.
          const message = error instanceof Error ? error.message : String(error);
          return errorAnswer(new TwilioApiError(500, ErrorCodes.internalError, `Emulator error: ${message}`));
        });
        if (result === null) {
          res.destroy(); // the emulator is closing
          return;
        }
        entry.status = result.status;
        entry.errorCode = result.errorCode ?? null;
        entry.faulted = result.faulted ?? false;
        write(res, result);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (entry) entry.status = 400;
        write(res, errorAnswer(new TwilioApiError(400, ErrorCodes.invalidParameter, message)));
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = listen.host.includes(':') ? `[${listen.host}]` : listen.host;

  let closing: Promise<void> | null = null;
  return {
    baseUrl: `http://${hostForUrl}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        delays.cancelAll();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from HTTP clients would otherwise hold close() (and jest) open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
