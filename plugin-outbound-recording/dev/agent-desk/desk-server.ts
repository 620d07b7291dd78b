import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';

import { LOOPBACK_ONLY_CSP } from '../real-flex/browser/esbuild-real-flex';

/** What the page reads at start (window.__DESK_CONFIG__): the other servers' URLs and the plugin's wait bound. */
export interface DeskConfig {
  emulatorUrl: string;
  functionsUrl: string;
  /** FLEX_APP_RECORDING_WAIT_SECONDS for the plugin; unset = the plugin's default. */
  recordingWaitSeconds?: number;
}

export interface DeskServer {
  url: string;
  /** The page's configuration names the other servers, which need this one's URL first: it comes last. */
  setPage(bundle: string, config: DeskConfig): void;
  close(): Promise<void>;
}

/**
 * Serves the agent desk page (index.html with its configuration, and the bundle) on the loopback interface.
 * The page may reach only loopback servers (LOOPBACK_ONLY_CSP): the real Flex runtime's requests for Twilio's
 * CDN assets are refused by the browser.
 */
export function startDeskServer(port: number): Promise<DeskServer> {
  const template = readFileSync(resolve(__dirname, 'page', 'index.html'), 'utf8');
  let html = template.replace('<script src="/desk.js"></script>', '<p>The agent desk is still being built; reload in a moment.</p>');
  let bundle = '';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const headers = { 'Cache-Control': 'no-store', 'Content-Security-Policy': LOOPBACK_ONLY_CSP };
    if (req.method !== 'GET') {
      res.writeHead(405, { Allow: 'GET' }).end();
    } else if (path === '/desk.js') {
      if (bundle === '') res.writeHead(503, { 'Content-Type': 'text/plain' }).end('still building');
      else res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(bundle);
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      // Flex routes in the page (/agent-desktop/WR...): a reload there gets the page too.
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(html);
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
        setPage: (nextBundle, config) => {
          bundle = nextBundle;
          const pageConfig = {
            emulatorUrl: config.emulatorUrl,
            functionsUrl: config.functionsUrl,
            recordingWaitSeconds: config.recordingWaitSeconds === undefined ? undefined : String(config.recordingWaitSeconds),
          };
          // JSON inside a script element: `<` escaped so no value can close it.
          const script = `<script>window.__DESK_CONFIG__ = ${JSON.stringify(pageConfig).replace(/</g, '\\u003c')};</script>`;
          html = template.replace('<!--DESK_CONFIG-->', script);
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
