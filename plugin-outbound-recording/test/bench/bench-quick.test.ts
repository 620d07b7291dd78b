import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Runs `npm run bench -- --quick` (a handful of calls, a 20-call burst, a 30-task shift, no plugin build)
 * end to end and checks the JSON report has every key the issue requires, with sane values. The full bench
 * is not part of `npm test`.
 */
const PLUGIN_DIR = resolve(__dirname, '..', '..');

function runQuickBench(out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('dev', 'bench', 'main.ts'), '--quick', '--out', out], {
      cwd: PLUGIN_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ code, output }));
  });
}

const FIGURE_KEYS = {
  timeToRecord: ['calls', 'p50Ms', 'p95Ms', 'p99Ms', 'p50Hops'],
  burst: ['calls', 'recordedOnce', 'duplicates', 'missing', 'allRecordedMs', 'p99Ms'],
  costPerCall: ['functionInvocations', 'twilioRequests'],
  bundle: ['rawBytes', 'gzipBytes'],
  shift: ['tasks', 'leakedListeners', 'heapGrowthBytes'],
} as const;

type Report = Record<string, unknown> & { baseline: Record<string, unknown> };
type Figures = Record<keyof typeof FIGURE_KEYS, Record<string, number | null>>;

describe('npm run bench -- --quick', () => {
  let report: Report;
  let run: { code: number | null; output: string };

  beforeAll(async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'bench.json');
    run = await runQuickBench(out);
    if (run.code === 0) report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  }, 90_000);

  it('finishes and prints the side-by-side table', () => {
    expect({ code: run.code, output: run.code === 0 ? '' : run.output }).toEqual({ code: 0, output: '' });
    expect(run.output).toContain('| figure');
    expect(run.output).toContain('ours / naive');
  });

  it('writes every required key, for ours and for the baseline', () => {
    expect(typeof report.machine).toBe('string');
    expect(report.latencyMs).toBe(50);
    for (const figures of [report, report.baseline]) {
      for (const [figure, keys] of Object.entries(FIGURE_KEYS)) {
        expect(Object.keys(figures[figure] as object)).toEqual(expect.arrayContaining([...keys]));
      }
    }
  });

  it('has sane figures for our design', () => {
    const ours = report as unknown as Figures;
    expect(ours.timeToRecord.calls).toBe(5);
    // At least the two sequential Twilio round trips (validation, then the look-ups) of L each.
    expect(ours.timeToRecord.p50Ms).toBeGreaterThanOrEqual(2 * 50);
    expect(ours.timeToRecord.p50Hops).toBeCloseTo((ours.timeToRecord.p50Ms ?? 0) / 50, 1);
    expect(ours.timeToRecord.p99Ms).toBeGreaterThanOrEqual(ours.timeToRecord.p50Ms ?? Infinity);
    expect(ours.burst).toMatchObject({ calls: 20, recordedOnce: 20, duplicates: 0, missing: 0 });
    expect(ours.costPerCall.functionInvocations).toBeGreaterThanOrEqual(1);
    expect(ours.costPerCall.twilioRequests).toBeGreaterThanOrEqual(2);
    expect(ours.bundle.gzipBytes).toBeGreaterThan(0);
    expect(ours.bundle.rawBytes).toBeGreaterThan(ours.bundle.gzipBytes ?? Infinity);
    expect(ours.shift).toMatchObject({ tasks: 30, leakedListeners: 0 });
  });

  it('measures the naive baseline in the same run', () => {
    const naive = report.baseline as unknown as Figures;
    // It records every participant, the agent's leg included: at least two creates per call.
    expect(naive.costPerCall.twilioRequests).toBeGreaterThanOrEqual(2);
    expect(naive.burst.calls).toBe(20);
    expect(naive.shift.tasks).toBe(30);
    expect(report.ratios).toEqual(expect.objectContaining({ timeToRecordP50: expect.any(Number) }));
  });
});
