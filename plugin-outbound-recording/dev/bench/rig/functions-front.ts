import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * The rig's one Functions address, in front of its twilio-run processes, as Twilio's edge is in front of a
 * service's Functions: every request (the plugins' and Twilio's callbacks alike) arrives here, is logged by
 * path (an invocation, counted on the Functions' side), and is forwarded unchanged (method, path, headers,
 * the Host header included, so signatures over the URL still verify) to the process serving that path.
 */
export interface Invocation {
  method: string;
  /** The path without its query, e.g. /recording/conference-status. */
  path: string;
  /** Which process served it (the route's name). */
  served: string;
  /** performance.now() when it arrived and when its answer was sent; answeredAt null while in flight. */
  arrivedAt: number;
  answeredAt: number | null;
  status: number | null;
}

export interface FrontRoute {
  /** Paths served by this target; the first route whose test matches wins. */
  paths: (path: string) => boolean;
  name: string;
  /** http://127.0.0.1:<port> of the twilio-run serving them. */
  target: string;
}

export interface FunctionsFront {
  url: string;
  /** Every invocation so far, in arrival order (the array itself: read, do not change). */
  readonly invocations: readonly Invocation[];
  readonly inFlight: number;
  close(): Promise<void>;
}

export function startFunctionsFront(port: number, routes: readonly FrontRoute[]): Promise<FunctionsFront> {
  const invocations: Invocation[] = [];
  let inFlight = 0;
  // Kept-alive connections to each twilio-run, as a warm edge keeps them: no TCP handshake per invocation.
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0];
    const route = routes.find((candidate) => candidate.paths(path));
    const entry: Invocation = { method: request.method ?? 'GET', path, served: route?.name ?? 'none', arrivedAt: performance.now(), answeredAt: null, status: null };
    invocations.push(entry);
    inFlight += 1;
    const answered = (status: number) => {
      if (entry.answeredAt !== null) return;
      entry.answeredAt = performance.now();
      entry.status = status;
      inFlight -= 1;
    };
    if (route === undefined) {
      answered(404);
      response.writeHead(404).end();
      return;
    }
    const target = new URL(route.target);
    const upstream = httpRequest(
      { agent, host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.once('end', () => answered(answer.statusCode ?? 502));
      },
    );
    upstream.once('error', () => {
      answered(502);
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${port}`,
        invocations,
        get inFlight() {
          return inFlight;
        },
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            agent.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
