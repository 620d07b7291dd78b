import { failureReasonOf, isExcludedByPolicy } from '../recording-watch/failure-reason';
import { describeFailureReason } from './describe-failure';
import { Translate, translateEnglish } from './strings';
import { NotRecordedReason, WatchReport } from '../recording-watch/task-recording-watch';

export type Severity = 'warning' | 'error';

export interface AgentMessage {
  severity: Severity;
  text: string;
  /** Set when asking again may help: the notification then offers a Retry for this task. */
  retryTaskSid?: string;
}

/**
 * What, if anything, to tell the agent about a watch's report. Silence for everything that is not a lost
 * recording: progress, a recorded leg, a call nobody answered, a task that ended, a plugin teardown. The
 * watch reports each customer leg's outcome once, so a leg is never notified twice.
 * Words come from the string templates (`t`), English by default.
 */
export function describeWatchReport(report: WatchReport, t: Translate = translateEnglish): AgentMessage | undefined {
  if (report.kind !== 'not-recorded' || isExcludedByPolicy(report.reason)) return undefined;
  return describeNotRecorded(report.reason, t);
}


export function describeNotRecorded(reason: NotRecordedReason, t: Translate = translateEnglish): AgentMessage {
  switch (reason.kind) {
    case 'timed-out':
      return {
        severity: 'error',
        text: t('OutboundRecordingNotRecorded', { reason: describeFailureReason({ kind: 'timed-out', seconds: Math.round(reason.waitedMs / 1000) }, t) }),
      };
    case 'gave-up': {
      const why = `${describeFailureReason(failureReasonOf(reason.failure), t)} ${t('OutboundRecordingGaveUpAfter', { attempts: reason.attempts })}`;
      return { severity: 'error', text: t('OutboundRecordingNotRecorded', { reason: why }) };
    }
    case 'rejected':
      // A customer hanging up as the recording starts is ordinary; everything else needs someone's attention.
      return {
        severity: reason.failure.code === 'call_not_in_progress' ? 'warning' : 'error',
        text: t('OutboundRecordingNotRecorded', { reason: describeFailureReason(failureReasonOf(reason.failure), t) }),
      };
  }
}


export function describeConfigurationProblems(problems: ReadonlyArray<string>, t: Translate = translateEnglish): AgentMessage {
  return { severity: 'error', text: t('OutboundRecordingConfigurationOff', { problems: problems.join('; ') }) };
}
