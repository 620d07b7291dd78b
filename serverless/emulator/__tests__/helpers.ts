import twilio from 'twilio';
import { LocalTwilioRequestClient } from '../../src/twilio/local-request-client';
import { startTwilioEmulator, type TwilioEmulator, type TwilioEmulatorOptions } from '../index';

export type TwilioClient = ReturnType<typeof twilio>;

/**
 * A real twilio client whose requests go to the emulator (through the product's own seam), using
 * the account's auth token, or the API key when `useApiKey` is set.
 */
export function clientFor(emulator: TwilioEmulator, { useApiKey = false } = {}): TwilioClient {
  const { accountSid, authToken, apiKeySid, apiKeySecret } = emulator.credentials;
  return twilio(useApiKey ? apiKeySid : accountSid, useApiKey ? apiKeySecret : authToken, {
    accountSid,
    httpClient: new LocalTwilioRequestClient(emulator.baseUrl),
  });
}

/** A client with someone else's credentials for the same account (for auth failures). */
export function clientWithSecret(emulator: TwilioEmulator, username: string, secret: string): TwilioClient {
  return twilio(username, secret, {
    accountSid: emulator.accountSid,
    httpClient: new LocalTwilioRequestClient(emulator.baseUrl),
  });
}

/** Starts one emulator per test file, resets it before each test, and closes it at the end. */
export function useEmulator(options?: TwilioEmulatorOptions): { readonly emulator: TwilioEmulator; readonly client: TwilioClient } {
  let emulator: TwilioEmulator | undefined;
  let client: TwilioClient | undefined;
  beforeAll(async () => {
    emulator = await startTwilioEmulator(options);
    client = clientFor(emulator);
  });
  beforeEach(() => emulator?.reset());
  // Whatever a test does, the emulator's own answers must fit the official response schemas.
  afterEach(() => {
    if (emulator) expect(emulator.responseViolations()).toEqual([]);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return {
    get emulator() {
      if (!emulator) throw new Error('emulator not started');
      return emulator;
    },
    get client() {
      if (!client) throw new Error('emulator not started');
      return client;
    },
  };
}

/**
 * Raw HTTP to the emulator, for what the twilio library cannot send (bad auth headers, raw bodies).
 * `body` is `any` on purpose: tests assert on response JSON structurally.
 */
export async function rawRequest(
  emulator: TwilioEmulator,
  method: string,
  target: string,
  init: { headers?: Record<string, string>; body?: string; auth?: 'account' | 'none' | { user: string; secret: string } } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const auth = init.auth ?? 'account';
  const headers: Record<string, string> = { ...init.headers };
  if (auth !== 'none') {
    const [user, secret] = auth === 'account' ? [emulator.accountSid, emulator.authToken] : [auth.user, auth.secret];
    headers.Authorization = `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
  }
  const response = await fetch(`${emulator.baseUrl}${target}`, { method, headers, ...(init.body === undefined ? {} : { body: init.body }) });
  const text = await response.text();
  let body: any = text; // see above: asserted structurally

  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, headers: response.headers, body };
}

/** Runs `promise` expecting a twilio RestException; resolves with its status/code/message. */
export async function restError(promise: Promise<unknown>): Promise<{ status: number; code: number; message: string; moreInfo: string }> {
  try {
    await promise;
  } catch (error) {
    const { status, code, message, moreInfo } = error as { status: number; code: number; message: string; moreInfo: string };
    return { status, code, message, moreInfo };
  }
  throw new Error('expected the request to fail');
}
