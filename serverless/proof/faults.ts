/**
 * npm run faults -- --calls N --out FILE [--seed S] [--concurrency C]
 * Every call path recorded exactly once, under injected 429s, 5xx, latency and 412s (see README).
 */
import { markdownTable, parseFlags, writeReport } from './cli';
import { DEFAULT_FAULTS, runFaults, type FaultsReport } from './faults/run-faults';

export function faultsTable(report: FaultsReport): string {
  return markdownTable([
    ['calls simulated', report.calls],
    ['should be recorded', report.shouldRecord],
    ['recorded exactly once (linked in every task of the call)', report.recordedOnce],
    ['recorded twice (must be 0)', report.duplicates],
    ['missing (must be 0)', report.missing],
    ['attribute writes lost (must be 0)', report.lostAttributeWrites],
    ['excluded calls recorded (must be 0)', report.excludedRecorded],
    ['requests refused with a clear error', `${report.refused} (${Object.entries(report.refusedByCode).map(([code, n]) => `${code} ${n}`).join(', ')})`],
    ['plugin gave up after retries', report.gaveUp],
    ['concurrent duplicates created and removed at once', report.duplicatesDiscarded],
    ['final state (completed) in every task by status callback', `${report.finalStateLinked} of ${report.shouldRecord}`],
    ['Twilio requests / injected 429 / 5xx / 412 conflicts', `${report.faults.twilioRequests} / ${report.faults.injected429} / ${report.faults.injected5xx} / ${report.faults.conflicts412}`],
    ['requests outside the official specs', report.specViolations],
  ]);
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { calls: 'number', out: 'string', seed: 'number', concurrency: 'number' });
  const report = await runFaults({
    ...DEFAULT_FAULTS,
    calls: (flags.calls as number | undefined) ?? 200,
    ...(flags.seed === undefined ? {} : { seed: flags.seed as number }),
    ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency as number }),
  });
  console.log(faultsTable(report));
  const path = writeReport(flags.out as string | undefined, report);
  if (path) console.log(`\nreport: ${path}`);
  const failed = report.duplicates > 0 || report.missing > 0 || report.lostAttributeWrites > 0 || report.excludedRecorded > 0;
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
