import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';

import { startTwilioEmulator, type TwilioEmulator, type TwilioEmulatorOptions } from 'outbound-recording-functions/emulator';
import { functionEnv, writeSandboxEnvFile, type SandboxEnvFile } from 'outbound-recording-functions/sandbox/emulated-env';
import { startFunctionsServer, type FunctionsServer } from 'outbound-recording-functions/sandbox/functions-server';
import { bundleDesk } from '../agent-desk/bundle-desk';
import { startDeskServer, type DeskServer } from '../agent-desk/desk-server';

/**
 * The whole product offline: a Twilio emulator, the real Functions served by twilio-run and talking to
 * it through the twilio library, and the agent desk page running the real plugin on the real Flex UI
 * runtime (SDK fakes below Flex, mirrored into the emulator).
 * Used by `npm start` and by the browser tests.
 */
export interface SandboxOptions {
  /** 0 picks a free port (tests); `npm start` uses fixed defaults. */
  emulatorPort: number;
  functionsPort: number;
  deskPort: number;
  /** FLEX_APP_RECORDING_WAIT_SECONDS for the plugin. */
  recordingWaitSeconds?: number;
  emulator?: Omit<TwilioEmulatorOptions, 'port'>;
  /**
   * Write serverless/.env.sandbox for this run (removed on stop), so `npm run coverage -- --env sandbox` reads this
   * emulator. `npm start` does; tests leave the working tree alone.
   */
  writeEnvFile?: boolean;
  /** Rebuild the bundled Functions first (skip when the caller just did). */
  /**
   * Further Functions settings for this run, e.g. INTELLIGENCE_SERVICE_SID (the Conversation Intelligence
   * hand-off, served by the emulator's intelligence.twilio.com); also written into serverless/.env.sandbox.
   */
  functionSettings?: Record<string, string>;
  buildFunctions?: boolean;
}

export interface Sandbox {
  deskUrl: string;
  functionsUrl: string;
  emulator: TwilioEmulator;
  /** The agent desk page's bundle (the real Flex UI runtime and the plugin): built now, or from the cache. */
  deskBundle: { source: 'built' | 'cache'; ms: number; bytes: number };
  /** serverless/.env.sandbox, when asked for (writeEnvFile). */
  envFile?: SandboxEnvFile;
  stop(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly role: string,
    readonly variable: string,
  ) {
    super(`Port ${port} (${role}) is already in use. Stop whatever uses it, or choose another port with ${variable}=<port>.`);
    this.name = 'PortInUseError';
  }
}

/** The Functions' workspace (its build script), found as the package the emulator and the Functions server come from. */
const SERVERLESS_DIR = dirname(require.resolve('outbound-recording-functions/package.json'));

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  await Promise.all([
    ensurePortFree(options.emulatorPort, 'Twilio emulator', 'EMULATOR_PORT'),
    ensurePortFree(options.functionsPort, 'Functions (twilio-run)', 'PORT'),
    ensurePortFree(options.deskPort, 'agent desk', 'DESK_PORT'),
  ]);
  if (options.buildFunctions ?? true) buildFunctions();

  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const emulator = await startTwilioEmulator({ ...options.emulator, port: options.emulatorPort });
    stops.push(() => emulator.close());
    const desk: DeskServer = await startDeskServer(options.deskPort);
    stops.push(() => desk.close());
    const functions: FunctionsServer = await startFunctionsServer(functionEnv(emulator, { ...options.functionSettings, ALLOWED_ORIGINS: desk.url }), {
      port: options.functionsPort || (await freePort()),
    });
    stops.push(() => functions.stop());
    let envFile: SandboxEnvFile | undefined;
    if (options.writeEnvFile === true) {
      const written = writeSandboxEnvFile(SERVERLESS_DIR, emulator, { ...options.functionSettings, ALLOWED_ORIGINS: desk.url });
      envFile = written;
      stops.push(async () => written.remove());
    }
    const bundle = await bundleDesk();
    desk.setPage(bundle.code, { emulatorUrl: emulator.baseUrl, functionsUrl: functions.url, recordingWaitSeconds: options.recordingWaitSeconds });
    return {
      deskUrl: desk.url,
      functionsUrl: functions.url,
      emulator,
      deskBundle: { source: bundle.source, ms: bundle.ms, bytes: bundle.code.length },
      ...(envFile === undefined ? {} : { envFile }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function buildFunctions(): void {
  const result = spawnSync(process.execPath, [resolve(SERVERLESS_DIR, 'toolchain', 'build-functions.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('Building the Functions failed (see above).');
}

/** Fails early and clearly, instead of a child process dying with EADDRINUSE somewhere in its log. */
function ensurePortFree(port: number, role: string, variable: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, role, variable) : error),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePromise()));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePromise(address.port) : reject(new Error('no free port'))));
    });
  });
}
