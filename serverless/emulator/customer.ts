/**
 * How the customer on an outbound call behaves, for scenarios that must play out on their own (the
 * sandbox, end-to-end tests) rather than be driven step by step with answerCall()/hangUp().
 *
 * - 'answers': picks up after `answerAfterMs` (default 0: already in-progress when placeOutboundCall returns).
 * - 'never-answers': keeps ringing; with `ringTimeoutMs`, ends as `no-answer` then (Twilio's default timeout is 60 s).
 * - 'hangs-up-before-recording': picks up like 'answers', then hangs up the moment a recording
 *   create for their call arrives, so that request answers 21220 (call not in progress).
 */
export type CustomerBehaviour = 'answers' | 'never-answers' | 'hangs-up-before-recording';

export interface CustomerOptions {
  customer?: CustomerBehaviour;
  /** Delay before the customer answers ('answers', 'hangs-up-before-recording'); default 0. */
  answerAfterMs?: number;
  /** 'never-answers' only: end the call as `no-answer` after this long (default: ring until hung up). */
  ringTimeoutMs?: number;
}

/** What playing a behaviour needs from the emulator. */
export interface CustomerDeps {
  /** Answers the call if it is still ringing. */
  answer(callSid: string): void;
  hangUp(callSid: string, unansweredStatus?: 'no-answer'): void;
  /** Runs `step` after `ms` (cancelled by reset()/close()). */
  schedule(ms: number, step: () => void): void;
  /** Runs `run` right before the first recording create for the call is handled. */
  beforeRecordingCreate(callSid: string, run: () => void): void;
}

export function playCustomer(callSid: string, options: CustomerOptions, deps: CustomerDeps): void {
  const behaviour = options.customer;
  if (behaviour === undefined) return;
  if (behaviour === 'never-answers') {
    if (options.ringTimeoutMs !== undefined) deps.schedule(options.ringTimeoutMs, () => deps.hangUp(callSid, 'no-answer'));
    return;
  }
  const answerAfterMs = options.answerAfterMs ?? 0;
  if (answerAfterMs > 0) deps.schedule(answerAfterMs, () => deps.answer(callSid));
  else deps.answer(callSid);
  if (behaviour === 'hangs-up-before-recording') deps.beforeRecordingCreate(callSid, () => deps.hangUp(callSid));
}
