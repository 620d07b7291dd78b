import * as Flex from '@twilio/flex-ui';

import { AgentWords } from '../agent-messages/agent-words';
import { isSid, readRecordingState } from '../contract/recording-api';
import { PluginSettings } from '../configuration/plugin-settings';
import { browserFetch, browserTimers } from '../flex/browser-runtime';
import { createRecordingControlClient } from '../recording-controls/recording-control-client';
import { RecordingController, createRecordingController } from '../recording-controls/recording-controller';
import { RecordingViewStore } from '../recording-indicator/recording-view-store';
import { CustomerLeg, findCustomerLeg } from '../recording-watch/customer-leg';
import { TaskDirectory } from '../recording-watch/recording-coordinator';
import { TaskSnapshot } from '../recording-watch/task-recording-watch';
import { REQUEST_TIMEOUT_MS } from './watch-calls';

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

export interface RecordingControls {
  controller: RecordingController;
  /** Removes the shortcut and stops requests in flight (Flex cannot unregister actions). */
  dispose(): void;
}

/** Pause and resume: the controller, Flex actions for them, and the agent's keyboard shortcut. */
export function registerRecordingControls(
  flex: typeof Flex,
  deps: { manager: Flex.Manager; callState: TaskDirectory; views: RecordingViewStore; words: AgentWords; functionsBaseUrl: string; settings: PluginSettings },
): RecordingControls {
  const { callState, views, settings } = deps;
  const controller = createRecordingController({
    views,
    control: createRecordingControlClient(deps.functionsBaseUrl, browserFetch),
    findCall: (taskSid) => findCallOf(callState.readTask(taskSid)),
    knownTaskSids: () => callState.listTasks().map((task) => task.taskSid).filter((taskSid) => views.get(taskSid) !== undefined),
    getToken: () => deps.manager.user.token,
    pauseBehavior: settings.pauseBehavior,
    timers: browserTimers,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    notify: deps.words.notify,
    translate: deps.words.translate,
  });
  const taskSidOf = (payload: RecordingActionPayload | undefined): string | undefined => payload?.task?.taskSid ?? payload?.taskSid;
  flex.Actions.registerAction(RECORDING_ACTIONS.pause, (payload: RecordingActionPayload | undefined) => controller.pause(taskSidOf(payload)));
  flex.Actions.registerAction(RECORDING_ACTIONS.resume, (payload: RecordingActionPayload | undefined) => controller.resume(taskSidOf(payload)));
  flex.Actions.registerAction(RECORDING_ACTIONS.toggle, (payload: RecordingActionPayload | undefined) => controller.toggle(taskSidOf(payload)));

  const key = settings.pauseShortcutKey;
  if (key !== undefined) {
    flex.KeyboardShortcutManager.addShortcuts({
      [key]: {
        action: () => void flex.Actions.invokeAction(RECORDING_ACTIONS.toggle),
        name: deps.words.translate('OutboundRecordingShortcutName'),
        // A double press must not pause and resume at once.
        throttle: 1000,
      },
    });
  }
  return {
    controller,
    dispose: () => {
      if (key !== undefined) flex.KeyboardShortcutManager.deleteShortcuts([key]);
      controller.dispose();
    },
  };
}

/** The customer's leg as Flex shows it; after a reload, before Flex does, the one the server linked. */
function findCallOf(task: TaskSnapshot | undefined): CustomerLeg | undefined {
  if (task === undefined) return undefined;
  const leg = findCustomerLeg(task.conferences);
  if (leg !== undefined) return leg;
  const attributes = task.attributes as { conference?: { sid?: unknown } } | undefined;
  const callSid = readRecordingState(task.attributes)?.call_sid;
  const conferenceSid = attributes?.conference?.sid;
  return isSid('call', callSid) && isSid('conference', conferenceSid) ? { callSid, conferenceSid } : undefined;
}
