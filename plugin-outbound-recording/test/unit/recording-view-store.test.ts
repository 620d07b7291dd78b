import { createRecordingViewStore } from '../../src/recording-indicator/recording-view-store';

const WT1 = 'WT' + '1'.repeat(32);
const WT2 = 'WT' + '2'.repeat(32);
const RE = 'RE' + 'a'.repeat(32);

describe('createRecordingViewStore', () => {
  it('notifies only the changed task, and only on change', () => {
    const store = createRecordingViewStore();
    const one = jest.fn();
    const two = jest.fn();
    store.subscribe(WT1, one);
    store.subscribe(WT2, two);
    store.dispatch(WT1, { type: 'watch-waiting' });
    store.dispatch(WT1, { type: 'watch-waiting' });
    expect(one).toHaveBeenCalledTimes(1);
    expect(two).not.toHaveBeenCalled();
    expect(store.get(WT1)).toEqual({ kind: 'waiting' });
  });

  it('feeds a server state once per change (the store re-reads attributes on every Flex update)', () => {
    const store = createRecordingViewStore();
    const listener = jest.fn();
    store.subscribe(WT1, listener);
    const state = { status: 'in-progress' as const, recording_sid: RE, updated_at: '2026-01-01T00:00:00.000Z' };
    store.observeServerState(WT1, state);
    store.observeServerState(WT1, { ...state });
    store.observeServerState(WT1, undefined);
    expect(listener).toHaveBeenCalledTimes(1);
    store.observeServerState(WT1, { ...state, status: 'paused', updated_at: '2026-01-01T00:00:05.000Z' });
    expect(store.get(WT1)).toEqual({ kind: 'paused', recordingSid: RE });
  });

  it('tells the truth after the watch gave up: "not recorded" with its reason, then "recording" once the server records', () => {
    const store = createRecordingViewStore();
    const CA = 'CA' + '1'.repeat(32);
    store.dispatch(WT1, { type: 'watch-waiting' });
    store.dispatch(WT1, { type: 'start-failed', reason: { kind: 'timed-out', seconds: 120 }, retryable: true, callSid: CA });
    expect(store.get(WT1)).toMatchObject({ kind: 'failed', reason: { kind: 'timed-out', seconds: 120 } });
    store.observeServerState(WT1, { status: 'in-progress', recording_sid: RE, call_sid: CA, updated_at: '2026-01-01T00:02:05.000Z' });
    expect(store.get(WT1)).toEqual({ kind: 'recording', recordingSid: RE, callSid: CA });
  });

  it('creates no view for a task that ends without ever having had one (a rejected reservation)', () => {
    const store = createRecordingViewStore();
    const listener = jest.fn();
    store.subscribe(WT1, listener);
    store.dispatch(WT1, { type: 'call-ended' });
    expect(store.get(WT1)).toBeUndefined();
    expect(store.size).toBe(0);
    expect(listener).not.toHaveBeenCalled();
  });

  it('forgets tasks that left Flex and counts its subscriptions down to zero', () => {
    const store = createRecordingViewStore();
    store.dispatch(WT1, { type: 'watch-waiting' });
    store.dispatch(WT2, { type: 'watch-waiting' });
    const unsubscribe = store.subscribe(WT1, () => undefined);
    expect(store.listenerCount).toBe(1);
    store.retainOnly(new Set([WT2]));
    expect(store.get(WT1)).toBeUndefined();
    expect(store.size).toBe(1);
    unsubscribe();
    unsubscribe();
    expect(store.listenerCount).toBe(0);
    store.clear();
    expect(store.size).toBe(0);
  });
});
