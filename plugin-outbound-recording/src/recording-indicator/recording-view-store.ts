import { RecordingStateAttribute } from '../contract/recording-api';
import { RecordingEvent, RecordingView, reduceRecordingView, serverStateKey } from './recording-view';

/**
 * The recording view of each task the plugin shows, as a tiny observable store: the indicator subscribes
 * to its task, the plugin dispatches events. No timers, no polling. Entries go when their task leaves
 * Flex's store (`retainOnly`), so the memory is bounded by the tasks the agent holds.
 */
export interface RecordingViewStore {
  get(taskSid: string): RecordingView | undefined;
  dispatch(taskSid: string, event: RecordingEvent): void;
  /** Feeds the task's `call_recording` attribute; only a change becomes an event. */
  observeServerState(taskSid: string, state: RecordingStateAttribute | undefined): void;
  /** Calls listener after each change of that task's view; returns the unsubscribe function. */
  subscribe(taskSid: string, listener: () => void): () => void;
  /** Forgets every task not in `taskSids` (the tasks still in Flex's store). */
  retainOnly(taskSids: ReadonlySet<string>): void;
  clear(): void;
  readonly listenerCount: number;
  readonly size: number;
}

export function createRecordingViewStore(): RecordingViewStore {
  const views = new Map<string, RecordingView>();
  const seenServerStates = new Map<string, string>();
  const listeners = new Map<string, Set<() => void>>();

  function notify(taskSid: string): void {
    for (const listener of Array.from(listeners.get(taskSid) ?? [])) listener();
  }

  function dispatch(taskSid: string, event: RecordingEvent): void {
    const before = views.get(taskSid);
    const after = reduceRecordingView(before, event);
    if (after === before) return;
    if (after === undefined) views.delete(taskSid);
    else views.set(taskSid, after);
    notify(taskSid);
  }

  return {
    get: (taskSid) => views.get(taskSid),
    dispatch,
    observeServerState(taskSid, state) {
      const key = serverStateKey(state);
      if (key === (seenServerStates.get(taskSid) ?? '')) return;
      seenServerStates.set(taskSid, key);
      if (state !== undefined) dispatch(taskSid, { type: 'server-state', state });
    },
    subscribe(taskSid, listener) {
      const set = listeners.get(taskSid) ?? new Set<() => void>();
      set.add(listener);
      listeners.set(taskSid, set);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(taskSid) === set) listeners.delete(taskSid);
      };
    },
    retainOnly(taskSids) {
      for (const taskSid of Array.from(views.keys())) {
        if (!taskSids.has(taskSid)) {
          views.delete(taskSid);
          notify(taskSid);
        }
      }
      for (const taskSid of Array.from(seenServerStates.keys())) {
        if (!taskSids.has(taskSid)) seenServerStates.delete(taskSid);
      }
    },
    clear() {
      const known = Array.from(views.keys());
      views.clear();
      seenServerStates.clear();
      for (const taskSid of known) notify(taskSid);
    },
    get listenerCount() {
      let count = 0;
      for (const set of listeners.values()) count += set.size;
      return count;
    },
    get size() {
      return views.size;
    },
  };
}
