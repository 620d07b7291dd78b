import { Badge } from '@twilio-paste/badge';
import { Button } from '@twilio-paste/button';
import { ScreenReaderOnly } from '@twilio-paste/screen-reader-only';
import { Template } from '@twilio/flex-ui';
import * as React from 'react';

import { describeFailureReason } from '../agent-messages/describe-failure';
import { StringKey, Translate } from '../agent-messages/strings';
import { RecordingView } from './recording-view';
import { RecordingViewStore } from './recording-view-store';

export interface RecordingStatusProps {
  /** Flex hands every component added to a canvas's Content the canvas's props, the task among them. */
  task?: { taskSid: string };
  views: RecordingViewStore;
  controller: PauseResumeControl;
  translate: Translate;
  /** The Ctrl+Shift+<key> shortcut, when it is on (shown next to the button and to assistive technology). */
  shortcutKey?: string;
  /**
   * Where it is shown: the task header gets the badge alone. Not named `compact`: Flex 2.17.1 passes its own
   * `compact` (true on a call canvas under 370 px) to everything in CallCanvas.Content, which would drop the
   * Pause button from the call canvas.
   */
  placement?: 'call-canvas' | 'task-header';
}

/** What the pause button asks for (the recording controls provide it; the indicator does not depend on them). */
export interface PauseResumeControl {
  pause(taskSid?: string): Promise<void>;
  resume(taskSid?: string): Promise<void>;
}

type BadgeVariants = React.ComponentProps<typeof Badge>['variant'];

const NOT_RECORDING_DETAIL: Record<Extract<RecordingView, { kind: 'not-recording' }>['why'], StringKey> = {
  'not-answered': 'OutboundRecordingStatusWaitingDetail',
  ended: 'OutboundRecordingStatusEndedDetail',
  excluded: 'OutboundRecordingStatusExcludedDetail',
};

interface Presentation {
  badge: BadgeVariants;
  title: StringKey;
  /** A template key, or (for failures) the reason in words. */
  detail: { code: StringKey } | { text: string };
}

/** How each state looks: words always carry the meaning, the badge's colour only repeats it. */
export function presentationOf(view: RecordingView, translate: Translate): Presentation {
  switch (view.kind) {
    case 'waiting':
      return { badge: 'neutral', title: 'OutboundRecordingStatusNotRecording', detail: { code: 'OutboundRecordingStatusWaitingDetail' } };
    case 'starting':
      return { badge: 'info', title: 'OutboundRecordingStatusStarting', detail: { code: 'OutboundRecordingStatusStartingDetail' } };
    case 'recording':
      return { badge: 'success', title: 'OutboundRecordingStatusRecording', detail: { code: 'OutboundRecordingStatusRecordingDetail' } };
    case 'paused':
      return {
        badge: 'warning',
        title: 'OutboundRecordingStatusPaused',
        detail: { code: view.withFlexRecording ? 'OutboundRecordingStatusPausedWithFlexDetail' : 'OutboundRecordingStatusPausedDetail' },
      };
    case 'not-recording':
      return {
        badge: 'neutral',
        title: 'OutboundRecordingStatusNotRecording',
        detail: { code: NOT_RECORDING_DETAIL[view.why] },
      };
    case 'failed':
      return { badge: 'error', title: 'OutboundRecordingStatusFailed', detail: { text: describeFailureReason(view.reason, translate) } };
  }
}

/** Subscribes to one task's view; re-renders on its changes only, and unsubscribes on unmount or task change. */
export function useRecordingView(views: RecordingViewStore, taskSid: string | undefined): RecordingView | undefined {
  const [, rerender] = React.useReducer((count: number) => count + 1, 0);
  React.useEffect(() => (taskSid === undefined ? undefined : views.subscribe(taskSid, rerender)), [views, taskSid]);
  return taskSid === undefined ? undefined : views.get(taskSid);
}

/**
 * The recording's status on the call (Recording, Paused, Not recording, Failed and why), with the
 * pause/resume button for sensitive moments such as card numbers. Built with Paste so it follows Flex's
 * light and dark themes; the status is a polite live region so screen readers announce changes.
 */
export function RecordingStatus(props: RecordingStatusProps): JSX.Element | null {
  const taskSid = props.task?.taskSid;
  const view = useRecordingView(props.views, taskSid);
  if (taskSid === undefined || view === undefined) return null;
  const presentation = presentationOf(view, props.translate);
  const labelId = `outbound-recording-label-${taskSid}`;
  const detail = 'code' in presentation.detail ? <Template code={presentation.detail.code} /> : <span>{presentation.detail.text}</span>;

  return (
    <div
      className="OutboundRecordingStatus"
      data-testid={`recording-status-${taskSid}`}
      data-state={view.kind}
      style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '8px', padding: props.placement === 'task-header' ? 0 : '8px 0' }}
    >
      <span role="status" aria-live="polite" aria-atomic="true" aria-labelledby={labelId}>
        <ScreenReaderOnly id={labelId}>
          <Template code="OutboundRecordingStatusLabel" />
        </ScreenReaderOnly>
        <Badge as="span" variant={presentation.badge}>
          <Template code={presentation.title} />
        </Badge>{' '}
        {props.placement === 'task-header' ? <ScreenReaderOnly>{detail}</ScreenReaderOnly> : <span className="OutboundRecordingStatusDetail">{detail}</span>}
      </span>
      {props.placement !== 'task-header' && <PauseResumeButton taskSid={taskSid} view={view} controller={props.controller} shortcutKey={props.shortcutKey} />}
    </div>
  );
}

function PauseResumeButton(props: {
  taskSid: string;
  view: RecordingView;
  controller: PauseResumeControl;
  shortcutKey?: string;
}): JSX.Element | null {
  const { view, controller, taskSid, shortcutKey } = props;
  if (view.kind !== 'recording' && view.kind !== 'paused') return null;
  const pending = view.pending !== undefined;
  const label: StringKey =
    view.kind === 'recording'
      ? pending
        ? 'OutboundRecordingPausing'
        : 'OutboundRecordingPause'
      : pending
        ? 'OutboundRecordingResuming'
        : 'OutboundRecordingResume';
  const onClick = (): void => {
    void (view.kind === 'recording' ? controller.pause(taskSid) : controller.resume(taskSid));
  };
  return (
    <>
      <Button
        variant="secondary"
        size="small"
        onClick={onClick}
        disabled={pending}
        aria-keyshortcuts={shortcutKey === undefined ? undefined : `Control+Shift+${shortcutKey}`}
        data-testid={`recording-toggle-${taskSid}`}
      >
        <Template code={label} />
      </Button>
      {shortcutKey !== undefined && (
        <span className="OutboundRecordingShortcut" style={{ fontSize: '0.75rem', opacity: 0.8 }}>
          <Template code="OutboundRecordingShortcutHint" shortcut={shortcutKey} />
        </span>
      )}
    </>
  );
}
