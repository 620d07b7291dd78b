import { RecordingStateAttribute } from '../../src/contract/recording-api';
import { RecordingEvent, RecordingView, reduceRecordingView, serverStateKey } from '../../src/recording-indicator/recording-view';
import { eventForWatchReport } from '../../src/recording-indicator/watch-events';

const RE = 'RE' + 'a'.repeat(32);
const RE2 = 'RE' + 'b'.repeat(32);
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, s)).toISOString();
const server = (state: Partial<RecordingStateAttribute> & Pick<RecordingStateAttribute, 'status'>): RecordingEvent => ({
  type: 'server-state',
  state: { updated_at: at(0), ...state },
});
const run = (events: RecordingEvent[], start?: RecordingView) => events.reduce<RecordingView | undefined>(reduceRecordingView, start);

describe('reduceRecordingView: a call through its life', () => {
  it('waiting -> starting -> recording -> pausing -> paused -> resuming -> recording -> ended', () => {
    const steps: Array<[RecordingEvent, RecordingView | undefined]> = [
      [{ type: 'watch-waiting' }, { kind: 'waiting' }],
      [{ type: 'watch-starting' }, { kind: 'starting' }],
      [{ type: 'recorded', recordingSid: RE, status: 'in-progress' }, { kind: 'recording', recordingSid: RE }],
      [{ type: 'control-pending', action: 'pause' }, { kind: 'recording', recordingSid: RE, pending: 'pause' }],
      [server({ status: 'paused', recording_sid: RE }), { kind: 'paused', recordingSid: RE }],
      [{ type: 'control-done', recordingSid: RE, status: 'paused' }, { kind: 'paused', recordingSid: RE }],
      [{ type: 'control-pending', action: 'resume' }, { kind: 'paused', recordingSid: RE, pending: 'resume' }],
      [{ type: 'control-done', recordingSid: RE, status: 'in-progress' }, { kind: 'recording', recordingSid: RE }],
      [{ type: 'call-ended' }, { kind: 'not-recording', why: 'ended' }],
    ];
    let view: RecordingView | undefined;
    for (const [event, expected] of steps) {
      view = reduceRecordingView(view, event);
      expect(view).toEqual(expected);
    }
  });

  it('a customer who never answers leaves "not recording"; a failure keeps its reason and whether Retry helps', () => {
    expect(run([{ type: 'watch-waiting' }, { type: 'customer-never-answered' }])).toEqual({ kind: 'not-recording', why: 'not-answered' });
    expect(run([{ type: 'watch-starting', callSid: 'CA1' }, { type: 'customer-never-answered' }])).toEqual({ kind: 'not-recording', why: 'not-answered' });
    expect(run([{ type: 'recorded', recordingSid: 'RE1', status: 'in-progress' }, { type: 'customer-never-answered' }])).toMatchObject({ kind: 'recording' });
    const failed = run([{ type: 'watch-starting' }, { type: 'start-failed', reason: { kind: 'refused', code: 'twilio_unavailable' }, retryable: true }]);
    expect(failed).toEqual({ kind: 'failed', reason: { kind: 'refused', code: 'twilio_unavailable' }, retryable: true });
    // Retry: a new watch starts over.
    expect(reduceRecordingView(failed, { type: 'watch-waiting' })).toEqual({ kind: 'waiting' });
    // The call ending does not hide why it was not recorded.
    expect(reduceRecordingView(failed, { type: 'call-ended' })).toBe(failed);
  });

  it('a task that never had an indicator does not get one when it ends (an accept that did not go through)', () => {
    expect(reduceRecordingView(undefined, { type: 'call-ended' })).toBeUndefined();
  });

  it('a pause that fails goes back to recording (and vice versa); pause while paused changes nothing', () => {
    const pausing: RecordingView = { kind: 'recording', recordingSid: RE, pending: 'pause' };
    expect(reduceRecordingView(pausing, { type: 'control-failed' })).toEqual({ kind: 'recording', recordingSid: RE });
    const paused: RecordingView = { kind: 'paused', recordingSid: RE };
    expect(reduceRecordingView(paused, { type: 'control-pending', action: 'pause' })).toBe(paused);
    expect(reduceRecordingView({ kind: 'waiting' }, { type: 'control-pending', action: 'pause' })).toEqual({ kind: 'waiting' });
  });
});

describe('reduceRecordingView: the server state wins over the page\'s guesses', () => {
  it('after a reload, the attribute says paused before the watch re-confirms: the watch does not reset it', () => {
    const view = run([server({ status: 'paused', recording_sid: RE }), { type: 'watch-waiting' }, { type: 'watch-starting' }]);
    expect(view).toEqual({ kind: 'paused', recordingSid: RE });
    // The start's answer (idempotent) says paused too.
    expect(reduceRecordingView(view, { type: 'recorded', recordingSid: RE, status: 'paused' })).toEqual({ kind: 'paused', recordingSid: RE });
    // A failing re-confirmation does not turn a live recording into "failed".
    expect(reduceRecordingView(view, { type: 'start-failed', reason: { kind: 'unreachable' }, retryable: true })).toEqual(view);
  });

  it('maps every server status', () => {
    expect(run([server({ status: 'in-progress', recording_sid: RE })])).toEqual({ kind: 'recording', recordingSid: RE });
    expect(run([server({ status: 'completed', recording_sid: RE })])).toEqual({ kind: 'not-recording', why: 'ended' });
    expect(run([server({ status: 'stopped', recording_sid: RE })])).toEqual({ kind: 'not-recording', why: 'ended' });
    expect(run([server({ status: 'absent', recording_sid: RE })])).toEqual({ kind: 'failed', reason: { kind: 'absent' }, retryable: false });
    expect(run([server({ status: 'failed', recording_sid: RE })])).toEqual({ kind: 'failed', reason: { kind: 'twilio-failed' }, retryable: false });
    expect(run([server({ status: 'not-recorded', reason: 'x', reason_code: 'twilio_unavailable' })])).toEqual({
      kind: 'failed',
      reason: { kind: 'refused', code: 'twilio_unavailable' },
      retryable: true,
    });
    // The policy's exclusion, as the Functions write it (also when the server path decided and no start was asked).
    expect(run([server({ status: 'not-recorded', reason: 'not recorded: queue excluded', reason_code: 'recording_excluded' })])).toEqual({
      kind: 'not-recording',
      why: 'excluded',
    });
    // No code: not taken for a deliberate exclusion.
    expect(run([server({ status: 'not-recorded', reason: 'not recorded: queue excluded' })])).toEqual({
      kind: 'failed',
      reason: { kind: 'described', text: 'not recorded: queue excluded' },
      retryable: false,
    });
  });

  it('keeps "pausing…" while the server already reports the old state, and takes a newer recording', () => {
    const pausing: RecordingView = { kind: 'recording', recordingSid: RE, pending: 'pause' };
    expect(reduceRecordingView(pausing, server({ status: 'in-progress', recording_sid: RE }))).toBe(pausing);
    expect(reduceRecordingView({ kind: 'recording', recordingSid: RE }, server({ status: 'in-progress', recording_sid: RE2 }))).toEqual({
      kind: 'recording',
      recordingSid: RE2,
    });
  });

  it('keys server states by what matters', () => {
    expect(serverStateKey(undefined)).toBe('');
    expect(serverStateKey({ status: 'paused', recording_sid: RE, updated_at: at(1) })).not.toBe(
      serverStateKey({ status: 'paused', recording_sid: RE, updated_at: at(2) }),
    );
  });
});

describe('reduceRecordingView: the truth after the watch gave up, and across customer legs', () => {
  const CA1 = 'CA' + '1'.repeat(32);
  const CA2 = 'CA' + '2'.repeat(32);
  const gaveUp: RecordingEvent = { type: 'start-failed', reason: { kind: 'timed-out', seconds: 60 }, retryable: true, callSid: CA1 };

  it('"not recorded" with its reason after giving up, then "recording" once the server reports the recording', () => {
    const failed = run([{ type: 'watch-waiting' }, { type: 'watch-starting', callSid: CA1 }, gaveUp]);
    expect(failed).toEqual({ kind: 'failed', reason: { kind: 'timed-out', seconds: 60 }, retryable: true, callSid: CA1 });
    expect(reduceRecordingView(failed, server({ status: 'in-progress', recording_sid: RE, call_sid: CA1 }))).toEqual({
      kind: 'recording',
      recordingSid: RE,
      callSid: CA1,
    });
  });

  it("a failure for the leg the server already records does not hide that recording; one for a new leg does", () => {
    const recording = run([server({ status: 'in-progress', recording_sid: RE, call_sid: CA1 })]);
    expect(reduceRecordingView(recording, gaveUp)).toBe(recording);
    expect(reduceRecordingView(recording, { type: 'watch-starting', callSid: CA1 })).toBe(recording);
    expect(reduceRecordingView(recording, { type: 'watch-starting', callSid: CA2 })).toEqual({ kind: 'starting', callSid: CA2 });
    expect(reduceRecordingView(recording, { ...gaveUp, callSid: CA2 })).toMatchObject({ kind: 'failed', callSid: CA2 });
  });

  it("an earlier leg's recording ending does not override what is known about the current leg", () => {
    const second = run([{ type: 'recorded', recordingSid: RE2, status: 'in-progress', callSid: CA2 }]);
    expect(reduceRecordingView(second, server({ status: 'completed', recording_sid: RE, call_sid: CA1 }))).toBe(second);
    expect(reduceRecordingView(second, server({ status: 'completed', recording_sid: RE2, call_sid: CA2 }))).toEqual({ kind: 'not-recording', why: 'ended' });
    const failedSecond = run([{ ...gaveUp, callSid: CA2 }]);
    expect(reduceRecordingView(failedSecond, server({ status: 'completed', call_sid: CA1 }))).toBe(failedSecond);
  });

  it('pause and resume keep the leg they act on', () => {
    const recording: RecordingView = { kind: 'recording', recordingSid: RE, callSid: CA1 };
    const pausing = reduceRecordingView(recording, { type: 'control-pending', action: 'pause' });
    expect(reduceRecordingView(pausing, { type: 'control-done', recordingSid: RE, status: 'paused' })).toEqual({ kind: 'paused', recordingSid: RE, callSid: CA1 });
    expect(reduceRecordingView(pausing, { type: 'control-failed' })).toEqual(recording);
  });
});

describe('eventForWatchReport', () => {
  const leg = { callSid: 'CA' + '1'.repeat(32), conferenceSid: 'CF' + '2'.repeat(32) };
  it('turns each watch report into what the indicator shows', () => {
    expect(eventForWatchReport({ kind: 'waiting' })).toEqual({ type: 'watch-waiting' });
    expect(eventForWatchReport({ kind: 'starting', leg })).toEqual({ type: 'watch-starting', callSid: leg.callSid });
    for (const via of ['request', 'server-state'] as const) {
      expect(eventForWatchReport({ kind: 'recorded', recording: { recordingSid: RE, status: 'in-progress' }, leg, via })).toEqual({
        type: 'recorded',
        recordingSid: RE,
        status: 'in-progress',
        callSid: leg.callSid,
      });
    }
    expect(eventForWatchReport({ kind: 'task-ended' })).toEqual({ type: 'call-ended' });
    expect(eventForWatchReport({ kind: 'customer-never-joined' })).toEqual({ type: 'customer-never-answered' });
    expect(eventForWatchReport({ kind: 'stopped' })).toBeUndefined();
    expect(eventForWatchReport({ kind: 'not-recorded', leg, reason: { kind: 'timed-out', waitedMs: 30000 } })).toEqual({
      type: 'start-failed',
      reason: { kind: 'timed-out', seconds: 30 },
      retryable: true,
      callSid: leg.callSid,
    });
    expect(
      eventForWatchReport({ kind: 'not-recorded', leg, reason: { kind: 'rejected', failure: { retryable: false, code: 'task_not_held', detail: '' } } }),
    ).toEqual({ type: 'start-failed', reason: { kind: 'refused', code: 'task_not_held' }, retryable: false, callSid: leg.callSid });
    expect(
      eventForWatchReport({ kind: 'not-recorded', leg, reason: { kind: 'gave-up', failure: { retryable: true, httpStatus: 503, detail: '' }, attempts: 5 } }),
    ).toEqual({ type: 'start-failed', reason: { kind: 'unexpected-answer', httpStatus: 503 }, retryable: true, callSid: leg.callSid });
  });
});

describe("reduceRecordingView: Flex's native conference recording paused along (NATIVE_RECORDING keep)", () => {
  it('says so while both are paused, and no more once resumed or when only ours is paused', () => {
    const conferenceRecording = 'RE' + 'c'.repeat(32);
    const bothPaused = run([server({ status: 'paused', recording_sid: RE, updated_at: at(1), conference_recordings: [{ recording_sid: conferenceRecording, status: 'paused' }] })]);
    expect(bothPaused).toMatchObject({ kind: 'paused', withFlexRecording: true });
    const resumed = run([server({ status: 'in-progress', recording_sid: RE, updated_at: at(2), conference_recordings: [{ recording_sid: conferenceRecording, status: 'in-progress' }] })], bothPaused);
    expect(resumed).toEqual({ kind: 'recording', recordingSid: RE });
    const oursOnly = run([server({ status: 'paused', recording_sid: RE, updated_at: at(3) })], resumed);
    expect(oursOnly).toEqual({ kind: 'paused', recordingSid: RE });
  });

  it("keeps saying Flex's recording is paused when the page's own news says the same recording is still paused", () => {
    const conferenceRecording = 'RE' + 'c'.repeat(32);
    const bothPaused = run([server({ status: 'paused', recording_sid: RE, updated_at: at(1), conference_recordings: [{ recording_sid: conferenceRecording, status: 'paused' }] })]);
    // The watch's start answer after a reload, and a pause's own answer arriving after TaskRouter's push.
    expect(run([{ type: 'recorded', recordingSid: RE, status: 'paused' }], bothPaused)).toMatchObject({ kind: 'paused', withFlexRecording: true });
    expect(run([{ type: 'control-done', recordingSid: RE, status: 'paused' }], bothPaused)).toMatchObject({ kind: 'paused', withFlexRecording: true });
    expect(run([{ type: 'control-done', recordingSid: RE, status: 'in-progress' }], bothPaused)).toEqual({ kind: 'recording', recordingSid: RE });
  });
});
