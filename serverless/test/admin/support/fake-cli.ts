import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Stand-ins for `twilio` and `npm` at the process boundary: real executables on PATH, so deploy and
 * doctor spawn them exactly as they would spawn the real CLIs. Each call appends what it was given
 * (argv, cwd, the environment variables that matter) to a log, then answers with the first rule whose
 * command and leading arguments match (default: no output, exit 0).
 */
export interface FakeRule {
  command: 'twilio' | 'npm';
  /** Leading arguments to match, e.g. ['serverless:deploy']. */
  args: string[];
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

export interface FakeCall {
  command: string;
  argv: string[];
  cwd: string;
  /** FLEX_APP_*, REACT_APP_*, TWILIO_* and credential-named variables the child received. */
  env: Record<string, string>;
}

export interface FakeCli {
  binDir: string;
  /** The environment to hand to deploy/doctor: PATH starts with the fakes, plus their configuration. */
  env: NodeJS.ProcessEnv;
  calls(): FakeCall[];
  setRules(rules: FakeRule[]): void;
}

// The absolute node path in the shebang keeps the fakes working when a test empties PATH.
const STUB = `#!${process.execPath}
const fs = require('fs');
const path = require('path');
const command = path.basename(process.argv[1]);
const argv = process.argv.slice(2);
const env = {};
for (const [key, value] of Object.entries(process.env)) {
  if (/^(FLEX_APP_|REACT_APP_|TWILIO_(?!FAKE_))|^(ACCOUNT_SID|AUTH_TOKEN|API_KEY|API_SECRET)$/.test(key)) env[key] = value;
}
fs.appendFileSync(process.env.TWILIO_FAKE_LOG, JSON.stringify({ command, argv, cwd: process.cwd(), env }) + '\\n');
const rules = JSON.parse(fs.readFileSync(process.env.TWILIO_FAKE_RULES, 'utf8'));
const rule = rules.find((r) => r.command === command && r.args.every((arg, i) => argv[i] === arg));
if (rule && rule.stdout) process.stdout.write(rule.stdout);
if (rule && rule.stderr) process.stderr.write(rule.stderr);
process.exitCode = rule && rule.exitCode !== undefined ? rule.exitCode : 0;
`;

export function installFakeCli(rules: FakeRule[] = [], commands: ReadonlyArray<'twilio' | 'npm'> = ['twilio', 'npm']): FakeCli {
  const dir = mkdtempSync(join(tmpdir(), 'fake-cli-'));
  const binDir = join(dir, 'bin');
  mkdirSync(binDir);
  for (const command of commands) {
    const path = join(binDir, command);
    writeFileSync(path, STUB);
    chmodSync(path, 0o755);
  }
  const logPath = join(dir, 'calls.log');
  const rulesPath = join(dir, 'rules.json');
  writeFileSync(logPath, '');
  const setRules = (next: FakeRule[]): void => writeFileSync(rulesPath, JSON.stringify(next));
  setRules(rules);
  return {
    binDir,
    env: {
      ...process.env,
      PATH: `${binDir}:${process.env.PATH ?? ''}`,
      TWILIO_FAKE_LOG: logPath,
      TWILIO_FAKE_RULES: rulesPath,
    },
    calls: () =>
      existsSync(logPath)
        ? readFileSync(logPath, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as FakeCall)
        : [],
    setRules,
  };
}
