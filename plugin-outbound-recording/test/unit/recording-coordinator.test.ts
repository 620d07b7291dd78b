import { ListedTask, TaskDirectory, createRecordingCoordinator } from '../../src/recording-watch/recording-coordinator';
import { RecordingWatch, WatchEnd } from '../../src/recording-watch/task-recording-watch';

/** A directory whose task list the test sets, notifying subscribers like a store would. */
function fakeDirectory() {
  let tasks: ListedTask[] = [];
  const listeners = new Set<() => void>();
  const directory: TaskDirectory = {
    listTasks: () => tasks,
    readTask: () => undefined,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    directory,
    listeners,
    setTasks(next: ListedTask[]) {
      tasks = next;
      for (const listener of Array.from(listeners)) listener();
    },
  };
}

const outbound = (taskSid: string, status = 'accepted'): ListedTask => ({
  taskSid,
  status,
  taskStatus: status === 'pending' ? 'reserved' : 'assigned',
  taskChannelUniqueName: 'voice',
  attributes: { direction: 'outbound' },
});

function setup() {
  const fake = fakeDirectory();
  const created: Array<{ taskSid: string; end: (end: WatchEnd) => void; stopped: boolean }> = [];
  const ended: Array<[string, WatchEnd['kind']]> = [];
  const coordinator = createRecordingCoordinator({
    directory: fake.directory,
    createWatch: (taskSid, onEnd): RecordingWatch => {
      const entry = { taskSid, end: onEnd, stopped: false };
      created.push(entry);
      return { start: () => undefined, stop: () => ((entry.stopped = true), onEnd({ kind: 'stopped' })) };
    },
    onWatchEnd: (taskSid, end) => ended.push([taskSid, end.kind]),
  });
  return { ...fake, coordinator, created, ended };
}

describe('createRecordingCoordinator', () => {
  it('watches an outbound voice task on accept, once', () => {
    const { coordinator, created } = setup();
    coordinator.taskAccepting(outbound('WT1', 'pending'));
    coordinator.taskAccepting(outbound('WT1', 'pending'));
    expect(created.map((c) => c.taskSid)).toEqual(['WT1']);
    expect(coordinator.activeWatchCount).toBe(1);
  });

  it('ignores other tasks on accept', () => {
    const { coordinator, created } = setup();
    coordinator.taskAccepting({ ...outbound('WT1'), attributes: { direction: 'inbound' } });
    coordinator.taskAccepting({ ...outbound('WT2'), taskChannelUniqueName: 'chat' });
    expect(created).toEqual([]);
  });

  it('picks up accepted outbound tasks present at start and arriving later; not pending ones', () => {
    const { coordinator, created, setTasks } = setup();
    setTasks([outbound('WT1')]);
    coordinator.start();
    expect(created.map((c) => c.taskSid)).toEqual(['WT1']);
    setTasks([outbound('WT1'), outbound('WT2', 'pending')]);
    expect(created.map((c) => c.taskSid)).toEqual(['WT1']);
    setTasks([outbound('WT1'), outbound('WT2')]);
    expect(created.map((c) => c.taskSid)).toEqual(['WT1', 'WT2']);
  });

  it('does not watch a finished task again while it is in the store, and forgets it when it leaves', () => {
    const { coordinator, created, ended, setTasks } = setup();
    coordinator.start();
    setTasks([outbound('WT1')]);
    created[0].end({ kind: 'customer-never-joined' });
    expect(ended).toEqual([['WT1', 'customer-never-joined']]);
    setTasks([outbound('WT1')]);
    coordinator.taskAccepting(outbound('WT1'));
    expect(created).toHaveLength(1);
    expect(coordinator.finishedTaskCount).toBe(1);
    setTasks([]);
    expect(coordinator.finishedTaskCount).toBe(0);
    setTasks([outbound('WT1')]);
    expect(created).toHaveLength(2);
  });

  it('copes with a watch that ends while starting', () => {
    const fake = fakeDirectory();
    const coordinator = createRecordingCoordinator({
      directory: fake.directory,
      createWatch: (_taskSid, onEnd) => ({ start: () => onEnd({ kind: 'task-ended' }), stop: () => undefined }),
      onWatchEnd: () => undefined,
    });
    coordinator.taskAccepting(outbound('WT1'));
    expect(coordinator.activeWatchCount).toBe(0);
    expect(coordinator.finishedTaskCount).toBe(1);
  });

  it('dispose stops every watch and unsubscribes', () => {
    const { coordinator, created, listeners, setTasks } = setup();
    coordinator.start();
    setTasks([outbound('WT1'), outbound('WT2')]);
    expect(listeners.size).toBe(1);
    coordinator.dispose();
    expect(created.every((c) => c.stopped)).toBe(true);
    expect(listeners.size).toBe(0);
    expect(coordinator.activeWatchCount).toBe(0);
    expect(coordinator.finishedTaskCount).toBe(0);
  });
});
