import { iso8601 } from '../dates';
import type { TaskEventRecord } from '../state/task-events';
import type { ReservationRecord, TaskRecord, WorkspaceRecord } from '../state/taskrouter';

/**
 * JSON of TaskRouter v1 resources: ISO 8601 dates, absolute `url`s and `links`, and task
 * `attributes` as a JSON *string*.
 */

export function taskJson(host: string, accountSid: string, workspaceSid: string, task: TaskRecord, now: Date) {
  const workspaceUrl = `https://${host}/v1/Workspaces/${workspaceSid}`;
  const url = `${workspaceUrl}/Tasks/${task.sid}`;
  return {
    account_sid: accountSid,
    addons: '{}',
    age: Math.max(0, Math.floor((now.getTime() - task.dateCreated.getTime()) / 1000)),
    assignment_status: task.assignmentStatus,
    attributes: task.attributes,
    date_created: iso8601(task.dateCreated),
    date_updated: iso8601(task.dateUpdated),
    ignore_capacity: false,
    links: {
      task_queue: `${workspaceUrl}/TaskQueues/${task.taskQueueSid}`,
      workflow: `${workspaceUrl}/Workflows/${task.workflowSid}`,
      workspace: workspaceUrl,
      reservations: `${url}/Reservations`,
    },
    priority: task.priority,
    reason: task.reason,
    routing_target: null,
    sid: task.sid,
    task_channel_sid: task.taskChannelSid,
    task_channel_unique_name: task.taskChannelUniqueName,
    task_queue_entered_date: task.taskQueueEnteredDate ? iso8601(task.taskQueueEnteredDate) : null,
    task_queue_friendly_name: task.taskQueueFriendlyName,
    task_queue_sid: task.taskQueueSid,
    timeout: task.timeout,
    url,
    virtual_start_time: iso8601(task.dateCreated),
    workflow_friendly_name: task.workflowFriendlyName,
    workflow_sid: task.workflowSid,
    workspace_sid: workspaceSid,
  };
}

/** A reservation as listed under a task or under a worker (only `url` differs). */
export function reservationJson(
  host: string,
  accountSid: string,
  workspaceSid: string,
  reservation: ReservationRecord,
  via: 'task' | 'worker',
) {
  const workspaceUrl = `https://${host}/v1/Workspaces/${workspaceSid}`;
  const url =
    via === 'task'
      ? `${workspaceUrl}/Tasks/${reservation.taskSid}/Reservations/${reservation.sid}`
      : `${workspaceUrl}/Workers/${reservation.workerSid}/Reservations/${reservation.sid}`;
  return {
    account_sid: accountSid,
    date_created: iso8601(reservation.dateCreated),
    date_updated: iso8601(reservation.dateUpdated),
    links: {
      task: `${workspaceUrl}/Tasks/${reservation.taskSid}`,
      worker: `${workspaceUrl}/Workers/${reservation.workerSid}`,
      workspace: workspaceUrl,
    },
    reservation_status: reservation.status,
    sid: reservation.sid,
    task_sid: reservation.taskSid,
    url,
    worker_name: reservation.workerName,
    worker_sid: reservation.workerSid,
    workspace_sid: workspaceSid,
  };
}

/**
 * The Workspace resource. Only the fields of the spec's `taskrouter.v1.workspace` schema (its example
 * also shows operating-unit and attention-profile fields the schema does not list). No event callback
 * is configured, which the real API answers as an empty string; `null` here, as "" is no URI.
 */
export function workspaceJson(host: string, accountSid: string, workspaceSid: string, workspace: WorkspaceRecord) {
  const url = `https://${host}/v1/Workspaces/${workspaceSid}`;
  const created = iso8601(workspace.dateCreated);
  return {
    account_sid: accountSid,
    date_created: created,
    date_updated: created,
    default_activity_name: 'Offline',
    default_activity_sid: workspace.offlineActivitySid,
    event_callback_url: null,
    events_filter: null,
    friendly_name: workspace.friendlyName,
    links: {
      activities: `${url}/Activities`,
      statistics: `${url}/Statistics`,
      real_time_statistics: `${url}/RealTimeStatistics`,
      cumulative_statistics: `${url}/CumulativeStatistics`,
      task_queues: `${url}/TaskQueues`,
      tasks: `${url}/Tasks`,
      workers: `${url}/Workers`,
      workflows: `${url}/Workflows`,
      task_channels: `${url}/TaskChannels`,
      events: `${url}/Events`,
    },
    multi_task_enabled: workspace.multiTaskEnabled,
    prioritize_queue_order: workspace.prioritizeQueueOrder,
    sid: workspaceSid,
    timeout_activity_name: 'Offline',
    timeout_activity_sid: workspace.offlineActivitySid,
    url,
  };
}

/**
 * A TaskRouter Event of a task (ListEvent). `event_data` uses the field names of TaskRouter's task events
 * (`task_sid`, `task_attributes` as a JSON string, `task_assignment_status`, ...); like the spec's example
 * event, its numbers are written as strings. The spec leaves `event_data` untyped, so only these are
 * checked by response validation: the event's own fields.
 */
export function taskEventJson(host: string, accountSid: string, workspaceSid: string, workspaceName: string, event: TaskEventRecord) {
  const workspaceUrl = `https://${host}/v1/Workspaces/${workspaceSid}`;
  const { task } = event;
  const verb = event.eventType.slice('task.'.length);
  const reason = task.reason === null ? {} : event.eventType === 'task.canceled' ? { task_canceled_reason: task.reason } : event.eventType === 'task.completed' ? { task_completed_reason: task.reason } : {};
  return {
    account_sid: accountSid,
    actor_sid: workspaceSid,
    actor_type: 'workspace',
    actor_url: workspaceUrl,
    description: `Task ${task.taskSid} ${verb}`,
    event_data: {
      task_sid: task.taskSid,
      task_attributes: task.attributes,
      task_assignment_status: task.assignmentStatus,
      task_age: String(Math.max(0, Math.floor((event.eventDate.getTime() - task.dateCreated.getTime()) / 1000))),
      task_priority: String(task.priority),
      task_date_created: iso8601(task.dateCreated),
      task_queue_sid: task.taskQueueSid,
      task_queue_name: task.taskQueueFriendlyName,
      task_channel_sid: task.taskChannelSid,
      task_channel_unique_name: task.taskChannelUniqueName,
      workflow_sid: task.workflowSid,
      workflow_name: task.workflowFriendlyName,
      workspace_sid: workspaceSid,
      workspace_name: workspaceName,
      ...reason,
    },
    event_date: iso8601(event.eventDate),
    event_date_ms: event.eventDate.getTime(),
    event_type: event.eventType,
    resource_sid: task.taskSid,
    resource_type: 'task',
    resource_url: `${workspaceUrl}/Tasks/${task.taskSid}`,
    sid: event.sid,
    source: 'twilio',
    source_ip_address: null,
    url: `${workspaceUrl}/Events/${event.sid}`,
    workspace_sid: workspaceSid,
  };
}
