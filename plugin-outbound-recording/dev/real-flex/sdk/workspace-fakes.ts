/**
 * The TaskRouter Workspace client Flex UI 2.17.1 keeps as FlexModule.workspaceClient (twilio-taskrouter's
 * Workspace): its outbound dialer lists the task queues, its transfer directory the queues and workers.
 * Read-only here: the queues given (the one outbound calls go to) and the workers given (the agent's own).
 */
export interface FakeTaskQueue {
  sid: string;
  name: string;
  queueName: string;
  workspaceSid: string;
  dateCreated: Date;
  dateUpdated: Date;
}

/** A worker as the Workspace lists it (what Flex's insights cache copies: name, activity and their dates). */
export interface FakeWorkspaceWorker {
  sid: string;
  friendlyName: string;
  activityName: string;
  available: boolean;
  attributes: Record<string, unknown>;
  dateCreated: Date;
  dateUpdated: Date;
  dateStatusChanged: Date;
}

interface WorkerLike {
  sid: string;
  name: string;
  attributes: Record<string, unknown>;
  activity: { name: string; available: boolean };
  dateUpdated: Date;
}

export class FakeWorkspace {
  private readonly queues = new Map<string, FakeTaskQueue>();

  constructor(
    readonly sid: string,
    queues: ReadonlyArray<{ sid: string; name: string }>,
    private readonly workers: ReadonlyArray<WorkerLike> = [],
  ) {
    const now = new Date();
    for (const queue of queues) {
      this.queues.set(queue.sid, { sid: queue.sid, name: queue.name, queueName: queue.name, workspaceSid: sid, dateCreated: now, dateUpdated: now });
    }
  }

  fetchTaskQueues(_params?: Record<string, unknown>): Promise<Map<string, FakeTaskQueue>> {
    return Promise.resolve(new Map(this.queues));
  }

  fetchTaskQueue(sid: string): Promise<FakeTaskQueue> {
    const queue = this.queues.get(sid);
    return queue === undefined ? Promise.reject(new Error(`No task queue ${sid}`)) : Promise.resolve(queue);
  }

  fetchWorkers(_params?: Record<string, unknown>): Promise<Map<string, FakeWorkspaceWorker>> {
    return Promise.resolve(new Map(this.workers.map((worker) => [worker.sid, listed(worker)])));
  }

  fetchWorker(sid: string): Promise<FakeWorkspaceWorker> {
    const worker = this.workers.find((candidate) => candidate.sid === sid);
    return worker === undefined ? Promise.reject(new Error(`No worker ${sid} in this workspace`)) : Promise.resolve(listed(worker));
  }
}

function listed(worker: WorkerLike): FakeWorkspaceWorker {
  return {
    sid: worker.sid,
    friendlyName: worker.name,
    activityName: worker.activity.name,
    available: worker.activity.available,
    attributes: worker.attributes,
    dateCreated: worker.dateUpdated,
    dateUpdated: worker.dateUpdated,
    dateStatusChanged: worker.dateUpdated,
  };
}
