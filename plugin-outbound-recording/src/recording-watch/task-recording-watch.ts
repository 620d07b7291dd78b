import { StartRecordingResponse } from '../contract/recording-api';
import { RetryPolicy, decideRetry } from '../functions-client/retry-policy';
import { StartFailure } from '../functions-client/start-outcome';
import { StartRecording } from '../functions-client/start-recording-client';
import { ConferenceFacts, CustomerLeg, findCustomerLeg, isCustomerLegGone, participantsKey } from './customer-leg';
import { serverRecordingOf } from './server-recording';
import { TaskFacts, isTaskLive } from './task-eligibility';

/**
 * Follows one accepted task's conference for as long as the task is live, and gets every customer call leg
 * that joins it recorded: the first one, and a new one (a new call SID) after the customer's leg ended.
 *
 * - waiting:   no customer leg yet. The bound (waitMs) runs from the watch's start, i.e. from the moment the
 *              accept went through. When it runs out: "customer never joined", then following.
 * - asking:    a customer leg is on the line and not known to be recorded. When Twilio reports the call's joins
 *              to the Functions (serverGraceMs), the watch first gives them that long to record it; then, or at
 *              once without the trigger, it asks. One request at a time; a retryable
 *              refusal (the service busy, the customer not answered yet) is asked again after a backoff, or at
 *              once when the conference's participants change, until the leg's bound. A request in flight when
 *              the bound runs out is not aborted: its answer, within its own timeout, still counts.
 * - following: every leg seen so far is dealt with. Nothing but the one store subscription: no timers.
 *
 * A leg the task's attributes (`call_recording`, the server's truth) show as recorded is taken as recorded,
 * with no request, before or while asking for it. A leg that leaves the call before it is recorded ends
 * like the Function's own "call not in progress". Each leg's outcome is reported once. Event driven: every
 * change of the call state re-evaluates the task; nothing polls. Only the task ending (or stop()) ends the
 * watch, and that releases everything.
 */

export interface TaskSnapshot extends TaskFacts {
  /** Every view of the task's conference the adapter offers; entries are undefined until Flex has one. */
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
  /** Retryable failures went on until the bound ran out (or the leg left the call). */
  | { kind: 'gave-up'; failure: StartFailure; attempts: number }
  /** The last request got no answer within its own timeout, and there was no time left to ask again. */
  | { kind: 'timed-out'; waitedMs: number };

/** What the watch tells its owner, in order. Only the last two end it. */
export type WatchReport =
  /** Watching; no customer leg to record is on the line yet. */
  | { kind: 'waiting' }
  /** Asking the Functions to record this leg. */
  | { kind: 'starting'; leg: CustomerLeg }
  /** The leg is recorded: the Functions said so, or the task's recording state did (no request needed). */
  | { kind: 'recorded'; leg: CustomerLeg; recording: StartRecordingResponse; via: 'request' | 'server-state' }
  /** Normal on outbound calls: nobody answered within the bound. The watch goes on following the task. */
  | { kind: 'customer-never-joined' }
  | { kind: 'not-recorded'; leg: CustomerLeg; reason: NotRecordedReason }
  | { kind: 'task-ended' }
  /** Ended from outside (plugin teardown). */
  | { kind: 'stopped' };

export type FinalReport = Extract<WatchReport, { kind: 'task-ended' | 'stopped' }>;

export function isFinalReport(report: WatchReport): report is FinalReport {
  return report.kind === 'task-ended' || report.kind === 'stopped';
}

export interface WatchDependencies {
  callState: CallStateSource;
  startRecording: StartRecording;
  /** Read at send time: Flex refreshes the token during a shift. */
  getToken: () => string;
  timers: Timers;
  now: () => number;
  random: () => number;
  /** How long to wait for the customer to be recorded: from the watch's start for the first leg, from its arrival for a later one. */
  waitMs: number;
  /** One attempt's own budget (it may run past the bound). */
  requestTimeoutMs: number;
  /**
   * When Twilio reports this call's joins to the Functions (the server-side trigger): how long to let them
   * record a leg before asking for it. 0 or absent: ask at once.
   */
  serverGraceMs?: number;
  retryPolicy: RetryPolicy;
}

export interface RecordingWatch {
  /** Begins watching; may end the watch at once (e.g. the task is already over). */
  start(): void;
  /** Ends the watch from outside (plugin teardown). */
  stop(): void;
  /**
   * The agent's Retry: asks again for the customer's current leg (even one given up on), with a fresh bound.
   * False when there is nothing to retry (not started, ended, or already asking).
   */
  retry(): boolean;
}

/** One customer leg being asked for. */
interface LegWork {
  leg: CustomerLeg;
  deadline: number;
  startedAt: number;
  attempts: number;
  boundPassed: boolean;
  lastFailure?: StartFailure;
  /** The conference when the last refusal came back: any change is worth asking again at once. */
  keyAtFailure?: string;
  inFlight?: AbortController;
  attemptTimer?: TimerHandle;
  /** The request in flight (or the last one) was aborted by its own timeout. */
  attemptTimedOut: boolean;
  retryTimer?: TimerHandle;
  /** Giving the server-side trigger its moment (retryTimer runs it): nothing but the server's state or the leg leaving ends it early. */
  waitingForServer: boolean;
}

type Phase =
  | { kind: 'idle' }
  /** Until `deadline` (the bound, from the watch's start or the agent's Retry). */
  | { kind: 'waiting'; deadline: number }
  | { kind: 'asking'; work: LegWork }
  | { kind: 'following' }
  | { kind: 'ended' };

export function createTaskRecordingWatch(taskSid: string, deps: WatchDependencies, report: (report: WatchReport) => void): RecordingWatch {
  let phase: Phase = { kind: 'idle' };
  let seenInStore = false;
  let unsubscribe: (() => void) | undefined;
  let boundTimer: TimerHandle | undefined;
  // Call SIDs of the customer legs already dealt with (recorded, refused, given up on): never asked for
  // twice. A handful per task at most, and gone with the watch.
  const handled = new Set<string>();
  // The agent's Retry asks at once: they are looking at a call the server did not record.
  let graceMs = deps.serverGraceMs ?? 0;

  function start(): void {
    if (phase.kind !== 'idle') return;
    unsubscribe = deps.callState.subscribe(evaluate);
    waitForCustomer();
  }

  function waitForCustomer(): void {
    const deadline = deps.now() + deps.waitMs;
    phase = { kind: 'waiting', deadline };
    setBound(deadline);
    report({ kind: 'waiting' });
    evaluate();
  }

  function evaluate(): void {
    if (phase.kind === 'idle' || phase.kind === 'ended') return;
    const task = readLiveTask();
    if (task === undefined) return;
    const leg = findCustomerLeg(task.conferences);
    switch (phase.kind) {
      case 'waiting':
        // The first leg gets what is left of the bound that began with the accept.
        if (leg !== undefined) beginLeg(task, leg, phase.deadline);
        return;
      case 'following':
        // A later leg (the customer called back into the conference) gets a bound of its own.
        if (leg !== undefined && !handled.has(leg.callSid)) beginLeg(task, leg, deps.now() + deps.waitMs);
        return;
      case 'asking':
        continueLeg(task, phase.work, false);
        return;
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

  function beginLeg(task: TaskSnapshot, leg: CustomerLeg, deadline: number): void {
    const recorded = serverRecordingOf(task.attributes, leg.callSid);
    if (recorded !== undefined) {
      finishLeg(leg, { kind: 'recorded', leg, recording: recorded, via: 'server-state' });
      return;
    }
    const work: LegWork = { leg, deadline, startedAt: deps.now(), attempts: 0, boundPassed: false, attemptTimedOut: false, waitingForServer: false };
    phase = { kind: 'asking', work };
    setBound(deadline);
    if (graceMs > 0) {
      // The server-side trigger records this leg and writes it into the task, which reaches us as a store
      // change (continueLeg); only if that does not come in time does this page ask.
      work.waitingForServer = true;
      work.retryTimer = deps.timers.setTimeout(() => {
        work.retryTimer = undefined;
        work.waitingForServer = false;
        const latest = readLiveTask();
        if (latest !== undefined) continueLeg(latest, work, true);
      }, Math.min(graceMs, Math.max(0, deadline - deps.now())));
    } else {
      // Sent before reporting: whoever is told may change Flex's store, which re-enters evaluate(), and the
      // request in flight is what keeps that from sending a second one.
      send(work);
    }
    report({ kind: 'starting', leg });
  }

  /** Between attempts: asks again when the backoff is over, or at once when the conference changed since the last refusal. */
  function continueLeg(task: TaskSnapshot, work: LegWork, backoffOver: boolean): void {
    const recorded = serverRecordingOf(task.attributes, work.leg.callSid);
    if (recorded !== undefined) {
      // Whatever a request in flight would answer no longer matters.
      releaseAttempt(work, true);
      finishLeg(work.leg, { kind: 'recorded', leg: work.leg, recording: recorded, via: 'server-state' });
      return;
    }
    // One request at a time: its answer decides what comes next.
    if (work.inFlight !== undefined) return;
    if (isCustomerLegGone(task.conferences, work.leg.callSid)) {
      legLeft(work);
      return;
    }
    if (work.waitingForServer) return;
    if (backoffOver || participantsKey(task.conferences) !== work.keyAtFailure) {
      clearRetry(work);
      send(work);
    }
  }

  function send(work: LegWork): void {
    work.attempts += 1;
    work.attemptTimedOut = false;
    const controller = new AbortController();
    work.inFlight = controller;
    // Its own timeout only: a request already sent when the bound runs out may still record the call.
    work.attemptTimer = deps.timers.setTimeout(() => {
      work.attemptTimedOut = true;
      controller.abort();
    }, deps.requestTimeoutMs);
    const request = { Token: deps.getToken(), TaskSid: taskSid, CallSid: work.leg.callSid, ConferenceSid: work.leg.conferenceSid };
    deps.startRecording(request, controller.signal).then(
      (outcome) => {
        if (!isCurrentAttempt(work, controller)) return;
        releaseAttempt(work, false);
        if (outcome.kind === 'started') {
          finishLeg(work.leg, { kind: 'recorded', leg: work.leg, recording: outcome.recording, via: 'request' });
        } else {
          afterFailure(work, outcome.failure);
        }
      },
      // The client never rejects; if it ever did, treat it like an unanswered request.
      (error: unknown) => {
        if (!isCurrentAttempt(work, controller)) return;
        releaseAttempt(work, false);
        afterFailure(work, { retryable: true, detail: `client error: ${String(error)}` });
      },
    );
  }

  /** A late answer to an attempt this watch already left behind (leg finished, watch ended) changes nothing. */
  function isCurrentAttempt(work: LegWork, controller: AbortController): boolean {
    return phase.kind === 'asking' && phase.work === work && work.inFlight === controller;
  }

  function afterFailure(work: LegWork, failure: StartFailure): void {
    work.lastFailure = failure;
    const task = readLiveTask();
    if (task === undefined) return;
    const recorded = serverRecordingOf(task.attributes, work.leg.callSid);
    if (recorded !== undefined) {
      finishLeg(work.leg, { kind: 'recorded', leg: work.leg, recording: recorded, via: 'server-state' });
      return;
    }
    if (!failure.retryable) {
      finishLeg(work.leg, { kind: 'not-recorded', leg: work.leg, reason: { kind: 'rejected', failure } });
      return;
    }
    if (isCustomerLegGone(task.conferences, work.leg.callSid)) {
      legLeft(work);
      return;
    }
    if (work.boundPassed) {
      giveUp(work);
      return;
    }
    work.keyAtFailure = participantsKey(task.conferences);
    const decision = decideRetry({ failure, attempt: work.attempts, msLeft: work.deadline - deps.now(), random: deps.random() }, deps.retryPolicy);
    if (decision.retry) {
      work.retryTimer = deps.timers.setTimeout(() => {
        work.retryTimer = undefined;
        // Looks again first: the task may have ended, the leg left or been recorded without a store change reaching us.
        const latest = readLiveTask();
        if (latest !== undefined) continueLeg(latest, work, true);
      }, decision.delayMs);
    } else if (decision.reason === 'attempts-exhausted') {
      giveUp(work);
    }
    // 'out-of-time': no backoff fits before the bound, but a participant change until then still gets one more try.
  }

  /**
   * The customer we were asking for left the call before it could be recorded: asking again cannot work.
   * Said the way the Function says it when asked for a leg that has ended (a warning, no Retry).
   */
  function legLeft(work: LegWork): void {
    clearRetry(work);
    const failure: StartFailure = { retryable: false, code: 'call_not_in_progress', detail: "the customer's leg left the conference" };
    finishLeg(work.leg, { kind: 'not-recorded', leg: work.leg, reason: { kind: 'rejected', failure } });
  }

  function giveUp(work: LegWork): void {
    clearRetry(work);
    // Rung until the bound and never answered: the ordinary unanswered outbound call, not a recording failure.
    // (Twilio stops ringing an outbound leg long before the default bound, so nobody answers later.)
    if (!work.attemptTimedOut && work.lastFailure?.code === 'customer_not_answered') {
      finishLeg(work.leg, { kind: 'customer-never-joined' });
      return;
    }
    const reason: NotRecordedReason =
      work.attemptTimedOut || work.lastFailure === undefined
        ? { kind: 'timed-out', waitedMs: deps.now() - work.startedAt }
        : { kind: 'gave-up', failure: work.lastFailure, attempts: work.attempts };
    finishLeg(work.leg, { kind: 'not-recorded', leg: work.leg, reason });
  }

  function onBoundElapsed(): void {
    boundTimer = undefined;
    if (phase.kind === 'waiting') {
      phase = { kind: 'following' };
      report({ kind: 'customer-never-joined' });
    } else if (phase.kind === 'asking') {
      const { work } = phase;
      work.boundPassed = true;
      work.waitingForServer = false;
      // A request in flight decides for itself; a backoff (or a wait for a participant change) is over.
      if (work.inFlight === undefined) giveUp(work);
    }
  }

  /** The leg is dealt with: report it once, then follow the task (a new customer leg may already be there). */
  function finishLeg(leg: CustomerLeg, outcome: WatchReport): void {
    if (phase.kind === 'asking') clearRetry(phase.work);
    clearBound();
    handled.add(leg.callSid);
    phase = { kind: 'following' };
    report(outcome);
    evaluate();
  }

  function setBound(deadline: number): void {
    clearBound();
    boundTimer = deps.timers.setTimeout(onBoundElapsed, Math.max(0, deadline - deps.now()));
  }

  function clearBound(): void {
    if (boundTimer !== undefined) deps.timers.clearTimeout(boundTimer);
    boundTimer = undefined;
  }

  function clearRetry(work: LegWork): void {
    if (work.retryTimer !== undefined) deps.timers.clearTimeout(work.retryTimer);
    work.retryTimer = undefined;
  }

  function releaseAttempt(work: LegWork, abort: boolean): void {
    if (work.attemptTimer !== undefined) deps.timers.clearTimeout(work.attemptTimer);
    work.attemptTimer = undefined;
    const pending = work.inFlight;
    work.inFlight = undefined;
    if (abort) pending?.abort();
  }

  function end(final: FinalReport): void {
    if (phase.kind === 'ended') return;
    const previous = phase;
    phase = { kind: 'ended' };
    unsubscribe?.();
    unsubscribe = undefined;
    clearBound();
    if (previous.kind === 'asking') {
      clearRetry(previous.work);
      // The task is over: nobody needs that answer any more.
      releaseAttempt(previous.work, true);
    }
    report(final);
  }

  return {
    start,
    stop: () => end({ kind: 'stopped' }),
    retry() {
      if (phase.kind !== 'waiting' && phase.kind !== 'following') return false;
      graceMs = 0;
      handled.clear();
      waitForCustomer();
      return true;
    },
  };
}
