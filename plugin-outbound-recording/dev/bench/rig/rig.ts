import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

import { startTwilioEmulator, type TwilioEmulator } from 'outbound-recording-functions/emulator';
import { functionEnv } from 'outbound-recording-functions/sandbox/emulated-env';
import { startFunctionsServer, type FunctionsServer } from 'outbound-recording-functions/sandbox/functions-server';
import { startNaiveFunction, type NaiveFunction } from '../naive/naive-function';
import { CreateLog } from './create-log';
import { countFetches, type FetchCounter } from './fetch-counter';
import { RequestTimeline } from './request-timeline';

const SERVERLESS_DIR = resolve(__dirname, '..', '..', '..', '..', 'serverless');
const PLUGIN_DIR = resolve(__dirname, '..', '..', '..');

/**
 * Everything the network figures run against, in one place: the emulator (in this process, so its hooks share
 * the plugins' clock), the real Functions in twilio-run (warm: one process, modules loaded once, as a deployed
 * Function instance serves consecutive requests), the naive Function, and the counters.
 *
 * Two twilio-run processes serve the same bundled Functions: `functions` answers the plugins (start, pause,
 * resume), `statusFunctions` receives Twilio's recording status callbacks (RECORDING_STATUS_CALLBACK_URL
 * points there, as deployed each Function runs in its own instances). The status one reaches the emulator as
 * `localhost`, the other as `127.0.0.1`, so every Twilio request in the emulator's log says which Function
 * sent it (`functionOf`).
 */
export interface Rig {
  emulator: TwilioEmulator;
  latencyMs: number;
  functions: FunctionsServer;
  statusFunctions: FunctionsServer;
  naive: NaiveFunction;
  creates: CreateLog;
  timeline: RequestTimeline;
  fetches: FetchCounter;
  close(): Promise<void>;
}

export async function startRig(latencyMs: number): Promise<Rig> {
  ensureFunctionsBuilt();
  const emulator = await startTwilioEmulator({ latencyMs });
  const closers: Array<() => Promise<void>> = [() => emulator.close()];
  try {
    const statusPort = await freePort();
    const callbackUrl = { RECORDING_STATUS_CALLBACK_URL: `http://127.0.0.1:${statusPort}/recording/status` };
    const statusFunctions = await startFunctionsServer(
      functionEnv(emulator, { ...callbackUrl, TWILIO_EMULATOR_URL: emulator.baseUrl.replace('//127.0.0.1:', '//localhost:') }),
      { warm: true, port: statusPort },
    );
    closers.push(() => statusFunctions.stop());
    const functions = await startFunctionsServer(functionEnv(emulator, callbackUrl), { warm: true });
    closers.push(() => functions.stop());
    const naive = await startNaiveFunction(emulator);
    closers.push(() => naive.close());
    const fetches = countFetches();
    closers.push(async () => fetches.restore());
    return {
      emulator,
      latencyMs,
      functions,
      statusFunctions,
      naive,
      creates: new CreateLog(emulator, latencyMs),
      timeline: new RequestTimeline(emulator, latencyMs),
      fetches,
      close: async () => {
        for (const close of closers.reverse()) await close().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw error;
  }
}

/** Which of the rig's Functions sent a request the emulator logged (see Rig). */
export function functionOf(entry: { headers: Record<string, string | string[] | undefined> }): 'agent' | 'status' {
  return String(entry.headers.host ?? '').startsWith('localhost') ? 'status' : 'agent';
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Rebuilds serverless/dist only when a source it bundles is newer, so a run measures the code as it is. */
function ensureFunctionsBuilt(): void {
  const output = join(SERVERLESS_DIR, 'dist', 'functions', 'recording', 'start.js');
  const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
  const newest = Math.max(newestMtime(join(SERVERLESS_DIR, 'src')), newestMtime(join(PLUGIN_DIR, 'src', 'contract')));
  if (newest <= builtAt) return;
  const result = spawnSync(process.execPath, [join(SERVERLESS_DIR, 'toolchain', 'build-functions.mjs')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('Building the Functions failed (see above).');
}

export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
