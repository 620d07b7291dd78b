import { CallStateSource, RecordingWatch, WatchEnd } from './task-recording-watch';
import { RecordingPolicy } from '../contract/recording-policy';
import { TaskFacts, isRecordedVoiceTask, shouldPickUpAcceptedTask } from './task-eligibility';

export interface ListedTask extends TaskFacts {
  taskSid: string;
}

export interface TaskDirectory extends CallStateSource {
  listTasks(): ReadonlyArray<ListedTask>;
}

export interface CoordinatorDependencies {
  directory: TaskDirectory;
  createWatch: (taskSid: string, onEnd: (end: WatchEnd) => void) => RecordingWatch;
  onWatchEnd: (taskSid: string, end: WatchEnd) => void;
  /** Which tasks are recorded (exclusions, inbound opt-in); default: outbound calls only. */
  policy?: RecordingPolicy;
  /** After each pass over Flex's tasks (every store change), with the tasks now in the store. */
  onTasksScanned?: (tasks: ReadonlyArray<ListedTask>) => void;
}

export interface RecordingCoordinator {
  /** Picks up accepted outbound tasks already in the store and keeps doing so as tasks arrive. */
  start(): void;
  /** The AcceptTask hook: starts watching an outbound voice task. Synchronous and cheap by design. */
  taskAccepting(task: ListedTask): void;
  /** Watches a finished task again (the agent's Retry); false when the task is not a live outbound call. */
  retry(taskSid: string): boolean;
  /** Stops every watch and the store subscription. */
  dispose(): void;
  readonly activeWatchCount: number;
  readonly finishedTaskCount: number;
}

/**
 * Decides which tasks get a watch: one per task SID at a time, never again once finished while the task
 * stays in the store (a reload starts with an empty memory, which is fine: the Function is idempotent).
 */
export function createRecordingCoordinator(deps: CoordinatorDependencies): RecordingCoordinator {
  const active = new Map<string, RecordingWatch>();
  // Bounded: entries are dropped as soon as their task leaves the store.
  const finished = new Set<string>();
  let unsubscribe: (() => void) | undefined;

  function watch(taskSid: string): void {
    if (active.has(taskSid) || finished.has(taskSid)) return;
    const recordingWatch = deps.createWatch(taskSid, (end) => {
      active.delete(taskSid);
      finished.add(taskSid);
      deps.onWatchEnd(taskSid, end);
    });
    active.set(taskSid, recordingWatch);
    recordingWatch.start();
  }

  // Runs on every store change. A worker holds a handful of tasks, so a full pass costs next to nothing,
  // and unlike a reference check it does not depend on how Flex updates its task map.
  function scanTasks(): void {
    const tasks = deps.directory.listTasks();
    const present = new Set(tasks.map((task) => task.taskSid));
    for (const taskSid of finished) {
      if (!present.has(taskSid)) finished.delete(taskSid);
    }
    for (const task of tasks) {
      if (shouldPickUpAcceptedTask(task, deps.policy)) watch(task.taskSid);
    }
    deps.onTasksScanned?.(tasks);
  }

  return {
    start() {
      if (unsubscribe !== undefined) return;
      unsubscribe = deps.directory.subscribe(scanTasks);
      scanTasks();
    },
    taskAccepting(task) {
      if (isRecordedVoiceTask(task, deps.policy)) watch(task.taskSid);
    },
    retry(taskSid) {
      const task = deps.directory.listTasks().find((candidate) => candidate.taskSid === taskSid);
      if (task === undefined || !shouldPickUpAcceptedTask(task, deps.policy) || active.has(taskSid)) return false;
      finished.delete(taskSid);
      watch(taskSid);
      return true;
    },
    dispose() {
      unsubscribe?.();
      unsubscribe = undefined;
      for (const recordingWatch of Array.from(active.values())) recordingWatch.stop();
      active.clear();
      finished.clear();
    },
    get activeWatchCount() {
      return active.size;
    },
    get finishedTaskCount() {
      return finished.size;
    },
  };
}
