import { startFunctionsServer, type FunctionsServer } from '../../sandbox/functions-server';
import { functionEnv, startTwilioEmulator, type TwilioEmulator } from './emulated-functions';

/**
 * Registers the hooks every HTTP test file needs: an emulator and the bundled Functions in twilio-run
 * (started once per file), a fresh emulator state per test, and after each test the contract with
 * Twilio: every request the Functions sent passed the official OpenAPI specs. The status callbacks the
 * Functions receive are let finish first, so they cannot leak into the next test.
 */
export function serveFunctionsOverHttp(
  options: { env?: Record<string, string>; warm?: boolean },
  started: (servers: { emulator: TwilioEmulator; functions: FunctionsServer }) => void,
): void {
  let emulator: TwilioEmulator | undefined;
  let functions: FunctionsServer | undefined;
  // Each request runs in a process twilio-run forks for it (~0.3-0.7 s on 2 busy cores): a few requests
  // per test do not fit jest's 5 s default when the machine is loaded.
  jest.setTimeout(30_000);
  beforeAll(async () => {
    emulator = await startTwilioEmulator();
    functions = await startFunctionsServer(functionEnv(emulator, options.env), { warm: options.warm });
    started({ emulator, functions });
  }, 40_000);
  afterAll(async () => {
    await functions?.stop();
    await emulator?.close();
  });
  beforeEach(() => emulator?.reset());
  afterEach(async () => {
    await emulator?.flushStatusCallbacks();
    expect(emulator?.specViolations()).toEqual([]);
  });
}
