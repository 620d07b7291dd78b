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
  /** Reject unknown form parameters with 400 (default true). Real Twilio often ignores them. */
  strictParams?: boolean;
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
}

/** The behaviour switches routes consult (resolved defaults). */
export interface EmulatorOptions {
  strictParams: boolean;
  etagStyle: 'bare' | 'quoted';
  invalidTokenResponse: 'valid-false' | 'error';
}

export function resolveBehaviour(options: TwilioEmulatorOptions): EmulatorOptions {
  return {
    strictParams: options.strictParams ?? true,
    etagStyle: options.etagStyle ?? 'bare',
    invalidTokenResponse: options.invalidTokenResponse ?? 'valid-false',
  };
}
