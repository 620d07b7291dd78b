/**
 * Status callbacks Twilio sends: recording status callbacks and conference status callbacks, in one
 * list in the order they happened. Every one is recorded here; those addressed to a loopback URL are
 * also delivered as signed HTTP requests (callbacks/delivery.ts), and their `delivery` says how it
 * went. Recording them lets tests assert which events were reported and with which params.
 */
export interface CallbackDelivery {
  /**
   * 'pending' until attempted; 'delivered' (the receiver answered 2xx), 'failed' (another status, a
   * network error or a timeout) or 'not-delivered' (the URL is not on this machine, so it is never sent).
   */
  state: 'pending' | 'delivered' | 'failed' | 'not-delivered';
  /** The receiver's HTTP status, when it answered. */
  httpStatus: number | null;
  /** Why it failed or was not delivered. */
  error: string | null;
  /** The X-Twilio-Signature header sent (null when not sent). */
  signature: string | null;
  attemptedAt: Date | null;
}

export interface StatusCallback {
  /** Which resource reported it: a call recording (RecordingStatusCallback) or a conference (ConferenceStatusCallback). */
  kind: 'recording' | 'conference';
  url: string;
  method: 'GET' | 'POST';
  /** The form parameters Twilio sends, e.g. RecordingSid, RecordingStatus, RecordingDuration; or ConferenceSid, StatusCallbackEvent, CallSid. */
  params: Record<string, string>;
  /** The event that triggered it: "in-progress", "completed", "absent" (recordings); "participant-join", "participant-leave", "conference-start", "conference-end" (conferences). */
  event: string;
  at: Date;
  delivery: CallbackDelivery;
}

export type NewStatusCallback = Omit<StatusCallback, 'delivery'>;

export class CallbackOutbox {
  private items: StatusCallback[] = [];
  private listener: ((callback: StatusCallback) => void) | null = null;

  /** Called with every callback as it is pushed (the emulator attaches delivery here). */
  onPush(listener: ((callback: StatusCallback) => void) | null): void {
    this.listener = listener;
  }

  push(callback: NewStatusCallback): void {
    const item: StatusCallback = {
      ...callback,
      delivery: { state: 'pending', httpStatus: null, error: null, signature: null, attemptedAt: null },
    };
    this.items.push(item);
    this.listener?.(item);
  }

  list(): StatusCallback[] {
    return this.items.map((item) => ({ ...item, params: { ...item.params }, delivery: { ...item.delivery } }));
  }

  clear(): void {
    this.items = [];
  }
}
