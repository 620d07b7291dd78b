import type { TwilioEmulator } from 'outbound-recording-functions/emulator';

const CREATE_RECORDING = /\/Calls\/(CA[0-9a-f]{32})\/Recordings\.json$/;

/** Which Function sent a request (rig.ts functionOf); a string so the naive Function's creates fit too. */
export type SentBy = (request: { headers: Record<string, string | string[] | undefined> }) => string;

/** One create that reached Twilio: when it arrived, and which Function sent it (which path recorded). */
export interface CreateReceipt {
  arrivedAt: number;
  by: string;
}

/**
 * When each call's recording `create` reached the emulator, on this process's performance.now() clock (the
 * plugins run in this process too, so the two ends of "time to record" share one clock), and who sent it.
 *
 * The emulator runs before-handle hooks after its added latency, so the hook fires L after the request
 * arrived; arrival = hook time - L. Only requests that reach the handler are seen: a create refused with 429
 * is not one (Twilio did not act on it).
 */
export class CreateLog {
  private readonly receipts = new Map<string, CreateReceipt[]>();
  private readonly waiters = new Map<string, Array<() => void>>();

  constructor(emulator: TwilioEmulator, private readonly latencyMs: number, sentBy: SentBy) {
    emulator.beforeHandle({ method: 'POST', host: 'api', pathPattern: CREATE_RECORDING, times: Infinity }, (request) => {
      const callSid = CREATE_RECORDING.exec(request.path)?.[1];
      if (callSid === undefined) return;
      const receipt = { arrivedAt: performance.now() - this.latencyMs, by: sentBy(request) };
      this.receipts.set(callSid, [...(this.receipts.get(callSid) ?? []), receipt]);
      for (const wake of this.waiters.get(callSid) ?? []) wake();
      this.waiters.delete(callSid);
    });
  }

  /** When the first create for this call arrived, if one did (from `by` only, when given). */
  firstReceipt(callSid: string, by?: string): number | undefined {
    return this.receiptsOf(callSid).find((receipt) => by === undefined || receipt.by === by)?.arrivedAt;
  }

  /** Every create for this call, in arrival order. */
  receiptsOf(callSid: string): readonly CreateReceipt[] {
    return this.receipts.get(callSid) ?? [];
  }

  creates(callSid: string): number {
    return this.receiptsOf(callSid).length;
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
