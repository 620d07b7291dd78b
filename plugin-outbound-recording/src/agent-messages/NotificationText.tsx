import * as React from 'react';

export interface NotificationTextProps {
  /** Flex hands a notification element the context passed to showNotification under this prop. */
  notificationContext?: { text?: unknown };
}

/** Renders the text chosen at show time; a registered notification's content is otherwise fixed. */
export function NotificationText({ notificationContext }: NotificationTextProps): JSX.Element {
  const text = notificationContext?.text;
  return <span>{typeof text === 'string' ? text : ''}</span>;
}
