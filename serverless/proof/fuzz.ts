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
    ['answers other than the refusal their kind is for (must be 0)', report.unexpectedAnswers],
    ['answers showing something internal or echoing a token (must be 0)', report.leaks],
    ['Voice/TaskRouter requests made for them (must be 0)', report.twilioRequestsMade],
    ['Flex token validations asked of Twilio IAM (forged JWE-shaped tokens)', report.iamValidations],
    ['… of tokens sent by requests to refuse before authentication (must be 0)', report.preAuthTokenChecks],
    ["the fuzz's own call afterwards (one recording, in progress, task unchanged)", report.fuzzCallUntouched ? 'untouched' : 'CHANGED'],
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
  for (const finding of report.findings) console.log(`\nFINDING ${finding.kind}: ${finding.problem}\n  request: ${JSON.stringify(finding.request)}\n  answer: ${JSON.stringify(finding.answer)}`);
  const path = writeReport(flags.out as string | undefined, report);
  if (path) console.log(`report: ${path}`);
  const failed =
    report.status5xx > 0 ||
    report.otherStatus > 0 ||
    report.unexpectedAnswers > 0 ||
    report.leaks > 0 ||
    report.twilioRequestsMade > 0 ||
    report.preAuthTokenChecks > 0 ||
    !report.fuzzCallUntouched ||
    !report.servingAfter;
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
