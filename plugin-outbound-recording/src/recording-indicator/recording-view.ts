import { RETRYABLE_ERROR_CODES, RecordingStateAttribute, LiveRecordingStatus, isErrorCode } from '../contract/recording-api';
import { FailureReason } from '../recording-watch/failure-reason';

export type { FailureReason };

/**
 * What the agent is shown about one task's recording, and how it changes. Pure.
 *
 * Two sources feed it, in the order things happen: the task's `call_recording` attribute (the server's
 * truth, which survives a reload and a transfer) and this page's own steps (the watch starting a
 * recording, a pause or resume the agent asked for) which are known before the server could write
 * anything. The latest event wins, except that
 * - the watch's own guesses ("waiting", "starting") and its failures never override a recording of the same
 *   call leg the server already reported (after a reload, or a server-side start, that leg is recorded);
 * - a server state about an earlier customer leg that says "not recording" does not hide what is known
 *   about the current leg (the recording follows the customer: a new leg gets a recording of its own).
 * Views and events carry the customer's call SID where it is known, to tell legs apart.
 */


export type RecordingView =
  /** Watching; the customer has not answered yet. */
  | { kind: 'waiting' }
  | { kind: 'starting'; callSid?: string }
  | { kind: 'recording'; recordingSid?: string; callSid?: string; pending?: 'pause' }
  /** withFlexRecording: Flex's native conference recording is paused too (NATIVE_RECORDING keep). */
  | { kind: 'paused'; recordingSid?: string; callSid?: string; pending?: 'resume'; withFlexRecording?: true }
  /** Not answered, ended, or not recorded by the recording policy (the Functions' decision: no fault). */
  | { kind: 'not-recording'; why: 'ended' | 'not-answered' | 'excluded' }
  | { kind: 'failed'; reason: FailureReason; retryable: boolean; callSid?: string };

export type RecordingEvent =
  | { type: 'watch-waiting' }
  | { type: 'watch-starting'; callSid?: string }
  | { type: 'recorded'; recordingSid: string; status: LiveRecordingStatus; callSid?: string }
  | { type: 'start-failed'; reason: FailureReason; retryable: boolean; callSid?: string }
  | { type: 'customer-never-answered' }
  | { type: 'excluded' }
  | { type: 'call-ended' }
  | { type: 'control-pending'; action: 'pause' | 'resume' }
  | { type: 'control-done'; recordingSid: string; status: LiveRecordingStatus }
  | { type: 'control-failed' }
  | { type: 'server-state'; state: RecordingStateAttribute };

function isLive(view: RecordingView | undefined): view is Extract<RecordingView, { kind: 'recording' | 'paused' }> {
  return view?.kind === 'recording' || view?.kind === 'paused';
}

function live(status: LiveRecordingStatus, recordingSid: string | undefined, callSid: string | undefined): RecordingView {
  const sids = { ...(recordingSid === undefined ? {} : { recordingSid }), ...(callSid === undefined ? {} : { callSid }) };
  return status === 'paused' ? { kind: 'paused', ...sids } : { kind: 'recording', ...sids };
}

function callSidOf(view: RecordingView | undefined): string | undefined {
  return view !== undefined && 'callSid' in view ? view.callSid : undefined;
}

/** False only when both call SIDs are known and differ: then the two are about different customer legs. */
function sameLeg(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** A live recording of the leg the event is about (or of a leg it cannot be told apart from). */
function isLiveFor(view: RecordingView | undefined, callSid: string | undefined): view is Extract<RecordingView, { kind: 'recording' | 'paused' }> {
  return isLive(view) && sameLeg(view.callSid, callSid);
}

function withCallSid<T extends object>(value: T, callSid: string | undefined): T & { callSid?: string } {
  return callSid === undefined ? value : { ...value, callSid };
}

export function reduceRecordingView(view: RecordingView | undefined, event: RecordingEvent): RecordingView | undefined {
  switch (event.type) {
    case 'watch-waiting':
      return view === undefined || view.kind === 'failed' || view.kind === 'not-recording' ? { kind: 'waiting' } : view;
    case 'watch-starting':
      return isLiveFor(view, event.callSid) ? view : withCallSid({ kind: 'starting' as const }, event.callSid);
    case 'recorded':
      return keepingFlexPause(view, live(event.status, event.recordingSid, event.callSid));
    case 'control-done':
      // Pause and resume act on the leg already shown.
      return keepingFlexPause(view, live(event.status, event.recordingSid, callSidOf(view)));
    case 'start-failed':
      return isLiveFor(view, event.callSid)
        ? view
        : withCallSid({ kind: 'failed' as const, reason: event.reason, retryable: event.retryable }, event.callSid);
    case 'customer-never-answered':
      // Also after "starting": in real Flex a ringing customer leg is shown joined, so the watch asked for it
      // (and was told "not answered yet") until the bound.
      return view?.kind === 'waiting' || view?.kind === 'starting' ? { kind: 'not-recording', why: 'not-answered' } : view;
    case 'excluded':
      return { kind: 'not-recording', why: 'excluded' };
    case 'call-ended':
      // Nothing shown yet means nothing to correct: a reservation rejected (or an accept that failed) never
      // had an indicator and must not get one now. A failure keeps its reason.
      return isLive(view) || view?.kind === 'waiting' || view?.kind === 'starting' ? { kind: 'not-recording', why: 'ended' } : view;
    case 'control-pending':
      if (event.action === 'pause' && view?.kind === 'recording') return { ...view, pending: 'pause' };
      if (event.action === 'resume' && view?.kind === 'paused') return { ...view, pending: 'resume' };
      return view;
    case 'control-failed':
      return isLive(view) ? withoutPending(view) : view;
    case 'server-state':
      return fromServerState(view, event.state);
  }
}

/**
 * What only the server's state says (Flex's own recording paused too) stays when the page's own news (a
 * start's or a pause's answer) says the same recording is still paused: that news knows nothing of it, and
 * the same server state is not fed again.
 */
function keepingFlexPause(view: RecordingView | undefined, next: RecordingView): RecordingView {
  if (view?.kind !== 'paused' || view.withFlexRecording !== true || next.kind !== 'paused') return next;
  const sameRecording = view.recordingSid === undefined || next.recordingSid === undefined || view.recordingSid === next.recordingSid;
  return sameRecording ? { ...next, withFlexRecording: true } : next;
}

function withoutPending(view: Extract<RecordingView, { kind: 'recording' | 'paused' }>): RecordingView {
  return live(view.kind === 'recording' ? 'in-progress' : 'paused', view.recordingSid, view.callSid);
}

function fromServerState(view: RecordingView | undefined, state: RecordingStateAttribute): RecordingView | undefined {
  // "Not recording" about an earlier customer leg says nothing about the leg the view shows now.
  if (state.status !== 'in-progress' && state.status !== 'paused' && !sameLeg(callSidOf(view), state.call_sid)) return view;
  switch (state.status) {
    case 'in-progress':
    case 'paused': {
      const shown = live(state.status, state.recording_sid, state.call_sid);
      const flexPaused = state.status === 'paused' && (state.conference_recordings ?? []).some((recording) => recording.status === 'paused');
      const next: RecordingView = flexPaused && shown.kind === 'paused' ? { ...shown, withFlexRecording: true } : shown;
      // A pause or resume still in flight keeps its "pausing…" until its own answer arrives.
      return isLive(view) && view.kind === next.kind && view.pending !== undefined ? view : next;
    }
    case 'stopped':
    case 'completed':
      return { kind: 'not-recording', why: 'ended' };
    case 'absent':
      return { kind: 'failed', reason: { kind: 'absent' }, retryable: false };
    case 'failed':
      return { kind: 'failed', reason: { kind: 'twilio-failed' }, retryable: false };
    case 'not-recorded': {
      const code = state.reason_code;
      if (code === 'recording_excluded') return { kind: 'not-recording', why: 'excluded' };
      if (isErrorCode(code)) return { kind: 'failed', reason: { kind: 'refused', code }, retryable: RETRYABLE_ERROR_CODES.has(code) };
      return { kind: 'failed', reason: { kind: 'described', text: state.reason ?? '' }, retryable: false };
    }
  }
}

/** A stable key of a server state, to feed only changes (the store re-reads attributes on every update). */
export function serverStateKey(state: RecordingStateAttribute | undefined): string {
  return state === undefined ? '' : `${state.status}|${state.recording_sid ?? ''}|${state.reason_code ?? ''}|${state.updated_at}`;
}
