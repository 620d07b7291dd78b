/**
 * `npm run coverage -- --from <date> --to <date> [--format table|csv|json] [--env <name>] [--fail-on-missing]`
 *
 * Every outbound Flex call whose task ended in the range, from the data Twilio keeps after the task is
 * gone: TaskRouter's events (30 days) for the task's final attributes, the Voice API for the customer's
 * call and its recordings. Read with the Functions' own credentials (serverless/.env.<env>), as the doctor
 * reads them. The report goes to stdout; the progress bar and messages to stderr.
 */
import { SANDBOX_ENV_NAME } from '../sandbox/emulated-env';
import { readFunctionConfig } from '../src/config/function-config';
import { createTwilioClient } from '../src/twilio/twilio-gateway';
import { COVERAGE_USAGE, parseCoverageArgs } from './coverage-args';
import { formatCsv, formatJson, formatTable, totalsLine } from './coverage-format';
import { createProgress, type ProgressStream } from './coverage-progress';
import { buildCoverageReport, failingRows } from './coverage-report';
import { twilioCoverageSource } from './coverage-source';
import { resolveFunctionsEnvFile } from './env-file';
import { attempt, refusal, type ConnectTwilio } from './network-checks';
import { defaultPaths } from './project';
import { formatFinding, type Writer } from './report';

export interface CoverageDeps {
  serverlessDir: string;
  out: Writer;
  /** stderr: messages, and the progress bar when it is a terminal. */
  err: ProgressStream;
  connectTwilio: ConnectTwilio;
  now: () => Date;
}

export function defaultCoverageDeps(): CoverageDeps {
  return {
    serverlessDir: defaultPaths().serverlessDir,
    out: { write: (text) => process.stdout.write(text) },
    err: process.stderr,
    connectTwilio: createTwilioClient,
    now: () => new Date(),
  };
}

/** Exit codes: 0 report written, 1 Twilio unreachable or refused, 2 bad arguments or configuration, 3 --fail-on-missing found a call. */
export async function runCoverage(argv: readonly string[], deps: CoverageDeps): Promise<number> {
  const parsed = parseCoverageArgs(argv);
  if (!parsed.ok) {
    if (parsed.help) {
      deps.out.write(`${COVERAGE_USAGE}\n`);
      return 0;
    }
    deps.err.write(`${parsed.error}\n\n${COVERAGE_USAGE}\n`);
    return 2;
  }
  const options = parsed.options;
  const envFile = resolveFunctionsEnvFile(deps.serverlessDir, options.environment);
  if (!envFile.ok) {
    deps.err.write(`✖ ${envFile.problem}\n  fix: ${envFile.fix}\n`);
    return 2;
  }
  if (options.environment === SANDBOX_ENV_NAME && envFile.file.fellBack) {
    // serverless/.env would be the real account's: a report meant for the sandbox must not quietly read it.
    deps.err.write(`✖ No serverless/.env.${SANDBOX_ENV_NAME}: the offline sandbox is not running\n  fix: start it with npm start (it writes that file for its run), then run this again\n`);
    return 2;
  }
  const config = readFunctionConfig(envFile.file.values);
  if (!config.ok) {
    deps.err.write(`✖ serverless/${envFile.file.name} is not usable:\n${config.problems.map((problem) => `  - ${problem}`).join('\n')}\n  fix: npm run doctor${options.environment ? ` -- --env ${options.environment}` : ''} says how\n`);
    return 2;
  }
  if (config.config.emulatorUrl !== undefined) deps.err.write(`(reading from the Twilio emulator at ${config.config.emulatorUrl}: TWILIO_EMULATOR_URL is set in serverless/${envFile.file.name})\n`);

  const source = twilioCoverageSource(deps.connectTwilio(config.config), config.config);
  const progress = createProgress(deps.err);
  const built = await attempt(() => buildCoverageReport(source, { from: options.from, to: options.to }, progress, deps.now()));
  progress.finish();
  if (built.kind === 'unreachable') {
    deps.err.write(`✖ Twilio could not be reached (${built.code}): no report. Check the network and https://status.twilio.com, then run it again\n`);
    return 1;
  }
  if (built.kind === 'refused') {
    deps.err.write(`${formatFinding(refusal('the TaskRouter events and call recordings', built, 'Check TWILIO_WORKSPACE_SID and ACCOUNT_SID'))}\n✖ no report\n`);
    return 1;
  }
  const report = built.value;
  if (options.format === 'csv') {
    deps.out.write(formatCsv(report));
    deps.err.write(`${totalsLine(report)}\n${report.notes.map((note) => `Note: ${note}\n`).join('')}`);
  } else if (options.format === 'json') deps.out.write(formatJson(report));
  else deps.out.write(formatTable(report));
  return options.failOnMissing && failingRows(report).length > 0 ? 3 : 0;
}

if (require.main === module) {
  runCoverage(process.argv.slice(2), defaultCoverageDeps()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`✖ coverage stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
