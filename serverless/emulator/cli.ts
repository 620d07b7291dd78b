/**
 * The emulator as a process, for the offline sandbox: `npm run emulator -w serverless` (see
 * toolchain/run-emulator.mjs). Prints one JSON line with the URL and credentials, so a script can
 * read it, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { checkFaultConfig } from './fault-config';
import { CliUsageError, USAGE, parseCliOptions } from './cli-options';
import { startTwilioEmulator, type TwilioEmulator } from './emulator';

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const processIo: Io = { out: (line) => process.stdout.write(line + '\n'), err: (line) => process.stderr.write(line + '\n') };

/** Starts the emulator; resolves with it (and exit code 0), or with null and a non-zero exit code. */
export async function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: Io = processIo): Promise<{ emulator: TwilioEmulator | null; exitCode: number }> {
  let parsed;
  try {
    parsed = parseCliOptions(argv, env);
    if (parsed.emulator.faults) checkFaultConfig(parsed.emulator.faults);
  } catch (error) {
    if (error instanceof CliUsageError || error instanceof RangeError) {
      io.err(`twilio-emulator: ${error.message}\n${USAGE}`);
      return { emulator: null, exitCode: 2 };
    }
    throw error;
  }
  if (parsed.help) {
    io.out(USAGE);
    return { emulator: null, exitCode: 0 };
  }
  let emulator: TwilioEmulator;
  try {
    emulator = await startTwilioEmulator(parsed.emulator);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      io.err(`twilio-emulator: port ${parsed.port} on ${parsed.host} is already in use (EADDRINUSE). Stop the other process, or pick another port with --port / EMULATOR_PORT.`);
      return { emulator: null, exitCode: 1 };
    }
    throw error;
  }
  const { accountSid, authToken, apiKeySid, apiKeySecret, workspaceSid, flexInstanceSid } = emulator.credentials;
  io.out(
    JSON.stringify({
      url: emulator.baseUrl,
      port: emulator.port,
      controlUrl: `${emulator.baseUrl}/_emulator`,
      accountSid,
      authToken,
      apiKeySid,
      apiKeySecret,
      workspaceSid,
      flexInstanceSid,
      faults: emulator.faultConfig,
    }),
  );
  return { emulator, exitCode: 0 };
}

/** Runs main() for this process: exits on errors, closes the emulator on SIGINT/SIGTERM. */
export async function run(argv: readonly string[] = process.argv.slice(2), env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  const { emulator, exitCode } = await main(argv, env);
  if (!emulator) {
    process.exitCode = exitCode;
    return;
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => {
        processIo.err(`twilio-emulator: stopped (${signal})`);
        process.exit(0);
      },
      (error: unknown) => {
        processIo.err(`twilio-emulator: error while stopping: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  run().catch((error: unknown) => {
    processIo.err(`twilio-emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
}
