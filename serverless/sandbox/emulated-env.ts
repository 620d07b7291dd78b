import type { TwilioEmulator } from '../emulator';

/**
 * The Functions' environment (what `serverless/.env` holds in production) pointing at a local Twilio
 * emulator: its fake but well-formed credentials, and the loopback seam that routes the twilio
 * library's requests to it.
 */
export function functionEnv(emulator: TwilioEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ACCOUNT_SID: emulator.accountSid,
    API_KEY: emulator.apiKeySid,
    API_SECRET: emulator.apiKeySecret,
    TWILIO_WORKSPACE_SID: emulator.workspaceSid,
    TWILIO_EMULATOR_URL: emulator.baseUrl,
    // Twilio signs status callbacks with the account's auth token: the status Function verifies them with it.
    AUTH_TOKEN: emulator.authToken,
    ...extra,
  };
}
