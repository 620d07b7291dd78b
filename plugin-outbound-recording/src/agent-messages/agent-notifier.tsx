import * as Flex from '@twilio/flex-ui';
import * as React from 'react';

import { AgentMessage, Severity } from './describe-watch-report';
import { NotificationText } from './NotificationText';
import { RetryableNotice } from './RetryableNotice';

export const NOTIFICATION_IDS: Readonly<Record<Severity, string>> = {
  warning: 'OutboundRecordingWarning',
  error: 'OutboundRecordingError',
};
/** An error the agent can retry: same words, plus a Retry button. */
export const RETRYABLE_NOTIFICATION_ID = 'OutboundRecordingErrorRetryable';

export type AgentNotifier = (message: AgentMessage) => void;

export interface NotifierOptions {
  /** What Retry does for a task (watch it again); without it no Retry is offered. */
  retry?: (taskSid: string) => void;
  /** Appended to a retryable message, e.g. "Select Retry to try again." */
  retryHint?: () => string;
}

/**
 * Registers the plugin's notifications with Flex and returns the function that shows one. The
 * registrations differ by severity (and Retry) only; the words travel in the context.
 */
export function createAgentNotifier(flex: Pick<typeof Flex, 'Notifications' | 'NotificationType'>, options: NotifierOptions = {}): AgentNotifier {
  const types: Record<Severity, Flex.NotificationType> = {
    warning: flex.NotificationType.warning,
    error: flex.NotificationType.error,
  };
  for (const severity of Object.keys(NOTIFICATION_IDS) as Severity[]) {
    flex.Notifications.registerNotification({
      id: NOTIFICATION_IDS[severity],
      type: types[severity],
      content: <NotificationText />,
      closeButton: true,
      // Errors stay until the agent closes them: a lost recording must not slip by unseen.
      timeout: severity === 'error' ? 0 : 10000,
    });
  }
  flex.Notifications.registerNotification({
    id: RETRYABLE_NOTIFICATION_ID,
    type: types.error,
    content: <RetryableNotice />,
    closeButton: true,
    timeout: 0,
  });
  return (message) => {
    const { retry } = options;
    if (message.retryTaskSid === undefined || retry === undefined) {
      flex.Notifications.showNotification(NOTIFICATION_IDS[message.severity], { text: message.text });
      return;
    }
    const taskSid = message.retryTaskSid;
    const text = options.retryHint ? `${message.text} ${options.retryHint()}` : message.text;
    let shown: Flex.Notification | null = null;
    const onRetry = (): void => {
      if (shown !== null) flex.Notifications.dismissNotification(shown);
      retry(taskSid);
    };
    shown = flex.Notifications.showNotification(RETRYABLE_NOTIFICATION_ID, { text, taskSid, onRetry });
  };
}
