/**
 * `npm run bench -- [--out FILE] [--latency MS] [--calls N] [--burst N] [--shift N] [--browser-agents N] [--browser-gone N] [--readme-table] [--quick]`
 *
 * Runs the product (the real plugin in the Flex stand-in, the real Functions in twilio-run, the Twilio
 * emulator adding L ms to every request) and the naive design it replaces, side by side (each design's burst
 * with a CPU-bound competitor on every core); calls whose agent's page is gone (the server path alone); then
 * ours on the real Flex UI runtime (a few agents, a process each) for the browser-path time to record; prints
 * a table (and with --readme-table the README's) and writes the JSON report (schema: README.md next to this
 * file). Not part of `npm test`.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';

import type { Design } from './agent/agent';
import { loadAgentPages, type AgentPage } from './agent/agent-bundle';
import { runBrowserGone, type BrowserGoneFigure } from './figures/browser-gone';
import { runBrowserPath, type BrowserPathFigure } from './figures/browser-path';
import { runBurst, type BurstResult } from './figures/burst';
import { measureBundles } from './figures/bundle-size';
import { runShift } from './figures/shift';
import { runSequentialCalls, type SequentialResult } from './figures/time-to-record';
import { describeMachine } from './machine';
import { parseOptions, type BenchOptions } from './options';
import { bundleFigures, checkTargets, computeRatios, formatReadmeTable, formatTable, type BenchReport, type DesignFigures } from './report';
import { stopAllCpuLoad, withCpuLoad } from './rig/cpu-load';
import { startRig, type Rig } from './rig/rig';
import { round } from './stats';

const openRigs = new Set<Rig>();
const benchStarted = performance.now();

function progress(message: string): void {
  process.stderr.write(`[bench ${Math.round((performance.now() - benchStarted) / 1000)} s] ${message}\n`);
}

/** Each network figure gets a fresh emulator and twilio-run, so no figure's leftovers (e.g. status callbacks still being delivered) count in another. */
async function withRig<T>(latencyMs: number, run: (rig: Rig) => Promise<T>): Promise<T> {
  const rig = await startRig(latencyMs);
  openRigs.add(rig);
  try {
    return await run(rig);
  } finally {
    openRigs.delete(rig);
    await rig.close();
  }
}

/**
 * Plugins log (FlexPlugin announces every load; ours warns about calls it could not record): with 1,000
 * agents that would bury the table, so their console output is counted, not printed.
 */
function quietPlugins(): { warnings: () => number; restore: () => void } {
  const original = { log: console.log, warn: console.warn };
  let warnings = 0;
  console.log = () => undefined;
  console.warn = () => {
    warnings += 1;
  };
  return { warnings: () => warnings, restore: () => Object.assign(console, original) };
}

async function runDesign(options: BenchOptions, newPage: () => AgentPage, design: Design): Promise<{ sequential: SequentialResult; burst: BurstResult }> {
  progress(`${design}: ${options.calls} calls one after another, then ${options.firstCalls} agents' first calls (time to record, cost per call)`);
  const sequential = await withRig(options.latencyMs, (rig) => runSequentialCalls(rig, newPage, design, options.calls, options.firstCalls));
  progress(`${design}: burst of ${options.burst} calls answered within ${options.burstWindowMs} ms, a CPU-bound competitor on every core`);
  const burst = await withRig(options.latencyMs, async (rig) => {
    const loaded = await withCpuLoad(() => runBurst(rig, newPage, design, options.burst, options.burstWindowMs, options.maxConcurrent));
    return { ...loaded.result, machineLoad: loaded.machineLoad };
  });
  progress(`${design}: burst machine load: load average ${burst.machineLoad.loadAverageBefore} before, ${burst.machineLoad.loadAverageDuring} during, ${burst.machineLoad.loadAverageAfter} after`);
  return { sequential, burst };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const loadAverageAtStart = round(loadavg()[0], 2);
  progress(`machine: ${describeMachine()}; load average ${loadAverageAtStart}`);

  // First, as it is the step most likely to fail (the Flex toolchain), before minutes of network figures.
  progress(`bundle size${options.buildPlugin ? ' (building the plugin if src/ changed)' : ''}`);
  const bundles = await measureBundles(options.buildPlugin);

  const newPage = await loadAgentPages();
  const quiet = quietPlugins();
  let network: Record<Design, { sequential: SequentialResult; burst: BurstResult }>;
  let browserGone: BrowserGoneFigure | null = null;
  try {
    const ours = await runDesign(options, newPage, 'ours');
    if (options.browserGone > 0) {
      progress(`ours: ${options.browserGone} agents whose page closes right after dialling (the server path alone)`);
      browserGone = await withRig(options.latencyMs, (rig) => runBrowserGone(rig, newPage, options.browserGone));
    }
    network = { ours, naive: await runDesign(options, newPage, 'naive') };
  } finally {
    quiet.restore();
  }
  let browserPath: BrowserPathFigure | null = null;
  if (options.browserAgents > 0) {
    progress(
      `ours on real Flex UI: ${options.browserAgents} agents (a process each), ${options.browserCalls} calls one at a time (time to record through Flex's throttle)`,
    );
    browserPath = await withRig(options.latencyMs, (rig) => runBrowserPath(rig, { agents: options.browserAgents, calls: options.browserCalls }, progress));
  }
  progress(`long shift: ${options.shift} tasks through one plugin instance, each design in its own process`);
  const shifts = { ours: await runShift('ours', options.shift), naive: await runShift('naive', options.shift) };

  const figures = (design: Design): DesignFigures => ({
    // Only ours has a server path to record without the browser.
    ...(design === 'ours' ? { browserGone } : {}),
    // The naive plugin is not run on real Flex: only ours has browserPath.
    timeToRecord: design === 'ours' ? { ...network[design].sequential.timeToRecord, browserPath } : network[design].sequential.timeToRecord,
    burst: network[design].burst,
    costPerCall: network[design].sequential.costPerCall,
    bundle: bundleFigures(bundles, design),
    shift: shifts[design],
  });
  const ours = figures('ours');
  const naive = figures('naive');
  const report: BenchReport = {
    machine: describeMachine(),
    latencyMs: options.latencyMs,
    generatedAt: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    loadAverageAtStart,
    durationSeconds: round((performance.now() - started) / 1000),
    ...ours,
    baseline: naive,
    ratios: computeRatios(ours, naive),
    targets: checkTargets(ours, naive, options.latencyMs),
  };
  process.stdout.write(`\n${formatTable(report)}\n\nMachine: ${report.machine}. Load average at start: ${loadAverageAtStart}. Took ${report.durationSeconds} s.\n`);
  if (options.readmeTable) process.stdout.write(`\nThe README's performance table for this run:\n\n${formatReadmeTable(report)}\n`);
  if (options.out !== undefined) {
    const path = resolve(process.env.INIT_CWD ?? process.cwd(), options.out);
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
    progress(`wrote ${path}`);
  }
}

async function closeAll(): Promise<void> {
  await stopAllCpuLoad();
  for (const rig of openRigs) await rig.close().catch(() => undefined);
}

// Never leave a twilio-run child or a CPU competitor behind, whatever ends the run.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    void closeAll().finally(() => process.exit(130));
  });
}

main().then(
  () => closeAll().then(() => process.exit(0)),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    void closeAll().finally(() => process.exit(1));
  },
);
