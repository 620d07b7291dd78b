import * as Flex from '@twilio/flex-ui';

import { AcceptTaskPayload, taskSidFromAcceptPayload } from '../flex/flex-call-state';
import { RecordingCoordinator } from '../recording-watch/recording-coordinator';

/**
 * Flex awaits before-listeners and holds the accept (and the conference) until they settle: the hook only
 * notes the task and returns at once. The watch starts when the store shows the reservation accepted; an
 * accept another listener aborts, or that fails, leaves nothing behind. Returns the removal.
 */
export function hookBeforeAcceptTask(flex: typeof Flex, manager: Flex.Manager, coordinator: RecordingCoordinator): () => void {
  const onBeforeAcceptTask = (payload: AcceptTaskPayload | undefined): void => {
    const taskSid = taskSidFromAcceptPayload(manager, payload);
    if (taskSid !== undefined) coordinator.taskAccepting(taskSid);
  };
  flex.Actions.addListener('beforeAcceptTask', onBeforeAcceptTask);
  return () => flex.Actions.removeListener('beforeAcceptTask', onBeforeAcceptTask);
}
