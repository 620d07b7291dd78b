import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** `npm run coverage -- --env sandbox` (and the doctor's --env) read serverless/.env.sandbox while `npm start` runs. */
export const SANDBOX_ENV_NAME = 'sandbox';

/**
 * The first line of a file the sandbox wrote: only such a file is ever overwritten or removed, so an engineer's own
 * serverless/.env.sandbox (real credentials, say) is left alone.
 */
const WRITTEN_BY_SANDBOX = '# Written by npm start (the offline sandbox) for this run; removed when it stops. Not real credentials.';

export interface SandboxEnvFile {
  path: string;
  /** False: a file of someone else's was there and was left alone (`problem` says so). */
  written: boolean;
  problem?: string;
  /** Removes the file if it is still the one written for this run. */
  remove(): void;
}

/**
 * Writes serverless/.env.sandbox: the Functions' environment pointing at this run's emulator, so the admin tools that
 * read serverless/.env.<env> (`npm run coverage -- --env sandbox`) reach the emulator through the same
 * TWILIO_EMULATOR_URL seam as the Functions (readFunctionConfig accepts it only on loopback). The emulator's
 * credentials are new on every run, hence a file per run rather than a committed one.
 */
export function writeSandboxEnvFile(serverlessDir: string, emulator: TwilioEmulator, extra: Record<string, string> = {}): SandboxEnvFile {
  const path = join(serverlessDir, `.env.${SANDBOX_ENV_NAME}`);
  const ours = (text: string) => text.startsWith(WRITTEN_BY_SANDBOX);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current !== undefined && !ours(current)) {
    return {
      path,
      written: false,
      problem: `serverless/.env.${SANDBOX_ENV_NAME} exists and was not written by the sandbox: left alone (move it away to let npm start write one)`,
      remove: () => undefined,
    };
  }
  const lines = Object.entries(functionEnv(emulator, extra)).map(([key, value]) => `${key}=${value}`);
  const text = `${[WRITTEN_BY_SANDBOX, ...lines].join('\n')}\n`;
  // 0600 like any .env with a secret in it, although these open nothing but this emulator.
  writeFileSync(path, text, { mode: 0o600 });
  return {
    path,
    written: true,
    remove: () => {
      // Only this run's file: a newer sandbox may have written its own since.
      if (existsSync(path) && readFileSync(path, 'utf8') === text) unlinkSync(path);
    },
  };
}
