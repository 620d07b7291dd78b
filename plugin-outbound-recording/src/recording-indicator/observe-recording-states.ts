import { readRecordingState } from '../contract/recording-api';
import { ListedTask } from '../recording-watch/recording-coordinator';
import { isCustomerCallTask, isTaskLive } from '../recording-watch/task-eligibility';
import { RecordingViewStore } from './recording-view-store';

/**
 * Feeds each call's `call_recording` attribute to the view store, and forgets tasks that left Flex. Every
 * call the plugin watches gets an indicator, inbound ones included (whether a call is recorded is the
 * Functions' decision: the indicator then says so, or why not).
 */
export function observeRecordingStates(views: RecordingViewStore, tasks: ReadonlyArray<ListedTask>): void {
  const shown = new Set<string>();
  for (const task of tasks) {
    if (!isCustomerCallTask(task)) continue;
    // A pending offer (an inbound call ringing, a transfer offered) has no indicator until it is accepted.
    const state = readRecordingState(task.attributes);
    if (task.status === 'pending' && state === undefined) continue;
    shown.add(task.taskSid);
    views.observeServerState(task.taskSid, state);
    if (!isTaskLive(task)) views.dispatch(task.taskSid, { type: 'call-ended' });
  }
  views.retainOnly(shown);
}
