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
import { ServerTriggerLedger } from '../recording-watch/server-trigger-ledger';
import { WatchReport, createTaskRecordingWatch } from '../recording-watch/task-recording-watch';

/**
 * One attempt may take this long, even past the wait bound: its answer still counts. Twilio ends a Function
 * at 10 s and ours answer by 9 s whatever Twilio does (serverless retry-policy.ts RequestBudget): waiting
 * longer would be waiting for nothing; 12 s leaves room for the network and a cold start.
 */
export const REQUEST_TIMEOUT_MS = 12000;

/**
 * How long a watch whose call reports the customer's join to the Functions (the server-side trigger) lets
 * them record it before asking itself. Normally the server records within about one Twilio round trip of the
 * join and its write reaches Flex as a task update long before this. The backstop must not race an invocation
 * that may still be working: Twilio ends a Function at 10 s, and ours answer by 9 s (serverless retry-policy.ts
 * RequestBudget), counted from the join, which is before the browser sees the customer. A shorter grace was
 * measured to turn a slow shift start into an overload: every plugin asking (9 Twilio requests a start) while
 * the server's invocations were still retrying, and duplicates where both created (bench burst, 2026-12-02).
 * Past this, the watch asks (a callback that failed or never came), and the Function answers with the
 * server's recording if it exists after all.
 */
export const SERVER_TRIGGER_GRACE_MS = 10000;

export interface WatchCallsDependencies {
  manager: Flex.Manager;
  callState: TaskDirectory;
  views: RecordingViewStore;
  words: AgentWords;
  functionsBaseUrl: string;
  settings: PluginSettings;
  serverTriggers: ServerTriggerLedger;
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
          serverGraceMs: deps.serverTriggers.of(taskSid) === 'installed' ? SERVER_TRIGGER_GRACE_MS : 0,
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
