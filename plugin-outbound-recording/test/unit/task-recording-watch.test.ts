import { RecordingStateAttribute, StartRecordingRequest } from '../../src/contract/recording-api';
import { DEFAULT_RETRY_POLICY } from '../../src/functions-client/retry-policy';
import { StartFailure, StartOutcome } from '../../src/functions-client/start-outcome';
import { ParticipantFacts } from '../../src/recording-watch/customer-leg';
import { CallStateSource, TaskSnapshot, WatchReport, createTaskRecordingWatch } from '../../src/recording-watch/task-recording-watch';

const CF = 'CF' + 'c'.repeat(32);
const CA = (n: number) => 'CA' + n.toString(16).padStart(32, '0');
const RE = 'RE' + 'e'.repeat(32);
const WAIT_MS = 60000;
const REQUEST_TIMEOUT_MS = 15000;

const agent: ParticipantFacts = { participantType: 'worker', status: 'joined', callSid: CA(99), isCurrentWorker: true, workerSid: 'WK' + '1'.repeat(32) };
const customer = (n: number, over: Partial<ParticipantFacts> = {}): ParticipantFacts => ({
  participantType: 'customer',
  status: 'joined',
  callSid: CA(n),
  isCurrentWorker: false,
  ...over,
});
const recordingState = (over: Partial<RecordingStateAttribute> = {}): RecordingStateAttribute => ({
  status: 'in-progress',
  recording_sid: RE,
  call_sid: CA(1),
  updated_at: '2026-01-01T00:00:00.000Z',
  ...over,
});

/** An accepted outbound task whose conference holds these participants. */
const task = (participants: ParticipantFacts[], over: Partial<TaskSnapshot> = {}): TaskSnapshot => ({
  attributes: { direction: 'outbound' },
  taskChannelUniqueName: 'voice',
  status: 'accepted',
  taskStatus: 'assigned',
  conferences: [{ conferenceSid: CF, participants }],
  ...over,
});
const withState = (snapshot: TaskSnapshot, state: RecordingStateAttribute): TaskSnapshot => ({
  ...snapshot,
  attributes: { direction: 'outbound', call_recording: state },
});

/** The call state: the test sets the task, subscribers are told like the Flex store would tell them. */
function source(initial: TaskSnapshot | undefined) {
  let current = initial;
  const listeners = new Set<() => void>();
  const callState: CallStateSource = {
    readTask: () => current,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    callState,
    listeners,
    set(next: TaskSnapshot | undefined) {
      current = next;
      for (const listener of Array.from(listeners)) listener();
    },
  };
}

/** The start-recording Function: every request waits until the test answers it, unless `autoAnswer` is set. */
function service() {
  const calls: Array<{ request: StartRecordingRequest; signal: AbortSignal; answer: (outcome: StartOutcome) => Promise<void> }> = [];
  const control: { autoAnswer?: () => Promise<StartOutcome> } = {};
  const startRecording = jest.fn(
    (request: StartRecordingRequest, signal: AbortSignal) =>
      new Promise<StartOutcome>((resolve, reject) => {
        if (control.autoAnswer !== undefined) control.autoAnswer().then(resolve, reject);
        calls.push({
          request,
          signal,
          answer: async (outcome) => {
            resolve(outcome);
            await flush();
          },
        });
      }),
  );
  return { startRecording, calls, control, last: () => calls[calls.length - 1] };
}

const started = (status: 'in-progress' | 'paused' = 'in-progress'): StartOutcome => ({ kind: 'started', recording: { recordingSid: RE, status } });
/** The Functions refusing in a way worth asking again for: busy, or (the contract's newer code) the customer has not answered yet. */
const notYet: StartFailure = { retryable: true, httpStatus: 409, detail: 'the customer has not answered yet' };
const refusedFor = (failure: StartFailure): StartOutcome => ({ kind: 'failed', failure });
const final: StartFailure = { retryable: false, code: 'task_not_held', httpStatus: 403, detail: '' };

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

function setup(initial: TaskSnapshot | undefined, options: { onReport?: (report: WatchReport) => void; serverGraceMs?: number } = {}) {
  jest.useFakeTimers();
  const state = source(initial);
  const svc = service();
  const reports: WatchReport[] = [];
  const watch = createTaskRecordingWatch(
    'WT1',
    {
      callState: state.callState,
      startRecording: svc.startRecording,
      getToken: () => 'token',
      timers: { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h) },
      now: () => Date.now(),
      // The middle of full jitter: the first backoff is 500 ms, then 1 s, 2 s, 4 s (retry-policy.ts).
      random: () => 0.5,
      waitMs: WAIT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      retryPolicy: DEFAULT_RETRY_POLICY,
      ...(options.serverGraceMs === undefined ? {} : { serverGraceMs: options.serverGraceMs }),
    },
    (report) => {
      reports.push(report);
      options.onReport?.(report);
    },
  );
  const kinds = () => reports.map((r) => r.kind);
  return { state, svc, reports, kinds, watch };
}

afterEach(() => jest.useRealTimers());

describe('createTaskRecordingWatch: the first customer leg', () => {
  it('does nothing before start()', () => {
    const { state, svc } = setup(task([agent, customer(1)]));
    state.set(task([agent, customer(1)]));
    expect(state.listeners.size).toBe(0);
    expect(svc.startRecording).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('asks once for the customer leg and, once recorded, keeps following with one subscription and no timer', async () => {
    const { state, svc, reports, watch } = setup(task([agent]));
    watch.start();
    expect(reports).toEqual([{ kind: 'waiting' }]);
    expect(jest.getTimerCount()).toBe(1);
    state.set(task([agent, customer(1)]));
    expect(svc.calls.map((c) => c.request)).toEqual([{ Token: 'token', TaskSid: 'WT1', CallSid: CA(1), ConferenceSid: CF }]);
    await svc.last().answer(started());
    const leg = { callSid: CA(1), conferenceSid: CF };
    expect(reports).toEqual([
      { kind: 'waiting' },
      { kind: 'starting', leg },
      { kind: 'recorded', leg, recording: { recordingSid: RE, status: 'in-progress' }, via: 'request' },
    ]);
    expect(state.listeners.size).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
    state.set(task([agent, customer(1)]));
    await jest.advanceTimersByTimeAsync(10 * WAIT_MS);
    expect(svc.startRecording).toHaveBeenCalledTimes(1);
  });

  it('keeps asking while the customer has not answered (retryable refusals), past any attempt count, until recorded', async () => {
    const { state, svc, kinds, watch } = setup(task([agent, customer(1)]));
    watch.start();
    for (let i = 0; i < 8; i += 1) {
      await svc.last().answer(refusedFor(notYet));
      await jest.advanceTimersByTimeAsync(4000);
    }
    expect(svc.calls).toHaveLength(9);
    await svc.last().answer(started());
    expect(kinds()).toEqual(['waiting', 'starting', 'recorded']);
    expect(state.listeners.size).toBe(1);
  });

  it('asks again at once when the conference changes during a backoff, not on store updates that change nothing there', async () => {
    const { state, svc, watch } = setup(task([agent, customer(1, { connecting: true })]));
    watch.start();
    await svc.last().answer(refusedFor(notYet));
    await jest.advanceTimersByTimeAsync(400);
    state.set(task([agent, customer(1, { connecting: true })]));
    expect(svc.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(100);
    expect(svc.calls).toHaveLength(2);
    await svc.last().answer(refusedFor(notYet));
    // The next backoff would be 1 s: the customer answering shows up first.
    state.set(task([agent, customer(1, { connecting: false })]));
    expect(svc.calls).toHaveLength(3);
    expect(jest.getTimerCount()).toBe(2); // the bound and the request's own timeout; the backoff is gone
  });

  it('gives up at the bound, which runs from start(): "not recorded" once, then only follows', async () => {
    const { state, svc, reports, watch } = setup(task([agent]));
    svc.control.autoAnswer = async () => refusedFor(notYet);
    watch.start();
    await jest.advanceTimersByTimeAsync(50000);
    state.set(task([agent, customer(1)]));
    await jest.advanceTimersByTimeAsync(9999);
    expect(reports.filter((r) => r.kind === 'not-recorded')).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    const attempts = svc.calls.length;
    expect(attempts).toBeGreaterThan(1);
    expect(reports[reports.length - 1]).toEqual({
      kind: 'not-recorded',
      leg: { callSid: CA(1), conferenceSid: CF },
      reason: { kind: 'gave-up', failure: notYet, attempts },
    });
    expect(jest.getTimerCount()).toBe(0);
    expect(state.listeners.size).toBe(1);
    state.set(task([agent, customer(1, { connecting: true })]));
    await jest.advanceTimersByTimeAsync(WAIT_MS);
    expect(svc.calls).toHaveLength(attempts);
    expect(reports.filter((r) => r.kind === 'not-recorded')).toHaveLength(1);
  });

  it('a customer who rings until the bound and never answers is an unanswered call, not a lost recording', async () => {
    const { state, svc, reports, kinds, watch } = setup(task([agent, customer(1)]));
    const ringing: StartFailure = { retryable: true, code: 'customer_not_answered', httpStatus: 409, detail: 'not answered yet' };
    svc.control.autoAnswer = async () => refusedFor(ringing);
    watch.start();
    await jest.advanceTimersByTimeAsync(WAIT_MS);
    expect(svc.calls.length).toBeGreaterThan(1);
    expect(reports.filter((r) => r.kind === 'not-recorded')).toEqual([]);
    expect(kinds()[kinds().length - 1]).toBe('customer-never-joined');
    expect(jest.getTimerCount()).toBe(0);
    expect(state.listeners.size).toBe(1);
  });

  it('a refusal that asking again will not change ends the leg at once', async () => {
    const { svc, reports, watch } = setup(task([agent, customer(1)]));
    watch.start();
    await svc.last().answer(refusedFor(final));
    expect(reports[reports.length - 1]).toMatchObject({ kind: 'not-recorded', reason: { kind: 'rejected', failure: final } });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('treats a rejecting client like an unanswered request and retries', async () => {
    const { svc, kinds, watch } = setup(task([agent, customer(1)]));
    svc.control.autoAnswer = () => Promise.reject(new Error('bug'));
    watch.start();
    await flush();
    svc.control.autoAnswer = async () => started();
    await jest.advanceTimersByTimeAsync(500);
    expect(svc.calls).toHaveLength(2);
    expect(kinds()).toEqual(['waiting', 'starting', 'recorded']);
  });

  it('does not give up on a leg that is missing from one snapshot (a participant without its call SID for a moment)', async () => {
    const { state, svc, kinds, watch } = setup(task([agent, customer(1)]));
    watch.start();
    await svc.last().answer(refusedFor(notYet));
    state.set(task([agent, customer(1, { callSid: undefined })]));
    expect(svc.calls).toHaveLength(2);
    await svc.last().answer(refusedFor(notYet));
    state.set(task([agent, customer(1)]));
    await svc.last().answer(started());
    expect(svc.calls.map((c) => c.request.CallSid)).toEqual([CA(1), CA(1), CA(1)]);
    expect(kinds()).toEqual(['waiting', 'starting', 'recorded']);
  });

  it('reports "customer never joined" at the bound when no customer leg showed up, and then holds no timer', async () => {
    const { state, svc, kinds, watch } = setup(task([agent]));
    watch.start();
    await jest.advanceTimersByTimeAsync(WAIT_MS);
    expect(kinds()).toEqual(['waiting', 'customer-never-joined']);
    expect(svc.startRecording).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
    expect(state.listeners.size).toBe(1);
  });

  it('does not hold up the watch on a task not in the store yet, and ends when a task it has seen disappears', () => {
    const { state, kinds, watch } = setup(undefined);
    watch.start();
    expect(kinds()).toEqual(['waiting']);
    state.set(task([agent]));
    state.set(undefined);
    expect(kinds()).toEqual(['waiting', 'task-ended']);
    expect(state.listeners.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends one request even when whoever is told "starting" changes the store at once', () => {
    let state: ReturnType<typeof source> | undefined;
    const churn = (report: WatchReport) => {
      if (report.kind === 'starting') state?.set(task([agent, customer(1)]));
    };
    const ctx = setup(task([agent]), { onReport: churn });
    state = ctx.state;
    ctx.watch.start();
    ctx.state.set(task([agent, customer(1)]));
    expect(ctx.svc.calls).toHaveLength(1);
  });
});

describe('createTaskRecordingWatch: the bound and requests in flight', () => {
  it('does not abort a request in flight when the bound runs out: its "recorded" counts', async () => {
    const { state, svc, kinds, watch } = setup(task([agent]));
    watch.start();
    await jest.advanceTimersByTimeAsync(WAIT_MS - 1000);
    state.set(task([agent, customer(1)]));
    await jest.advanceTimersByTimeAsync(5000);
    expect(svc.last().signal.aborted).toBe(false);
    await svc.last().answer(started());
    expect(kinds()).toEqual(['waiting', 'starting', 'recorded']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('a retryable answer after the bound is not asked again: "gave up"', async () => {
    const { state, svc, reports, watch } = setup(task([agent]));
    watch.start();
    await jest.advanceTimersByTimeAsync(WAIT_MS - 1000);
    state.set(task([agent, customer(1)]));
    await jest.advanceTimersByTimeAsync(2000);
    await svc.last().answer(refusedFor(notYet));
    expect(svc.calls).toHaveLength(1);
    expect(reports[reports.length - 1]).toMatchObject({ kind: 'not-recorded', reason: { kind: 'gave-up', attempts: 1 } });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('a request that outlives its own timeout past the bound is aborted by that timeout: "timed out"', async () => {
    const { state, svc, reports, watch } = setup(task([agent]));
    watch.start();
    await jest.advanceTimersByTimeAsync(WAIT_MS - 1000);
    state.set(task([agent, customer(1)]));
    await jest.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS);
    expect(svc.last().signal.aborted).toBe(true);
    // What the client makes of its aborted fetch.
    await svc.last().answer(refusedFor({ retryable: true, detail: 'no answer (AbortError)' }));
    expect(reports[reports.length - 1]).toEqual({
      kind: 'not-recorded',
      leg: { callSid: CA(1), conferenceSid: CF },
      reason: { kind: 'timed-out', waitedMs: REQUEST_TIMEOUT_MS },
    });
  });
});

describe("createTaskRecordingWatch: the server's recording state", () => {
  it('a leg the task attributes show recorded is taken as recorded without a request', () => {
    const { svc, reports, watch } = setup(withState(task([agent, customer(1)]), recordingState({ status: 'paused' })));
    watch.start();
    expect(svc.startRecording).not.toHaveBeenCalled();
    expect(reports[reports.length - 1]).toEqual({
      kind: 'recorded',
      leg: { callSid: CA(1), conferenceSid: CF },
      recording: { recordingSid: RE, status: 'paused' },
      via: 'server-state',
    });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('a state about another call leg, or a finished recording, does not count', () => {
    const other = setup(withState(task([agent, customer(1)]), recordingState({ call_sid: CA(2) })));
    other.watch.start();
    expect(other.svc.calls).toHaveLength(1);
    other.watch.stop();
    const done = setup(withState(task([agent, customer(1)]), recordingState({ status: 'completed' })));
    done.watch.start();
    expect(done.svc.calls).toHaveLength(1);
  });

  it('the server recording the leg during a backoff ends the asking', async () => {
    const { state, svc, kinds, watch } = setup(task([agent, customer(1)]));
    watch.start();
    await svc.last().answer(refusedFor(notYet));
    state.set(withState(task([agent, customer(1)]), recordingState()));
    expect(kinds()).toEqual(['waiting', 'starting', 'recorded']);
    await jest.advanceTimersByTimeAsync(WAIT_MS);
    expect(svc.calls).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('the server recording the leg while a request is in flight: recorded, the request released', async () => {
    const { state, svc, reports, watch } = setup(task([agent, customer(1)]));
    watch.start();
    state.set(withState(task([agent, customer(1)]), recordingState()));
    expect(reports[reports.length - 1]).toMatchObject({ kind: 'recorded', via: 'server-state' });
    expect(svc.last().signal.aborted).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    await svc.last().answer(refusedFor(final));
    expect(reports.filter((r) => r.kind === 'not-recorded')).toEqual([]);
  });

  it('a failure answered for a leg the server has meanwhile recorded is not reported as a loss', async () => {
    const { state, svc, reports, watch } = setup(task([agent, customer(1)]));
    watch.start();
    // The attribute lands in the same store update the request's answer races with.
    const recorded = withState(task([agent, customer(1)]), recordingState());
    state.callState.readTask = () => recorded;
    await svc.last().answer(refusedFor(notYet));
    expect(reports[reports.length - 1]).toMatchObject({ kind: 'recorded', via: 'server-state' });
  });
});

describe('createTaskRecordingWatch: the recording follows the customer', () => {
  it('records a new customer leg (new call SID) after the first one left, once', async () => {
    const { state, svc, kinds, watch } = setup(task([agent, customer(1)]));
    watch.start();
    await svc.last().answer(started());
    state.set(task([agent, customer(1, { status: 'recently_left' })]));
    state.set(task([agent, customer(1, { status: 'left' })]));
    expect(svc.calls).toHaveLength(1);
    state.set(task([agent, customer(1, { status: 'left' }), customer(2)]));
    expect(svc.calls.map((c) => c.request.CallSid)).toEqual([CA(1), CA(2)]);
    await svc.last().answer(started());
    state.set(task([agent, customer(1, { status: 'left' }), customer(2)]));
    expect(svc.calls).toHaveLength(2);
    expect(kinds()).toEqual(['waiting', 'starting', 'recorded', 'starting', 'recorded']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('gives a later leg a bound of its own, starting when it joins', async () => {
    const { state, svc, reports, watch } = setup(task([agent, customer(1)]));
    watch.start();
    await svc.last().answer(started());
    await jest.advanceTimersByTimeAsync(2 * WAIT_MS);
    svc.control.autoAnswer = async () => refusedFor(notYet);
    state.set(task([agent, customer(1, { status: 'left' }), customer(2)]));
    await jest.advanceTimersByTimeAsync(WAIT_MS - 5000);
    expect(reports.filter((r) => r.kind === 'not-recorded')).toEqual([]);
    await jest.advanceTimersByTimeAsync(5000);
    expect(reports[reports.length - 1]).toMatchObject({ kind: 'not-recorded', leg: { callSid: CA(2) }, reason: { kind: 'gave-up' } });
  });

  it('stops asking for a leg that left during a backoff ("the call ended", no Retry), and asks for the one that replaced it', async () => {
    const { state, svc, reports, watch } = setup(task([agent, customer(1)]));
    watch.start();
    await svc.last().answer(refusedFor(notYet));
    state.set(task([agent, customer(1, { status: 'left' }), customer(2)]));
    expect(reports.map((r) => [r.kind, 'leg' in r ? r.leg.callSid : undefined])).toEqual([
      ['waiting', undefined],
      ['starting', CA(1)],
      ['not-recorded', CA(1)],
      ['starting', CA(2)],
    ]);
    expect(reports[2]).toMatchObject({ reason: { kind: 'rejected', failure: { retryable: false, code: 'call_not_in_progress' } } });
    expect(svc.calls.map((c) => c.request.CallSid)).toEqual([CA(1), CA(2)]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(svc.calls).toHaveLength(2);
  });

  it('a leg that left while its request was in flight is not asked for again after a retryable answer', async () => {
    const { state, svc, reports, watch } = setup(task([agent, customer(1)]));
    watch.start();
    state.set(task([agent, customer(1, { status: 'recently_left' })]));
    await svc.last().answer(refusedFor(notYet));
    expect(reports[reports.length - 1]).toMatchObject({ kind: 'not-recorded', reason: { kind: 'rejected', failure: { code: 'call_not_in_progress' } } });
    await jest.advanceTimersByTimeAsync(WAIT_MS);
    expect(svc.calls).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('records a customer who joins after "customer never joined"', async () => {
    const { state, svc, kinds, watch } = setup(task([agent]));
    watch.start();
    await jest.advanceTimersByTimeAsync(WAIT_MS);
    state.set(task([agent, customer(1)]));
    await svc.last().answer(started());
    expect(kinds()).toEqual(['waiting', 'customer-never-joined', 'starting', 'recorded']);
  });
});

describe('createTaskRecordingWatch: the end, and Retry', () => {
  it('ends with the task (wrap-up) whatever it is doing, releasing everything', async () => {
    const { state, svc, kinds, watch } = setup(task([agent, customer(1)]));
    watch.start();
    state.set(task([agent, customer(1)], { status: 'wrapping', taskStatus: 'wrapping' }));
    expect(kinds()).toEqual(['waiting', 'starting', 'task-ended']);
    expect(svc.last().signal.aborted).toBe(true);
    expect(state.listeners.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    await svc.last().answer(started());
    expect(kinds()).toEqual(['waiting', 'starting', 'task-ended']);
  });

  it('ends at once for a task that is already over', () => {
    const { svc, kinds, watch } = setup(task([agent, customer(1)], { status: 'wrapping', taskStatus: 'wrapping' }));
    watch.start();
    expect(kinds()).toEqual(['waiting', 'task-ended']);
    expect(svc.startRecording).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ends while following when the task completes', async () => {
    const { state, svc, kinds, watch } = setup(task([agent, customer(1)]));
    watch.start();
    await svc.last().answer(started());
    state.set(undefined);
    expect(kinds()).toEqual(['waiting', 'starting', 'recorded', 'task-ended']);
    expect(state.listeners.size).toBe(0);
  });

  it('stop() ends it once, with nothing left behind', () => {
    const { state, kinds, watch } = setup(task([agent, customer(1)]));
    watch.start();
    watch.stop();
    watch.stop();
    expect(kinds()).toEqual(['waiting', 'starting', 'stopped']);
    expect(state.listeners.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    expect(watch.retry()).toBe(false);
  });

  it("the agent's Retry asks again for a leg given up on, with a fresh bound; not while asking", async () => {
    const { svc, kinds, watch } = setup(task([agent, customer(1)]));
    expect(watch.retry()).toBe(false);
    watch.start();
    expect(watch.retry()).toBe(false);
    await svc.last().answer(refusedFor(final));
    expect(watch.retry()).toBe(true);
    expect(svc.calls.map((c) => c.request.CallSid)).toEqual([CA(1), CA(1)]);
    await svc.last().answer(started());
    expect(kinds()).toEqual(['waiting', 'starting', 'not-recorded', 'waiting', 'starting', 'recorded']);
  });
});

describe('createTaskRecordingWatch: with the server-side trigger (serverGraceMs)', () => {
  const GRACE = 3000;

  it('sends nothing for a leg the server records within the grace: the task update ends the wait, no request, no timer left', async () => {
    const { state, svc, reports, watch } = setup(task([agent]), { serverGraceMs: GRACE });
    watch.start();
    state.set(task([agent, customer(1)]));
    expect(reports[reports.length - 1]).toEqual({ kind: 'starting', leg: { callSid: CA(1), conferenceSid: CF } });
    // Store changes that are not the server's state (participants moving, a hold) do not end the wait.
    state.set(task([agent, customer(1, { onHold: true } as Partial<ParticipantFacts>)]));
    await jest.advanceTimersByTimeAsync(GRACE - 1);
    expect(svc.calls).toHaveLength(0);
    state.set(withState(task([agent, customer(1)]), recordingState()));
    expect(reports[reports.length - 1]).toMatchObject({ kind: 'recorded', via: 'server-state', recording: { recordingSid: RE } });
    await jest.advanceTimersByTimeAsync(WAIT_MS);
    expect(svc.calls).toHaveLength(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('asks itself once the grace is over without the server state (the backstop), and the answer counts', async () => {
    const { state, svc, reports, watch } = setup(task([agent]), { serverGraceMs: GRACE });
    watch.start();
    state.set(task([agent, customer(1)]));
    await jest.advanceTimersByTimeAsync(GRACE - 1);
    expect(svc.calls).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(svc.calls).toHaveLength(1);
    expect(svc.last().request.CallSid).toBe(CA(1));
    await svc.last().answer(started());
    expect(reports[reports.length - 1]).toMatchObject({ kind: 'recorded', via: 'request' });
  });

  it('a leg that leaves during the grace ends like a leg that left: no request', async () => {
    const { state, svc, reports, watch } = setup(task([agent]), { serverGraceMs: GRACE });
    watch.start();
    state.set(task([agent, customer(1)]));
    state.set(task([agent, customer(1, { status: 'left' })]));
    expect(reports[reports.length - 1]).toMatchObject({ kind: 'not-recorded', reason: { kind: 'rejected', failure: { code: 'call_not_in_progress' } } });
    await jest.advanceTimersByTimeAsync(GRACE);
    expect(svc.calls).toHaveLength(0);
  });

  it("the agent's Retry asks at once, with no grace", async () => {
    const { state, svc, watch } = setup(task([agent]), { serverGraceMs: GRACE });
    watch.start();
    state.set(task([agent, customer(1)]));
    await jest.advanceTimersByTimeAsync(GRACE);
    await svc.last().answer(refusedFor(final));
    expect(watch.retry()).toBe(true);
    expect(svc.calls).toHaveLength(2);
  });
});
