import { StartRecordingResponse, isSid, readRecordingState } from '../contract/recording-api';

/**
 * The recording the server reports for one call leg in the task's attributes (`call_recording`), when it
 * says that leg is being recorded (in progress or paused) right now. Pure.
 *
 * The watch asks this before every start request and while waiting for one's answer: a leg the server
 * already records (after a page reload, or started by a server-side trigger before this page saw the
 * customer) needs no request, and an agent must never be told "not recorded" for it. A state about another
 * call SID (an earlier customer leg) or without a well-formed recording SID says nothing about this leg:
 * then the watch asks, and the Function (idempotent) answers with what exists.
 */
export function serverRecordingOf(attributes: unknown, callSid: string): StartRecordingResponse | undefined {
  const state = readRecordingState(attributes);
  if (state === undefined || state.call_sid !== callSid) return undefined;
  if (state.status !== 'in-progress' && state.status !== 'paused') return undefined;
  if (!isSid('recording', state.recording_sid)) return undefined;
  return { recordingSid: state.recording_sid, status: state.status };
}
