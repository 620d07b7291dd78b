import * as Flex from '@twilio/flex-ui';

import { isSid } from '../contract/recording-api';
import { ConferenceFacts } from '../recording-watch/customer-leg';
import { ListedTask, TaskDirectory } from '../recording-watch/recording-coordinator';
import { TaskSnapshot } from '../recording-watch/task-recording-watch';

type FlexManager = Pick<Flex.Manager, 'store'>;

/**
 * The AcceptTask payload as Flex hands it to before-listeners. In Flex 2.17.1 `task` is a fresh wrapper,
 * not the store's object: only its taskSid, channel and attributes are read. `sid` is the reservation SID.
 */
export interface AcceptTaskPayload {
  task?: Pick<Flex.ITask, 'taskSid'> & Partial<Pick<Flex.ITask, 'attributes' | 'taskChannelUniqueName'>>;
  sid?: string;
  /** What AcceptTask hands to `reservation.conference()`: every key reaches TaskRouter's conference instruction. */
  conferenceOptions?: unknown;
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
      // In Flex 2.17.1 task.conference is a getter over that same store entry: read once, not twice. Older
      // versions (and the stand-in) can show the customer in only one of them, so a different object counts too.
      const taskConference = task.conference === storeConference ? undefined : task.conference;
      return { ...toListedTask(task), conferences: [storeConference, taskConference, conferenceOfAttributes(task.attributes)] };
    },
    subscribe: (onChange) => manager.store.subscribe(onChange),
  };
}

/**
 * The conference SID TaskRouter writes into the task's attributes (`conference.sid`), as a participant-less
 * view: Flex's conferenceSid may be undefined for a while (it is the voice channel's media SID, unknown until
 * Flex has the channel), and findCustomerLeg borrows a SID from any view of the same conference.
 */
function conferenceOfAttributes(attributes: unknown): ConferenceFacts | undefined {
  if (typeof attributes !== 'object' || attributes === null) return undefined;
  const conference = (attributes as { conference?: unknown }).conference;
  if (typeof conference !== 'object' || conference === null) return undefined;
  const sid = (conference as { sid?: unknown }).sid;
  return isSid('conference', sid) ? { conferenceSid: sid, participants: [] } : undefined;
}

/** The task SID an AcceptTask payload is about, whichever of its forms Flex (or another plugin) used. */
export function taskSidFromAcceptPayload(manager: FlexManager, payload: AcceptTaskPayload | undefined): string | undefined {
  if (payload?.task?.taskSid !== undefined) return payload.task.taskSid;
  return payload?.sid === undefined ? undefined : manager.store.getState().flex.worker.tasks.get(payload.sid)?.taskSid;
}

/** The accepted task's channel and attributes: from the payload's task when it has them, else from the store. */
export function callFactsFromAcceptPayload(
  manager: FlexManager,
  payload: AcceptTaskPayload | undefined,
): { attributes: unknown; taskChannelUniqueName: string } | undefined {
  const task = payload?.task;
  if (task !== undefined && typeof task.taskChannelUniqueName === 'string') return { attributes: task.attributes, taskChannelUniqueName: task.taskChannelUniqueName };
  const taskSid = taskSidFromAcceptPayload(manager, payload);
  if (taskSid === undefined) return undefined;
  const stored = Array.from(manager.store.getState().flex.worker.tasks.values()).find((candidate) => candidate.taskSid === taskSid);
  return stored === undefined ? undefined : { attributes: stored.attributes, taskChannelUniqueName: stored.taskChannelUniqueName };
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
