import * as Flex from '@twilio/flex-ui';

import { ListedTask, TaskDirectory } from '../recording-watch/recording-coordinator';
import { TaskSnapshot } from '../recording-watch/task-recording-watch';

type FlexManager = Pick<Flex.Manager, 'store'>;

/** The AcceptTask payload as Flex hands it to before-listeners: `task` is resolved from `sid` by then. */
export interface AcceptTaskPayload {
  task?: Flex.ITask;
  sid?: string;
}

/**
 * Reads tasks and conferences from Flex's public Redux state. Only here does the plugin know where Flex
 * keeps them: `flex.worker.tasks` (keyed by reservation SID) and `flex.conferences.states` (keyed by task SID).
 */
export function createFlexCallState(manager: FlexManager): TaskDirectory {
  const tasksInStore = (): Flex.ITask[] => Array.from(manager.store.getState().flex.worker.tasks.values());

  return {
    listTasks: () => tasksInStore().map(toListedTask),
    readTask(taskSid): TaskSnapshot | undefined {
      const task = tasksInStore().find((candidate) => candidate.taskSid === taskSid);
      if (task === undefined) return undefined;
      const storeConference = manager.store.getState().flex.conferences.states.get(taskSid)?.source;
      // Both views, because the customer has been seen in only one of them.
      return { ...toListedTask(task), conferences: [task.conference, storeConference] };
    },
    subscribe: (onChange) => manager.store.subscribe(onChange),
  };
}

/** Resolves the task an AcceptTask payload is about, whichever of its forms Flex (or another plugin) used. */
export function taskFromAcceptPayload(manager: FlexManager, payload: AcceptTaskPayload | undefined): ListedTask | undefined {
  const task = payload?.task ?? (payload?.sid === undefined ? undefined : manager.store.getState().flex.worker.tasks.get(payload.sid));
  return task === undefined ? undefined : toListedTask(task);
}

// ITask exposes getters on a class in real Flex: copy the fields rather than spreading the object.
function toListedTask(task: Flex.ITask): ListedTask {
  return {
    taskSid: task.taskSid,
    attributes: task.attributes,
    taskChannelUniqueName: task.taskChannelUniqueName,
    status: task.status,
    taskStatus: task.taskStatus,
    queueSid: task.queueSid,
    queueName: task.queueName,
  };
}
