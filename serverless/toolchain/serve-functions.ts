/**
 * tsx toolchain/serve-functions.ts [start] [dir] [--port N] [--env FILE] [--no-fork-process] [--no-live] [...]
 *
 * `twilio-run start`, through twilio-run's own programmatic API, plus two things. Caller fields named
 * `request` cannot replace the runtime's headers, and preflights reach the Functions
 * (sandbox/runtime-request-guard.ts). And requests that fail
 * before any Function runs (a body the runtime's parsers refuse: malformed JSON, over the size limit, a
 * charset or Content-Encoding they do not read) are answered with the Functions' JSON error instead of
 * Express's HTML page with a stack trace and the server's paths (sandbox/json-error-answer.ts).
 *
 * Everything else is twilio-run's: its flags and defaults (the start command's own yargs options,
 * .twilioserverlessrc included), its configuration (getConfigFromCli), its start-up checks, the server
 * (createLocalDevelopmentServer: @twilio/runtime-handler's dev server, serving the bundles in dist/ as
 * routed by .twilioserverlessrc), its request log and its route listing once it listens. Unlike the CLI,
 * a port in use is an error rather than an interactive prompt for another one.
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import checkForLegacyConfig from 'twilio-run/dist/checks/legacy-config';
import checkNodejsVersion from 'twilio-run/dist/checks/nodejs-version';
import checkProjectStructure from 'twilio-run/dist/checks/project-structure';
import { checkForValidRuntimeHandlerVersion } from 'twilio-run/dist/checks/check-runtime-handler';
import * as StartCommand from 'twilio-run/dist/commands/start';
import { getFullCommand } from 'twilio-run/dist/commands/utils';
import { getConfigFromCli, getUrl, type StartCliFlags } from 'twilio-run/dist/config/start';
import { printRouteInfo } from 'twilio-run/dist/printers/start';
import { createLocalDevelopmentServer } from 'twilio-run/dist/runtime/server';
import { startInspector } from 'twilio-run/dist/runtime/utils/inspector';
import { logger, setLogLevelByName, type LoggingLevelNames } from 'twilio-run/dist/utils/logger';
import { jsonErrorAnswer } from '../sandbox/json-error-answer';
import { runtimeRequestGuard } from '../sandbox/runtime-request-guard';

// The yargs twilio-run itself parses its flags with (a dependency of twilio-run, not of this project).
const fromTwilioRun = createRequire(require.resolve('twilio-run/package.json'));
// The express the runtime's server is made with.
const fromRuntime = createRequire(require.resolve('@twilio/runtime-handler/dev'));

/** The steps of twilio-run's `start` handler (dist/commands/start.js), with the error handler appended. */
export async function serveFunctions(argv: StartCliFlags): Promise<Server> {
  setLogLevelByName(argv.logLevel as LoggingLevelNames);
  checkNodejsVersion();
  await checkForLegacyConfig(argv.cwd, false);
  const config = await getConfigFromCli(argv, StartCommand.cliInfo);
  if (!checkForValidRuntimeHandlerVersion(config.pkgJson)) throw new Error('@twilio/runtime-handler must be an exact version in package.json');
  await checkProjectStructure(config.baseDir, getFullCommand(argv), false, {
    assetsDirectories: config.assetsFolderName ? [config.assetsFolderName] : undefined,
    functionsDirectories: config.functionsFolderName ? [config.functionsFolderName] : undefined,
  });
  process.title = config.appName;
  // As the CLI: the Functions see only the .env file's variables (plus the system's with --load-local-env).
  process.env = config.env;
  if (config.inspect) startInspector(config.inspect.hostPort, config.inspect.break);
  // With fork-process (the default) the runtime forks a runner per request with this process's Node
  // flags: without tsx's loader (which only this file needs) each runner starts as fast as the CLI's.
  process.execArgv = withoutTsxLoader(process.execArgv);

  const runtime = await createLocalDevelopmentServer(config.port, config);
  // Before twilio-run's app: the runtime's own parsers, minus caller fields named `request`, and
  // preflights passed on to the Functions (sandbox/runtime-request-guard.ts). After it (its catch-all
  // route answers every path, so only errors reach this): JSON errors.
  const app = fromRuntime('express')() as typeof runtime;
  app.use(...runtimeRequestGuard());
  app.use(runtime);
  app.use(jsonErrorAnswer());

  const server = await new Promise<Server>((resolve, reject) => {
    const listening: Server = app.listen(config.port, () => {
      listening.off('error', reject);
      resolve(listening);
    });
    listening.once('error', reject);
  });
  config.url = await getUrl(argv, config.port);
  // Its "Functions / http://localhost:<port>/recording/start ..." listing, which callers wait for.
  await printRouteInfo(config);
  return server;
}

/** Node flags minus tsx's own (`--require …/tsx/dist/preflight.cjs`, `--import …/tsx/dist/loader.mjs`). */
export function withoutTsxLoader(execArgv: readonly string[]): string[] {
  const isTsx = (value: string | undefined) => value !== undefined && /[\\/]tsx[\\/]dist[\\/]/.test(value);
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i += 1) {
    const flag = execArgv[i];
    const [name, inline] = flag.split(/=(.*)/s, 2);
    if (name === '--require' || name === '-r' || name === '--import' || name === '--loader' || name === '--experimental-loader') {
      if (inline !== undefined ? isTsx(inline) : isTsx(execArgv[i + 1])) {
        if (inline === undefined) i += 1;
        continue;
      }
    }
    kept.push(flag);
  }
  return kept;
}

async function main(args: string[]): Promise<void> {
  const yargs = fromTwilioRun('yargs') as (args: string[]) => YargsLike;
  await yargs(args)
    .scriptName('serve-functions')
    .command(StartCommand.command, `${StartCommand.describe}, answering requests the runtime cannot parse with JSON`, StartCommand.builder, async (argv: StartCliFlags) => {
      try {
        await serveFunctions(argv);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        logger.error(code === 'EADDRINUSE' ? `Port ${argv.port} is already in use` : error instanceof Error ? error.message : String(error));
        process.exit(1);
      }
    })
    .strict()
    .parseAsync();
}

interface YargsLike {
  scriptName(name: string): YargsLike;
  command(command: readonly string[], describe: string, builder: typeof StartCommand.builder, handler: (argv: StartCliFlags) => Promise<void>): YargsLike;
  strict(): YargsLike;
  parseAsync(): Promise<unknown>;
}

if (require.main === module) {
  void main(process.argv.slice(2));
}
