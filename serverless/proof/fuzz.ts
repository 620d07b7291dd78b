/**
 * npm run fuzz -- --requests N --out FILE [--seed S] [--concurrency C]
 * Malformed and hostile requests to every Function over HTTP through twilio-run (see README).
 */
import { markdownTable, parseFlags, writeReport } from './cli';
import { runFuzz, type FuzzReport } from './fuzz/run-fuzz';

export function fuzzTable(report: FuzzReport): string {
  return markdownTable([
    ['requests (to ' + report.functions.join(', ') + ')', report.requests],
    ['answered 4xx', report.status4xx],
    ['… with the JSON error body `{ error: { code, message } }`', report.jsonErrors],
    ['… refused by twilio-run before any Function ran', Object.entries(report.runtimeRefusals).map(([s, n]) => `${n} × ${s}`).join(', ') || 0],
    ['answered 5xx (must be 0)', report.status5xx],
    ['other answers (must be 0)', report.otherStatus],
    ['Voice/TaskRouter requests made for them (must be 0)', report.twilioRequestsMade],
    ['Flex token validations asked of Twilio IAM (forged JWE-shaped tokens)', report.iamValidations],
    ['Functions still serving afterwards (start + signed callback)', report.servingAfter ? 'yes' : 'NO'],
  ]);
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { requests: 'number', out: 'string', seed: 'number', concurrency: 'number' });
  const report = await runFuzz({
    requests: (flags.requests as number | undefined) ?? 1000,
    seed: (flags.seed as number | undefined) ?? 7,
    concurrency: (flags.concurrency as number | undefined) ?? 16,
  });
  console.log(fuzzTable(report));
  console.log(`\nby error code: ${JSON.stringify(report.byErrorCode)}`);
  const path = writeReport(flags.out as string | undefined, report);
  if (path) console.log(`report: ${path}`);
  const failed = report.status5xx > 0 || report.otherStatus > 0 || report.twilioRequestsMade > 0 || !report.servingAfter;
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
