import { invalidParameter } from '../errors';
import { first, type Params } from '../request';
import type { TaskEventLog, TaskEventRecord } from '../state/task-events';

/** ListEvent's default window when neither StartDate nor Minutes is given (the spec: "The default is 15 minutes"). */
const DEFAULT_MINUTES = 15;

/**
 * ListEvent's filters as the spec describes them: StartDate/EndDate (inclusive, ISO 8601 date-times) or
 * Minutes (the last N minutes; default 15), EventType, TaskSid, TaskQueueSid, WorkflowSid, TaskChannel, Sid.
 * Only task events are kept here, so ReservationSid and WorkerSid (events of reservations and workers)
 * match none. Newest first.
 */
export function listEventsWindow(log: TaskEventLog, query: Params, now: Date): TaskEventRecord[] {
  const startDate = dateParam(query, 'StartDate');
  const endDate = dateParam(query, 'EndDate') ?? now;
  const minutes = first(query['Minutes']);
  if (minutes !== undefined && !/^\d+$/.test(minutes)) throw invalidParameter(`Invalid Minutes: '${minutes}'`);
  const start = startDate ?? new Date(now.getTime() - (minutes === undefined ? DEFAULT_MINUTES : Number(minutes)) * 60_000);
  if (first(query['ReservationSid']) !== undefined || first(query['WorkerSid']) !== undefined) return [];
  return log
    .list({
      startDate: start,
      endDate,
      ...optional('eventType', first(query['EventType'])),
      ...optional('taskSid', first(query['TaskSid'])),
      ...optional('taskQueueSid', first(query['TaskQueueSid'])),
      ...optional('workflowSid', first(query['WorkflowSid'])),
      ...optional('taskChannel', first(query['TaskChannel'])),
      ...optional('sid', first(query['Sid'])),
    })
    .reverse();
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function dateParam(query: Params, name: string): Date | undefined {
  const raw = first(query[name]);
  if (raw === undefined) return undefined;
  // A date-time with a zone, as the spec asks (the twilio library sends e.g. 2026-11-01T00:00:00Z).
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(raw) ? new Date(raw) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw invalidParameter(`Invalid ${name}: '${raw}' is not an ISO 8601 date-time`);
  return date;
}
