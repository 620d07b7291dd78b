import { RECORDING_STATE_ATTRIBUTE, readRecordingState, type RecordingStateAttribute } from 'plugin-outbound-recording/contract';
import { withRetry, type RetryTools } from './retry-policy';
import { mergeIntoTask } from './task-attribute-merge';
import {
  TwilioFailure,
  type CallResource,
  type TaskAttributes,
  type TaskReservationResource,
  type TranscriptParticipant,
  type TwilioPort,
} from './twilio-port';

/**
 * The Conversation Intelligence hand-off (opt-in, INTELLIGENCE_SERVICE_SID): when a recording has completed,
 * one transcript of it, with its channels mapped (1: the customer, whose leg is recorded; 2: everyone else,
 * the agent), its SID kept in the task's `call_recording.transcript_sid`.
 *
 * Exactly once per recording, however often or concurrently Twilio's callback arrives: the task is the lock.
 * An invocation first claims the transcript in the task (`pending:<time>/<nonce>`, written with If-Match, so
 * of two concurrent callbacks one claim is written and the other sees it), creates the transcript, then writes
 * its SID in place of its own claim. A claim older than any invocation can live (a Function that died), or
 * one left `failed:` by a create that kept failing, may be taken over by a later callback, which first asks
 * Intelligence for the recording's transcripts (SourceSid) in case the earlier create did reach Twilio.
 *
 * Never touches the recording, nor any other part of the task's recording state: only `transcript_sid`.
 */

export interface TranscriptHandoffDeps {
  twilio: TwilioPort;
  retry: RetryTools;
  serviceSid: string;
  now?: () => Date;
  log?: Pick<Console, 'error'>;
  /** The claim's nonce (tests fix it); random by default. */
  nonce?: () => string;
}

export interface RecordingRef {
  taskSid: string;
  recordingSid: string;
  callSid: string;
}

export type TranscriptHandoffResult =
  | { outcome: 'created' | 'exists'; transcriptSid: string }
  /** Another invocation holds a fresh claim and is creating it now. */
  | { outcome: 'pending' }
  /** Nothing to do: the task is gone, or its state is not this recording's completion. */
  | { outcome: 'skipped' }
  /** Intelligence kept failing within this invocation's budget: logged, the claim marked failed. */
  | { outcome: 'failed' };

/** A Function answers within 10 s: a claim older than this belongs to an invocation that no longer runs. */
export const CLAIM_STALE_MS = 30_000;

const PENDING = 'pending:';
const FAILED = 'failed:';
const TRANSCRIPT_SID = /^GT[0-9a-fA-F]{32}$/;

export type ClaimDecision =
  | { kind: 'skip' }
  | { kind: 'exists'; transcriptSid: string }
  | { kind: 'pending' }
  /** `takeOver`: an earlier claim was left behind, so the transcript may exist already. */
  | { kind: 'claim'; takeOver: boolean };

/** What the task's recording state allows this invocation to do for `recordingSid` at `nowMs`. */
export function claimDecision(attributes: TaskAttributes, recordingSid: string, nowMs: number): ClaimDecision {
  const state = readRecordingState(attributes);
  // Only the task's current recording, once completed: an earlier leg's recording has no transcript field here.
  if (state === undefined || state.recording_sid !== recordingSid || state.status !== 'completed') return { kind: 'skip' };
  const marker = state.transcript_sid;
  if (typeof marker !== 'string' || marker === '') return { kind: 'claim', takeOver: false };
  if (TRANSCRIPT_SID.test(marker)) return { kind: 'exists', transcriptSid: marker };
  if (marker.startsWith(PENDING)) {
    const claimedAtMs = Date.parse(marker.slice(PENDING.length).split('/')[0] ?? '');
    if (Number.isFinite(claimedAtMs) && nowMs - claimedAtMs < CLAIM_STALE_MS) return { kind: 'pending' };
  }
  // A stale claim, a failed one, or a value this product did not write: try again, looking first.
  return { kind: 'claim', takeOver: true };
}

/** The task's attributes with `transcript_sid` set to `value`, everything else as it was. */
export function withTranscriptMarker(attributes: TaskAttributes, value: string): TaskAttributes {
  const state = readRecordingState(attributes) as RecordingStateAttribute;
  return { ...attributes, [RECORDING_STATE_ATTRIBUTE]: { ...state, transcript_sid: value } };
}

/** Prefer the reservation that holds the call, then the ones that held it. */
const RESERVATION_PREFERENCE = ['accepted', 'wrapping', 'completed'];

/**
 * Who speaks on which channel: the recording is of the customer's call leg, dual-channel, so channel 1 is the
 * customer (the far end of that leg: the number called, or the caller on an inbound call) and channel 2 the
 * rest of the conference, the agent. The agent's identity is the name TaskRouter gives the worker of the
 * task's reservation (Flex names workers by their identity): Twilio's fact, not an attribute agents write.
 */
export function transcriptParticipants(
  attributes: TaskAttributes,
  reservations: readonly TaskReservationResource[],
  call: CallResource | null,
): TranscriptParticipant[] {
  const outbound = attributes.direction === 'outbound';
  const customerAddress = call === null ? undefined : nonEmpty(outbound ? call.to : call.from);
  const reservation = [...reservations]
    .filter((candidate) => RESERVATION_PREFERENCE.includes(candidate.status))
    .sort((a, b) => RESERVATION_PREFERENCE.indexOf(a.status) - RESERVATION_PREFERENCE.indexOf(b.status))[0];
  const identity = nonEmpty(reservation?.workerName);
  return [
    { channel: 1, role: 'customer', ...(customerAddress === undefined ? {} : { address: customerAddress }) },
    { channel: 2, role: 'agent', ...(identity === undefined ? {} : { identity }) },
  ];
}

/**
 * Twilio requests: the task; its claim (If-Match) with the task's reservations and the call at once; the
 * create (after a stale claim: the recording's transcripts first); the task again and the SID's write.
 */
export async function handOffTranscript(deps: TranscriptHandoffDeps, recording: RecordingRef): Promise<TranscriptHandoffResult> {
  const nowMs = () => (deps.now ?? (() => new Date()))().getTime();
  const task = await withRetry(deps.retry, () => deps.twilio.fetchTask(recording.taskSid));
  if (task === null) return { outcome: 'skipped' };
  const first = claimDecision(task.attributes, recording.recordingSid, nowMs());
  if (first.kind === 'skip') return { outcome: 'skipped' };
  if (first.kind === 'exists') return { outcome: 'exists', transcriptSid: first.transcriptSid };
  if (first.kind === 'pending') return { outcome: 'pending' };

  const claim = `${PENDING}${new Date(nowMs()).toISOString()}/${(deps.nonce ?? randomNonce)()}`;
  let decision: ClaimDecision = first;
  const [claimed, reservations, call] = await Promise.all([
    mergeIntoTask(
      deps,
      task.sid,
      (current) => {
        decision = claimDecision(current, recording.recordingSid, nowMs());
        return decision.kind === 'claim' ? { attributes: withTranscriptMarker(current, claim), changed: true } : { attributes: current, changed: false };
      },
      task,
    ),
    // Who spoke only labels the channels: a failed look-up leaves a label out, it does not stop the transcript.
    bestEffort(deps, () => deps.twilio.listTaskReservations(task.sid), []),
    bestEffort(deps, () => deps.twilio.fetchCall(recording.callSid), null),
  ]);
  const settled = decision as ClaimDecision;
  if (claimed !== 'written') {
    if (settled.kind === 'exists') return { outcome: 'exists', transcriptSid: settled.transcriptSid };
    if (settled.kind === 'pending') return { outcome: 'pending' };
    return { outcome: 'skipped' };
  }

  let transcriptSid: string;
  try {
    const earlier = settled.kind === 'claim' && settled.takeOver ? await withRetry(deps.retry, () => deps.twilio.listRecordingTranscripts(deps.serviceSid, recording.recordingSid)) : [];
    transcriptSid =
      earlier[0]?.sid ??
      (
        await withRetry(deps.retry, () =>
          deps.twilio.createTranscript({
            serviceSid: deps.serviceSid,
            recordingSid: recording.recordingSid,
            participants: transcriptParticipants(task.attributes, reservations, call),
            customerKey: task.sid,
          }),
        )
      ).sid;
  } catch (error) {
    if (!(error instanceof TwilioFailure)) throw error;
    deps.log?.error(`outbound-recording: no transcript of recording ${recording.recordingSid} (task ${task.sid}): Conversation Intelligence kept failing`, error.message);
    // So that a later callback may try again at once instead of waiting for the claim to go stale.
    await replaceOwnClaim(deps, task.sid, recording.recordingSid, claim, `${FAILED}${new Date(nowMs()).toISOString()}`);
    return { outcome: 'failed' };
  }
  const written = await replaceOwnClaim(deps, task.sid, recording.recordingSid, claim, transcriptSid);
  if (!written) deps.log?.error(`outbound-recording: transcript ${transcriptSid} of recording ${recording.recordingSid} was created but could not be written to task ${task.sid}`);
  return { outcome: 'created', transcriptSid };
}

/**
 * The hand-off as the status callback runs it: a Twilio failure anywhere in it is logged and reported as
 * `failed`, never as the callback's failure (the recording's state was written already, and stands).
 */
export async function handOffTranscriptLogged(deps: TranscriptHandoffDeps, recording: RecordingRef): Promise<TranscriptHandoffResult> {
  try {
    return await handOffTranscript(deps, recording);
  } catch (error) {
    if (!(error instanceof TwilioFailure)) throw error;
    deps.log?.error(`outbound-recording: no transcript of recording ${recording.recordingSid} (task ${recording.taskSid}): Twilio kept failing`, error.message);
    return { outcome: 'failed' };
  }
}

/** Writes `value` where this invocation's claim stands; anything else there (a take-over) is left alone. Never throws. */
async function replaceOwnClaim(deps: TranscriptHandoffDeps, taskSid: string, recordingSid: string, claim: string, value: string): Promise<boolean> {
  try {
    const result = await mergeIntoTask(deps, taskSid, (current) => {
      const state = readRecordingState(current);
      const ours = state?.recording_sid === recordingSid && state.transcript_sid === claim;
      return ours ? { attributes: withTranscriptMarker(current, value), changed: true } : { attributes: current, changed: false };
    });
    return result === 'written';
  } catch (error) {
    if (!(error instanceof TwilioFailure)) throw error;
    deps.log?.error(`outbound-recording: could not write the transcript state of task ${taskSid}`, error.message);
    return false;
  }
}

async function bestEffort<T>(deps: TranscriptHandoffDeps, lookup: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await withRetry(deps.retry, lookup);
  } catch (error) {
    if (!(error instanceof TwilioFailure)) throw error;
    return fallback;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function randomNonce(): string {
  return Math.random().toString(36).slice(2, 10);
}
