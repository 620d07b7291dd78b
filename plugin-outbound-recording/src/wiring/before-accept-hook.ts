import * as Flex from '@twilio/flex-ui';

import { AcceptTaskPayload, callFactsFromAcceptPayload, taskSidFromAcceptPayload } from '../flex/flex-call-state';
import { RecordingCoordinator } from '../recording-watch/recording-coordinator';
import { ServerTrigger, ServerTriggerDecision, decideServerTrigger } from '../recording-watch/server-trigger';
import { ServerTriggerLedger, createServerTriggerLedger } from '../recording-watch/server-trigger-ledger';

/** The removal of the hook (what init keeps for dispose), and what it did for each task it saw accepted. */
export interface BeforeAcceptHook {
  (): void;
  /** Whether the server-side trigger was asked for in this task's accept; undefined for a task the hook has not seen. */
  serverTriggerOf(taskSid: string): ServerTrigger | undefined;
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
  /** The composition root's (readConfiguration): where the conference status callback points. */
  functionsBaseUrl: string,
  /** Where the hook notes what it did per task, for the watches (shared with watchCalls). */
  triggers: ServerTriggerLedger = createServerTriggerLedger(),
  /** The administrator's server_trigger setting. */
  enabled = true,
): BeforeAcceptHook {
  let toldAboutOtherCallback = false;

  const onBeforeAcceptTask = (payload: AcceptTaskPayload | undefined): void => {
    const taskSid = taskSidFromAcceptPayload(manager, payload);
    if (taskSid !== undefined) coordinator.taskAccepting(taskSid);
    if (payload === undefined) return;
    let trigger: ServerTrigger = 'not-applicable';
    try {
      const decision = decideServerTrigger({ task: callFactsFromAcceptPayload(manager, payload), conferenceOptions: payload.conferenceOptions, functionsBaseUrl, enabled });
      applyServerTrigger(payload, decision);
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
  const options = payload.conferenceOptions;
  if (typeof options === 'object' && options !== null) Object.assign(options, decision.set);
  else payload.conferenceOptions = { ...decision.set };
}

function otherCallbackWarning(origin: string | undefined): string {
  const where = origin === undefined ? 'a value that is not a URL' : origin;
  return (
    `OutboundRecordingPlugin: another plugin already set the conference status callback of accepted calls (to ${where}); ` +
    'it is left as it is, so the server-side recording trigger is not installed and calls are recorded from the browser only. ' +
    '(Said once per page load.)'
  );
}
