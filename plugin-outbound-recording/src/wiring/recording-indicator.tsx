import * as Flex from '@twilio/flex-ui';
import { CustomizationProvider } from '@twilio-paste/customization';
import * as React from 'react';

import { AgentWords } from '../agent-messages/agent-words';
import { RecordingStatus, PauseResumeControl } from '../recording-indicator/RecordingStatus';
import { RecordingViewStore } from '../recording-indicator/recording-view-store';

/** Puts the recording's status (and the pause button) into Flex's call canvas and task header; returns the removal. */
export function showRecordingIndicator(
  flex: typeof Flex,
  deps: { views: RecordingViewStore; controls: PauseResumeControl; words: AgentWords; shortcutKey: string | undefined },
): () => void {
  // Flex renders plugins' Paste components inside this provider, themed like the rest of Flex (light or dark).
  flex.setProviders({ PasteThemeProvider: CustomizationProvider });
  const common = { views: deps.views, controller: deps.controls, translate: deps.words.translate, shortcutKey: deps.shortcutKey };
  const removeFromCanvas = flex.CallCanvas.Content.add(<RecordingStatus key="outbound-recording-status" placement="call-canvas" {...common} />, { sortOrder: -1 });
  const removeFromHeader = flex.TaskCanvasHeader.Content.add(<RecordingStatus key="outbound-recording-status-header" placement="task-header" {...common} />, { sortOrder: 1 });
  return () => {
    removeFromCanvas();
    removeFromHeader();
  };
}
