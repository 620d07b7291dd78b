import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

import { round, sleep } from '../stats';

/**
 * Other work on the machine, on purpose: one CPU-bound process per core, so a figure (the burst) is measured
 * with every core contended, as on a shared host at shift start, instead of on whatever the machine happens
 * to be doing. Each competitor is a plain Node process spinning in 50 ms slices; between slices it checks
 * its IPC channel, so it exits by itself as soon as the bench is gone, however the bench ended (a crash, a
 * SIGKILL): no competitor outlives the run. stop() kills them and waits for each exit.
 */
export interface MachineLoad {
  competitor: string;
  /** Competitors started: os.availableParallelism(). */
  cores: number;
  /** 1-minute load average when the competitors started, the highest sampled (every second) while the figure ran, and right after they stopped. */
  loadAverageBefore: number;
  loadAverageDuring: number;
  loadAverageAfter: number;
  /** How long the competitors ran before the figure started (the load average needs time to show them). */
  warmUpMs: number;
}

/** The competitor's whole program: spin 50 ms, yield, again; exit when the parent's IPC channel closes. */
const SPIN = [
  "process.on('disconnect', () => process.exit(0));",
  'const spin = () => { const end = Date.now() + 50; while (Date.now() < end); if (!process.connected) process.exit(0); setImmediate(spin); };',
  'spin();',
].join('\n');

const WARM_UP_MS = 3000;
/** Every competitor still running, whichever run started it: killed on this process's exit at the latest. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function startCompetitor(): ChildProcess {
  const child = spawn(process.execPath, ['-e', SPIN], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  // Its channel must not keep the bench alive, nor its exit code matter.
  child.unref();
  child.channel?.unref();
  return child;
}

function stopCompetitor(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Runs `figure` with one competitor per core started WARM_UP_MS before it and stopped right after it, whatever it does. */
export async function withCpuLoad<T>(figure: () => Promise<T>): Promise<{ result: T; machineLoad: MachineLoad }> {
  const cores = availableParallelism();
  const loadAverageBefore = round(loadavg()[0], 2);
  const competitors = Array.from({ length: cores }, startCompetitor);
  let loadAverageDuring = loadAverageBefore;
  const sampler = setInterval(() => (loadAverageDuring = Math.max(loadAverageDuring, round(loadavg()[0], 2))), 1000);
  let result: T;
  try {
    await sleep(WARM_UP_MS);
    result = await figure();
  } finally {
    clearInterval(sampler);
    await Promise.all(competitors.map(stopCompetitor));
  }
  return {
    result,
    machineLoad: {
      competitor: `${cores} CPU-bound Node processes (one per core, os.availableParallelism()), each spinning in 50 ms slices, started ${WARM_UP_MS / 1000} s before the figure and stopped right after it`,
      cores,
      loadAverageBefore,
      loadAverageDuring,
      loadAverageAfter: round(loadavg()[0], 2),
      warmUpMs: WARM_UP_MS,
    },
  };
}

/** Stops every competitor still running (the bench's signal handlers call it before exiting). */
export async function stopAllCpuLoad(): Promise<void> {
  await Promise.all([...running].map(stopCompetitor));
}
