/**
 * Status callbacks the emulator *would* send. For now they are only recorded; delivering them as
 * signed (X-Twilio-Signature) HTTP requests is a later issue. Recording them already lets tests
 * assert which events a recording would report and with which parameters.
 */
export interface StatusCallback {
  url: string;
  method: 'GET' | 'POST';
  /** The form parameters Twilio sends, e.g. RecordingSid, RecordingStatus, RecordingDuration. */
  params: Record<string, string>;
  /** The event that triggered it, e.g. "in-progress", "completed", "absent". */
  event: string;
  at: Date;
}

export class CallbackOutbox {
  private items: StatusCallback[] = [];

  push(callback: StatusCallback): void {
    this.items.push(callback);
  }

  list(): StatusCallback[] {
    return this.items.map((item) => ({ ...item, params: { ...item.params } }));
  }

  clear(): void {
    this.items = [];
  }
}
