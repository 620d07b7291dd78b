import { isLoopbackHost } from 'plugin-outbound-recording/contract';
import type { FaultConfig } from './fault-config';
import type { TwilioEmulatorOptions } from './options';

/**
 * Command-line flags and environment variables of the emulator CLI. Flags win over the
 * environment. Kept apart from cli.ts so parsing is testable without starting anything.
 */
export const DEFAULT_PORT = 4010;

export class CliUsageError extends Error {}

export interface CliOptions {
  port: number;
  host: string;
  emulator: TwilioEmulatorOptions;
  help: boolean;
}

/** flag -> environment variable, for every option that takes a value. */
const VALUE_FLAGS: Record<string, string> = {
  '--port': 'EMULATOR_PORT',
  '--host': 'EMULATOR_HOST',
  '--account-sid': 'EMULATOR_ACCOUNT_SID',
  '--auth-token': 'EMULATOR_AUTH_TOKEN',
  '--api-key-sid': 'EMULATOR_API_KEY_SID',
  '--api-key-secret': 'EMULATOR_API_KEY_SECRET',
  '--workspace-sid': 'EMULATOR_WORKSPACE_SID',
  '--spec-validation': 'EMULATOR_SPEC_VALIDATION',
  '--min-recording-seconds': 'EMULATOR_MIN_RECORDING_SECONDS',
  '--latency-ms': 'EMULATOR_LATENCY_MS',
  '--rate-429': 'EMULATOR_RATE_429',
  '--rate-5xx': 'EMULATOR_RATE_5XX',
  '--max-concurrent': 'EMULATOR_MAX_CONCURRENT',
  '--rate-per-second': 'EMULATOR_RATE_PER_SECOND',
  '--seed': 'EMULATOR_SEED',
};

export const USAGE = `Usage: npm run emulator -w serverless -- [options]
  --port N                 port on 127.0.0.1 (default ${DEFAULT_PORT}; env EMULATOR_PORT; 0 = any free port)
  --host H                 loopback address to bind (default 127.0.0.1; env EMULATOR_HOST)
  --account-sid, --auth-token, --api-key-sid, --api-key-secret, --workspace-sid
                           fixed credentials (env EMULATOR_ACCOUNT_SID, ...); generated when omitted
  --spec-validation M      enforce | report | off (default enforce)
  --min-recording-seconds N   shorter recordings end 'absent' (16101)
  --latency-ms N | MIN-MAX added latency per request (random in [MIN, MAX])
  --rate-429 P, --rate-5xx P  probability 0..1 of a 429 / 5xx answer
  --max-concurrent N       429 (20429) above N requests in flight
  --rate-per-second N      429 (20429) above N requests in any second
  --seed N                 seed of the random faults (reproducible runs)
  --help`;

function numberOf(name: string, raw: string, { integer = false } = {}): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new CliUsageError(`${name} must be ${integer ? 'an integer' : 'a number'}, got '${raw}'`);
  }
  return value;
}

function latencyOf(raw: string): number | { min: number; max: number } {
  const range = /^(\d+)-(\d+)$/.exec(raw.trim());
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  return numberOf('--latency-ms', raw);
}


export function parseCliOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliOptions {
  const values = new Map<string, string>();
  for (const [flag, variable] of Object.entries(VALUE_FLAGS)) {
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== '') values.set(flag, fromEnv);
  }
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!(flag in VALUE_FLAGS)) throw new CliUsageError(`unknown option ${flag}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new CliUsageError(`${flag} needs a value`);
    values.set(flag, value);
  }

  const get = (flag: string) => values.get(flag);
  const port = get('--port') === undefined ? DEFAULT_PORT : numberOf('--port', get('--port')!, { integer: true });
  if (port < 0 || port > 65535) throw new CliUsageError(`--port must be 0..65535, got ${port}`);
  const host = get('--host') ?? '127.0.0.1';
  // The emulator has no real security (known credentials, an open control API): never off-machine.
  if (!isLoopbackHost(host)) throw new CliUsageError(`--host must be a loopback address, got '${host}'`);

  const faults: FaultConfig = {};
  const rateLimit: NonNullable<FaultConfig['rateLimit']> = {};
  if (get('--max-concurrent') !== undefined) rateLimit.maxConcurrent = numberOf('--max-concurrent', get('--max-concurrent')!, { integer: true });
  if (get('--rate-per-second') !== undefined) rateLimit.ratePerSecond = numberOf('--rate-per-second', get('--rate-per-second')!, { integer: true });
  if (Object.keys(rateLimit).length > 0) faults.rateLimit = rateLimit;
  if (get('--rate-429') !== undefined) faults.rate429 = numberOf('--rate-429', get('--rate-429')!);
  if (get('--rate-5xx') !== undefined) faults.rate5xx = numberOf('--rate-5xx', get('--rate-5xx')!);
  if (get('--latency-ms') !== undefined) faults.latencyMs = latencyOf(get('--latency-ms')!);
  if (get('--seed') !== undefined) faults.seed = numberOf('--seed', get('--seed')!, { integer: true });

  const emulator: TwilioEmulatorOptions = { port, host, faults };
  const strings: Array<[string, 'accountSid' | 'authToken' | 'apiKeySid' | 'apiKeySecret' | 'workspaceSid']> = [
    ['--account-sid', 'accountSid'],
    ['--auth-token', 'authToken'],
    ['--api-key-sid', 'apiKeySid'],
    ['--api-key-secret', 'apiKeySecret'],
    ['--workspace-sid', 'workspaceSid'],
  ];
  for (const [flag, key] of strings) {
    const value = get(flag);
    if (value !== undefined) emulator[key] = value;
  }
  const validation = get('--spec-validation');
  if (validation !== undefined) {
    if (validation !== 'enforce' && validation !== 'report' && validation !== 'off') {
      throw new CliUsageError(`--spec-validation must be enforce, report or off, got '${validation}'`);
    }
    emulator.specValidation = validation;
  }
  if (get('--min-recording-seconds') !== undefined) emulator.minRecordingSeconds = numberOf('--min-recording-seconds', get('--min-recording-seconds')!);
  return { port, host, emulator, help };
}
