import { CallStateSource, FinalReport, RecordingWatch, WatchReport, isFinalReport } from './task-recording-watch';
import { TaskFacts, isCustomerCallTask, shouldPickUpAcceptedTask } from './task-eligibility';

export interface ListedTask extends TaskFacts {
  taskSid: string;
}

export interface TaskDirectory extends CallStateSource {
  listTasks(): ReadonlyArray<ListedTask>;
}

export interface CoordinatorDependencies {
  directory: TaskDirectory;
  createWatch: (taskSid: string, report: (report: WatchReport) => void) => RecordingWatch;
  /** Every report of every watch, the final one (task ended, stopped) included. */
  onWatchReport: (taskSid: string, report: WatchReport) => void;
  /** After each pass over Flex's tasks (every store change), with the tasks now in the store. */
  onTasksScanned?: (tasks: ReadonlyArray<ListedTask>) => void;
}

export interface RecordingCoordinator {
  /** Picks up accepted recorded tasks already in the store and keeps doing so as tasks arrive. */
  start(): void;
  /**
   * The beforeAcceptTask hook: only notes that an accept of this task is under way. Synchronous and cheap by
   * design (Flex holds the accept until before-listeners return), and nothing that could outlive an accept
   * that does not go through: the watch starts when the store shows the reservation accepted.
   */
  taskAccepting(taskSid: string): void;
  /** The agent's Retry: asks again for the task's customer leg; false when the task is not a live recorded call or is being asked for already. */
  retry(taskSid: string): boolean;
  /** Stops every watch and the store subscription. */
  dispose(): void;
  readonly activeWatchCount: number;
  readonly finishedTaskCount: number;
  /** Accepts noted and not yet resolved (the reservation still pending). */
  readonly pendingAcceptCount: number;
}

/**
 * Decides which tasks get a watch: one per task SID at a time, from the moment the store shows the
 * reservation accepted (whether this page accepted it, another tab did, or a reload found it so) until the
 * task is over. A watch follows its task to the end, so a task whose watch ended is over and is not
 * watched again while it stays in the store (a reload starts with an empty memory: the Function is idempotent).
 */
export function createRecordingCoordinator(deps: CoordinatorDependencies): RecordingCoordinator {
  const active = new Map<string, RecordingWatch>();
  // Both bounded: entries are dropped as soon as their task leaves the store (or, for accepts, stops pending).
  const finished = new Set<string>();
  const accepting = new Set<string>();
  let unsubscribe: (() => void) | undefined;

  function watch(taskSid: string): void {
    if (active.has(taskSid) || finished.has(taskSid)) return;
    let ended = false;
    const recordingWatch = deps.createWatch(taskSid, (report) => {
      if (isFinalReport(report)) {
        if (ended) return;
        ended = true;
        onWatchEnded(taskSid, report);
      }
      deps.onWatchReport(taskSid, report);
    });
    // Registered before start(): a watch that ends while starting (the task was already over) unregisters itself.
    active.set(taskSid, recordingWatch);
    recordingWatch.start();
  }

  function onWatchEnded(taskSid: string, report: FinalReport): void {
    active.delete(taskSid);
    if (report.kind === 'task-ended') finished.add(taskSid);
  }

  // Runs on every store change. A worker holds a handful of tasks, so a full pass costs next to nothing,
  // and unlike a reference check it does not depend on how Flex updates its task map.
  function scanTasks(): void {
    const tasks = deps.directory.listTasks();
    const byTaskSid = new Map(tasks.map((task) => [task.taskSid, task]));
    for (const taskSid of Array.from(finished)) {
      if (!byTaskSid.has(taskSid)) finished.delete(taskSid);
    }
    // An accept resolves when the reservation leaves 'pending': accepted (the pick-up below watches it), or
    // rejected, canceled, timed out, gone (nothing to do, and nothing left behind).
    for (const taskSid of Array.from(accepting)) {
      if (byTaskSid.get(taskSid)?.status !== 'pending') accepting.delete(taskSid);
    }
    for (const task of tasks) {
      if (shouldPickUpAcceptedTask(task)) watch(task.taskSid);
    }
    deps.onTasksScanned?.(tasks);
  }

  return {
    start() {
      if (unsubscribe !== undefined) return;
      unsubscribe = deps.directory.subscribe(scanTasks);
      scanTasks();
    },
    taskAccepting(taskSid) {
      const task = deps.directory.listTasks().find((candidate) => candidate.taskSid === taskSid);
      if (task !== undefined && task.status === 'pending' && isCustomerCallTask(task)) accepting.add(taskSid);
    },
    retry(taskSid) {
      const existing = active.get(taskSid);
      if (existing !== undefined) return existing.retry();
      const task = deps.directory.listTasks().find((candidate) => candidate.taskSid === taskSid);
      if (task === undefined || !shouldPickUpAcceptedTask(task)) return false;
      finished.delete(taskSid);
      watch(taskSid);
      return active.has(taskSid);
    },
    dispose() {
      unsubscribe?.();
      unsubscribe = undefined;
      for (const recordingWatch of Array.from(active.values())) recordingWatch.stop();
      active.clear();
      finished.clear();
      accepting.clear();
    },
    get activeWatchCount() {
      return active.size;
    },
    get finishedTaskCount() {
      return finished.size;
    },
    get pendingAcceptCount() {
      return accepting.size;
    },
  };
}
