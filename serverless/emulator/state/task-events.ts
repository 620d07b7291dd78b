import { randomBytes } from 'node:crypto';

/**
 * TaskRouter's Events resource keeps, for 30 days, one event per state change in the workspace, each with
 * its `event_data` (for task events: the task as it was at that moment, attributes included). This log
 * holds the task events the emulator's task writes produce; reservation and worker events are not modelled.
 */
export const TASK_EVENT_TYPES = ['task.created', 'task.updated', 'task.canceled', 'task.wrapup', 'task.completed', 'task.deleted'] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];

/** What the task looked like when the event happened: copied, so later writes do not change history. */
export interface TaskEventSnapshot {
  taskSid: string;
  attributes: string;
  assignmentStatus: string;
  priority: number;
  reason: string | null;
  taskQueueSid: string;
  taskQueueFriendlyName: string;
  taskChannelSid: string;
  taskChannelUniqueName: string;
  workflowSid: string;
  workflowFriendlyName: string;
  dateCreated: Date;
}

export interface TaskEventRecord {
  sid: string;
  eventType: TaskEventType;
  eventDate: Date;
  task: TaskEventSnapshot;
}

export interface TaskEventFilter {
  /** Inclusive bounds on the event's date. */
  startDate: Date;
  endDate: Date;
  eventType?: string;
  taskSid?: string;
  taskQueueSid?: string;
  workflowSid?: string;
  /** A channel's unique name or SID. */
  taskChannel?: string;
  sid?: string;
}

export class TaskEventLog {
  private readonly events: TaskEventRecord[] = [];

  record(eventType: TaskEventType, task: TaskEventSnapshot, eventDate: Date): TaskEventRecord {
    const event: TaskEventRecord = { sid: newEventSid(), eventType, eventDate, task: { ...task } };
    this.events.push(event);
    return event;
  }

  /** Matching events, oldest first (the order they happened). */
  list(filter: TaskEventFilter): TaskEventRecord[] {
    const from = filter.startDate.getTime();
    const to = filter.endDate.getTime();
    return this.events.filter(
      (event) =>
        event.eventDate.getTime() >= from &&
        event.eventDate.getTime() <= to &&
        (filter.eventType === undefined || event.eventType === filter.eventType) &&
        (filter.taskSid === undefined || event.task.taskSid === filter.taskSid) &&
        (filter.taskQueueSid === undefined || event.task.taskQueueSid === filter.taskQueueSid) &&
        (filter.workflowSid === undefined || event.task.workflowSid === filter.workflowSid) &&
        (filter.taskChannel === undefined || event.task.taskChannelUniqueName === filter.taskChannel || event.task.taskChannelSid === filter.taskChannel) &&
        (filter.sid === undefined || event.sid === filter.sid),
    );
  }

  clear(): void {
    this.events.length = 0;
  }
}

/** The event a change of assignment status produces (TaskRouter's Events reference); other writes are `task.updated`. */
export function statusEventType(status: string): TaskEventType | undefined {
  if (status === 'canceled') return 'task.canceled';
  if (status === 'wrapping') return 'task.wrapup';
  if (status === 'completed') return 'task.completed';
  return undefined;
}

/** `EV` + 32 hex, as Twilio's event SIDs (sids.ts is shared and does not list the prefix; kept local here). */
function newEventSid(): string {
  return `EV${randomBytes(16).toString('hex')}`;
}
