import type { BrowserGoneFigure } from './figures/browser-gone';
import type { BrowserPathFigure } from './figures/browser-path';
import type { BurstResult } from './figures/burst';
import type { BundleResult } from './figures/bundle-size';
import type { SequentialResult, ServerPathFigure } from './figures/time-to-record';
import type { MachineLoad } from './rig/cpu-load';
import type { ShiftResult } from './shift/shift-runner';
import { round } from './stats';

/** One design's figures (ours at the top level of the report, the naive one under `baseline`). */
export interface DesignFigures {
  /**
   * The top-level keys: the steady state on the Flex stand-in. Ours also has `browserPath`: the same on the
   * real Flex runtime (its participant throttle included), null when not run (--browser-agents 0).
   */
  timeToRecord: SequentialResult['timeToRecord'] & { browserPath?: BrowserPathFigure | null };
  burst: BurstResult;
  costPerCall: SequentialResult['costPerCall'];
  bundle: DesignBundle;
  shift: ShiftResult;
  /** Ours only: calls whose agent's page closed right after dialling (null: not run, --browser-gone 0). */
  browserGone?: BrowserGoneFigure | null;
}

/**
 * What the agent's browser downloads for the plugin. Ours: the shipped `flex-plugin build` bundle, with what it
 * is made of. Naive: its plugin bundled with esbuild (it has no flex-plugin build, no UI and no strings), so the
 * two are not like for like: the difference is mostly Paste (the indicator and the pause control) and strings.
 */
export interface DesignBundle {
  rawBytes: number | null;
  gzipBytes: number | null;
  source: string;
  /** Ours only: our own src/ minified alone (npm packages excluded), and of it the en/ja strings. */
  ownCodeRawBytes?: number;
  ownCodeGzipBytes?: number;
  stringsRawBytes?: number;
  stringsGzipBytes?: number;
  /** Ours only: rawBytes - ownCodeRawBytes, i.e. Paste and what it brings (Emotion, styled-system, theme tokens), approximately. */
  librariesRawBytesApprox?: number | null;
}

export interface TargetCheck {
  figure: string;
  target: string;
  value: string;
  met: boolean;
}

/** The JSON written by --out (schema: dev/bench/README.md). */
export interface BenchReport extends DesignFigures {
  machine: string;
  latencyMs: number;
  generatedAt: string;
  command: string;
  /** 1-minute load average when the run started: other work on the machine skews every time figure. */
  loadAverageAtStart: number;
  durationSeconds: number;
  baseline: DesignFigures;
  /** ours / naive for each compared figure. */
  ratios: Record<string, number | null>;
  targets: TargetCheck[];
}

export function bundleFigures(bundle: BundleResult, design: 'ours' | 'naive'): DesignFigures['bundle'] {
  if (design === 'naive') {
    return { ...bundle.naive, source: 'dev/bench/naive/naive-plugin.ts bundled with esbuild (minified, Flex-provided packages external): no UI, no strings' };
  }
  const shipped = bundle.shipped;
  return {
    rawBytes: shipped?.rawBytes ?? null,
    gzipBytes: shipped?.gzipBytes ?? null,
    source: shipped
      ? `build/plugin-outbound-recording.js (flex-plugin build, ${shipped.builtAt}${shipped.stale ? `; CAUTION: ${shipped.stale}` : ''})`
      : 'no flex-plugin build present',
    ownCodeRawBytes: bundle.ownCode.rawBytes,
    ownCodeGzipBytes: bundle.ownCode.gzipBytes,
    stringsRawBytes: bundle.strings.rawBytes,
    stringsGzipBytes: bundle.strings.gzipBytes,
    librariesRawBytesApprox: shipped ? shipped.rawBytes - bundle.ownCode.rawBytes : null,
  };
}

export function ratio(ours: number | null, naive: number | null): number | null {
  if (ours === null || naive === null || !Number.isFinite(ours) || !Number.isFinite(naive) || naive === 0) return null;
  return round(ours / naive, 2);
}

export function computeRatios(ours: DesignFigures, naive: DesignFigures): Record<string, number | null> {
  return {
    timeToRecordP50: ratio(ours.timeToRecord.p50Ms, naive.timeToRecord.p50Ms),
    timeToRecordP99: ratio(ours.timeToRecord.p99Ms, naive.timeToRecord.p99Ms),
    burstRecordedOnce: ratio(ours.burst.recordedOnce, naive.burst.recordedOnce),
    burstP99: ratio(ours.burst.p99Ms, naive.burst.p99Ms),
    burstAllRecorded: ratio(ours.burst.allRecordedMs, naive.burst.allRecordedMs),
    functionInvocationsPerCall: ratio(ours.costPerCall.functionInvocations, naive.costPerCall.functionInvocations),
    twilioRequestsPerCall: ratio(ours.costPerCall.twilioRequests, naive.costPerCall.twilioRequests),
    // Not like for like (ours has a UI and strings, the naive plugin neither): see DesignBundle.
    bundleGzip: ratio(ours.bundle.gzipBytes, naive.bundle.gzipBytes),
    shiftHeapGrowth: ratio(ours.shift.heapGrowthBytes, naive.shift.heapGrowthBytes),
  };
}

/** Sizes in the table and targets: KB = 1,000 bytes, MB = 1,000,000 bytes (as the README's bundle figures). */
const KB = 1000;

/** The issue's goals, checked on one run (burst p99 against the naive design's in the same run). */
export function checkTargets(ours: DesignFigures, naive: DesignFigures, latencyMs: number): TargetCheck[] {
  const ttr = ours.timeToRecord;
  const b = ours.burst;
  const cost = ours.costPerCall;
  return [
    {
      figure: 'time to record p50 (stand-in, first create of either path)',
      target: `<= 2 L + 20 ms = ${2 * latencyMs + 20} ms`,
      value: `${ttr.p50Ms} ms (${ttr.p50Hops} L)`,
      met: ttr.p50Ms <= 2 * latencyMs + 20,
    },
    serverPathTarget(ttr.serverPath, latencyMs),
    ...browserPathTargets(ttr.browserPath, latencyMs),
    {
      figure: 'burst',
      target: `${b.calls} recorded exactly once, 0 duplicates, 0 missing`,
      value: `${b.recordedOnce} once, ${b.duplicates} duplicates, ${b.missing} missing`,
      met: b.recordedOnce === b.calls && b.duplicates === 0 && b.missing === 0,
    },
    {
      figure: 'burst p99 against the naive design, same run, same machine load',
      target: `<= 2 x naive p99 = ${round(2 * naive.burst.p99Ms)} ms`,
      value: `${b.p99Ms} ms`,
      // NaN (nothing recorded) on either side is a miss, not a pass.
      met: Number.isFinite(b.p99Ms) && Number.isFinite(naive.burst.p99Ms) && b.p99Ms <= 2 * naive.burst.p99Ms,
    },
    {
      figure: 'Function invocations per call (steady state, all included)',
      target: '<= 2',
      value: `${cost.functionInvocations} (${describeCounts(cost.functionInvocationsByPath)})`,
      met: cost.functionInvocations <= 2,
    },
    {
      figure: 'Twilio requests per call (steady state, all included)',
      target: '<= 6',
      value: String(cost.twilioRequests),
      met: cost.twilioRequests <= 6,
    },
    ...browserGoneTargets(ours.browserGone),
    {
      figure: 'bundle gzip',
      target: '<= 80 KB',
      value: ours.bundle.gzipBytes === null ? 'n/a' : `${round(ours.bundle.gzipBytes / KB)} KB`,
      met: ours.bundle.gzipBytes !== null && ours.bundle.gzipBytes <= 80 * KB,
    },
    {
      figure: 'long shift',
      target: '0 leaked listeners, heap growth < 2 MB',
      value: `${ours.shift.leakedListeners} leaked, ${round(ours.shift.heapGrowthBytes / KB / KB, 2)} MB`,
      met: ours.shift.leakedListeners === 0 && ours.shift.heapGrowthBytes < 2 * KB * KB,
    },
  ];
}

/** At most one round of look-ups before the create: the customer's join to the create in 1 L + 20 ms. */
function serverPathTarget(figure: ServerPathFigure | undefined, latencyMs: number): TargetCheck {
  const target = `<= 1 L + 20 ms = ${latencyMs + 20} ms`;
  if (figure === undefined || figure.calls === 0) {
    return { figure: 'time to record p50, server path', target, value: 'no create came from the conference-status Function', met: false };
  }
  return {
    figure: 'time to record p50, server path',
    target,
    value: `${figure.p50Ms} ms (${figure.p50Hops} L; ${figure.calls} calls, rounds ${figure.criticalPath.rounds.join(', ') || 'none'})`,
    met: figure.p50Ms <= latencyMs + 20,
  };
}

function browserGoneTargets(figure: BrowserGoneFigure | null | undefined): TargetCheck[] {
  if (figure === null || figure === undefined) return [];
  return [
    {
      figure: "calls whose agent's page closed right after dialling",
      target: `${figure.calls} recorded exactly once`,
      value: `${figure.recordedOnce} once, ${figure.duplicates} duplicates, ${figure.missing} missing`,
      met: figure.recordedOnce === figure.calls,
    },
  ];
}

/** "1 /recording/start, 2 /recording/conference-status" (per-call counts, as the JSON has them). */
export function describeCounts(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([name, count]) => `${count} ${name}`).join(', ');
}

/**
 * On real Flex the time to record starts earlier (at the customer's SDK event, before Flex's throttle has shown
 * the customer): the target applies to what follows Flex showing the customer, the part the plugin, the Functions
 * and Twilio take, and is what the stand-in figure measures; the whole is reported beside it.
 */
function browserPathTargets(figure: BrowserPathFigure | null | undefined, latencyMs: number): TargetCheck[] {
  if (figure === null || figure === undefined) return [];
  return [
    {
      figure: 'time to record p50 on real Flex, from Flex showing the customer',
      target: `<= 2 L + 20 ms = ${2 * latencyMs + 20} ms`,
      value: `${figure.afterFlexShowsP50Ms} ms (from the customer's answer: ${figure.p50Ms} ms, of it ${figure.flexShowsCustomerP50Ms} ms until Flex showed the customer)`,
      met: figure.afterFlexShowsP50Ms <= 2 * latencyMs + 20,
    },
  ];
}

/** The table printed at the end of a run (and pasted into the README). */
export function formatTable(report: BenchReport): string {
  const o: DesignFigures = report;
  const n = report.baseline;
  const L = report.latencyMs;
  const kb = (bytes: number | null) => (bytes === null ? 'n/a' : `${round(bytes / KB)} KB`);
  const ms = (value: number | null) => (value === null || !Number.isFinite(value) ? 'never' : `${value} ms`);
  const r = (ours: number | null, naive: number | null) => {
    const value = ratio(ours, naive);
    return value === null ? '–' : `${value}`;
  };
  const p = o.costPerCall.twilioRequestsFromPluginRequests;
  const pathOf = (path: DesignFigures['timeToRecord']['criticalPath']) => `${path.sequentialTwilioRequests} (${path.rounds.join(', ')}); ${ms(path.overheadP50Ms)}`;
  const rows: string[][] = [
    ['figure', 'ours', `naive (poll ${500} ms, create only)`, 'ours / naive'],
    [`time to record p50, steady state, Flex stand-in (L = ${L} ms)`, `${ms(o.timeToRecord.p50Ms)} = ${o.timeToRecord.p50Hops} L`, `${ms(n.timeToRecord.p50Ms)} = ${n.timeToRecord.p50Hops} L`, r(o.timeToRecord.p50Ms, n.timeToRecord.p50Ms)],
    ['  p95 / p99', `${ms(o.timeToRecord.p95Ms)} / ${ms(o.timeToRecord.p99Ms)}`, `${ms(n.timeToRecord.p95Ms)} / ${ms(n.timeToRecord.p99Ms)}`, r(o.timeToRecord.p99Ms, n.timeToRecord.p99Ms)],
    [
      `  sequential Twilio requests before create; overhead p50`,
      pathOf(o.timeToRecord.criticalPath),
      `${n.timeToRecord.criticalPath.sequentialTwilioRequests}; ${ms(n.timeToRecord.criticalPath.overheadP50Ms)} (mostly waiting for the poll)`,
      '',
    ],
    ...serverPathRows(o.timeToRecord.serverPath, ms),
    ...browserPathRows(o.timeToRecord.browserPath, ms),
    [
      `time to record p50 / p95, an agent's first call, stand-in (${o.timeToRecord.firstCall.calls} agents)`,
      `${ms(o.timeToRecord.firstCall.p50Ms)} = ${o.timeToRecord.firstCall.p50Hops} L / ${ms(o.timeToRecord.firstCall.p95Ms)}`,
      `${ms(n.timeToRecord.firstCall.p50Ms)} = ${n.timeToRecord.firstCall.p50Hops} L / ${ms(n.timeToRecord.firstCall.p95Ms)}`,
      r(o.timeToRecord.firstCall.p50Ms, n.timeToRecord.firstCall.p50Ms),
    ],
    ['  sequential Twilio requests before create; overhead p50', pathOf(o.timeToRecord.firstCall.criticalPath), '', ''],
    [`  calls recorded once / agent-leg recordings (${o.timeToRecord.calls} calls)`, `${o.timeToRecord.recordedOnce} / ${o.timeToRecord.agentLegRecordings}`, `${n.timeToRecord.recordedOnce} / ${n.timeToRecord.agentLegRecordings}`, ''],
    [
      `burst: ${o.burst.calls} answered in ${o.burst.windowMs / 1000} s, limit ${o.burst.maxConcurrent} concurrent: recorded once`,
      String(o.burst.recordedOnce),
      String(n.burst.recordedOnce),
      r(o.burst.recordedOnce, n.burst.recordedOnce),
    ],
    ['  duplicates / missing / agent-leg recordings', `${o.burst.duplicates} / ${o.burst.missing} / ${o.burst.agentLegRecordings}`, `${n.burst.duplicates} / ${n.burst.missing} / ${n.burst.agentLegRecordings}`, ''],
    ['  all recorded after / p50 / p99 time to record', `${ms(o.burst.allRecordedMs)} / ${ms(o.burst.p50Ms)} / ${ms(o.burst.p99Ms)}`, `${ms(n.burst.allRecordedMs)} / ${ms(n.burst.p50Ms)} / ${ms(n.burst.p99Ms)}`, r(o.burst.p99Ms, n.burst.p99Ms)],
    [
      '  429s from Twilio / plugin requests (+ callbacks)',
      `${o.burst.twilio429s} / ${o.burst.functionInvocations} (+${o.burst.conferenceCallbackInvocations} conference, +${o.burst.statusCallbackInvocations} recording status callbacks)`,
      `${n.burst.twilio429s} / ${n.burst.functionInvocations}`,
      '',
    ],
    ['  creates by path: conference-status / plugin start', `${o.burst.createsByPath.conferenceStatus} / ${o.burst.createsByPath.pluginStart}`, '', ''],
    ['  machine load: competitor; load average before / during / after', describeLoad(o.burst.machineLoad), describeLoad(n.burst.machineLoad), ''],
    ['  CPU-seconds used: bench process; Functions (conference-status / agent-facing / recording status)', describeCpu(o.burst.cpu), describeCpu(n.burst.cpu), ''],
    ...browserGoneRows(o.browserGone, ms),
    [
      'cost per recorded call (steady state, all included): Function invocations',
      `${o.costPerCall.functionInvocations} (${describeCounts(o.costPerCall.functionInvocationsByPath)})`,
      `${n.costPerCall.functionInvocations} (${describeCounts(n.costPerCall.functionInvocationsByPath)})`,
      r(o.costPerCall.functionInvocations, n.costPerCall.functionInvocations),
    ],
    ['cost per recorded call (steady state): Twilio requests', String(o.costPerCall.twilioRequests), String(n.costPerCall.twilioRequests), r(o.costPerCall.twilioRequests, n.costPerCall.twilioRequests)],
    [
      "  from the plugin's request",
      `${p.total}: ${p.validate} validate, ${p.lookUps} look-ups, ${p.create} create, ${p.postCreateCheck} post-create check, ${p.taskUpdate} task update (${o.costPerCall.taskUpdateConflicts.fromPluginRequests} refused with 412), ${p.taskReRead} task re-read after 412${p.other ? `, ${p.other} other` : ''}`,
      String(n.costPerCall.twilioRequestsFromPluginRequests.total),
      '',
    ],
    [
      '  from the conference status callbacks (server path)',
      `${o.costPerCall.twilioRequestsFromConferenceCallbacks.total}: ${describeCounts(o.costPerCall.twilioRequestsFromConferenceCallbacks.byOperation)} (${o.costPerCall.taskUpdateConflicts.fromConferenceCallbacks} update refused with 412)`,
      '',
      '',
    ],
    [
      '  from the recording status callbacks',
      `${o.costPerCall.twilioRequestsFromStatusCallbacks.total}: ${describeCounts(o.costPerCall.twilioRequestsFromStatusCallbacks.byOperation)} (${o.costPerCall.taskUpdateConflicts.fromStatusCallbacks} update refused with 412)`,
      String(n.costPerCall.twilioRequestsFromStatusCallbacks.total),
      '',
    ],
    ['bundle raw / gzip (ours: flex-plugin build; naive: esbuild, no UI)', `${kb(o.bundle.rawBytes)} / ${kb(o.bundle.gzipBytes)}`, `${kb(n.bundle.rawBytes)} / ${kb(n.bundle.gzipBytes)}`, ''],
    [
      '  ours made of: own code (of it strings) / libraries ≈',
      `${kb(o.bundle.ownCodeRawBytes ?? null)} (${kb(o.bundle.stringsRawBytes ?? null)}) / ${kb(o.bundle.librariesRawBytesApprox ?? null)} raw`,
      '',
      '',
    ],
    [`long shift (${o.shift.tasks} tasks): leaked listeners + timers`, String(o.shift.leakedListeners), String(n.shift.leakedListeners), ''],
    ['  heap growth', kb(o.shift.heapGrowthBytes), kb(n.shift.heapGrowthBytes), r(o.shift.heapGrowthBytes, n.shift.heapGrowthBytes)],
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  const table = [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)];
  const targets = report.targets.map((t) => `- ${t.met ? 'met' : 'MISSED'}: ${t.figure}: ${t.value} (target ${t.target})`);
  return [...table, '', 'Targets:', ...targets].join('\n');
}

function browserPathRows(figure: BrowserPathFigure | null | undefined, ms: (value: number | null) => string): string[][] {
  if (figure === null || figure === undefined) return [['time to record, real Flex (browser path)', 'not run (--browser-agents 0)', '', '']];
  return [
    [
      `time to record p50 / p99, real Flex UI 2.17.1 (${figure.calls} calls, ${figure.agents} agents)`,
      `${ms(figure.p50Ms)} = ${figure.p50Hops} L / ${ms(figure.p99Ms)}`,
      'not run on real Flex',
      '',
    ],
    [
      '  Flex shows the customer (its throttle) p50 / p99',
      `${ms(figure.flexShowsCustomerP50Ms)} / ${ms(figure.flexShowsCustomerP99Ms)}`,
      '',
      '',
    ],
    [
      '  then until the create p50 / p99 (plugin sends p50; request to create p50)',
      `${ms(figure.afterFlexShowsP50Ms)} / ${ms(figure.afterFlexShowsP99Ms)} (${ms(figure.pluginSendsP50Ms)}; ${ms(figure.requestToCreateP50Ms)})`,
      '',
      '',
    ],
    [
      '  recorded once / duplicates / missing / agent-leg recordings',
      `${figure.recordedOnce} / ${figure.duplicates} / ${figure.missing} / ${figure.agentLegRecordings}`,
      '',
      '',
    ],
    [
      "  why the browser path records: another plugin's conference callback kept / creates by path (conference-status / plugin start)",
      `${figure.otherPluginCallbackKept} of ${figure.calls} / ${figure.createsByPath.conferenceStatus} / ${figure.createsByPath.pluginStart}`,
      '',
      '',
    ],
  ];
}

function serverPathRows(figure: ServerPathFigure | undefined, ms: (value: number | null) => string): string[][] {
  if (figure === undefined) return [];
  return [
    [
      `time to record p50 / p99, server path (customer joins -> create; ${figure.calls} calls)`,
      `${ms(figure.p50Ms)} = ${figure.p50Hops} L / ${ms(figure.p99Ms)}`,
      'no server path',
      '',
    ],
    [
      '  sequential Twilio requests before create; overhead p50',
      `${figure.criticalPath.sequentialTwilioRequests} (${figure.criticalPath.rounds.join(', ')}); ${ms(figure.criticalPath.overheadP50Ms)}`,
      '',
      '',
    ],
    ['  creates by path: conference-status / plugin start', `${figure.createsByPath.conferenceStatus} / ${figure.createsByPath.pluginStart}`, '', ''],
  ];
}

function browserGoneRows(figure: BrowserGoneFigure | null | undefined, ms: (value: number | null) => string): string[][] {
  if (figure === null || figure === undefined) return [["agent's page closed right after dialling", 'not run (--browser-gone 0)', '', '']];
  return [
    [
      `agent's page closed right after dialling (${figure.calls} calls): recorded once / duplicates / missing`,
      `${figure.recordedOnce} / ${figure.duplicates} / ${figure.missing}`,
      'not run (no server path)',
      '',
    ],
    ['  customer answers -> create p50 / p99; creates by path (conference-status / plugin start)', `${ms(figure.p50Ms)} / ${ms(figure.p99Ms)}; ${figure.createsByPath.conferenceStatus} / ${figure.createsByPath.pluginStart}`, '', ''],
  ];
}

function describeLoad(load: MachineLoad | null): string {
  if (load === null) return 'none added';
  return `${load.cores} busy processes; ${load.loadAverageBefore} / ${load.loadAverageDuring} / ${load.loadAverageAfter}`;
}

/**
 * The root README's performance table (markdown) from one report, so the README is filled from one run:
 * the issue's figures for ours beside the naive design, the run's machine and load, and the targets.
 */
export function formatReadmeTable(report: BenchReport): string {
  const o: DesignFigures = report;
  const n = report.baseline;
  const L = report.latencyMs;
  const ms = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : `${value} ms`);
  const hops = (value: number) => (Number.isFinite(value) ? ` = ${value} L` : '');
  const r = (ours: number | null, naive: number | null) => ratio(ours, naive)?.toString() ?? '';
  const server = o.timeToRecord.serverPath;
  const browser = o.timeToRecord.browserPath;
  const gone = o.browserGone;
  const load = o.burst.machineLoad;
  const rows: string[][] = [
    ['figure', 'ours', 'naive (poll 500 ms, create only)', 'ours / naive'],
    server === undefined
      ? ['time to record p50 / p99, server path', 'not measured', '', '']
      : [
          `time to record p50 / p99, **server path** (customer joins -> \`create\` reaches Twilio; ${server.calls} calls)`,
          `**${ms(server.p50Ms)}${hops(server.p50Hops)}** / ${ms(server.p99Ms)}; ${server.criticalPath.sequentialTwilioRequests} round before the create (${server.criticalPath.rounds.join(', ')})`,
          'no server path',
          '',
        ],
    browser === null || browser === undefined
      ? ['time to record p50 / p99, browser path on real Flex', 'not run', '', '']
      : [
          `time to record p50 / p99, **browser path** on real Flex UI 2.17.1 (its 500 ms participant throttle; another plugin owns the conference callback; ${browser.calls} calls)`,
          `${ms(browser.p50Ms)}${hops(browser.p50Hops)} / ${ms(browser.p99Ms)} (of it until Flex shows the customer: ${ms(browser.flexShowsCustomerP50Ms)} p50)`,
          'not run on real Flex',
          '',
        ],
    [
      `time to record p50 / p99, steady state, Flex stand-in, first create of either path (${o.timeToRecord.calls} calls)`,
      `${ms(o.timeToRecord.p50Ms)}${hops(o.timeToRecord.p50Hops)} / ${ms(o.timeToRecord.p99Ms)}`,
      `${ms(n.timeToRecord.p50Ms)}${hops(n.timeToRecord.p50Hops)} / ${ms(n.timeToRecord.p99Ms)}`,
      r(o.timeToRecord.p50Ms, n.timeToRecord.p50Ms),
    ],
    [
      'calls recorded once / recordings of the agent\'s own leg (steady state)',
      `${o.timeToRecord.recordedOnce} / ${o.timeToRecord.agentLegRecordings}${o.timeToRecord.createsByPath ? ` (creates: ${o.timeToRecord.createsByPath.conferenceStatus} server path, ${o.timeToRecord.createsByPath.pluginStart} plugin)` : ''}`,
      `${n.timeToRecord.recordedOnce} / ${n.timeToRecord.agentLegRecordings}`,
      '',
    ],
    [
      'cost per recorded call, steady state, all included: Twilio requests',
      `**${o.costPerCall.twilioRequests}**`,
      String(n.costPerCall.twilioRequests),
      r(o.costPerCall.twilioRequests, n.costPerCall.twilioRequests),
    ],
    [
      'cost per recorded call: Function invocations',
      `**${o.costPerCall.functionInvocations}** (${describeCounts(o.costPerCall.functionInvocationsByPath)})`,
      `${n.costPerCall.functionInvocations} (${describeCounts(n.costPerCall.functionInvocationsByPath)})`,
      r(o.costPerCall.functionInvocations, n.costPerCall.functionInvocations),
    ],
    [
      `burst: ${o.burst.calls.toLocaleString('en')} answered within ${o.burst.windowMs / 1000} s, Twilio limit ${o.burst.maxConcurrent} concurrent, every core loaded: recorded exactly once`,
      `**${o.burst.recordedOnce}**`,
      String(n.burst.recordedOnce),
      r(o.burst.recordedOnce, n.burst.recordedOnce),
    ],
    ['burst: duplicates / missing / recordings of agents\' legs', `${o.burst.duplicates} / ${o.burst.missing} / ${o.burst.agentLegRecordings}`, `${n.burst.duplicates} / ${n.burst.missing} / ${n.burst.agentLegRecordings}`, ''],
    ['burst: p50 / p99 time to record', `${ms(o.burst.p50Ms)} / **${ms(o.burst.p99Ms)}**`, `${ms(n.burst.p50Ms)} / ${ms(n.burst.p99Ms)}`, r(o.burst.p99Ms, n.burst.p99Ms)],
    ['burst: creates by path (server / plugin); 429s from Twilio', `${o.burst.createsByPath.conferenceStatus} / ${o.burst.createsByPath.pluginStart}; ${o.burst.twilio429s}`, `${n.burst.twilio429s} 429s`, ''],
    ['burst: CPU-seconds used while it ran (competitors not counted): bench process (pages, emulator, front; naive: its Function too); our Functions (conference-status / agent-facing / recording status)', describeCpu(o.burst.cpu), describeCpu(n.burst.cpu), ''],
    gone === null || gone === undefined
      ? ["agent's page closed right after dialling", 'not run', '', '']
      : [`agent's page closed right after dialling, customer answers 1-3 s later: recorded once`, `**${gone.recordedOnce} of ${gone.calls}**`, 'none (no server path)', ''],
  ];
  const line = (row: string[]) => `| ${row.join(' | ')} |`;
  const table = [line(rows[0]), `|${rows[0].map(() => '---').join('|')}|`, ...rows.slice(1).map(line)];
  const loadLine =
    load === null
      ? 'The burst ran with no added load.'
      : `The bursts ran with ${load.competitor}: 1-minute load average ${load.loadAverageBefore} before, up to ${load.loadAverageDuring} during, ${load.loadAverageAfter} after (ours); ` +
        `${n.burst.machineLoad?.loadAverageBefore ?? 'n/a'} / ${n.burst.machineLoad?.loadAverageDuring ?? 'n/a'} / ${n.burst.machineLoad?.loadAverageAfter ?? 'n/a'} (naive).`;
  return [
    `Run of ${report.generatedAt.slice(0, 10)} (\`${report.command}\`, ${report.durationSeconds} s, L = ${L} ms per Twilio request), machine: ${report.machine}; ` +
      `1-minute load average ${report.loadAverageAtStart} at start. ${loadLine}`,
    '',
    ...table,
    '',
    ...report.targets.map((t) => `- ${t.met ? 'met' : '**missed**'}: ${t.figure}: ${t.value} (target ${t.target})`),
  ].join('\n');
}

/** "10.2 s in 19.4 s; Functions 9.5 / 4.3 / 0.1 s" (the Functions part only for ours). */
function describeCpu(cpu: BurstResult['cpu']): string {
  const seconds = (value: number | null) => (value === null ? 'n/a' : `${value}`);
  const functions = cpu.functionsSeconds;
  const functionsPart = functions ? `; Functions ${seconds(functions.conferenceStatus)} / ${seconds(functions.agentFacing)} / ${seconds(functions.recordingStatus)} s` : '';
  return `${cpu.benchProcessSeconds} s in ${cpu.wallSeconds} s${functionsPart}`;
}
