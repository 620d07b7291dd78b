import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CliUsageError, DEFAULT_PORT, parseCliOptions } from '../cli-options';

const RUNNER = join(__dirname, '..', '..', 'toolchain', 'run-emulator.mjs');

describe('CLI options', () => {
  it('defaults to 127.0.0.1:4010 with no faults', () => {
    expect(parseCliOptions([], {})).toEqual({ port: DEFAULT_PORT, host: '127.0.0.1', emulator: { port: 4010, host: '127.0.0.1', faults: {} }, help: false });
  });

  it('reads faults and credentials from flags, then the environment (flags win)', () => {
    const parsed = parseCliOptions(['--port', '5001', '--rate-5xx=0.2', '--latency-ms', '50-150', '--max-concurrent', '10', '--seed', '7', '--spec-validation', 'report'], {
      EMULATOR_PORT: '6000',
      EMULATOR_RATE_429: '0.1',
      EMULATOR_ACCOUNT_SID: 'AC' + 'a'.repeat(32),
      EMULATOR_AUTH_TOKEN: 't'.repeat(32),
    });
    expect(parsed.port).toBe(5001);
    expect(parsed.emulator).toMatchObject({
      accountSid: 'AC' + 'a'.repeat(32),
      authToken: 't'.repeat(32),
      specValidation: 'report',
      faults: { rate429: 0.1, rate5xx: 0.2, latencyMs: { min: 50, max: 150 }, rateLimit: { maxConcurrent: 10 }, seed: 7 },
    });
  });

  it('refuses unknown flags, bad numbers and non-loopback hosts', () => {
    expect(() => parseCliOptions(['--prot', '1'], {})).toThrow(CliUsageError);
    expect(() => parseCliOptions(['--port', 'abc'], {})).toThrow(/--port must be an integer/);
    expect(() => parseCliOptions(['--host', '0.0.0.0'], {})).toThrow(/loopback/);
    expect(() => parseCliOptions(['--spec-validation', 'strict'], {})).toThrow(/enforce, report or off/);
  });
});

/** Runs the real entry (esbuild bundle of cli.ts) and collects its output. */
function runCli(args: string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [RUNNER, ...args], { env: { ...process.env, EMULATOR_PORT: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
    });
    void exited.then(() => reject(new Error(`exited before printing: ${stderr}`)));
  });
  firstLine.catch(() => undefined); // tests that expect an early exit never await it

  return { child, exited, firstLine, output: () => ({ stdout, stderr }) };
}

describe('CLI process (toolchain/run-emulator.mjs)', () => {
  jest.setTimeout(30_000);

  it('prints URL and credentials as one JSON line, serves, and stops cleanly on SIGTERM', async () => {
    const cli = runCli(['--port', '0', '--rate-429', '0', '--seed', '5']);
    try {
      const info = JSON.parse(await cli.firstLine) as { url: string; accountSid: string; authToken: string; faults: unknown };
      expect(info).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), accountSid: expect.stringMatching(/^AC/), faults: { rate429: 0, seed: 5 } });
      const state = await fetch(`${info.url}/_emulator/state`);
      expect(state.status).toBe(200);
      const auth = Buffer.from(`${info.accountSid}:${info.authToken}`).toString('base64');
      const unknownCall = await fetch(`${info.url}/api.twilio.com/2010-04-01/Accounts/${info.accountSid}/Calls/CA${'0'.repeat(32)}.json`, {
        headers: { Authorization: `Basic ${auth}` },
      });
      expect(unknownCall.status).toBe(404);
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toBe(0);
    expect(cli.output().stderr).toContain('stopped (SIGTERM)');
  });

  it('fails with a clear message when the port is taken (EADDRINUSE)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const cli = runCli(['--port', String(port)]);
      expect(await cli.exited).toBe(1);
      expect(cli.output().stderr).toContain(`port ${port} on 127.0.0.1 is already in use (EADDRINUSE)`);
      expect(cli.output().stdout).toBe('');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
