import { StartRecordingResponse } from '../contract/recording-api';
import { RetryPolicy, decideRetry } from '../recording-service/retry-policy';
import { StartFailure } from '../recording-service/start-outcome';
import { StartRecording } from '../recording-service/start-recording-client';
import { ConferenceFacts, CustomerLeg, findCustomerLeg } from './customer-leg';
import { TaskFacts, isTaskLive } from './task-eligibility';

/**
 * Watches one task until its customer's call leg is being recorded, or there is nothing left to do.
 *
 * Event driven: every change of the call state re-evaluates the task; nothing polls. At most one
 * request is in flight, and call-state changes while one is in flight or a retry is pending only check
 * that the task is still alive. Whatever ends the watch releases its subscription, timers and request.
 */

export interface TaskSnapshot extends TaskFacts {
  /** Every view of the task's conference Flex offers; entries are undefined until Flex has one. */
  conferences: ReadonlyArray<ConferenceFacts | undefined>;
}

export interface CallStateSource {
  /** The task as the store shows it now, or undefined when it is not (or no longer) in the store. */
  readTask(taskSid: string): TaskSnapshot | undefined;
  /** Calls onChange after every change of the call state; returns the unsubscribe function. */
  subscribe(onChange: () => void): () => void;
}

export type TimerHandle = ReturnType<typeof setTimeout>;

export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export type NotRecordedReason =
  /** The Functions refused for a reason asking again will not change. */
  | { kind: 'rejected'; failure: StartFailure }
  /** Transient failures went on until the attempts or the time ran out. */
  | { kind: 'gave-up'; failure: StartFailure; attempts: number }
  /** The customer answered but no answer confirmed the recording before the bound. */
  | { kind: 'timed-out'; waitedMs: number };

export type WatchEnd =
  | { kind: 'recorded'; recording: StartRecordingResponse; leg: CustomerLeg }
  | { kind: 'task-ended' }
  /** Normal on outbound calls: nobody answered (or the agent is still ringing out past the bound). */
  | { kind: 'customer-never-joined' }
  | { kind: 'not-recorded'; reason: NotRecordedReason }
  | { kind: 'stopped' };

export interface WatchDependencies {
  callState: CallStateSource;
  startRecording: StartRecording;
  /** Read at send time: Flex refreshes the token during a shift. */
  getToken: () => string;
  timers: Timers;
  now: () => number;
  random: () => number;
  /** The bound for the whole watch: waiting for the customer plus every attempt and backoff. */
  waitMs: number;
  /** One attempt's budget; an attempt never outlives the bound either. */
  requestTimeoutMs: number;
  retryPolicy: RetryPolicy;
  /** Told when the watch starts waiting for the customer and when it starts asking for the recording (for the indicator). */
  onProgress?: (progress: 'waiting' | 'starting') => void;
}

export interface RecordingWatch {
  /** Begins watching; may end the watch at once (e.g. the task is already over). */
  start(): void;
  /** Ends the watch from outside (plugin teardown). */
  stop(): void;
}

type Phase = 'idle' | 'waiting' | 'requesting' | 'backing-off' | 'ended';

export function createTaskRecordingWatch(
  taskSid: string,
  deps: WatchDependencies,
  onEnd: (end: WatchEnd) => void,
): RecordingWatch {
  let phase: Phase = 'idle';
  let deadline = 0;
  let seenInStore = false;
  let customerJoined = false;
  let attempts = 0;
  let unsubscribe: (() => void) | undefined;
  let boundTimer: TimerHandle | undefined;
  let retryTimer: TimerHandle | undefined;
  let attemptTimer: TimerHandle | undefined;
  let inFlight: AbortController | undefined;

  function start(): void {
    if (phase !== 'idle') return;
    phase = 'waiting';
    deadline = deps.now() + deps.waitMs;
    unsubscribe = deps.callState.subscribe(onCallStateChange);
    boundTimer = deps.timers.setTimeout(onBoundElapsed, deps.waitMs);
    deps.onProgress?.('waiting');
    onCallStateChange();
  }

  function onCallStateChange(): void {
    if (phase === 'ended' || phase === 'idle') return;
    const task = readLiveTask();
    if (task === undefined || phase !== 'waiting') return;
    const leg = findCustomerLeg(task.conferences);
    if (leg !== undefined) {
      customerJoined = true;
      deps.onProgress?.('starting');
      sendAttempt(leg);
    }
  }

  /** Ends the watch and returns undefined when the task is over; a task not yet in the store may still arrive. */
  function readLiveTask(): TaskSnapshot | undefined {
    const task = deps.callState.readTask(taskSid);
    if (task === undefined) {
      if (seenInStore) end({ kind: 'task-ended' });
      return undefined;
    }
    seenInStore = true;
    if (!isTaskLive(task)) {
      end({ kind: 'task-ended' });
      return undefined;
    }
    return task;
  }

  function sendAttempt(leg: CustomerLeg): void {
    phase = 'requesting';
    attempts += 1;
    const controller = new AbortController();
    inFlight = controller;
    const attemptBudget = Math.max(0, Math.min(deps.requestTimeoutMs, deadline - deps.now()));
    attemptTimer = deps.timers.setTimeout(() => controller.abort(), attemptBudget);
    const request = { Token: deps.getToken(), TaskSid: taskSid, CallSid: leg.callSid, ConferenceSid: leg.conferenceSid };
    deps.startRecording(request, controller.signal).then(
      (outcome) => {
        // A late answer to an attempt this watch already gave up on (ended, or timed out) changes nothing.
        if (inFlight !== controller || phase !== 'requesting') return;
        releaseAttempt();
        if (outcome.kind === 'started') {
          end({ kind: 'recorded', recording: outcome.recording, leg });
        } else {
          afterFailure(outcome.failure, leg);
        }
      },
      // The client never rejects; if it ever did, treat it like an unanswered request.
      (error: unknown) => {
        if (inFlight !== controller || phase !== 'requesting') return;
        releaseAttempt();
        afterFailure({ retryable: true, detail: `client error: ${String(error)}` }, leg);
      },
    );
  }

  function afterFailure(failure: StartFailure, leg: CustomerLeg): void {
    const decision = decideRetry(
      { failure, attempt: attempts, msLeft: deadline - deps.now(), random: deps.random() },
      deps.retryPolicy,
    );
    if (!decision.retry) {
      const reason: NotRecordedReason =
        decision.reason === 'not-retryable' ? { kind: 'rejected', failure } : { kind: 'gave-up', failure, attempts };
      end({ kind: 'not-recorded', reason });
      return;
    }
    phase = 'backing-off';
    retryTimer = deps.timers.setTimeout(() => {
      retryTimer = undefined;
      // The task may have ended without a store change reaching us (e.g. it was already gone).
      if (readLiveTask() !== undefined) sendAttempt(leg);
    }, decision.delayMs);
  }

  function onBoundElapsed(): void {
    boundTimer = undefined;
    if (phase === 'ended') return;
    if (!customerJoined) {
      end({ kind: 'customer-never-joined' });
    } else {
      end({ kind: 'not-recorded', reason: { kind: 'timed-out', waitedMs: deps.waitMs } });
    }
  }

  function releaseAttempt(): void {
    if (attemptTimer !== undefined) deps.timers.clearTimeout(attemptTimer);
    attemptTimer = undefined;
    inFlight = undefined;
  }

  function end(result: WatchEnd): void {
    if (phase === 'ended') return;
    phase = 'ended';
    unsubscribe?.();
    unsubscribe = undefined;
    if (boundTimer !== undefined) deps.timers.clearTimeout(boundTimer);
    if (retryTimer !== undefined) deps.timers.clearTimeout(retryTimer);
    boundTimer = undefined;
    retryTimer = undefined;
    const pending = inFlight;
    releaseAttempt();
    pending?.abort();
    onEnd(result);
  }

  return {
    start,
    stop: () => end({ kind: 'stopped' }),
  };
}
