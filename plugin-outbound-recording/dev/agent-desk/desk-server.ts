import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';

export interface DeskServer {
  url: string;
  /** The page's bundle depends on the other servers' URLs, which depend on this one's: it comes last. */
  setBundle(bundle: string): void;
  close(): Promise<void>;
}

/** Serves the agent desk page (index.html and its bundle) on the loopback interface. */
export function startDeskServer(port: number): Promise<DeskServer> {
  const html = readFileSync(resolve(__dirname, 'page', 'index.html'), 'utf8');
  let bundle = 'document.body.textContent = "The agent desk is still being built; reload in a moment.";';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET') {
      res.writeHead(405, { Allow: 'GET' }).end();
    } else if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
    } else if (path === '/desk.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(bundle);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      resolvePromise({
        url: `http://127.0.0.1:${actualPort}`,
        setBundle: (next) => {
          bundle = next;
        },
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
