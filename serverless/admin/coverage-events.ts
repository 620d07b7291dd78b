/**
 * From TaskRouter's task events to the tasks that ended in the range, each with its last known attributes.
 * Events are the only TaskRouter data that outlives a task (deleted ~5 minutes after it ends); TaskRouter
 * keeps them 30 days and redacts the attributes of older ones.
 */

/** The events that end a task: a task counts in the range when one of these is in it. */
export const ENDING_EVENT_TYPES = ['task.completed', 'task.canceled', 'task.deleted'] as const;
/** Attribute writes after the end (the recording's final status, ~seconds later) are in these. */
export const UPDATE_EVENT_TYPE = 'task.updated';

/** One event as the twilio library answers it (camelCase envelope, event_data as Twilio sent it). */
export interface RawTaskEvent {
  eventType: string;
  eventDate: Date | null;
  eventDateMs?: number | null;
  eventData: unknown;
}

export interface TaskEvent {
  type: string;
  at: number;
  taskSid: string;
  /** undefined when the event carries none that parse (redacted after 30 days, or not JSON). */
  attributes: Record<string, unknown> | undefined;
  reason: string | undefined;
}

export interface EndedTask {
  taskSid: string;
  endedAt: Date;
  endType: string;
  /** The latest attributes any of its events carries; undefined when none could be read. */
  attributes: Record<string, unknown> | undefined;
  /** TaskRouter's own completed/canceled reason, when it gave one. */
  taskReason: string | undefined;
}

export function readTaskEvent(raw: RawTaskEvent): TaskEvent | undefined {
  const data = raw.eventData;
  if (typeof data !== 'object' || data === null) return undefined;
  const fields = data as Record<string, unknown>;
  const taskSid = fields.task_sid;
  if (typeof taskSid !== 'string' || !/^WT[0-9a-fA-F]{32}$/.test(taskSid)) return undefined;
  const at = typeof raw.eventDateMs === 'number' ? raw.eventDateMs : raw.eventDate?.getTime();
  if (at === undefined || Number.isNaN(at)) return undefined;
  const reason = [fields.task_completed_reason, fields.task_canceled_reason].find((value): value is string => typeof value === 'string' && value !== '');
  return { type: raw.eventType, at, taskSid, attributes: parseAttributes(fields.task_attributes), reason };
}

/**
 * The tasks whose ending event lies in [from, to] (the event's own time, to the millisecond), oldest end
 * first. Attributes come from the task's latest event of any kind that has them, so the final recording
 * status written after the task ended (a task.updated event) is seen.
 */
export function endedTasks(events: readonly TaskEvent[], from: Date, to: Date): EndedTask[] {
  const byTask = new Map<string, TaskEvent[]>();
  for (const event of events) {
    const list = byTask.get(event.taskSid) ?? [];
    list.push(event);
    byTask.set(event.taskSid, list);
  }
  const ended: EndedTask[] = [];
  for (const [taskSid, list] of byTask) {
    // At the same millisecond the ending event goes last: it carries the attributes as the task ended.
    list.sort((a, b) => a.at - b.at || Number(isEnding(a)) - Number(isEnding(b)));
    const end = list.find(isEnding);
    if (end === undefined || end.at < from.getTime() || end.at > to.getTime()) continue;
    const latest = [...list].reverse().find((event) => event.attributes !== undefined);
    ended.push({ taskSid, endedAt: new Date(end.at), endType: end.type, attributes: latest?.attributes, taskReason: end.reason });
  }
  return ended.sort((a, b) => a.endedAt.getTime() - b.endedAt.getTime() || a.taskSid.localeCompare(b.taskSid));
}

function isEnding(event: TaskEvent): boolean {
  return (ENDING_EVENT_TYPES as readonly string[]).includes(event.type);
}

function parseAttributes(value: unknown): Record<string, unknown> | undefined {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}
