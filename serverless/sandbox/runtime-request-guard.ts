import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Two things the local runtime does that Twilio's deployed runtime may not, fixed before twilio-run sees
 * a request (see toolchain/serve-functions.ts):
 *
 * 1. twilio-run builds a Function's event as `{ request: { headers, cookies }, ...query, ...body }`, so a
 *    query parameter or body field named `request` replaces the runtime's own headers (a foreign Origin
 *    passed the origin check that way). Here the body is parsed first, with the runtime's own parsers and
 *    options, and a caller's `request` is dropped from both, so `event.request` is always the runtime's.
 * 2. In the same merge a body field hides a query parameter of the same name, so a token put in the URL
 *    next to a body that also carries one would vanish unnoticed instead of being refused. Here such a
 *    query parameter is kept visible under a name of its own (`<name>(query)`), which the Functions refuse
 *    as a parameter they do not read.
 * 3. twilio-run answers every CORS preflight itself, `Access-Control-Allow-Origin: *`, without running
 *    the Function. A preflight is passed on to the Function instead (as a POST: the runtime hides the
 *    method from Functions), which answers it from its own origin list (http/agent-endpoint.ts).
 *
 * The Functions do not rely on this: they refuse a `request` that is not shaped like the runtime's, and
 * read their inputs only from a JSON envelope no query string can forge (http/request-event.ts).
 */

// The same copies of express and body-parser the runtime uses (dependencies of @twilio/runtime-handler).
const fromRuntime = createRequire(require.resolve('@twilio/runtime-handler/dev'));
type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
const bodyParser = fromRuntime('body-parser') as {
  urlencoded(options: { extended: boolean; limit: string }): Middleware;
  json(options: { limit: string }): Middleware;
};

/** runtime-handler's DEFAULT_BODY_SIZE_LAMBDA (not exported): the same limit, so nothing changes for valid bodies. */
export const RUNTIME_BODY_LIMIT = '6mb';

interface ParsedRequest extends IncomingMessage {
  body?: unknown;
  query?: unknown;
}

/** Drops a caller-supplied `request` from parsed parameters (the runtime's own is added after). */
export function dropCallerRequestField(parameters: unknown): void {
  if (typeof parameters === 'object' && parameters !== null && Object.prototype.hasOwnProperty.call(parameters, 'request')) {
    delete (parameters as Record<string, unknown>).request;
  }
}

/** Keeps a query parameter a body field of the same name would hide, under its own name. */
export function keepHiddenQueryParameters(query: unknown, body: unknown): void {
  if (typeof query !== 'object' || query === null || typeof body !== 'object' || body === null) return;
  for (const name of Object.keys(query)) {
    if (!Object.prototype.hasOwnProperty.call(body, name)) continue;
    const parameters = query as Record<string, unknown>;
    parameters[`${name}(query)`] = parameters[name];
    delete parameters[name];
  }
}

/** Express middleware, mounted before twilio-run's app. */
export function runtimeRequestGuard(): Middleware[] {
  const form = bodyParser.urlencoded({ extended: false, limit: RUNTIME_BODY_LIMIT });
  const json = bodyParser.json({ limit: RUNTIME_BODY_LIMIT });
  return [
    form,
    json,
    (req, _res, next) => {
      const parsed = req as ParsedRequest;
      dropCallerRequestField(parsed.body);
      dropCallerRequestField(parsed.query);
      keepHiddenQueryParameters(parsed.query, parsed.body);
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) req.method = 'POST';
      next();
    },
  ];
}
