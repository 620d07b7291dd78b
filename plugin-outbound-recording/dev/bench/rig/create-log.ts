import type { TwilioEmulator } from 'outbound-recording-functions/emulator';

const CREATE_RECORDING = /\/Calls\/(CA[0-9a-f]{32})\/Recordings\.json$/;

/**
 * When each call's recording `create` reached the emulator, on this process's performance.now() clock (the
 * plugins run in this process too, so the two ends of "time to record" share one clock).
 *
 * The emulator runs before-handle hooks after its added latency, so the hook fires L after the request
 * arrived; arrival = hook time - L. Only requests that reach the handler are seen: a create refused with 429
 * is not one (Twilio did not act on it).
 */
export class CreateLog {
  private readonly receipts = new Map<string, number[]>();
  private readonly waiters = new Map<string, Array<() => void>>();

  constructor(emulator: TwilioEmulator, private readonly latencyMs: number) {
    emulator.beforeHandle({ method: 'POST', host: 'api', pathPattern: CREATE_RECORDING, times: Infinity }, (request) => {
      const callSid = CREATE_RECORDING.exec(request.path)?.[1];
      if (callSid === undefined) return;
      const receivedAt = performance.now() - this.latencyMs;
      this.receipts.set(callSid, [...(this.receipts.get(callSid) ?? []), receivedAt]);
      for (const wake of this.waiters.get(callSid) ?? []) wake();
      this.waiters.delete(callSid);
    });
  }

  /** When the first create for this call arrived, if one did. */
  firstReceipt(callSid: string): number | undefined {
    return this.receipts.get(callSid)?.[0];
  }

  creates(callSid: string): number {
    return this.receipts.get(callSid)?.length ?? 0;
  }

  /** Resolves with the first receipt time, or undefined after timeoutMs. */
  waitForCreate(callSid: string, timeoutMs: number): Promise<number | undefined> {
    const known = this.firstReceipt(callSid);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      this.waiters.set(callSid, [
        ...(this.waiters.get(callSid) ?? []),
        () => {
          clearTimeout(timer);
          resolve(this.firstReceipt(callSid));
        },
      ]);
    });
  }
}
