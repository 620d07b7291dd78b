import { DEFAULT_RETRY_POLICY } from '../../src/recording-service/retry-policy';
import { StartOutcome } from '../../src/recording-service/start-outcome';
import { CallStateSource, TaskSnapshot, WatchEnd, createTaskRecordingWatch } from '../../src/recording-watch/task-recording-watch';

const CF = 'CF' + 'c'.repeat(32);
const CUSTOMER = 'CA' + '1'.repeat(32);

function source() {
  let task: TaskSnapshot | undefined;
  const listeners = new Set<() => void>();
  const callState: CallStateSource = {
    readTask: () => task,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    callState,
    listeners,
    set(next: TaskSnapshot | undefined) {
      task = next;
      for (const listener of Array.from(listeners)) listener();
    },
  };
}

const snapshot = (over: Partial<TaskSnapshot> = {}): TaskSnapshot => ({
  attributes: { direction: 'outbound' },
  taskChannelUniqueName: 'voice',
  status: 'accepted',
  taskStatus: 'assigned',
  conferences: [],
  ...over,
});
const withCustomer = snapshot({
  conferences: [
    {
      conferenceSid: CF,
      participants: [{ participantType: 'customer', status: 'joined', callSid: CUSTOMER, isCurrentWorker: false, isMyself: false }],
    },
  ],
});

function setup(outcome: () => Promise<StartOutcome>) {
  jest.useFakeTimers();
  const state = source();
  const ends: WatchEnd[] = [];
  const startRecording = jest.fn(outcome);
  const watch = createTaskRecordingWatch(
    'WT1',
    {
      callState: state.callState,
      startRecording,
      getToken: () => 'token',
      timers: { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h) },
      now: () => Date.now(),
      random: () => 0.5,
      waitMs: 60000,
      requestTimeoutMs: 15000,
      retryPolicy: DEFAULT_RETRY_POLICY,
    },
    (end) => ends.push(end),
  );
  return { state, ends, startRecording, watch };
}

const started = async (): Promise<StartOutcome> => ({ kind: 'started', recording: { recordingSid: 'RE' + 'e'.repeat(32), status: 'in-progress' } });

afterEach(() => jest.useRealTimers());

describe('createTaskRecordingWatch', () => {
  it('does nothing before start()', () => {
    const { state, startRecording } = setup(started);
    state.set(withCustomer);
    expect(state.listeners.size).toBe(0);
    expect(startRecording).not.toHaveBeenCalled();
  });

  it('waits for a task that is not in the store yet (the accept hook can run before the store has it)', async () => {
    const { state, ends, startRecording, watch } = setup(started);
    watch.start();
    expect(ends).toEqual([]);
    state.set(withCustomer);
    await Promise.resolve();
    await Promise.resolve();
    expect(startRecording).toHaveBeenCalledWith({ Token: 'token', TaskSid: 'WT1', CallSid: CUSTOMER, ConferenceSid: CF }, expect.any(Object));
    expect(ends.map((e) => e.kind)).toEqual(['recorded']);
  });

  it('ends when a task it has seen disappears from the store', () => {
    const { state, ends, watch } = setup(started);
    state.set(snapshot());
    watch.start();
    state.set(undefined);
    expect(ends).toEqual([{ kind: 'task-ended' }]);
    expect(state.listeners.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ends at once for a task that is already over', () => {
    const { state, ends, watch, startRecording } = setup(started);
    state.set({ ...withCustomer, status: 'wrapping', taskStatus: 'wrapping' });
    watch.start();
    expect(ends).toEqual([{ kind: 'task-ended' }]);
    expect(startRecording).not.toHaveBeenCalled();
  });

  it('stop() ends it once, with nothing left behind', () => {
    const { state, ends, watch } = setup(started);
    watch.start();
    watch.stop();
    watch.stop();
    expect(ends).toEqual([{ kind: 'stopped' }]);
    expect(state.listeners.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('treats a rejecting client like an unanswered request and retries', async () => {
    const outcomes = [() => Promise.reject(new Error('bug')), started];
    const { state, ends, startRecording, watch } = setup(() => (outcomes.shift() ?? started)());
    state.set(withCustomer);
    watch.start();
    await jest.advanceTimersByTimeAsync(5000);
    expect(startRecording).toHaveBeenCalledTimes(2);
    expect(ends.map((e) => e.kind)).toEqual(['recorded']);
  });
});
