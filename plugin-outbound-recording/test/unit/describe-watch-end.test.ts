import { ERROR_STATUS, ErrorCode } from '../../src/contract/recording-api';
import { describeConfigurationProblems, describeWatchReport } from '../../src/agent-messages/describe-watch-report';

const RE = 'RE' + 'e'.repeat(32);
const leg = { callSid: 'CA' + '1'.repeat(32), conferenceSid: 'CF' + '2'.repeat(32) };

describe('describeWatchReport', () => {
  it('stays silent unless a recording was lost', () => {
    expect(describeWatchReport({ kind: 'recorded', recording: { recordingSid: RE, status: 'in-progress' }, leg, via: 'request' })).toBeUndefined();
    expect(describeWatchReport({ kind: 'recorded', recording: { recordingSid: RE, status: 'paused' }, leg, via: 'server-state' })).toBeUndefined();
    expect(describeWatchReport({ kind: 'waiting' })).toBeUndefined();
    expect(describeWatchReport({ kind: 'starting', leg })).toBeUndefined();
    expect(describeWatchReport({ kind: 'customer-never-joined' })).toBeUndefined();
    expect(describeWatchReport({ kind: 'task-ended' })).toBeUndefined();
    expect(describeWatchReport({ kind: 'stopped' })).toBeUndefined();
  });

  it('stays silent when the recording policy excludes the call (the indicator says why)', () => {
    const failure = { retryable: false, code: 'recording_excluded' as const, httpStatus: 403, detail: '' };
    expect(describeWatchReport({ kind: 'not-recorded', leg, reason: { kind: 'rejected', failure } })).toBeUndefined();
  });

  it('has its own words for every contract error code', () => {
    // recording_excluded is the policy's decision, not a loss: nothing to tell (next test).
    const texts = (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((code) => code !== 'recording_excluded').map(
      (code) => describeWatchReport({ kind: 'not-recorded', leg, reason: { kind: 'rejected', failure: { retryable: false, code, detail: '' } } })?.text,
    );
    expect(new Set(texts).size).toBe(texts.length);
    for (const text of texts) expect(text).toMatch(/^This call is NOT being recorded\. \S/);
  });

  it('only warns when the customer hung up first; other refusals are errors', () => {
    const rejected = (code: ErrorCode) =>
      describeWatchReport({ kind: 'not-recorded', leg, reason: { kind: 'rejected', failure: { retryable: false, code, detail: '' } } })?.severity;
    expect(rejected('call_not_in_progress')).toBe('warning');
    expect(rejected('task_not_held')).toBe('error');
    expect(rejected('origin_not_allowed')).toBe('error');
  });

  it('describes giving up, timing out and unreachable services', () => {
    expect(
      describeWatchReport({ kind: 'not-recorded', leg, reason: { kind: 'gave-up', failure: { retryable: true, detail: '' }, attempts: 5 } }),
    ).toEqual({ severity: 'error', text: 'This call is NOT being recorded. The recording service could not be reached. Gave up after 5 attempts.' });
    expect(describeWatchReport({ kind: 'not-recorded', leg, reason: { kind: 'timed-out', waitedMs: 120000 } })?.text).toMatch(/within 120 seconds/);
    expect(
      describeWatchReport({ kind: 'not-recorded', leg, reason: { kind: 'rejected', failure: { retryable: false, httpStatus: 404, detail: '' } } })?.text,
    ).toMatch(/unexpected answer \(HTTP 404\)/);
  });
});

describe('describeConfigurationProblems', () => {
  it('lists every problem in one error', () => {
    expect(describeConfigurationProblems(['a is wrong', 'b is wrong'])).toEqual({
      severity: 'error',
      text: 'Outbound call recording is OFF: a is wrong; b is wrong. Please tell your Flex administrator.',
    });
  });
});
