import type { Clock } from '../clock';
import { ErrorCodes, TwilioApiError, invalidParameter } from '../errors';
import { newSid } from '../sids';
import { TaskEventLog, statusEventType, type TaskEventType } from './task-events';

export type AssignmentStatus = 'pending' | 'reserved' | 'assigned' | 'canceled' | 'wrapping' | 'completed';
export type ReservationStatus =
  | 'pending'
  | 'accepted'
  | 'rejected'
  | 'timeout'
  | 'canceled'
  | 'rescinded'
  | 'wrapping'
  | 'completed';

export const ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['pending', 'reserved', 'assigned', 'canceled', 'wrapping', 'completed'];
export const RESERVATION_STATUSES: readonly ReservationStatus[] = [
  'pending',
  'accepted',
  'rejected',
  'timeout',
  'canceled',
  'rescinded',
  'wrapping',
  'completed',
];

/** The workspace itself: the one Flex creates ("Flex Task Assignment"), fixed for the emulator's life. */
export interface WorkspaceRecord {
  friendlyName: string;
  dateCreated: Date;
  /** Flex's workspaces put new and timed-out workers in "Offline". */
  offlineActivitySid: string;
  multiTaskEnabled: boolean;
  prioritizeQueueOrder: 'FIFO' | 'LIFO';
}

export interface WorkerRecord {
  sid: string;
  friendlyName: string;
  /** JSON string, as TaskRouter stores it. */
  attributes: string;
  dateCreated: Date;
}

export interface TaskRecord {
  sid: string;
  /** JSON string, exactly as last written: TaskRouter stores and answers a string. */
  attributes: string;
  assignmentStatus: AssignmentStatus;
  priority: number;
  reason: string | null;
  timeout: number;
  taskChannelSid: string;
  taskChannelUniqueName: string;
  taskQueueSid: string;
  taskQueueFriendlyName: string;
  workflowSid: string;
  workflowFriendlyName: string;
  dateCreated: Date;
  dateUpdated: Date;
  taskQueueEnteredDate: Date | null;
  /** Optimistic-concurrency version, answered as the ETag header; bumped by every write. */
  version: number;
}

export interface ReservationRecord {
  sid: string;
  taskSid: string;
  workerSid: string;
  workerName: string;
  status: ReservationStatus;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface CreateTaskInput {
  attributes?: Record<string, unknown> | string;
  assignmentStatus?: AssignmentStatus;
  taskChannelUniqueName?: string;
  priority?: number;
  timeout?: number;
  /** The task's TaskQueue; default: the workspace's one queue, "Everyone". */
  taskQueueSid?: string;
  taskQueueFriendlyName?: string;
}

export interface TaskUpdate {
  attributes?: string;
  assignmentStatus?: AssignmentStatus;
  reason?: string;
  priority?: number;
}

/** Which assignment statuses may be set from which (the transitions TaskRouter allows via the REST API). */
const ALLOWED_TRANSITIONS: Record<string, readonly AssignmentStatus[]> = {
  canceled: ['pending', 'reserved'],
  wrapping: ['assigned'],
  completed: ['assigned', 'wrapping'],
};

/**
 * The fixed pieces of a Flex workspace the product does not manage (one queue, one workflow, the
 * voice channel) get stable SIDs so tasks look like Flex's.
 */
export class TaskRouterState {
  readonly tasks = new Map<string, TaskRecord>();
  readonly reservations = new Map<string, ReservationRecord>();
  readonly workers = new Map<string, WorkerRecord>();
  /** TaskRouter's Events resource (task events only), kept when tasks are removed: what outlives a task. */
  readonly events = new TaskEventLog();
  private readonly queueSid = newSid('WQ');
  private readonly workflowSid = newSid('WW');
  private readonly channelSids = new Map<string, string>();
  private readonly queueSids = new Map<string, string>();
  readonly workspace: WorkspaceRecord;
  /** Told of every task write (REST or scenario), synchronously: TaskRouter's `task.updated` events start here. */
  private writeListener: ((task: TaskRecord) => void) | null = null;

  constructor(private readonly clock: Clock) {
    this.workspace = {
      friendlyName: 'Flex Task Assignment',
      dateCreated: clock.now(),
      offlineActivitySid: newSid('WA'),
      multiTaskEnabled: true,
      prioritizeQueueOrder: 'FIFO',
    };
  }

  clear(): void {
    this.tasks.clear();
    this.reservations.clear();
    this.workers.clear();
    this.events.clear();
  }

  // ---- workers -------------------------------------------------------------------------------

  createWorker(input: { sid?: string; friendlyName: string; attributes?: Record<string, unknown> }): WorkerRecord {
    const worker: WorkerRecord = {
      sid: input.sid ?? newSid('WK'),
      friendlyName: input.friendlyName,
      attributes: JSON.stringify(input.attributes ?? { contact_uri: `client:${input.friendlyName}` }),
      dateCreated: this.clock.now(),
    };
    this.workers.set(worker.sid, worker);
    return worker;
  }

  // ---- tasks ---------------------------------------------------------------------------------

  createTask(input: CreateTaskInput = {}): TaskRecord {
    const now = this.clock.now();
    const channel = input.taskChannelUniqueName ?? 'voice';
    const attributes = typeof input.attributes === 'string' ? input.attributes : JSON.stringify(input.attributes ?? {});
    const task: TaskRecord = {
      sid: newSid('WT'),
      attributes,
      assignmentStatus: input.assignmentStatus ?? 'pending',
      priority: input.priority ?? 0,
      reason: null,
      timeout: input.timeout ?? 86400,
      taskChannelSid: this.channelSid(channel),
      taskChannelUniqueName: channel,
      taskQueueSid: input.taskQueueSid ?? (input.taskQueueFriendlyName === undefined ? this.queueSid : this.queueSidFor(input.taskQueueFriendlyName)),
      taskQueueFriendlyName: input.taskQueueFriendlyName ?? 'Everyone',
      workflowSid: this.workflowSid,
      workflowFriendlyName: 'Assign to Anyone',
      dateCreated: now,
      dateUpdated: now,
      taskQueueEnteredDate: now,
      version: 0,
    };
    this.tasks.set(task.sid, task);
    this.recordEvent('task.created', task);
    return task;
  }

  /**
   * TaskRouter's own clean-up: it deletes a task about 5 minutes after it completes or is canceled. The task
   * and its reservations are gone from the REST API; its events stay. Whether Twilio logs a `task.deleted`
   * event for this clean-up is not documented, so none is recorded (nothing may depend on one).
   */
  removeTask(taskSid: string): void {
    this.requireTask(taskSid);
    this.tasks.delete(taskSid);
    for (const reservation of this.reservationsOf({ taskSid })) this.reservations.delete(reservation.sid);
  }

  requireTask(taskSid: string): TaskRecord {
    const task = this.tasks.get(taskSid);
    if (!task) throw new Error(`No task ${taskSid} in the emulator`);
    return task;
  }

  /**
   * POST Tasks/{WT}. `ifMatch` is the request's If-Match header: when present and not matching the
   * current version, nothing is written and TaskRouter answers 412 (code 20412).
   */
  updateTask(task: TaskRecord, update: TaskUpdate, ifMatch: string | undefined): TaskRecord {
    if (ifMatch !== undefined && !etagMatches(ifMatch, task.version)) {
      throw new TwilioApiError(
        412,
        ErrorCodes.preconditionFailed,
        'The resource does not meet one of preconditions defined by the request: If-Match does not match the current ETag.',
      );
    }
    if (update.attributes !== undefined) assertJsonObject(update.attributes);
    if (update.assignmentStatus !== undefined && update.assignmentStatus !== task.assignmentStatus) {
      const allowedFrom = ALLOWED_TRANSITIONS[update.assignmentStatus];
      if (!allowedFrom || !allowedFrom.includes(task.assignmentStatus)) {
        throw invalidParameter(
          `Task cannot be moved from ${task.assignmentStatus} to ${update.assignmentStatus}`,
        );
      }
    }
    const statusChanged = update.assignmentStatus !== undefined && update.assignmentStatus !== task.assignmentStatus;
    if (update.attributes !== undefined) task.attributes = update.attributes;
    if (update.assignmentStatus !== undefined) task.assignmentStatus = update.assignmentStatus;
    if (update.reason !== undefined) task.reason = update.reason;
    if (update.priority !== undefined) task.priority = update.priority;
    this.touch(task);
    // A status change is its own event (task.wrapup, task.completed, task.canceled); any other write is task.updated.
    this.recordEvent((statusChanged ? statusEventType(task.assignmentStatus) : undefined) ?? 'task.updated', task);
    return task;
  }

  /**
   * TaskRouter's own step when a reservation is accepted: the task goes from `reserved` to `assigned`
   * (a transition no REST request may make, hence not through updateTask).
   */
  assignTask(taskSid: string): TaskRecord {
    const task = this.requireTask(taskSid);
    if (task.assignmentStatus !== 'reserved') throw new Error(`Task ${taskSid} is ${task.assignmentStatus}; only a reserved task can be assigned`);
    task.assignmentStatus = 'assigned';
    this.touch(task);
    return task;
  }

  /** A write that bypasses If-Match, as another writer (Flex UI, a Studio flow) would make. */
  overwriteAttributes(taskSid: string, attributes: Record<string, unknown> | string): TaskRecord {
    const task = this.requireTask(taskSid);
    const text = typeof attributes === 'string' ? attributes : JSON.stringify(attributes);
    assertJsonObject(text);
    task.attributes = text;
    this.touch(task);
    this.recordEvent('task.updated', task);
    return task;
  }

  /** One listener (the emulator, which fans out by task SID); null removes it. */
  onTaskWritten(listener: ((task: TaskRecord) => void) | null): void {
    this.writeListener = listener;
  }

  private recordEvent(type: TaskEventType, task: TaskRecord): void {
    this.events.record(
      type,
      {
        taskSid: task.sid,
        attributes: task.attributes,
        assignmentStatus: task.assignmentStatus,
        priority: task.priority,
        reason: task.reason,
        taskQueueSid: task.taskQueueSid,
        taskQueueFriendlyName: task.taskQueueFriendlyName,
        taskChannelSid: task.taskChannelSid,
        taskChannelUniqueName: task.taskChannelUniqueName,
        workflowSid: task.workflowSid,
        workflowFriendlyName: task.workflowFriendlyName,
        dateCreated: task.dateCreated,
      },
      this.clock.now(),
    );
  }

  private touch(task: TaskRecord): void {
    task.version += 1;
    task.dateUpdated = this.clock.now();
    this.writeListener?.(task);
  }

  // ---- reservations --------------------------------------------------------------------------

  createReservation(input: { taskSid: string; workerSid: string; status?: ReservationStatus }): ReservationRecord {
    this.requireTask(input.taskSid);
    const worker = this.workers.get(input.workerSid);
    const now = this.clock.now();
    const reservation: ReservationRecord = {
      sid: newSid('WR'),
      taskSid: input.taskSid,
      workerSid: input.workerSid,
      workerName: worker?.friendlyName ?? input.workerSid,
      status: input.status ?? 'accepted',
      dateCreated: now,
      dateUpdated: now,
    };
    this.reservations.set(reservation.sid, reservation);
    return reservation;
  }

  setReservationStatus(reservationSid: string, status: ReservationStatus): ReservationRecord {
    const reservation = this.reservations.get(reservationSid);
    if (!reservation) throw new Error(`No reservation ${reservationSid} in the emulator`);
    reservation.status = status;
    reservation.dateUpdated = this.clock.now();
    return reservation;
  }

  reservationsOf(filter: { taskSid?: string; workerSid?: string; status?: string }): ReservationRecord[] {
    return [...this.reservations.values()].filter(
      (reservation) =>
        (filter.taskSid === undefined || reservation.taskSid === filter.taskSid) &&
        (filter.workerSid === undefined || reservation.workerSid === filter.workerSid) &&
        (filter.status === undefined || reservation.status === filter.status),
    );
  }

  /** A stable SID per queue name, so tasks of the same named queue share it. */
  private queueSidFor(friendlyName: string): string {
    let sid = this.queueSids.get(friendlyName);
    if (!sid) {
      sid = newSid('WQ');
      this.queueSids.set(friendlyName, sid);
    }
    return sid;
  }

  private channelSid(uniqueName: string): string {
    let sid = this.channelSids.get(uniqueName);
    if (!sid) {
      sid = newSid('TC');
      this.channelSids.set(uniqueName, sid);
    }
    return sid;
  }
}

/**
 * If-Match comparison, lenient about spelling: the header may carry the ETag quoted or bare, weak
 * (W/"3"), several comma-separated candidates, or "*" (any current version).
 */
export function etagMatches(ifMatch: string, version: number): boolean {
  return ifMatch
    .split(',')
    .map((candidate) => candidate.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
    .some((candidate) => candidate === '*' || candidate === String(version));
}

function assertJsonObject(text: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidParameter('Attributes must be a valid JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidParameter('Attributes must be a valid JSON object');
  }
}
