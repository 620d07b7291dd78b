/**
 * `npm run doctor -- [--env <name>] [--profile <name>] [--offline] [--settings [<file>]]`
 *
 * Checks what a deploy needs, prints each problem with its fix, and exits non-zero when anything would
 * block a deploy. Warnings and skipped checks (no network) do not change the exit code.
 *
 * The plugin's run-time settings: the local file `npm run deploy -- --settings` would write (offline),
 * and what the Flex configuration holds now, read with the Functions' API key and checked with the
 * plugin's own reader (online).
 */
import { readFunctionConfig } from '../src/config/function-config';
import { createTwilioClient } from '../src/twilio/twilio-gateway';
import { DOCTOR_USAGE, parseDoctorArgs } from './args';
import { checkTwilioCli } from './cli-checks';
import { checkFunctionsEnv, checkNodeVersion, checkPluginEnv } from './config-checks';
import { defaultDeps, type AdminDeps } from './deploy';
import { readPluginEnvFiles, resolveFunctionsEnvFile } from './env-file';
import { CREDENTIALS_REFUSED, checkFlexSettings, checkTwilioAccess, type ConnectTwilio } from './network-checks';
import { checkSettingsFile, readSettingsFile, resolveSettingsPath, settingsCommand } from './plugin-settings-file';
import { readServiceName } from './project';
import { checkServerTrigger } from './trigger-checks';
import { blocking, printSection, type Finding } from './report';

export interface DoctorDeps extends AdminDeps {
  nodeVersion: string;
  connectTwilio: ConnectTwilio;
}

export function defaultDoctorDeps(): DoctorDeps {
  return { ...defaultDeps(), nodeVersion: process.version, connectTwilio: createTwilioClient };
}

/** Returns the exit code: 0 nothing blocks a deploy, 1 something does, 2 bad arguments. */
export async function runDoctor(argv: readonly string[], deps: DoctorDeps): Promise<number> {
  const { out } = deps;
  const parsed = parseDoctorArgs(argv);
  if (!parsed.ok) {
    if (parsed.help) {
      out.write(`${DOCTOR_USAGE}\n`);
      return 0;
    }
    deps.err.write(`${parsed.error}\n\n${DOCTOR_USAGE}\n`);
    return 2;
  }
  const options = parsed.options;
  const environment = options.environment ?? 'dev';
  out.write(`Checking the "${environment}" deploy${options.profile ? ` with Twilio CLI profile "${options.profile}"` : ''}\n`);
  const all: Finding[] = [];
  const section = (title: string, findings: Finding[]): void => {
    printSection(out, title, findings);
    all.push(...findings);
  };

  const envFile = resolveFunctionsEnvFile(deps.paths.serverlessDir, options.environment);
  const writeCommand = settingsCommand(options.environment, options.settings);
  section('Functions configuration', checkFunctionsEnv(envFile));
  section(
    'Plugin build values',
    checkPluginEnv(readPluginEnvFiles(deps.paths.pluginDir).settings, deps.env, {
      environment,
      writeCommand,
      ...(envFile.ok ? { functionsEnv: { name: envFile.file.name, values: envFile.file.values } } : {}),
    }),
  );
  section('Tools', [checkNodeVersion(deps.nodeVersion)]);

  const accountSid = envFile.ok ? envFile.file.values.ACCOUNT_SID?.trim() || undefined : undefined;
  section(
    'Twilio CLI',
    await checkTwilioCli(deps.run, { cwd: deps.paths.serverlessDir, env: deps.env, profile: options.profile, accountSid }),
  );

  const config = envFile.ok ? readFunctionConfig(envFile.file.values) : undefined;
  let flexCheck: string | undefined;
  if (options.offline) {
    section('Twilio account', [{ severity: 'skip', message: 'Twilio API checks skipped (--offline)' }]);
    flexCheck = 'Flex configuration not read (--offline)';
  } else if (config === undefined || !config.ok) {
    section('Twilio account', [{ severity: 'skip', message: 'Twilio API checks skipped (fix the Functions configuration first)' }]);
    flexCheck = 'Flex configuration not read (fix the Functions configuration first)';
  } else {
    const serviceName = readServiceName(deps.paths.serverlessDir);
    const account = await checkTwilioAccess(config.config, deps.connectTwilio, { serviceName, environment });
    section('Twilio account', account);
    if (account.some((finding) => finding.message.startsWith(CREDENTIALS_REFUSED))) flexCheck = 'Flex configuration not read (credentials refused)';
    else if (account.some((finding) => finding.severity === 'skip' && finding.message.includes('no network'))) flexCheck = 'Flex configuration not read (no network)';
    else section('Server-side trigger (recent calls)', await checkServerTrigger(config.config, deps.connectTwilio));
  }

  const settingsPath = resolveSettingsPath(options.settings, deps.paths.pluginDir, environment, deps.env.INIT_CWD ?? process.cwd());
  const local = readSettingsFile(settingsPath, deps.paths.repoRoot);
  const settings = checkSettingsFile(local, { required: options.settings.kind !== 'none', writeCommand });
  if (flexCheck !== undefined || config === undefined || !config.ok) settings.push({ severity: 'skip', message: flexCheck ?? 'Flex configuration not read' });
  else settings.push(...(await checkFlexSettings(config.config, deps.connectTwilio, local.kind === 'ok' ? local.file : undefined, writeCommand)));
  section('Plugin settings (Flex configuration ui_attributes)', settings);

  const blockers = blocking(all);
  const warnings = all.filter((finding) => finding.severity === 'warn').length;
  if (blockers.length > 0) {
    out.write(`\n✖ ${blockers.length} problem(s) block a deploy (marked ✖ above, each with its fix).\n`);
    return 1;
  }
  const command = ['npm run deploy', ...(options.environment || options.profile ? ['--'] : []), ...(options.environment ? ['--env', options.environment] : []), ...(options.profile ? ['--profile', options.profile] : [])];
  out.write(`\n✔ Ready to deploy${warnings > 0 ? ` (${warnings} warning(s) above)` : ''}: ${command.join(' ')}\n`);
  return 0;
}

if (require.main === module) {
  runDoctor(process.argv.slice(2), defaultDoctorDeps()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`✖ doctor stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
