import { startTwilioEmulator, type TwilioEmulator } from '../../emulator';
import { readFunctionConfig, type FunctionConfig } from '../../src/config/function-config';
import type { RetryTools } from '../../src/recording/retry-policy';
import { createTwilioGateway } from '../../src/twilio/twilio-gateway';
import { startRecording, type StartRecordingDeps } from '../../src/recording/start-recording';
import { functionEnv } from '../../sandbox/emulated-env';

export { functionEnv };

export function configFor(emulator: TwilioEmulator, extra: Record<string, string> = {}): FunctionConfig {
  const result = readFunctionConfig(functionEnv(emulator, extra));
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.config;
}

/** Retries without waiting, so fault-injection tests stay fast; the delays asked for are recorded. */
export function instantRetry(delays: number[] = []): RetryTools {
  return { policy: { maxAttempts: 3, baseDelayMs: 150, maxDelayMs: 1000 }, random: Math.random, sleep: async (ms) => void delays.push(ms) };
}

/** The recording core wired exactly as the Function wires it, through the real twilio library. */
export function coreFor(emulator: TwilioEmulator, extra: Record<string, string> = {}, retry = instantRetry()) {
  const config = configFor(emulator, extra);
  const deps: StartRecordingDeps = {
    twilio: createTwilioGateway(config),
    accountSid: config.accountSid,
    statusCallbackUrl: config.statusCallbackUrl,
    policy: config.policy,
    retry,
  };
  return (input: Record<string, unknown>) => startRecording(deps, input);
}

/** An outbound call as Flex sets it up, plus the agent's Flex token. */
export function outboundCall(emulator: TwilioEmulator, options: { answered?: boolean; identity?: string; customerListedWhileRinging?: boolean } = {}) {
  const call = emulator.placeOutboundCall({
    workerIdentity: options.identity ?? 'alice',
    customerNumber: '+14155550100',
    callerId: '+14155550199',
    customerListedWhileRinging: options.customerListedWhileRinging,
  });
  if (options.answered !== false) emulator.answerCall(call.customerCallSid);
  const token = emulator.issueFlexToken({ workerSid: call.workerSid, identity: call.workerIdentity, roles: ['agent'] });
  const request = { Token: token, TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid };
  return { ...call, token, request };
}

/**
 * One emulator for the file, reset before each test, and the contract with Twilio checked after each: every
 * request the Functions sent must pass the official OpenAPI specs. `use` gets the emulator once it runs.
 */
export function useEmulator(use: (emulator: TwilioEmulator) => void): void {
  let emulator: TwilioEmulator | undefined;
  beforeAll(async () => {
    emulator = await startTwilioEmulator();
    use(emulator);
  });
  afterAll(() => emulator?.close());
  beforeEach(() => emulator?.reset());
  afterEach(() => expect(emulator?.specViolations()).toEqual([]));
}

export { startTwilioEmulator, type TwilioEmulator };
