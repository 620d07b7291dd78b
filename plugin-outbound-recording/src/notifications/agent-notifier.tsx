import * as Flex from '@twilio/flex-ui';
import * as React from 'react';

import { AgentMessage, Severity } from './describe-watch-end';
import { NotificationText } from './NotificationText';

export const NOTIFICATION_IDS: Readonly<Record<Severity, string>> = {
  warning: 'OutboundRecordingWarning',
  error: 'OutboundRecordingError',
};

export type AgentNotifier = (message: AgentMessage) => void;

/**
 * Registers the plugin's notifications with Flex and returns the function that shows one. The two
 * registrations differ by severity only; the words travel in the context, so every message uses them.
 */
export function createAgentNotifier(flex: Pick<typeof Flex, 'Notifications' | 'NotificationType'>): AgentNotifier {
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
  return (message) => {
    flex.Notifications.showNotification(NOTIFICATION_IDS[message.severity], { text: message.text });
  };
}
