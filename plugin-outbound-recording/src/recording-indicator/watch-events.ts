import { failureReasonOf, isExcludedByPolicy, isRetryable } from '../recording-watch/failure-reason';
import { WatchReport } from '../recording-watch/task-recording-watch';
import { RecordingEvent } from './recording-view';

/** What a watch's report means for the indicator (a teardown means nothing). */
export function eventForWatchReport(report: WatchReport): RecordingEvent | undefined {
  switch (report.kind) {
    case 'waiting':
      return { type: 'watch-waiting' };
    case 'starting':
      return { type: 'watch-starting', callSid: report.leg.callSid };
    case 'recorded':
      return { type: 'recorded', recordingSid: report.recording.recordingSid, status: report.recording.status, callSid: report.leg.callSid };
    case 'task-ended':
      return { type: 'call-ended' };
    case 'customer-never-joined':
      return { type: 'customer-never-answered' };
    case 'stopped':
      return undefined;
    case 'not-recorded': {
      const { reason } = report;
      if (isExcludedByPolicy(reason)) return { type: 'excluded' };
      const failure =
        reason.kind === 'timed-out' ? { kind: 'timed-out' as const, seconds: Math.round(reason.waitedMs / 1000) } : failureReasonOf(reason.failure);
      return { type: 'start-failed', reason: failure, retryable: isRetryable(reason), callSid: report.leg.callSid };
    }
  }
}
