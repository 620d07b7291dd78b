import type { FaultConfig } from './fault-config';
import type { CallbackDeliveryMode } from './callbacks/delivery';

/** Options for startTwilioEmulator(); every field is optional. */
export interface TwilioEmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (never exposed beyond the machine). */
  host?: string;
  /** Credentials and SIDs; generated (well-formed, random) when omitted. */
  accountSid?: string;
  authToken?: string;
  apiKeySid?: string;
  apiKeySecret?: string;
  workspaceSid?: string;
  flexInstanceSid?: string;
  /** Delay added before answering every request; default 0. Changeable later with setLatency(). */
  latencyMs?: number;
  /**
   * Treat parameters the official spec does not declare (form body and query) as violations
   * (default true). Real Twilio often ignores them; Twilio's schemas leave them open.
   */
  strictParams?: boolean;
  /**
   * Checking requests against Twilio's official OpenAPI specs: 'enforce' (default: a violation
   * answers 400, code 20001, or 404 for a malformed path SID, and is logged), 'report' (logged in
   * `specViolations`, handled anyway) or 'off'.
   */
  specValidation?: 'enforce' | 'report' | 'off';
  /** Check the emulator's own answers against the spec's response schemas and log `responseViolations` (default true). */
  validateResponses?: boolean;
  /**
   * A recording that ends with less audio than this becomes `absent` with error_code 16101 ("too
   * short"), as Twilio does, and reports the `absent` callback event. Default 0: never absent.
   */
  minRecordingSeconds?: number;
  /** Serve the local control API under /_emulator/ (default true; loopback clients only). */
  controlApi?: boolean;
  /** Faults by configuration (rate/concurrency limits, random 429/5xx, latency); see configureFaults(). */
  faults?: FaultConfig;
  /**
   * How the task ETag header is written: 'bare' (`ETag: 3`, default) or 'quoted' (`ETag: "3"`, RFC 7232).
   * If-Match is accepted in either spelling.
   */
  etagStyle?: 'bare' | 'quoted';
  /**
   * How IAM answers a token that is not valid: 'valid-false' (default: HTTP 200 with
   * `{ valid: false, code, message }`) or 'error' (HTTP 401 with Twilio's error body).
   * twilio-flex-token-validator rejects with `message` either way.
   */
  invalidTokenResponse?: 'valid-false' | 'error';
  /**
   * How status callbacks are delivered: 'serial' (default: one at a time, in the order they happened, across
   * everything: tests read them in order), 'per-resource' (in order per conference, and per recording, but
   * different conferences and recordings at once), or 'as-fired' (Twilio's own behaviour, what a load test
   * needs: each callback is sent the moment its event fires, as a request of its own that waits for no
   * earlier one; Twilio documents that these "are made as separate HTTP requests" with no guarantee of
   * arriving in order, hence their SequenceNumber).
   */
  callbackDelivery?: CallbackDeliveryMode;
}

/** The behaviour switches routes consult (resolved defaults). */
export interface EmulatorOptions {
  strictParams: boolean;
  specValidation: 'enforce' | 'report' | 'off';
  validateResponses: boolean;
  etagStyle: 'bare' | 'quoted';
  invalidTokenResponse: 'valid-false' | 'error';
}

export function resolveBehaviour(options: TwilioEmulatorOptions): EmulatorOptions {
  return {
    strictParams: options.strictParams ?? true,
    specValidation: options.specValidation ?? 'enforce',
    validateResponses: options.validateResponses ?? true,
    etagStyle: options.etagStyle ?? 'bare',
    invalidTokenResponse: options.invalidTokenResponse ?? 'valid-false',
  };
}
