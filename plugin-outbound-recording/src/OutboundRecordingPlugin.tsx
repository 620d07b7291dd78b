import * as Flex from '@twilio/flex-ui';
import { FlexPlugin } from '@twilio/flex-plugin';
import { CustomizationProvider } from '@twilio-paste/customization';
import * as React from 'react';

import { isSid, readRecordingState } from './contract/recording-api';
import { validatePluginConfig } from './config/plugin-config';
import { readBuildEnvironment } from './config/read-build-environment';
import { nativeRecordingWarning } from './config/native-recording';
import { readPluginPolicy, readPolicyBuildEnvironment } from './config/plugin-policy';
import { browserFetch, browserTimers } from './flex-adapter/browser-runtime';
import { AcceptTaskPayload, createFlexCallState, taskSidFromAcceptPayload } from './flex-adapter/flex-call-state';
import { registerRecordingStrings } from './i18n/register-strings';
import { createTranslator } from './i18n/strings';
import { createAgentNotifier } from './notifications/agent-notifier';
import { describeConfigurationProblems, describeWatchReport, isRetryable } from './notifications/describe-watch-end';
import { createRecordingControlClient } from './recording-control/recording-control-client';
import { RecordingController, createRecordingController } from './recording-control/recording-controller';
import { RecordingStatus } from './recording-indicator/RecordingStatus';
import { DEFAULT_RETRY_POLICY } from './recording-service/retry-policy';
import { createStartRecordingClient } from './recording-service/start-recording-client';
import { RecordingViewStore, createRecordingViewStore } from './recording-state/recording-view-store';
import { eventForWatchReport } from './recording-state/watch-events';
import { CustomerLeg, findCustomerLeg } from './recording-watch/customer-leg';
import { ListedTask, RecordingCoordinator, createRecordingCoordinator } from './recording-watch/recording-coordinator';
import { isOutboundVoiceTask, isTaskLive } from './recording-watch/task-eligibility';
import { createTaskRecordingWatch } from './recording-watch/task-recording-watch';

const PLUGIN_NAME = 'OutboundRecordingPlugin';
/** One attempt may take this long, even past the bound (FLEX_APP_RECORDING_WAIT_SECONDS): its answer still counts. */
const REQUEST_TIMEOUT_MS = 15000;

/** Flex actions other plugins (and this plugin's button and shortcut) invoke; payload `{ task }` or `{ taskSid }`, or none for the agent's call. */
export const RECORDING_ACTIONS = {
  pause: 'PauseCallRecording',
  resume: 'ResumeCallRecording',
  toggle: 'ToggleCallRecording',
} as const;

interface RecordingActionPayload {
  task?: { taskSid?: string };
  taskSid?: string;
}

/**
 * Makes sure every outbound call an agent places from Flex is recorded dual-channel: once the store shows an
 * outbound voice task's reservation accepted (in this page, or found so after a reload), its conference is
 * followed until the task ends, and the start-recording Function is asked to record each customer call leg
 * that joins it (unless the task's recording state shows that leg recorded already). Shows the recording's
 * status on the call, lets the agent pause and resume it, and says what happened when it could not be recorded.
 */
export default class OutboundRecordingPlugin extends FlexPlugin {
  /** Present while the plugin watches tasks; absent when the configuration was refused. */
  coordinator: RecordingCoordinator | undefined;
  /** What the indicator shows, per task (exposed for tests and the local agent desk). */
  views: RecordingViewStore | undefined;
  controller: RecordingController | undefined;

  private cleanups: Array<() => void> = [];

  constructor() {
    super(PLUGIN_NAME);
  }

  init(flex: typeof Flex, manager: Flex.Manager): void {
    // Words first: every message below, the configuration error included, is a string template.
    const defaults = registerRecordingStrings(manager);
    const translate = createTranslator(() => manager.strings as unknown as Record<string, unknown>, defaults);
    let retryTask: (taskSid: string) => void = () => undefined;
    const notifyAgent = createAgentNotifier(flex, {
      retry: (taskSid) => retryTask(taskSid),
      retryHint: () => translate('OutboundRecordingRetryHint'),
    });
    const configuration = validatePluginConfig(readBuildEnvironment());
    if (!configuration.ok) {
      notifyAgent(describeConfigurationProblems(configuration.problems, translate));
      console.error(`${PLUGIN_NAME}: not watching calls:`, configuration.problems);
      return;
    }
    const { functionsBaseUrl, recordingWaitMs, showIndicator, pauseBehavior, pauseShortcutKey } = configuration.config;
    // The same recording policy the Functions enforce: skip excluded tasks without asking them.
    const policyResult = readPluginPolicy(readPolicyBuildEnvironment());
    if (!policyResult.ok) {
      notifyAgent(describeConfigurationProblems(policyResult.problems, translate));
      console.error(`${PLUGIN_NAME}: not watching calls:`, policyResult.problems);
      return;
    }
    if (manager.serviceConfiguration?.call_recording_enabled === true) {
      console.warn(`${PLUGIN_NAME}: Flex native call recording is on as well; outbound calls get two recordings.`);
    }
    const nativeWarning = nativeRecordingWarning(manager.serviceConfiguration, manager.user?.roles);
    if (nativeWarning !== undefined) notifyAgent({ severity: 'warning', text: nativeWarning });

    const views = createRecordingViewStore();
    const callState = createFlexCallState(manager);
    const startRecording = createStartRecordingClient(functionsBaseUrl, browserFetch);
    const coordinator = createRecordingCoordinator({
      policy: policyResult.policy,
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
            waitMs: recordingWaitMs,
            requestTimeoutMs: REQUEST_TIMEOUT_MS,
            retryPolicy: DEFAULT_RETRY_POLICY,
          },
          report,
        ),
      onWatchReport: (taskSid, report) => {
        const event = eventForWatchReport(report);
        if (event !== undefined) views.dispatch(taskSid, event);
        const message = describeWatchReport(report, translate);
        if (message !== undefined) {
          const retryable = report.kind === 'not-recorded' && isRetryable(report.reason);
          notifyAgent(retryable ? { ...message, retryTaskSid: taskSid } : message);
          console.warn(`${PLUGIN_NAME}: task ${taskSid} not recorded:`, report);
        }
      },
      // The task's recording state (server truth, kept in its attributes) reaches the indicator here, on the
      // same store subscription the coordinator already has: no extra listener, no polling.
      onTasksScanned: (tasks) => observeRecordingStates(views, tasks),
    });
    retryTask = (taskSid) => {
      coordinator.retry(taskSid);
    };

    const controller = createRecordingController({
      views,
      control: createRecordingControlClient(functionsBaseUrl, browserFetch),
      findCall: (taskSid) => findCallOf(callState.readTask(taskSid)),
      knownTaskSids: () => callState.listTasks().map((task) => task.taskSid).filter((taskSid) => views.get(taskSid) !== undefined),
      getToken: () => manager.user.token,
      pauseBehavior,
      timers: browserTimers,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      notify: notifyAgent,
      translate,
    });
    const taskSidOf = (payload: RecordingActionPayload | undefined): string | undefined => payload?.task?.taskSid ?? payload?.taskSid;
    flex.Actions.registerAction(RECORDING_ACTIONS.pause, (payload: RecordingActionPayload | undefined) => controller.pause(taskSidOf(payload)));
    flex.Actions.registerAction(RECORDING_ACTIONS.resume, (payload: RecordingActionPayload | undefined) => controller.resume(taskSidOf(payload)));
    flex.Actions.registerAction(RECORDING_ACTIONS.toggle, (payload: RecordingActionPayload | undefined) => controller.toggle(taskSidOf(payload)));

    if (pauseShortcutKey !== undefined) {
      flex.KeyboardShortcutManager.addShortcuts({
        [pauseShortcutKey]: {
          action: () => void flex.Actions.invokeAction(RECORDING_ACTIONS.toggle),
          name: translate('OutboundRecordingShortcutName'),
          // A double press must not pause and resume at once.
          throttle: 1000,
        },
      });
      this.cleanups.push(() => flex.KeyboardShortcutManager.deleteShortcuts([pauseShortcutKey]));
    }

    if (showIndicator) {
      // Flex renders plugins' Paste components inside this provider, themed like the rest of Flex (light or dark).
      flex.setProviders({ PasteThemeProvider: CustomizationProvider });
      const common = { views, controller, translate, shortcutKey: pauseShortcutKey };
      this.cleanups.push(
        flex.CallCanvas.Content.add(<RecordingStatus key="outbound-recording-status" {...common} />, { sortOrder: -1 }),
        flex.TaskCanvasHeader.Content.add(<RecordingStatus key="outbound-recording-status-header" compact {...common} />, { sortOrder: 1 }),
      );
    }

    // Flex awaits before-listeners and holds the accept (and the conference) until they settle: only note the
    // task here and return at once. The watch starts when the store shows the reservation accepted; an accept
    // another listener aborts, or that fails, leaves nothing behind.
    const onBeforeAcceptTask = (payload: AcceptTaskPayload | undefined): void => {
      const taskSid = taskSidFromAcceptPayload(manager, payload);
      if (taskSid !== undefined) coordinator.taskAccepting(taskSid);
    };
    flex.Actions.addListener('beforeAcceptTask', onBeforeAcceptTask);
    coordinator.start();

    this.coordinator = coordinator;
    this.views = views;
    this.controller = controller;
    this.cleanups.push(() => flex.Actions.removeListener('beforeAcceptTask', onBeforeAcceptTask));
  }

  /** Not called by Flex (plugins live as long as the page); used by tests and the local agent desk. */
  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.coordinator?.dispose();
    this.coordinator = undefined;
    this.controller?.dispose();
    this.controller = undefined;
    this.views?.clear();
    this.views = undefined;
  }
}

/** Feeds each shown task's `call_recording` attribute to the view store, and forgets tasks that left Flex. */
function observeRecordingStates(views: RecordingViewStore, tasks: ReadonlyArray<ListedTask>): void {
  const shown = new Set<string>();
  for (const task of tasks) {
    const state = readRecordingState(task.attributes);
    // Outbound calls this plugin records, and any call whose attributes carry a recording (a transfer received).
    if (task.taskChannelUniqueName !== 'voice' || (!isOutboundVoiceTask(task) && state === undefined)) continue;
    shown.add(task.taskSid);
    views.observeServerState(task.taskSid, state);
    if (!isTaskLive(task)) views.dispatch(task.taskSid, { type: 'call-ended' });
  }
  views.retainOnly(shown);
}

/** The customer's leg as Flex shows it; after a reload, before Flex does, the one the server linked. */
function findCallOf(task: ReturnType<ReturnType<typeof createFlexCallState>['readTask']>): CustomerLeg | undefined {
  if (task === undefined) return undefined;
  const leg = findCustomerLeg(task.conferences);
  if (leg !== undefined) return leg;
  const attributes = task.attributes as { conference?: { sid?: unknown } } | undefined;
  const callSid = readRecordingState(task.attributes)?.call_sid;
  const conferenceSid = attributes?.conference?.sid;
  return isSid('call', callSid) && isSid('conference', conferenceSid) ? { callSid, conferenceSid } : undefined;
}
