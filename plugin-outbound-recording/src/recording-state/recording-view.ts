import { ErrorCode, RETRYABLE_ERROR_CODES, RecordingStateAttribute, RecordingStatus, isErrorCode } from '../contract/recording-api';

/**
 * What the agent is shown about one task's recording, and how it changes. Pure.
 *
 * Two sources feed it, in the order things happen: the task's `call_recording` attribute (the server's
 * truth, which survives a reload and a transfer) and this page's own steps (the watch starting a
 * recording, a pause or resume the agent asked for) which are known before the server could write
 * anything. The latest event wins, except that the watch's own guesses ("waiting", "starting") never
 * override a recording the server already reported: after a reload the start request is only a
 * confirmation of what is already there.
 */

export type FailureReason =
  /** The Functions refused, with one of the contract's codes. */
  | { kind: 'refused'; code: ErrorCode }
  | { kind: 'unreachable' }
  | { kind: 'unexpected-answer'; httpStatus: number }
  | { kind: 'timed-out'; seconds: number }
  /** Twilio ended the recording without audio, or could not store it. */
  | { kind: 'absent' }
  | { kind: 'twilio-failed' }
  /** The server wrote a reason without a code this plugin knows: shown as written. */
  | { kind: 'described'; text: string };

export type RecordingView =
  /** Watching; the customer has not answered yet. */
  | { kind: 'waiting' }
  | { kind: 'starting' }
  | { kind: 'recording'; recordingSid?: string; pending?: 'pause' }
  | { kind: 'paused'; recordingSid?: string; pending?: 'resume' }
  | { kind: 'not-recording'; why: 'ended' | 'not-answered' }
  | { kind: 'failed'; reason: FailureReason; retryable: boolean };

export type RecordingEvent =
  | { type: 'watch-waiting' }
  | { type: 'watch-starting' }
  | { type: 'recorded'; recordingSid: string; status: RecordingStatus }
  | { type: 'start-failed'; reason: FailureReason; retryable: boolean }
  | { type: 'customer-never-answered' }
  | { type: 'call-ended' }
  | { type: 'control-pending'; action: 'pause' | 'resume' }
  | { type: 'control-done'; recordingSid: string; status: RecordingStatus }
  | { type: 'control-failed' }
  | { type: 'server-state'; state: RecordingStateAttribute };

function isLive(view: RecordingView | undefined): view is Extract<RecordingView, { kind: 'recording' | 'paused' }> {
  return view?.kind === 'recording' || view?.kind === 'paused';
}

function live(status: RecordingStatus, recordingSid: string | undefined): RecordingView {
  const sid = recordingSid === undefined ? {} : { recordingSid };
  return status === 'paused' ? { kind: 'paused', ...sid } : { kind: 'recording', ...sid };
}

export function reduceRecordingView(view: RecordingView | undefined, event: RecordingEvent): RecordingView | undefined {
  switch (event.type) {
    case 'watch-waiting':
      return view === undefined || view.kind === 'failed' || view.kind === 'not-recording' ? { kind: 'waiting' } : view;
    case 'watch-starting':
      return isLive(view) ? view : { kind: 'starting' };
    case 'recorded':
    case 'control-done':
      return live(event.status, event.recordingSid);
    case 'start-failed':
      return isLive(view) ? view : { kind: 'failed', reason: event.reason, retryable: event.retryable };
    case 'customer-never-answered':
      return view?.kind === 'waiting' ? { kind: 'not-recording', why: 'not-answered' } : view;
    case 'call-ended':
      return view === undefined || isLive(view) || view.kind === 'waiting' || view.kind === 'starting'
        ? { kind: 'not-recording', why: 'ended' }
        : view;
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

function withoutPending(view: Extract<RecordingView, { kind: 'recording' | 'paused' }>): RecordingView {
  return view.kind === 'recording' ? { kind: 'recording', recordingSid: view.recordingSid } : { kind: 'paused', recordingSid: view.recordingSid };
}

function fromServerState(view: RecordingView | undefined, state: RecordingStateAttribute): RecordingView | undefined {
  switch (state.status) {
    case 'in-progress':
    case 'paused': {
      const next = live(state.status, state.recording_sid);
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
      if (isErrorCode(code)) return { kind: 'failed', reason: { kind: 'refused', code }, retryable: RETRYABLE_ERROR_CODES.has(code) };
      return { kind: 'failed', reason: { kind: 'described', text: state.reason ?? '' }, retryable: false };
    }
  }
}

/** A stable key of a server state, to feed only changes (the store re-reads attributes on every update). */
export function serverStateKey(state: RecordingStateAttribute | undefined): string {
  return state === undefined ? '' : `${state.status}|${state.recording_sid ?? ''}|${state.reason_code ?? ''}|${state.updated_at}`;
}
