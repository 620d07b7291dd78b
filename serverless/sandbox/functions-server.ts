import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The Functions served by the real local runtime (twilio-run, through toolchain/serve-functions.ts), as
 * an admin runs them with `npm run functions`; shared by the tests, the offline sandbox and the
 * benchmarks. twilio-run replaces process.env with its .env file, so the configuration is written to a
 * temporary one.
 * Requires the bundled Functions (`npm run build -w serverless`).
 */
export interface FunctionsServer {
  url: string;
  /** The process started (tsx, which runs twilio-run in a child of its own): the root of the server's process tree. */
  pid: number | undefined;
  stop(): Promise<void>;
}

const SERVERLESS_DIR = resolve(__dirname, '..');
/** twilio-run's start command through its programmatic API, answering bodies it cannot parse with JSON errors. */
const SERVE_FUNCTIONS = join(SERVERLESS_DIR, 'toolchain', 'serve-functions.ts');

export interface FunctionsServerOptions {
  /** Default: a free port. */
  port?: number;
  /**
   * twilio-run's defaults suit editing code: a process forked per request and modules reloaded on every
   * request (together ~100-300 ms each). `true` serves them from one warm process with modules loaded
   * once, as a deployed Function instance serves consecutive requests (used for measurements), and no
   * request log line printed per request (a deployed Function prints none; a burst's thousands of lines were
   * a measurable share of both this process's CPU and its reader's).
   */
  warm?: boolean;
}

export async function startFunctionsServer(env: Record<string, string>, options: FunctionsServerOptions = {}): Promise<FunctionsServer> {
  const port = options.port ?? (await freePort());
  const envFile = join(mkdtempSync(join(tmpdir(), 'outbound-recording-')), '.env');
  writeFileSync(envFile, Object.entries(env).map(([key, value]) => `${key}=${value}`).join('\n'));
  const flags = ['--port', String(port), '--env', envFile, ...(options.warm ? ['--no-fork-process', '--no-live', '--no-logs'] : [])];
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), SERVE_FUNCTIONS, ...flags], {
    cwd: SERVERLESS_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  await waitForListening(child, port);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () => stopChild(child),
  };
}

function waitForListening(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`twilio-run did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // twilio-run prints the routes it serves once it listens.
      if (output.includes(`localhost:${port}/recording/start`)) done();
    };
    const onExit = (code: number | null) => fail(new Error(`twilio-run exited (${code}):\n${output}`));
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    }
    function done() {
      cleanup();
      // Keep draining its request log so a full pipe never blocks the server.
      child.stdout?.resume();
      child.stderr?.resume();
      resolvePromise();
    }
    function fail(error: Error) {
      cleanup();
      reject(error);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePromise(address.port) : reject(new Error('no port'))));
    });
  });
}
