import { startTwilioEmulator, type TwilioEmulator, type TwilioEmulatorOptions } from '../emulator';
import { functionEnv } from '../sandbox/emulated-env';
import { startFunctionsServer, type FunctionsServer } from '../sandbox/functions-server';

/**
 * What both proofs run against: the Twilio emulator in this process and the bundled Functions
 * (serverless/dist: run `npm run build` first) served by the real twilio-run, warm (one process, modules
 * loaded once, as a deployed Function instance serves consecutive requests), talking to the emulator
 * through the real twilio library.
 */
export interface Rig {
  emulator: TwilioEmulator;
  functions: FunctionsServer;
  close(): Promise<void>;
}

export async function startRig(env: Record<string, string> = {}, options: TwilioEmulatorOptions = {}): Promise<Rig> {
  const emulator = await startTwilioEmulator(options);
  let functions: FunctionsServer;
  try {
    functions = await startFunctionsServer(functionEnv(emulator, env), { warm: true });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  return {
    emulator,
    functions,
    close: async () => {
      await functions.stop();
      await emulator.close();
    },
  };
}

/** The status callback URL the Functions ask Twilio for, as twilio-run names its domain (localhost:<port>). */
export function statusCallbackUrl(functions: FunctionsServer, taskSid: string): string {
  return `http://localhost:${new URL(functions.url).port}/recording/status?TaskSid=${taskSid}`;
}
