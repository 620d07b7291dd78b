import twilio from 'twilio';
import type { RecordingStateAttribute } from 'plugin-outbound-recording/contract';
import { runCoverage, type CoverageDeps } from '../../admin/coverage';
import type { ConnectTwilio } from '../../admin/network-checks';
import { createTwilioClient } from '../../src/twilio/twilio-gateway';
import { startTwilioEmulator, type TwilioEmulator } from '../../emulator';
import { LocalTwilioRequestClient } from '../../src/twilio/local-request-client';
import { capture, envText, makeProject } from './support/project';

/**
 * The report against the emulator, with one call of every outcome staged as Flex and the Functions leave
 * them (task attributes, the customer's call, its recordings), then the tasks completed and, for some,
 * deleted as TaskRouter does ~5 minutes later. Every figure comes from TaskRouter's events and the Voice API.
 */
let emulator: TwilioEmulator;
beforeAll(async () => {
  // Recordings shorter than 5 s end `absent` (Twilio: error 16101), so "recorded then absent" can be staged.
  emulator = await startTwilioEmulator({ minRecordingSeconds: 5 });
});
beforeEach(() => emulator.reset());
afterEach(() => {
  expect(emulator.specViolations()).toEqual([]);
  expect(emulator.responseViolations()).toEqual([]);
});
afterAll(() => emulator.close());

function client() {
  return twilio(emulator.apiKeySid, emulator.apiKeySecret, { accountSid: emulator.accountSid, httpClient: new LocalTwilioRequestClient(emulator.baseUrl) });
}

function state(fields: Omit<RecordingStateAttribute, 'updated_at'>): RecordingStateAttribute {
  return { ...fields, updated_at: emulator.now().toISOString() };
}

/**
 * Merges into the task's attributes, as the Functions' writes do. Each write is a request to Twilio, so two
 * never share a millisecond there; the emulator's clock is moved on to keep the events' order as real.
 */
function write(taskSid: string, extra: Record<string, unknown>): void {
  emulator.advanceClock(1);
  emulator.setTaskAttributes(taskSid, { ...emulator.getTask(taskSid).attributes, ...extra });
}

/** Flex's backend names the customer's leg in the task once it exists. */
function withCustomerLeg(call: { taskSid: string; conferenceSid: string; customerCallSid: string; workerCallSid: string }): void {
  write(call.taskSid, { conference: { sid: call.conferenceSid, participants: { customer: call.customerCallSid, worker: call.workerCallSid } } });
}

async function record(call: { taskSid: string; customerCallSid: string }, channels: 'dual' | 'mono'): Promise<string> {
  const recording = await client().calls(call.customerCallSid).recordings.create({ recordingChannels: channels });
  write(call.taskSid, {
    call_recording: state({ status: 'in-progress', recording_sid: recording.sid, call_sid: call.customerCallSid, started_by: 'conference-callback' }),
    conversations: { media: [{ type: 'VoiceRecording', url: `https://api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings/${recording.sid}`, channels: ['customer', 'others'] }] },
  });
  return recording.sid;
}

interface Staged {
  recorded: string;
  deletedRecorded: string;
  absent: string;
  mono: string;
  noRecording: string;
  notAnswered: string;
  excluded: string;
  hungUpFirst: string;
  inbound: string;
}

async function stageEveryOutcome(): Promise<Staged> {
  const answered = () => {
    const call = emulator.placeOutboundCall({ workerIdentity: 'alice', customerNumber: '+14155550100' });
    emulator.answerCall(call.customerCallSid);
    withCustomerLeg(call);
    return call;
  };
  const end = (call: { taskSid: string; customerCallSid: string }) => {
    emulator.hangUp(call.customerCallSid);
    emulator.completeTask(call.taskSid);
  };

  // Recorded, complete, dual-channel; the status callback's final state reaches the task after it completed.
  const recorded = answered();
  const recordedSid = await record(recorded, 'dual');
  emulator.advanceClock(30_000);
  end(recorded);
  write(recorded.taskSid, { call_recording: state({ status: 'completed', recording_sid: recordedSid, call_sid: recorded.customerCallSid, duration_seconds: 30 }) });

  // The same, then deleted by TaskRouter: only its events are left.
  const deletedRecorded = answered();
  await record(deletedRecorded, 'dual');
  emulator.advanceClock(12_000);
  end(deletedRecorded);
  emulator.removeTask(deletedRecorded.taskSid);

  // Recorded, then absent (the customer hung up within a second).
  const absent = answered();
  const absentSid = await record(absent, 'dual');
  emulator.advanceClock(1_000);
  end(absent);
  write(absent.taskSid, {
    call_recording: state({ status: 'absent', recording_sid: absentSid, call_sid: absent.customerCallSid, error_code: 16101, reason: 'not recorded: the call ended before any audio was recorded (error 16101)' }),
  });
  emulator.removeTask(absent.taskSid);

  // A mono recording (someone else's, or a misconfiguration): present, but not what compliance needs.
  const mono = answered();
  await client().calls(mono.customerCallSid).recordings.create();
  emulator.advanceClock(20_000);
  end(mono);

  // Answered, and nothing recorded it at all (the product never ran).
  const noRecording = answered();
  emulator.advanceClock(15_000);
  end(noRecording);

  // The customer never answered.
  const notAnswered = emulator.placeOutboundCall({ workerIdentity: 'bob', customerNumber: '+14155550101' });
  withCustomerLeg(notAnswered);
  emulator.hangUp(notAnswered.customerCallSid);
  emulator.completeTask(notAnswered.taskSid);

  // Excluded by the recording policy: the Functions write not-recorded with the reason and the code recording_excluded.
  const excluded = answered();
  write(excluded.taskSid, {
    call_recording: state({ status: 'not-recorded', reason: 'not recorded: calls of queue "Sales" are not recorded (EXCLUDED_QUEUES)', reason_code: 'recording_excluded' }),
  });
  emulator.advanceClock(10_000);
  end(excluded);

  // Not recorded, with the product's reason and code: the customer hung up before the recording started.
  const hungUpFirst = answered();
  emulator.hangUp(hungUpFirst.customerCallSid);
  write(hungUpFirst.taskSid, {
    call_recording: state({ status: 'not-recorded', call_sid: hungUpFirst.customerCallSid, reason: 'the customer hung up before recording could start', reason_code: 'call_not_in_progress' }),
  });
  emulator.completeTask(hungUpFirst.taskSid);

  // An inbound call ended in the range too: not an outbound call, not reported.
  const inbound = emulator.placeInboundCall({ workerIdentity: 'carol' });
  emulator.completeTask(inbound.taskSid);

  return {
    recorded: recorded.taskSid,
    deletedRecorded: deletedRecorded.taskSid,
    absent: absent.taskSid,
    mono: mono.taskSid,
    noRecording: noRecording.taskSid,
    notAnswered: notAnswered.taskSid,
    excluded: excluded.taskSid,
    hungUpFirst: hungUpFirst.taskSid,
    inbound: inbound.taskSid,
  };
}

async function coverage(argv: string[], options: { connect?: ConnectTwilio; tty?: boolean } = {}) {
  const paths = makeProject({
    serverless: {
      '.env': envText({
        ACCOUNT_SID: emulator.accountSid,
        API_KEY: emulator.apiKeySid,
        API_SECRET: emulator.apiKeySecret,
        TWILIO_WORKSPACE_SID: emulator.workspaceSid,
        // The product's own seam, as the offline sandbox uses it.
        TWILIO_EMULATOR_URL: emulator.baseUrl,
      }),
    },
  });
  const out = capture();
  const errText = capture();
  const deps: CoverageDeps = {
    serverlessDir: paths.serverlessDir,
    out,
    err: { isTTY: options.tty ?? false, columns: 120, write: (text: string) => errText.write(text) },
    connectTwilio: options.connect ?? createTwilioClient,
    now: () => emulator.now(),
  };
  const code = await runCoverage(argv, deps);
  return { code, out: out.text(), err: errText.text() };
}

/** The range: from an hour before the calls to now (ISO date-times, as an administrator may give them). */
function rangeArgs(from: Date): string[] {
  return ['--from', from.toISOString(), '--to', new Date(emulator.now().getTime() + 1000).toISOString()];
}

interface JsonCall {
  task_sid: string;
  outcome: string;
  flagged: boolean;
  reason: string | null;
  recordings: { status: string; channels: number; duration_seconds: number | null; paused_seconds: null }[];
}

describe('npm run coverage (against the emulator)', () => {
  it('reports every outbound call with its outcome, recordings and totals, deleted tasks included', async () => {
    const from = new Date(emulator.now().getTime() - 3_600_000);
    // Ended before the range: not in it.
    const earlier = emulator.placeOutboundCall({ workerIdentity: 'dave' });
    emulator.completeTask(earlier.taskSid);
    emulator.advanceClock(2 * 3_600_000);
    const rangeStart = new Date(emulator.now().getTime() - 1000);
    const staged = await stageEveryOutcome();
    const run = await coverage([...rangeArgs(rangeStart > from ? rangeStart : from), '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.err).toBe('(reading from the Twilio emulator at ' + emulator.baseUrl + ': TWILIO_EMULATOR_URL is set in serverless/.env)\n');
    const report = JSON.parse(run.out) as { totals: Record<string, number>; calls: JsonCall[]; notes: string[] };
    const byTask = new Map(report.calls.map((call) => [call.task_sid, call]));
    expect(byTask.has(earlier.taskSid)).toBe(false);
    expect(byTask.has(staged.inbound)).toBe(false);

    const outcome = (taskSid: string) => {
      const call = byTask.get(taskSid);
      return call && { outcome: call.outcome, flagged: call.flagged, reason: call.reason };
    };
    expect(outcome(staged.recorded)).toEqual({ outcome: 'recorded', flagged: false, reason: null });
    expect(outcome(staged.deletedRecorded)).toEqual({ outcome: 'recorded', flagged: false, reason: null });
    expect(outcome(staged.absent)).toEqual({ outcome: 'missing', flagged: true, reason: 'not recorded: the call ended before any audio was recorded (error 16101)' });
    expect(outcome(staged.mono)).toEqual({ outcome: 'missing', flagged: true, reason: '1-channel recording only' });
    expect(outcome(staged.noRecording)).toEqual({ outcome: 'missing', flagged: true, reason: 'no recording' });
    expect(outcome(staged.notAnswered)).toEqual({ outcome: 'not-answered', flagged: false, reason: 'customer did not answer (no-answer)' });
    expect(outcome(staged.excluded)).toEqual({ outcome: 'excluded', flagged: true, reason: 'not recorded: calls of queue "Sales" are not recorded (EXCLUDED_QUEUES)' });
    expect(outcome(staged.hungUpFirst)).toEqual({ outcome: 'missing', flagged: true, reason: 'the customer hung up before recording could start' });

    // The recordings as Twilio keeps them: channels, duration, status; paused time never known.
    expect(byTask.get(staged.recorded)?.recordings).toEqual([{ sid: expect.stringMatching(/^RE/), call_sid: expect.any(String), status: 'completed', channels: 2, duration_seconds: 30, paused_seconds: null, error_code: null, start_time: expect.any(String) }]);
    expect(byTask.get(staged.deletedRecorded)?.recordings.map((r) => [r.status, r.channels, r.duration_seconds])).toEqual([['completed', 2, 12]]);
    expect(byTask.get(staged.absent)?.recordings.map((r) => r.status)).toEqual(['absent']);
    expect(byTask.get(staged.mono)?.recordings.map((r) => [r.status, r.channels])).toEqual([['completed', 1]]);

    // A missing recording counted as present would move these figures.
    expect(report.totals).toEqual({
      calls: 8,
      recorded: 2,
      not_answered: 1,
      excluded: 1,
      missing: 4,
      unknown: 0,
      flagged: 5,
      recordings: 4,
      complete_dual_recordings: 2,
      recorded_seconds: 42,
      other_tasks: 1,
      unreadable_tasks: 0,
    });
    expect(report.notes[0]).toContain('paused_seconds is always empty');
    // The deleted tasks really are gone from TaskRouter: their rows came from events.
    expect(emulator.snapshot().tasks.map((task: { sid: string }) => task.sid)).not.toContain(staged.deletedRecorded);
  });

  it('--fail-on-missing exits 3 when an answered call lacks a complete dual recording, 0 when none does', async () => {
    const start = new Date(emulator.now().getTime() - 1000);
    const ok = emulator.placeOutboundCall({ workerIdentity: 'alice' });
    emulator.answerCall(ok.customerCallSid);
    withCustomerLeg(ok);
    await record(ok, 'dual');
    emulator.advanceClock(8_000);
    emulator.hangUp(ok.customerCallSid);
    emulator.completeTask(ok.taskSid);
    const unanswered = emulator.placeOutboundCall({ workerIdentity: 'bob' });
    withCustomerLeg(unanswered);
    emulator.hangUp(unanswered.customerCallSid);
    emulator.completeTask(unanswered.taskSid);
    expect((await coverage([...rangeArgs(start), '--fail-on-missing'])).code).toBe(0);

    const bad = emulator.placeOutboundCall({ workerIdentity: 'carol' });
    emulator.answerCall(bad.customerCallSid);
    withCustomerLeg(bad);
    emulator.hangUp(bad.customerCallSid);
    emulator.completeTask(bad.taskSid);
    const run = await coverage([...rangeArgs(start), '--fail-on-missing']);
    expect(run.code).toBe(3);
    expect(run.out).toContain(`✖ `);
    expect(run.out).toContain(`${bad.taskSid}  missing: no recording`);
    expect(run.out).toContain('Totals: 3 call(s): 1 recorded (complete, dual-channel), 1 not answered, 0 excluded by policy, 1 missing, 0 unknown');
  });

  it('writes CSV with one line per recording, fields escaped, and no progress bar or totals in it', async () => {
    const start = new Date(emulator.now().getTime() - 1000);
    const call = emulator.placeOutboundCall({ workerIdentity: 'alice' });
    emulator.answerCall(call.customerCallSid);
    withCustomerLeg(call);
    write(call.taskSid, { call_recording: state({ status: 'not-recorded', reason: '=HYPERLINK("x"), "quoted"\nnext line', reason_code: 'recording_excluded' }) });
    emulator.hangUp(call.customerCallSid);
    emulator.completeTask(call.taskSid);
    // stderr a terminal: the bar is drawn there, never on stdout.
    const run = await coverage([...rangeArgs(start), '--format', 'csv'], { tty: true });
    expect(run.code).toBe(0);
    const [header, line, rest] = run.out.split('\r\n');
    expect(header).toBe('ended_at,task_sid,outcome,flagged,reason,customer_call_sids,call_status,call_seconds,recording_sid,recording_status,channels,duration_seconds,paused_seconds,recording_error_code');
    expect(line).toMatch(new RegExp(`^[^,]+,${call.taskSid},excluded,true,"'=HYPERLINK\\(""x""\\), ""quoted""\\nnext line",${call.customerCallSid},completed,0,,,,,,$`));
    expect(rest).toBe('');
    expect(run.out).not.toContain('\x1b');
    expect(run.err).toContain('\r[');
    expect(run.err).toContain('1 call(s): 0 recorded, 0 not answered, 1 excluded, 0 missing, 0 unknown (1 flagged)');
  });

  it('never takes a not-recorded state without the exclusion code for an exclusion: it is missing, and fails --fail-on-missing', async () => {
    const start = new Date(emulator.now().getTime() - 1000);
    const call = emulator.placeOutboundCall({ workerIdentity: 'alice' });
    emulator.answerCall(call.customerCallSid);
    withCustomerLeg(call);
    // An older version's exclusion, or any writer that gives no code: the report cannot tell it was deliberate.
    write(call.taskSid, { call_recording: state({ status: 'not-recorded', reason: 'not recorded: calls of queue "Sales" are not recorded (EXCLUDED_QUEUES)' }) });
    emulator.hangUp(call.customerCallSid);
    emulator.completeTask(call.taskSid);
    const run = await coverage([...rangeArgs(start), '--format', 'json', '--fail-on-missing']);
    const report = JSON.parse(run.out) as { totals: Record<string, number>; calls: JsonCall[] };
    expect(report.calls.find((entry) => entry.task_sid === call.taskSid)).toMatchObject({ outcome: 'missing', flagged: true, reason: expect.stringMatching(/EXCLUDED_QUEUES/) });
    expect(report.totals).toMatchObject({ excluded: 0, missing: 1 });
    expect(run.code).toBe(3);
  });

  it('exits 1 with a clear message when Twilio refuses the credentials or cannot be reached', async () => {
    const now = emulator.now().toISOString();
    const refused: ConnectTwilio = (config) => twilio(config.accountSid, 'not-the-token', { accountSid: config.accountSid, httpClient: new LocalTwilioRequestClient(emulator.baseUrl) });
    const run = await coverage(['--from', now, '--to', now], { connect: refused });
    expect(run.code).toBe(1);
    expect(run.err).toContain('Twilio refused the credentials for the TaskRouter events and call recordings (HTTP 401');
    expect(run.out).toBe('');
    const unreachable: ConnectTwilio = (config) => twilio(config.accountSid, 'x', { accountSid: config.accountSid, httpClient: new LocalTwilioRequestClient('http://127.0.0.1:1') });
    const down = await coverage(['--from', now, '--to', now], { connect: unreachable });
    expect(down.code).toBe(1);
    expect(down.err).toContain('✖ Twilio could not be reached (ECONNREFUSED)');
  });

  it('exits 2 on bad arguments, saying what is wrong, and asks nothing of Twilio', async () => {
    for (const [argv, message] of [
      [['--to', '2026-11-30'], '--from and --to are both required'],
      [['--from', '2026-11-31', '--to', '2026-12-01'], '--from "2026-11-31" is not a date'],
      [['--from', '2026-12-02', '--to', '2026-12-01'], 'is after --to'],
      [['--from', '2026-12-01', '--to', '2026-12-01', '--format', 'xml'], '--format must be one of table, csv, json'],
      [['--from', '2026-12-01', '--to', '2026-12-01', '--frmat', 'csv'], "Unknown option '--frmat'"],
    ] as const) {
      const run = await coverage([...argv]);
      expect(run.code).toBe(2);
      expect(run.err).toContain(message);
    }
    expect(emulator.requests()).toEqual([]);
  });
});
