import { PortInUseError, startSandbox } from './start-sandbox';

/**
 * `npm start`: the offline sandbox. Ports: EMULATOR_PORT (4010), PORT (3000, the Functions, as
 * `npm run functions`), DESK_PORT (8080). Ctrl-C stops everything.
 */
function portFrom(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${variable}=${raw} is not a port number (1-65535).`);
    process.exit(2);
  }
  return port;
}

/** Opt-in Functions settings an engineer may try offline, taken from the environment as given. */
function functionSettingsFromEnvironment(): Record<string, string> {
  const sid = process.env.INTELLIGENCE_SERVICE_SID;
  return sid === undefined || sid === '' ? {} : { INTELLIGENCE_SERVICE_SID: sid };
}

async function main(): Promise<void> {
  const functionSettings = functionSettingsFromEnvironment();
  const sandbox = await startSandbox({
    functionSettings,
    emulatorPort: portFrom('EMULATOR_PORT', 4010),
    functionsPort: portFrom('PORT', 3000),
    deskPort: portFrom('DESK_PORT', 8080),
    writeEnvFile: true,
  });
  const envFile = sandbox.envFile;
  console.log(
    [
      '',
      'Offline sandbox running (no Twilio account needed):',
      `  Agent desk       ${sandbox.deskUrl}   <- open this (the real Flex UI 2.17.1 with the plugin)`,
      `                   page bundle ${(sandbox.deskBundle.bytes / 1e6).toFixed(1)} MB, ${sandbox.deskBundle.source === 'cache' ? 'from the cache' : `built in ${(sandbox.deskBundle.ms / 1000).toFixed(1)} s`}`,
      `  Functions        ${sandbox.functionsUrl}/recording/start   (twilio-run)`,
      `  Twilio emulator  ${sandbox.emulator.baseUrl}   (state: ${sandbox.emulator.baseUrl}/_emulator/state)`,
      envFile?.written
        ? `  Coverage report  npm run coverage -- --env sandbox --from $(date -u +%F) --to $(date -u +%F)   (reads serverless/.env.sandbox, written for this run)`
        : `  Coverage report  not set up: ${envFile?.problem ?? 'no serverless/.env.sandbox'}`,
      functionSettings.INTELLIGENCE_SERVICE_SID === undefined
        ? '  Transcripts      off (INTELLIGENCE_SERVICE_SID=GA… npm start hands completed recordings to the emulator\'s Conversation Intelligence)'
        : `  Transcripts      on: completed recordings go to Conversation Intelligence service ${functionSettings.INTELLIGENCE_SERVICE_SID} (the emulator's); the task's call_recording.transcript_sid shows it`,
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  let stopping = false;
  const shutDown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox...`);
    sandbox.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutDown('SIGINT'));
  process.on('SIGTERM', () => shutDown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof PortInUseError ? `Cannot start the sandbox: ${error.message}` : error);
  process.exit(1);
});
