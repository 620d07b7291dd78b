import * as Flex from '@twilio/flex-ui';
import { FlexPlugin } from '@twilio/flex-plugin';

import { validatePluginConfig } from './config/plugin-config';
import { readBuildEnvironment } from './config/read-build-environment';
import { browserFetch, browserTimers } from './flex-adapter/browser-runtime';
import { AcceptTaskPayload, createFlexCallState, taskFromAcceptPayload } from './flex-adapter/flex-call-state';
import { createAgentNotifier } from './notifications/agent-notifier';
import { describeConfigurationProblems, describeWatchEnd } from './notifications/describe-watch-end';
import { DEFAULT_RETRY_POLICY } from './recording-service/retry-policy';
import { createStartRecordingClient } from './recording-service/start-recording-client';
import { RecordingCoordinator, createRecordingCoordinator } from './recording-watch/recording-coordinator';
import { createTaskRecordingWatch } from './recording-watch/task-recording-watch';

const PLUGIN_NAME = 'OutboundRecordingPlugin';
/** One attempt may take this long; retries and the overall bound (FLEX_APP_RECORDING_WAIT_SECONDS) cap it further. */
const REQUEST_TIMEOUT_MS = 15000;

/**
 * Makes sure every outbound call an agent places from Flex is recorded dual-channel: when an outbound voice
 * task is accepted (or found accepted after a reload), its conference is watched for the customer's call leg,
 * and the start-recording Function is asked once to record that leg.
 */
export default class OutboundRecordingPlugin extends FlexPlugin {
  /** Present while the plugin watches tasks; absent when the configuration was refused. */
  coordinator: RecordingCoordinator | undefined;

  private removeAcceptHook: (() => void) | undefined;

  constructor() {
    super(PLUGIN_NAME);
  }

  init(flex: typeof Flex, manager: Flex.Manager): void {
    const notifyAgent = createAgentNotifier(flex);
    const configuration = validatePluginConfig(readBuildEnvironment());
    if (!configuration.ok) {
      notifyAgent(describeConfigurationProblems(configuration.problems));
      console.error(`${PLUGIN_NAME}: not watching calls:`, configuration.problems);
      return;
    }
    const { functionsBaseUrl, recordingWaitMs } = configuration.config;
    if (manager.serviceConfiguration?.call_recording_enabled === true) {
      console.warn(`${PLUGIN_NAME}: Flex native call recording is on as well; outbound calls get two recordings.`);
    }

    const callState = createFlexCallState(manager);
    const startRecording = createStartRecordingClient(functionsBaseUrl, browserFetch);
    const coordinator = createRecordingCoordinator({
      directory: callState,
      createWatch: (taskSid, onEnd) =>
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
          onEnd,
        ),
      onWatchEnd: (taskSid, end) => {
        const message = describeWatchEnd(end);
        if (message !== undefined) {
          notifyAgent(message);
          console.warn(`${PLUGIN_NAME}: task ${taskSid} not recorded:`, end);
        }
      },
    });

    // Flex awaits before-listeners and holds the accept (and the conference) until they settle: only start
    // the watch here and return at once.
    const onBeforeAcceptTask = (payload: AcceptTaskPayload | undefined): void => {
      const task = taskFromAcceptPayload(manager, payload);
      if (task !== undefined) coordinator.taskAccepting(task);
    };
    flex.Actions.addListener('beforeAcceptTask', onBeforeAcceptTask);
    coordinator.start();

    this.coordinator = coordinator;
    this.removeAcceptHook = () => flex.Actions.removeListener('beforeAcceptTask', onBeforeAcceptTask);
  }

  /** Not called by Flex (plugins live as long as the page); used by tests and the local agent desk. */
  dispose(): void {
    this.removeAcceptHook?.();
    this.removeAcceptHook = undefined;
    this.coordinator?.dispose();
    this.coordinator = undefined;
  }
}
