import * as Flex from '@twilio/flex-ui';

import { AgentWords } from '../agent-messages/agent-words';
import { describeWatchReport } from '../agent-messages/describe-watch-report';
import { PluginSettings } from '../configuration/plugin-settings';
import { browserFetch, browserTimers } from '../flex/browser-runtime';
import { DEFAULT_RETRY_POLICY } from '../functions-client/retry-policy';
import { createStartRecordingClient } from '../functions-client/start-recording-client';
import { RecordingViewStore } from '../recording-indicator/recording-view-store';
import { eventForWatchReport } from '../recording-indicator/watch-events';
import { observeRecordingStates } from '../recording-indicator/observe-recording-states';
import { isRetryable } from '../recording-watch/failure-reason';
import { RecordingCoordinator, TaskDirectory, createRecordingCoordinator } from '../recording-watch/recording-coordinator';
import { WatchReport, createTaskRecordingWatch } from '../recording-watch/task-recording-watch';

/** One attempt may take this long, even past the wait bound: its answer still counts. */
export const REQUEST_TIMEOUT_MS = 15000;

export interface WatchCallsDependencies {
  manager: Flex.Manager;
  callState: TaskDirectory;
  views: RecordingViewStore;
  words: AgentWords;
  functionsBaseUrl: string;
  settings: PluginSettings;
}

/**
 * Watches every call with a customer once its accept has gone through, asks the start-recording Function
 * for each customer leg, and says what happened: to the indicator, and to the agent when a recording is lost.
 */
export function watchCalls(deps: WatchCallsDependencies): RecordingCoordinator {
  const { manager, callState, views, words } = deps;
  const startRecording = createStartRecordingClient(deps.functionsBaseUrl, browserFetch);
  const coordinator = createRecordingCoordinator({
    directory: callState,
    createWatch: (taskSid, report) =>
      createTaskRecordingWatch(
        taskSid,
        {
          callState,
          startRecording,
          getToken: () => manager.user.token,
          timers: browserTimers,
          now: () => Date.now(),
          random: () => Math.random(),
          waitMs: deps.settings.recordingWaitMs,
          requestTimeoutMs: REQUEST_TIMEOUT_MS,
          retryPolicy: DEFAULT_RETRY_POLICY,
        },
        report,
      ),
    onWatchReport: (taskSid, report) => announce(taskSid, report, views, words),
    // The task's recording state (server truth, kept in its attributes) reaches the indicator here, on the
    // same store subscription the coordinator already has: no extra listener, no polling.
    onTasksScanned: (tasks) => observeRecordingStates(views, tasks),
  });
  words.setRetry((taskSid) => {
    coordinator.retry(taskSid);
  });
  return coordinator;
}

/** The one place a watch's report is turned into what the agent sees: the indicator, and a notification. */
function announce(taskSid: string, report: WatchReport, views: RecordingViewStore, words: AgentWords): void {
  const event = eventForWatchReport(report);
  if (event !== undefined) views.dispatch(taskSid, event);
  const message = describeWatchReport(report, words.translate);
  if (message === undefined) return;
  const retryable = report.kind === 'not-recorded' && isRetryable(report.reason);
  words.notify(retryable ? { ...message, retryTaskSid: taskSid } : message);
  console.warn(`OutboundRecordingPlugin: task ${taskSid} not recorded:`, report);
}
