import { ListedTask, TaskDirectory, createRecordingCoordinator } from '../../src/recording-watch/recording-coordinator';
import { RecordingWatch, WatchReport } from '../../src/recording-watch/task-recording-watch';

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
  taskStatus: status === 'pending' ? 'reserved' : status === 'wrapping' ? 'wrapping' : 'assigned',
  taskChannelUniqueName: 'voice',
  attributes: { direction: 'outbound' },
});

interface FakeWatch {
  taskSid: string;
  report: (report: WatchReport) => void;
  started: boolean;
  stopped: boolean;
  retries: number;
  retryAnswer: boolean;
}

function setup() {
  const fake = fakeDirectory();
  const created: FakeWatch[] = [];
  const reported: Array<[string, WatchReport['kind']]> = [];
  const coordinator = createRecordingCoordinator({
    directory: fake.directory,
    createWatch: (taskSid, report): RecordingWatch => {
      const entry: FakeWatch = { taskSid, report, started: false, stopped: false, retries: 0, retryAnswer: true };
      created.push(entry);
      return {
        start: () => void (entry.started = true),
        stop: () => ((entry.stopped = true), report({ kind: 'stopped' })),
        retry: () => ((entry.retries += 1), entry.retryAnswer),
      };
    },
    onWatchReport: (taskSid, report) => reported.push([taskSid, report.kind]),
  });
  return { ...fake, coordinator, created, reported };
}

describe('createRecordingCoordinator', () => {
  it('beforeAcceptTask only notes the task: no watch until the store shows the reservation accepted', () => {
    const { coordinator, created, setTasks } = setup();
    coordinator.start();
    setTasks([outbound('WT1', 'pending')]);
    coordinator.taskAccepting('WT1');
    coordinator.taskAccepting('WT1');
    expect(created).toEqual([]);
    expect(coordinator.pendingAcceptCount).toBe(1);
    // afterAcceptTask fires while the reservation is still pending: still nothing.
    setTasks([outbound('WT1', 'pending')]);
    expect(created).toEqual([]);
    setTasks([outbound('WT1', 'accepted')]);
    expect(created.map((c) => [c.taskSid, c.started])).toEqual([['WT1', true]]);
    expect(coordinator.pendingAcceptCount).toBe(0);
  });

  it('an accept that does not go through (rejected, or the task gone) leaves nothing; a later accept is watched', () => {
    const { coordinator, created, setTasks } = setup();
    coordinator.start();
    setTasks([outbound('WT1', 'pending'), outbound('WT2', 'pending')]);
    coordinator.taskAccepting('WT1');
    coordinator.taskAccepting('WT2');
    setTasks([outbound('WT1', 'rejected'), outbound('WT2', 'pending')]);
    expect(coordinator.pendingAcceptCount).toBe(1);
    setTasks([]);
    expect(coordinator.pendingAcceptCount).toBe(0);
    expect(created).toEqual([]);
    expect(coordinator.activeWatchCount).toBe(0);
    // The same task offered again and accepted this time.
    setTasks([outbound('WT1', 'pending')]);
    coordinator.taskAccepting('WT1');
    setTasks([outbound('WT1', 'accepted')]);
    expect(created.map((c) => c.taskSid)).toEqual(['WT1']);
  });

  it('an accept that fails with the reservation left pending holds no watch while it stays pending', () => {
    const { coordinator, created, setTasks } = setup();
    coordinator.start();
    setTasks([outbound('WT1', 'pending')]);
    coordinator.taskAccepting('WT1');
    for (let i = 0; i < 3; i += 1) setTasks([outbound('WT1', 'pending')]);
    expect(created).toEqual([]);
  });

  it('notes only pending calls with a customer: inbound ones too (the Functions decide whether they are recorded)', () => {
    const { coordinator, setTasks } = setup();
    coordinator.start();
    setTasks([
      { ...outbound('WT1', 'pending'), attributes: { direction: 'inbound' } },
      { ...outbound('WT2', 'pending'), taskChannelUniqueName: 'chat' },
      outbound('WT3', 'accepted'),
      { ...outbound('WT4', 'pending'), attributes: { direction: 'outbound', client_call: true } },
    ]);
    for (const taskSid of ['WT1', 'WT2', 'WT3', 'WT4', 'WT-unknown']) coordinator.taskAccepting(taskSid);
    expect(coordinator.pendingAcceptCount).toBe(1);
  });

  it('picks up accepted recorded tasks present at start and arriving later, once each; not pending ones', () => {
    const { coordinator, created, setTasks } = setup();
    setTasks([outbound('WT1')]);
    coordinator.start();
    expect(created.map((c) => c.taskSid)).toEqual(['WT1']);
    setTasks([outbound('WT1'), outbound('WT2', 'pending')]);
    expect(created.map((c) => c.taskSid)).toEqual(['WT1']);
    setTasks([outbound('WT1'), outbound('WT2')]);
    setTasks([outbound('WT1'), outbound('WT2')]);
    expect(created.map((c) => c.taskSid)).toEqual(['WT1', 'WT2']);
  });

  it("passes every report on; only the watch's end frees its slot", () => {
    const { coordinator, created, reported, setTasks } = setup();
    coordinator.start();
    setTasks([outbound('WT1')]);
    const leg = { callSid: 'CA' + '1'.repeat(32), conferenceSid: 'CF' + '2'.repeat(32) };
    created[0].report({ kind: 'waiting' });
    created[0].report({ kind: 'recorded', leg, recording: { recordingSid: 'RE' + 'e'.repeat(32), status: 'in-progress' }, via: 'request' });
    expect(coordinator.activeWatchCount).toBe(1);
    created[0].report({ kind: 'task-ended' });
    created[0].report({ kind: 'task-ended' });
    expect(reported).toEqual([
      ['WT1', 'waiting'],
      ['WT1', 'recorded'],
      ['WT1', 'task-ended'],
    ]);
    expect(coordinator.activeWatchCount).toBe(0);
  });

  it('does not watch a task again whose watch ended while it stays in the store, and forgets it when it leaves', () => {
    const { coordinator, created, setTasks } = setup();
    coordinator.start();
    setTasks([outbound('WT1')]);
    created[0].report({ kind: 'task-ended' });
    setTasks([outbound('WT1')]);
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
      createWatch: (_taskSid, report) => ({ start: () => report({ kind: 'task-ended' }), stop: () => undefined, retry: () => false }),
      onWatchReport: () => undefined,
    });
    fake.setTasks([outbound('WT1')]);
    coordinator.start();
    expect(coordinator.activeWatchCount).toBe(0);
    expect(coordinator.finishedTaskCount).toBe(1);
  });

  it("Retry goes to the task's watch; without one, only a live accepted recorded task gets a new watch", () => {
    const { coordinator, created, setTasks } = setup();
    coordinator.start();
    setTasks([outbound('WT1'), outbound('WT2', 'pending'), outbound('WT3', 'wrapping')]);
    expect(coordinator.retry('WT1')).toBe(true);
    expect(created[0].retries).toBe(1);
    created[0].retryAnswer = false;
    expect(coordinator.retry('WT1')).toBe(false);
    expect(coordinator.retry('WT2')).toBe(false);
    expect(coordinator.retry('WT3')).toBe(false);
    expect(coordinator.retry('WT-gone')).toBe(false);
    expect(created).toHaveLength(1);
  });

  it('dispose stops every watch, forgets every note and unsubscribes', () => {
    const { coordinator, created, listeners, setTasks } = setup();
    coordinator.start();
    setTasks([outbound('WT1'), outbound('WT2'), outbound('WT3', 'pending')]);
    coordinator.taskAccepting('WT3');
    expect(listeners.size).toBe(1);
    coordinator.dispose();
    expect(created.every((c) => c.stopped)).toBe(true);
    expect(listeners.size).toBe(0);
    expect(coordinator.activeWatchCount).toBe(0);
    expect(coordinator.finishedTaskCount).toBe(0);
    expect(coordinator.pendingAcceptCount).toBe(0);
  });
});
