import { FailureReason } from '../recording-watch/failure-reason';
import { Translate, reasonKey, translateEnglish } from './strings';

/** The reason in the agent's words (one or two sentences, ending with what to do when there is something to do). */
export function describeFailureReason(reason: FailureReason, t: Translate = translateEnglish): string {
  switch (reason.kind) {
    case 'refused':
      return t(reasonKey(reason.code));
    case 'unreachable':
      return t('OutboundRecordingUnreachable');
    case 'unexpected-answer':
      return t('OutboundRecordingUnexpectedAnswer', { status: reason.httpStatus });
    case 'timed-out':
      return t('OutboundRecordingTimedOut', { seconds: reason.seconds });
    case 'absent':
      return t('OutboundRecordingAbsent');
    case 'twilio-failed':
      return t('OutboundRecordingTwilioFailed');
    case 'described':
      return reason.text === '' ? t('OutboundRecordingUnknownReason') : reason.text;
  }
}
