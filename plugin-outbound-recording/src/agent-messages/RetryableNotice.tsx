import { Button } from '@twilio-paste/button';
import { Template } from '@twilio/flex-ui';
import * as React from 'react';

export interface RetryableNoticeProps {
  /** What showNotification was given: the words, and what Retry does. */
  notificationContext?: { text?: unknown; onRetry?: unknown };
}

/** A failure the agent can do something about: the explanation, then a Retry button. */
export function RetryableNotice({ notificationContext }: RetryableNoticeProps): JSX.Element {
  const text = notificationContext?.text;
  const onRetry = notificationContext?.onRetry;
  return (
    <span>
      <span>{typeof text === 'string' ? text : ''}</span>{' '}
      {typeof onRetry === 'function' && (
        <Button variant="secondary" size="small" onClick={() => (onRetry as () => void)()} data-testid="recording-retry">
          <Template code="OutboundRecordingRetry" />
        </Button>
      )}
    </span>
  );
}
