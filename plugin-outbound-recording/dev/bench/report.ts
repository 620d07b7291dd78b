import type { BrowserPathFigure } from './figures/browser-path';
import type { BurstResult } from './figures/burst';
import type { BundleResult } from './figures/bundle-size';
import type { SequentialResult } from './figures/time-to-record';
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

export function checkTargets(ours: DesignFigures, latencyMs: number): TargetCheck[] {
  const ttr = ours.timeToRecord;
  const b = ours.burst;
  return [
    {
      figure: 'time to record p50',
      target: `<= 2 L + 20 ms = ${2 * latencyMs + 20} ms`,
      value: `${ttr.p50Ms} ms (${ttr.p50Hops} L)`,
      met: ttr.p50Ms <= 2 * latencyMs + 20,
    },
    ...browserPathTargets(ttr.browserPath, latencyMs),
    {
      figure: 'burst',
      target: `${b.calls} recorded exactly once, 0 duplicates, 0 missing`,
      value: `${b.recordedOnce} once, ${b.duplicates} duplicates, ${b.missing} missing`,
      met: b.recordedOnce === b.calls && b.duplicates === 0 && b.missing === 0,
    },
    {
      figure: 'Function invocations per call',
      target: '1',
      value: String(ours.costPerCall.functionInvocations),
      met: ours.costPerCall.functionInvocations <= 1,
    },
    {
      figure: 'Twilio requests per call',
      target: '<= 3',
      value: String(ours.costPerCall.twilioRequests),
      met: ours.costPerCall.twilioRequests <= 3,
    },
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
    ['  429s from Twilio / Function invocations', `${o.burst.twilio429s} / ${o.burst.functionInvocations} (+${o.burst.statusCallbackInvocations} status callbacks)`, `${n.burst.twilio429s} / ${n.burst.functionInvocations}`, ''],
    [
      'cost per recorded call: Function invocations',
      `${o.costPerCall.functionInvocations} (${o.costPerCall.functionInvocationsFromPlugin} plugin + ${o.costPerCall.functionInvocationsFromStatusCallbacks} status callbacks)`,
      String(n.costPerCall.functionInvocations),
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
      '  from the status callbacks',
      `${o.costPerCall.twilioRequestsFromStatusCallbacks.total}: ${Object.entries(o.costPerCall.twilioRequestsFromStatusCallbacks.byOperation).map(([op, count]) => `${count} ${op}`).join(', ')} (${o.costPerCall.taskUpdateConflicts.fromStatusCallbacks} update refused with 412)`,
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
  ];
}
