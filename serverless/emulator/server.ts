import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Delays } from './delays';
import { ErrorCodes, TwilioApiError } from './errors';
import { answer, errorAnswer, type Answer, type ParsedRequest, type PipelineDeps } from './pipeline';
import { hostKindOf, mediaTypeOf, paramsOf, readBody, splitTarget, type EmulatorRequest } from './request';
import type { LoggedRequest, RequestLog } from './request-log';

/** What the HTTP layer needs from the emulator. */
export interface ServerDeps extends PipelineDeps {
  log: RequestLog;
  /** Handles `/_emulator/...` (the local control API); never logged or spec-validated. */
  control?: (req: IncomingMessage, res: ServerResponse, body: string) => Promise<void>;
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  /** Cancellable timers shared with scenario steps (cancelled on close). */
  delays: Delays;
  close(): Promise<void>;
}

export const CONTROL_PREFIX = '/_emulator/';

function parseRequest(req: IncomingMessage, rawBody: string): ParsedRequest {
  const { host, path, query } = splitTarget(req.url ?? '/');
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

function write(res: ServerResponse, result: Answer): void {
  if (res.destroyed || res.writableEnded) return;
  if (result.status === 204) {
    // "No Content", as Twilio answers a DELETE.
    res.writeHead(204, { ...result.headers });
    res.end();
    return;
  }
  const text = JSON.stringify(result.body);
  res.writeHead(result.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...result.headers,
  });
  res.end(text);
}

async function handleTwilioRequest(req: IncomingMessage, res: ServerResponse, rawBody: string, deps: ServerDeps, delays: Delays): Promise<void> {
  let entry: LoggedRequest | null = null;
  try {
    const request = parseRequest(req, rawBody);
    const { bodyError: _ignored, rawBody: _raw, ...logged } = request;
    entry = deps.log.add({
      ...logged,
      routeId: null,
      status: null,
      errorCode: null,
      faulted: false,
      faultKind: null,
      specValidated: false,
      specViolations: [],
      responseViolations: [],
      at: deps.state.clock.now(),
    });
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
    write(res, result);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (entry) entry.status = 400;
    write(res, errorAnswer(new TwilioApiError(400, ErrorCodes.invalidParameter, message)));
  }
}

export async function startServer(deps: ServerDeps, listen: { host: string; port: number }): Promise<RunningServer> {
  const delays = new Delays();

  const server: Server = createServer((req, res) => {
    void (async () => {
      let rawBody: string;
      try {
        rawBody = await readBody(req);
      } catch (error) {
        write(res, errorAnswer(new TwilioApiError(400, ErrorCodes.invalidParameter, error instanceof Error ? error.message : String(error))));
        return;
      }
      if (deps.control && (req.url ?? '').startsWith(CONTROL_PREFIX)) {
        await deps.control(req, res, rawBody).catch((error: unknown) => {
          // The control API answers its own errors; this is a bug in it, reported rather than crashing the process.
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: `emulator control error: ${error instanceof Error ? error.message : String(error)}` }));
        });
      } else {
        await handleTwilioRequest(req, res, rawBody, deps, delays);
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
    delays,
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
