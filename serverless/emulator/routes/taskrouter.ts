import { notFound } from '../errors';
import { first } from '../request';
import { reservationJson, taskEventJson, taskJson, workspaceJson } from '../representations/taskrouter';
import { listEventsWindow } from './task-events';
import { ASSIGNMENT_STATUSES, RESERVATION_STATUSES, type TaskRecord } from '../state/taskrouter';
import { pageV1 } from './paging';
import { integer, oneOf, single } from './params';
import { ok, type Route, type RouteContext, type RouteResult } from './table';
import { invalidParameter } from '../errors';

const WORKSPACE = '/v1/Workspaces/:WorkspaceSid';

/** TaskRouter paths carry no account SID: the workspace must be the emulator's. */
function requireWorkspace({ state, params, request }: RouteContext): void {
  if (params.WorkspaceSid !== state.account.workspaceSid) throw notFound(request.path);
}

function requireTask(context: RouteContext): TaskRecord {
  requireWorkspace(context);
  const task = context.state.taskrouter.tasks.get(context.params.TaskSid!);
  if (!task) throw notFound(context.request.path);
  return task;
}

function etag(context: RouteContext, task: TaskRecord): string {
  return context.options.etagStyle === 'quoted' ? `"${task.version}"` : String(task.version);
}

function taskAnswer(context: RouteContext, task: TaskRecord): RouteResult {
  const { state, request } = context;
  return ok(taskJson(request.host, state.account.accountSid, state.account.workspaceSid, task, state.clock.now()), {
    ETag: etag(context, task),
  });
}

function reservationStatusFilter(context: RouteContext): string | undefined {
  const status = first(context.request.query['ReservationStatus']);
  if (status !== undefined && !(RESERVATION_STATUSES as readonly string[]).includes(status)) {
    throw invalidParameter(`Invalid ReservationStatus: '${status}'`);
  }
  return status;
}

export const taskRouterRoutes: Route[] = [
  {
    id: 'FetchWorkspace',
    method: 'GET',
    host: 'taskrouter',
    // The spec names this parameter Sid (WorkspaceSid in the workspace's subresources).
    path: '/v1/Workspaces/:Sid',
    body: 'none',
    handler: (context) => {
      const { state, request, params } = context;
      if (params.Sid !== state.account.workspaceSid) throw notFound(request.path);
      return ok(workspaceJson(request.host, state.account.accountSid, state.account.workspaceSid, state.taskrouter.workspace));
    },
  },
  {
    id: 'ListTask',
    method: 'GET',
    host: 'taskrouter',
    path: `${WORKSPACE}/Tasks`,
    body: 'none',
    handler: (context) => {
      requireWorkspace(context);
      const { state, request } = context;
      const status = first(request.query['AssignmentStatus']);
      if (status !== undefined && !(ASSIGNMENT_STATUSES as readonly string[]).includes(status)) throw invalidParameter(`Invalid AssignmentStatus: '${status}'`);
      // Newest first, as TaskRouter lists tasks (it keeps completed ones for a few minutes only).
      const tasks = Array.from(state.taskrouter.tasks.values())
        .filter((task) => status === undefined || task.assignmentStatus === status)
        .reverse()
        .map((task) => taskJson(request.host, state.account.accountSid, state.account.workspaceSid, task, state.clock.now()));
      return ok(pageV1('tasks', tasks, request.host, request.path, request.query));
    },
  },
  {
    id: 'ListEvent',
    method: 'GET',
    host: 'taskrouter',
    path: `${WORKSPACE}/Events`,
    body: 'none',
    handler: (context) => {
      requireWorkspace(context);
      const { state, request } = context;
      const events = listEventsWindow(state.taskrouter.events, request.query, state.clock.now()).map((event) =>
        taskEventJson(request.host, state.account.accountSid, state.account.workspaceSid, state.taskrouter.workspace.friendlyName, event),
      );
      return ok(pageV1('events', events, request.host, request.path, request.query));
    },
  },
  {
    id: 'FetchTask',
    method: 'GET',
    host: 'taskrouter',
    path: `${WORKSPACE}/Tasks/:TaskSid`,
    body: 'none',
    handler: (context) => taskAnswer(context, requireTask(context)),
  },
  {
    id: 'UpdateTask',
    method: 'POST',
    host: 'taskrouter',
    path: `${WORKSPACE}/Tasks/:TaskSid`,
    body: 'form',
    handler: (context) => {
      const { state, request } = context;
      const task = requireTask(context);
      const form = request.form ?? {};
      const ifMatch = first(request.headers['if-match']);
      const attributes = single(form, 'Attributes');
      const assignmentStatus = oneOf(form, 'AssignmentStatus', ASSIGNMENT_STATUSES);
      const reason = single(form, 'Reason');
      const priority = integer(form, 'Priority');
      state.taskrouter.updateTask(
        task,
        {
          ...(attributes === undefined ? {} : { attributes }),
          ...(assignmentStatus === undefined ? {} : { assignmentStatus }),
          ...(reason === undefined ? {} : { reason }),
          ...(priority === undefined ? {} : { priority }),
        },
        ifMatch,
      );
      return taskAnswer(context, task);
    },
  },
  {
    id: 'ListTaskReservation',
    method: 'GET',
    host: 'taskrouter',
    path: `${WORKSPACE}/Tasks/:TaskSid/Reservations`,
    body: 'none',
    handler: (context) => {
      const { state, request } = context;
      const task = requireTask(context);
      const reservations = state.taskrouter
        .reservationsOf({
          taskSid: task.sid,
          workerSid: first(request.query['WorkerSid']),
          status: reservationStatusFilter(context),
        })
        .map((r) => reservationJson(request.host, state.account.accountSid, state.account.workspaceSid, r, 'task'));
      return ok(pageV1('reservations', reservations, request.host, request.path, request.query));
    },
  },
  {
    id: 'FetchTaskReservation',
    method: 'GET',
    host: 'taskrouter',
    path: `${WORKSPACE}/Tasks/:TaskSid/Reservations/:ReservationSid`,
    body: 'none',
    handler: (context) => {
      const { state, request, params } = context;
      const task = requireTask(context);
      const reservation = state.taskrouter.reservations.get(params.ReservationSid!);
      if (!reservation || reservation.taskSid !== task.sid) throw notFound(request.path);
      return ok(reservationJson(request.host, state.account.accountSid, state.account.workspaceSid, reservation, 'task'));
    },
  },
  {
    id: 'ListWorkerReservation',
    method: 'GET',
    host: 'taskrouter',
    path: `${WORKSPACE}/Workers/:WorkerSid/Reservations`,
    body: 'none',
    handler: (context) => {
      const { state, request, params } = context;
      requireWorkspace(context);
      if (!state.taskrouter.workers.has(params.WorkerSid!)) throw notFound(request.path);
      const reservations = state.taskrouter
        .reservationsOf({ workerSid: params.WorkerSid!, status: reservationStatusFilter(context) })
        .map((r) => reservationJson(request.host, state.account.accountSid, state.account.workspaceSid, r, 'worker'));
      return ok(pageV1('reservations', reservations, request.host, request.path, request.query));
    },
  },
];
