import { isInternalCall } from '../contract/recording-policy';

/**
 * Which tasks the plugin records, and when a task is over. Pure: fed with plain task fields so it can be
 * tested without Flex, and structurally compatible with Flex's ITask.
 */

export interface TaskFacts {
  attributes: unknown;
  taskChannelUniqueName: string;
  /** The reservation's status (ITask.status). */
  status: string;
  /** The task's own status (ITask.taskStatus); absent on some early snapshots. */
  taskStatus?: string;
  /** The task's TaskQueue (ITask.queueSid / queueName). */
  queueSid?: string;
  queueName?: string;
}

/**
 * A call with a customer on it: a voice task that is not an internal (agent-to-agent) call. Whether it is
 * recorded is the Functions' decision alone (the recording policy: inbound opt-in, excluded queues, the
 * do-not-record attribute, someone else's recording), configured once, in the Functions: the plugin asks for
 * every such call, and a `recording_excluded` answer ends quietly, with the indicator saying why.
 */
export function isCustomerCallTask(task: Pick<TaskFacts, 'attributes' | 'taskChannelUniqueName'>): boolean {
  if (task.taskChannelUniqueName !== 'voice') return false;
  const attributes = typeof task.attributes === 'object' && task.attributes !== null ? (task.attributes as Record<string, unknown>) : {};
  return !isInternalCall(attributes);
}

/** Outbound dialpad and Click-to-Dial calls both create voice tasks with this attribute. */
export function isOutboundVoiceTask(task: Pick<TaskFacts, 'attributes' | 'taskChannelUniqueName'>): boolean {
  if (task.taskChannelUniqueName !== 'voice') return false;
  const attributes = task.attributes;
  if (typeof attributes !== 'object' || attributes === null) return false;
  return (attributes as { direction?: unknown }).direction === 'outbound';
}

// Only these leave the call in the agent's hands; wrapping, completed, canceled, rescinded, paused... do not.
const LIVE_RESERVATION_STATUSES: ReadonlySet<string> = new Set(['pending', 'accepted']);
const LIVE_TASK_STATUSES: ReadonlySet<string> = new Set(['reserved', 'assigned']);

/** True while the call may still need recording: the reservation is pending or accepted, not wrapping up or over. */
export function isTaskLive(task: Pick<TaskFacts, 'status' | 'taskStatus'>): boolean {
  if (!LIVE_RESERVATION_STATUSES.has(task.status)) return false;
  return task.taskStatus === undefined || LIVE_TASK_STATUSES.has(task.taskStatus);
}

/**
 * The only way a task gets watched: the store shows its reservation accepted (accepted in this page, in
 * another tab, by a path that skipped the AcceptTask action, or found so after a reload). Not while pending:
 * in Flex 2.17.1 the conference only starts on the reservation's `accepted` event, afterAcceptTask fires
 * while the reservation is still pending, and an accept may yet fail or be aborted by another plugin.
 */
export function shouldPickUpAcceptedTask(task: TaskFacts): boolean {
  return isCustomerCallTask(task) && task.status === 'accepted' && isTaskLive(task);
}
