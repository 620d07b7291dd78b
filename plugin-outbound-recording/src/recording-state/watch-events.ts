import { failureReasonOf } from '../i18n/describe-failure';
import { isRetryable } from '../notifications/describe-watch-end';
import { WatchEnd } from '../recording-watch/task-recording-watch';
import { RecordingEvent } from './recording-view';

/** What a watch's end means for the indicator (a teardown means nothing). */
export function eventForWatchEnd(end: WatchEnd): RecordingEvent | undefined {
  switch (end.kind) {
    case 'recorded':
      return { type: 'recorded', recordingSid: end.recording.recordingSid, status: end.recording.status };
    case 'task-ended':
      return { type: 'call-ended' };
    case 'customer-never-joined':
      return { type: 'customer-never-answered' };
    case 'stopped':
      return undefined;
    case 'not-recorded': {
      const { reason } = end;
      const failure =
        reason.kind === 'timed-out' ? { kind: 'timed-out' as const, seconds: Math.round(reason.waitedMs / 1000) } : failureReasonOf(reason.failure);
      return { type: 'start-failed', reason: failure, retryable: isRetryable(reason) };
    }
  }
}
