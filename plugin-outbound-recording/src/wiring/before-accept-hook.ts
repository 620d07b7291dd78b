import * as Flex from '@twilio/flex-ui';

import { AcceptTaskPayload, callFactsFromAcceptPayload, taskSidFromAcceptPayload } from '../flex/flex-call-state';
import { RecordingCoordinator } from '../recording-watch/recording-coordinator';
import { ServerTrigger, ServerTriggerDecision, decideServerTrigger } from '../recording-watch/server-trigger';
import { ServerTriggerLedger, createServerTriggerLedger } from '../recording-watch/server-trigger-ledger';
import { conferenceRecordOverride } from '../recording-watch/native-recording-choice';
import type { NativeRecordingChoice } from '../configuration/plugin-settings';

/** The removal of the hook (what init keeps for dispose), and what it did for each task it saw accepted. */
export interface BeforeAcceptHook {
  (): void;
  /** Whether the server-side trigger was asked for in this task's accept; undefined for a task the hook has not seen. */
  serverTriggerOf(taskSid: string): ServerTrigger | undefined;
}

export interface BeforeAcceptOptions {
  /** The composition root's (readConfiguration): where the conference status callback points. */
  functionsBaseUrl: string;
  /** Where the hook notes what it did per task, for the watches (shared with watchCalls). */
  triggers?: ServerTriggerLedger;
  /** The administrator's server_trigger setting (default on). */
  serverTrigger?: boolean;
  /** The administrator's native_recording setting (NATIVE_RECORDING; default "keep"). */
  nativeRecording?: NativeRecordingChoice;
}

/**
 * Flex awaits before-listeners and holds the accept (and the conference) until they settle: the hook only
 * notes the task, adds the server-side trigger to the conference options (synchronously, no network), and
 * returns at once. The watch starts when the store shows the reservation accepted; an accept another
 * listener aborts, or that fails, leaves nothing behind. Returns the removal.
 *
 */
export function hookBeforeAcceptTask(
  flex: typeof Flex,
  manager: Flex.Manager,
  coordinator: RecordingCoordinator,
  options: BeforeAcceptOptions,
): BeforeAcceptHook {
  const { functionsBaseUrl, triggers = createServerTriggerLedger(), serverTrigger: enabled = true, nativeRecording = 'keep' } = options;
  let toldAboutOtherCallback = false;

  const onBeforeAcceptTask = (payload: AcceptTaskPayload | undefined): void => {
    const taskSid = taskSidFromAcceptPayload(manager, payload);
    if (taskSid !== undefined) coordinator.taskAccepting(taskSid);
    if (payload === undefined) return;
    let trigger: ServerTrigger = 'not-applicable';
    try {
      const task = callFactsFromAcceptPayload(manager, payload);
      const decision = decideServerTrigger({ task, conferenceOptions: payload.conferenceOptions, functionsBaseUrl, enabled });
      applyServerTrigger(payload, decision);
      if (conferenceRecordOverride(task, nativeRecording) === false) setConferenceOption(payload, 'conferenceRecord', false);
      trigger = decision.trigger;
      if (decision.trigger === 'left-to-another-plugin' && !toldAboutOtherCallback) {
        toldAboutOtherCallback = true;
        console.warn(otherCallbackWarning(decision.otherCallbackOrigin));
      }
    } catch (error) {
      // Flex calls every before-listener in one loop: a throw here would skip the listeners after this one.
      console.warn('OutboundRecordingPlugin: the server-side recording trigger could not be added to this accept:', error);
    }
    if (taskSid !== undefined) triggers.record(taskSid, trigger);
  };
  flex.Actions.addListener('beforeAcceptTask', onBeforeAcceptTask);
  const remove = () => {
    flex.Actions.removeListener('beforeAcceptTask', onBeforeAcceptTask);
    triggers.clear();
  };
  return Object.assign(remove, { serverTriggerOf: (taskSid: string) => triggers.of(taskSid) });
}

/** Only the decision's keys are written; conferenceOptions is created when Flex (or a caller) gave none. */
function applyServerTrigger(payload: AcceptTaskPayload, decision: ServerTriggerDecision): void {
  if (decision.trigger !== 'installed') return;
  for (const [key, value] of Object.entries(decision.set)) setConferenceOption(payload, key, value);
}

function setConferenceOption(payload: AcceptTaskPayload, key: string, value: unknown): void {
  const options = payload.conferenceOptions;
  if (typeof options === 'object' && options !== null) (options as Record<string, unknown>)[key] = value;
  else payload.conferenceOptions = { [key]: value };
}

function otherCallbackWarning(origin: string | undefined): string {
  const where = origin === undefined ? 'a value that is not a URL' : origin;
  return (
    `OutboundRecordingPlugin: another plugin already set the conference status callback of accepted calls (to ${where}); ` +
    'it is left as it is, so the server-side recording trigger is not installed and calls are recorded from the browser only. ' +
    '(Said once per page load.)'
  );
}
