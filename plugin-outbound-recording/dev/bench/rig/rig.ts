import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

import { startTwilioEmulator, type TwilioEmulator } from 'outbound-recording-functions/emulator';
import { functionEnv } from 'outbound-recording-functions/sandbox/emulated-env';
import { startFunctionsServer, type FunctionsServer } from 'outbound-recording-functions/sandbox/functions-server';
import { CONFERENCE_STATUS_PATH, RECORDING_STATUS_PATH } from '../../../src/contract/recording-api';
import { startNaiveFunction, type NaiveFunction } from '../naive/naive-function';
import { CreateLog } from './create-log';
import { countFetches, type FetchCounter } from './fetch-counter';
import { startFunctionsFront, type FunctionsFront } from './functions-front';
import { RequestTimeline } from './request-timeline';
import { startTwilioAlias } from './twilio-alias';

const SERVERLESS_DIR = resolve(__dirname, '..', '..', '..', '..', 'serverless');
const PLUGIN_DIR = resolve(__dirname, '..', '..', '..');

/**
 * Everything the network figures run against, in one place: the emulator (in this process, so its hooks share
 * the plugins' clock), the real Functions in twilio-run (warm: one process, modules loaded once, as a deployed
 * Function instance serves consecutive requests), the naive Function, and the counters.
 *
 * Three twilio-run processes serve the same bundled Functions, one per kind of caller, as deployed each
 * Function runs in its own instances: `agentFunctions` answers the plugins (start, pause, resume),
 * `triggerFunctions` Twilio's conference status callbacks (the server path), `statusFunctions` Twilio's
 * recording status callbacks. In front of them one address, `functions` (functions-front.ts): the plugins'
 * Functions base URL, so the conference status callback the plugin sets and the recording status callback
 * URL both point there too; it logs every invocation by path and forwards it to the process for that path.
 * Each process reaches the emulator under its own Host (agent: 127.0.0.1, status: localhost, trigger: a
 * second port piped to the emulator's, twilio-alias.ts), so every Twilio request in the emulator's log says
 * which Function sent it (`functionOf`): that is how creates are told apart by path (the server path's
 * create is the trigger's) and the cost per call is split by caller.
 */
export type FunctionName = 'agent' | 'status' | 'trigger';

export interface Rig {
  emulator: TwilioEmulator;
  latencyMs: number;
  /** The front: what the plugins are given as their Functions base URL. */
  functions: { url: string };
  front: FunctionsFront;
  agentFunctions: FunctionsServer;
  triggerFunctions: FunctionsServer;
  statusFunctions: FunctionsServer;
  naive: NaiveFunction;
  creates: CreateLog;
  timeline: RequestTimeline;
  fetches: FetchCounter;
  /** Which Function sent a request the emulator logged. */
  functionOf(entry: { headers: Record<string, string | string[] | undefined> }): FunctionName;
  close(): Promise<void>;
}

export async function startRig(latencyMs: number): Promise<Rig> {
  ensureFunctionsBuilt();
  // Twilio sends each callback as its own request when its event fires, waiting for no earlier one (their
  // SequenceNumber is there because they may arrive out of order): a customer's join must not queue behind the
  // agent's join still being answered, nor a burst's 2,000 joins behind each other.
  const emulator = await startTwilioEmulator({ latencyMs, callbackDelivery: 'as-fired' });
  const closers: Array<() => Promise<void>> = [() => emulator.close()];
  try {
    const alias = await startTwilioAlias(Number(new URL(emulator.baseUrl).port));
    closers.push(() => alias.close());
    const frontPort = await freePort();
    const frontHost = `127.0.0.1:${frontPort}`;
    // DOMAIN_NAME: the service's own domain, which the conference-status Function verifies Twilio's signature
    // against (twilio-run would give each process its own port; Twilio signed the front's URL).
    const shared = { RECORDING_STATUS_CALLBACK_URL: `http://${frontHost}${RECORDING_STATUS_PATH}`, DOMAIN_NAME: frontHost };
    const started = await Promise.allSettled([
      startFunctionsServer(functionEnv(emulator, shared), { warm: true }),
      startFunctionsServer(functionEnv(emulator, { ...shared, TWILIO_EMULATOR_URL: alias.url }), { warm: true }),
      startFunctionsServer(functionEnv(emulator, { ...shared, TWILIO_EMULATOR_URL: emulator.baseUrl.replace('//127.0.0.1:', '//localhost:') }), { warm: true }),
    ]);
    // Those that did start are stopped with the rest if another did not.
    for (const result of started) if (result.status === 'fulfilled') closers.push(() => result.value.stop());
    const [agentFunctions, triggerFunctions, statusFunctions] = started.map((result) => {
      if (result.status === 'rejected') throw result.reason;
      return result.value;
    });
    const front = await startFunctionsFront(frontPort, [
      { name: 'trigger', paths: (path) => path === CONFERENCE_STATUS_PATH, target: triggerFunctions.url },
      { name: 'status', paths: (path) => path === RECORDING_STATUS_PATH, target: statusFunctions.url },
      { name: 'agent', paths: () => true, target: agentFunctions.url },
    ]);
    closers.push(() => front.close());
    const naive = await startNaiveFunction(emulator);
    closers.push(() => naive.close());
    const fetches = countFetches();
    closers.push(async () => fetches.restore());
    const functionOf = (entry: { headers: Record<string, string | string[] | undefined> }): FunctionName => {
      const host = String(entry.headers.host ?? '');
      if (host === alias.host) return 'trigger';
      return host.startsWith('localhost') ? 'status' : 'agent';
    };
    return {
      emulator,
      latencyMs,
      functions: { url: front.url },
      front,
      agentFunctions,
      triggerFunctions,
      statusFunctions,
      naive,
      creates: new CreateLog(emulator, latencyMs, functionOf),
      timeline: new RequestTimeline(emulator, latencyMs, functionOf),
      fetches,
      functionOf,
      close: async () => {
        for (const close of closers.reverse()) await close().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw error;
  }
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
