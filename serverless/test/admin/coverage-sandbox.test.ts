import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import twilio from 'twilio';

import { runCoverage, type CoverageDeps } from '../../admin/coverage';
import { SANDBOX_ENV_NAME, writeSandboxEnvFile } from '../../sandbox/emulated-env';
import { createTwilioClient } from '../../src/twilio/twilio-gateway';
import { LocalTwilioRequestClient } from '../../src/twilio/local-request-client';
import { type TwilioEmulator, useEmulator } from '../support/emulated-functions';
import { capture, envText, GOOD_ENV, makeProject } from './support/project';

/**
 * The documented sandbox path: `npm start` writes serverless/.env.sandbox for its run (writeSandboxEnvFile, the code
 * start-sandbox calls), and `npm run coverage -- --env sandbox --from DAY --to DAY` reads it (runCoverage, what the
 * npm script runs). Here the project folder is a temporary one, so the working tree's files are never touched.
 */
let emulator: TwilioEmulator;
useEmulator((started) => (emulator = started));

async function coverage(serverlessDir: string, argv: string[], connect: CoverageDeps['connectTwilio'] = createTwilioClient) {
  const out = capture();
  const err = capture();
  const code = await runCoverage(argv, {
    serverlessDir,
    out,
    err: { isTTY: false, columns: 120, write: (text: string) => err.write(text) },
    connectTwilio: connect,
    now: () => emulator.now(),
  });
  return { code, out: out.text(), err: err.text() };
}

const day = (date: Date) => date.toISOString().slice(0, 10);

describe('npm run coverage -- --env sandbox (the offline sandbox)', () => {
  it("reads the running sandbox's emulator from the file npm start writes, and tells a recorded call from a missing one", async () => {
    const { serverlessDir } = makeProject();
    const envFile = writeSandboxEnvFile(serverlessDir, emulator, { ALLOWED_ORIGINS: 'http://127.0.0.1:8080' });
    expect(envFile.written).toBe(true);
    expect(envFile.path).toBe(join(serverlessDir, '.env.sandbox'));
    // Holds a secret (the emulator's): not readable by others.
    expect(statSync(envFile.path).mode & 0o077).toBe(0);

    const started = emulator.now();
    const client = twilio(emulator.apiKeySid, emulator.apiKeySecret, { accountSid: emulator.accountSid, httpClient: new LocalTwilioRequestClient(emulator.baseUrl) });
    // Recorded: answered, a complete dual-channel recording of the customer's leg.
    const recorded = emulator.placeOutboundCall({ workerIdentity: 'alice', customerNumber: '+14155550100' });
    emulator.answerCall(recorded.customerCallSid);
    const recording = await client.calls(recorded.customerCallSid).recordings.create({ recordingChannels: 'dual' });
    emulator.advanceClock(1);
    emulator.setTaskAttributes(recorded.taskSid, {
      ...emulator.getTask(recorded.taskSid).attributes,
      call_recording: { status: 'in-progress', recording_sid: recording.sid, call_sid: recorded.customerCallSid, started_by: 'conference-callback', updated_at: emulator.now().toISOString() },
    });
    emulator.advanceClock(20_000);
    emulator.hangUp(recorded.customerCallSid);
    emulator.completeTask(recorded.taskSid);
    // Missing: the customer answered, nothing recorded.
    const missing = emulator.placeOutboundCall({ workerIdentity: 'alice', customerNumber: '+14155550101' });
    emulator.answerCall(missing.customerCallSid);
    emulator.advanceClock(1);
    emulator.setTaskAttributes(missing.taskSid, {
      ...emulator.getTask(missing.taskSid).attributes,
      conference: { sid: missing.conferenceSid, participants: { customer: missing.customerCallSid, worker: missing.workerCallSid } },
    });
    emulator.advanceClock(5_000);
    emulator.hangUp(missing.customerCallSid);
    emulator.completeTask(missing.taskSid);

    const run = await coverage(serverlessDir, ['--env', SANDBOX_ENV_NAME, '--from', day(started), '--to', day(emulator.now()), '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.err).toContain(`(reading from the Twilio emulator at ${emulator.baseUrl}: TWILIO_EMULATOR_URL is set in serverless/.env.sandbox)`);
    const report = JSON.parse(run.out) as { totals: Record<string, number>; calls: Array<{ task_sid: string; outcome: string; flagged: boolean }> };
    const outcomes = Object.fromEntries(report.calls.map((call) => [call.task_sid, [call.outcome, call.flagged]]));
    expect(outcomes).toEqual({ [recorded.taskSid]: ['recorded', false], [missing.taskSid]: ['missing', true] });
    expect(report.totals).toMatchObject({ calls: 2, recorded: 1, missing: 1, flagged: 1, complete_dual_recordings: 1 });

    // The sandbox stops: its file goes with it.
    envFile.remove();
    expect(existsSync(envFile.path)).toBe(false);
  });

  it('without a running sandbox refuses, instead of reading serverless/.env (the real account)', async () => {
    const { serverlessDir } = makeProject({ serverless: { '.env': envText(GOOD_ENV) } });
    const connect = jest.fn(createTwilioClient);
    const run = await coverage(serverlessDir, ['--env', SANDBOX_ENV_NAME, '--from', '2026-11-01', '--to', '2026-11-30'], connect);
    expect(run.code).toBe(2);
    expect(run.err).toContain('No serverless/.env.sandbox: the offline sandbox is not running');
    expect(run.err).toContain('npm start');
    expect(connect).not.toHaveBeenCalled();
    expect(run.out).toBe('');
  });

  it("leaves an engineer's own serverless/.env.sandbox alone, and removes only the file of its own run", () => {
    const mine = envText({ ...GOOD_ENV, NOTE: 'mine' });
    const { serverlessDir } = makeProject({ serverless: { '.env.sandbox': mine } });
    const refused = writeSandboxEnvFile(serverlessDir, emulator);
    expect(refused.written).toBe(false);
    expect(refused.problem).toContain('was not written by the sandbox');
    refused.remove();
    expect(readFileSync(join(serverlessDir, '.env.sandbox'), 'utf8')).toBe(mine);

    // A newer run's file (other credentials) is not removed by an older run stopping.
    const { serverlessDir: other } = makeProject();
    const older = writeSandboxEnvFile(other, emulator);
    writeFileSync(older.path, readFileSync(older.path, 'utf8').replace(emulator.apiKeySecret, 'newer-run-secret'));
    older.remove();
    expect(existsSync(older.path)).toBe(true);
  });

  it('keeps the loopback-only rule: a sandbox file pointing anywhere else is refused before any request', async () => {
    const { serverlessDir } = makeProject();
    const envFile = writeSandboxEnvFile(serverlessDir, emulator);
    writeFileSync(envFile.path, readFileSync(envFile.path, 'utf8').replace(emulator.baseUrl, 'http://emulator.example.com:4010'));
    const connect = jest.fn(createTwilioClient);
    const run = await coverage(serverlessDir, ['--env', SANDBOX_ENV_NAME, '--from', '2026-11-01', '--to', '2026-11-30'], connect);
    expect(run.code).toBe(2);
    expect(run.err).toContain('TWILIO_EMULATOR_URL is for local development only');
    expect(connect).not.toHaveBeenCalled();
  });
});
