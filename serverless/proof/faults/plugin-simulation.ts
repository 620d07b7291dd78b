import { decideRetry, type RetryPolicy } from 'plugin-outbound-recording/functions-client';
import type { StartFailure } from 'plugin-outbound-recording/functions-client';
import { createStartRecordingClient, type FetchLike } from 'plugin-outbound-recording/functions-client';
import type { StartRecordingRequest, StartRecordingResponse } from 'plugin-outbound-recording/contract';

/**
 * What one agent's plugin does once it has seen the customer's leg, built from the plugin's own pure
 * modules: its start-recording client (the same form-encoded request and answer classification) and
 * its retry decision (equal-jitter backoff, at most 5 attempts, bounded by the watch). Only the clock is
 * scaled: delays are a tenth of the plugin's (100 ms base instead of 1 s) so hundreds of calls fit in a run.
 * (The Redux watching that leads up to the request is covered by the plugin's own tests and the browser test.)
 */
export const SCALED_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 800 };
const WATCH_BOUND_MS = 12_000;
const ATTEMPT_TIMEOUT_MS = 10_000;

export type PluginResult =
  | { kind: 'started'; recording: StartRecordingResponse; attempts: number }
  | { kind: 'refused'; failure: StartFailure; attempts: number }
  | { kind: 'gave-up'; failure: StartFailure; attempts: number };

export async function pluginStart(functionsUrl: string, request: StartRecordingRequest, random: () => number): Promise<PluginResult> {
  const start = createStartRecordingClient(functionsUrl, fetch as unknown as FetchLike);
  const deadline = Date.now() + WATCH_BOUND_MS;
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await start(request, AbortSignal.timeout(Math.max(1, Math.min(ATTEMPT_TIMEOUT_MS, deadline - Date.now()))));
    if (outcome.kind === 'started') return { kind: 'started', recording: outcome.recording, attempts: attempt };
    const decision = decideRetry({ failure: outcome.failure, attempt, msLeft: deadline - Date.now(), random: random() }, SCALED_RETRY_POLICY);
    if (!decision.retry) {
      return decision.reason === 'not-retryable'
        ? { kind: 'refused', failure: outcome.failure, attempts: attempt }
        : { kind: 'gave-up', failure: outcome.failure, attempts: attempt };
    }
    await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
  }
}
