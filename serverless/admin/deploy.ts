/**
 * `npm run deploy -- [--env <name>] [--profile <name>] [--release] [--dry-run] [--settings [<file>]] [--settings-only] ...`
 *
 * With --settings, first the plugin's settings into the Flex configuration (read it, replace only
 * ui_attributes.custom_data.features.outbound_recording, write it back). Then the Functions, then the
 * plugin pointed at the domain the Functions deploy printed, then (with --release) the release. Each
 * step runs only if the one before it succeeded, so the plugin can never be pointed at Functions that
 * were not deployed. --settings-only stops after the settings.
 */
import { rawSettingsOf } from 'plugin-outbound-recording/settings';
import { readFunctionConfig, type FunctionConfig } from '../src/config/function-config';
import { createTwilioClient } from '../src/twilio/twilio-gateway';
import { DEPLOY_USAGE, parseDeployArgs, type DeployOptions } from './args';
import { checkFunctionsBaseUrl, checkFunctionsEnv, checkPluginEnv } from './config-checks';
import { parseDeployedDomain, parseDeployedPluginVersion } from './deploy-output';
import { defaultChangelog, formatStep, planDeploy, type DeployConfig, type DeployFacts, type PlannedStep, type StepId } from './deploy-plan';
import { readPluginEnvFiles, resolveFunctionsEnvFile } from './env-file';
import { FLEX_CONFIGURATION_URL, SETTINGS_LOCATION, canonical, mergePluginSettings, readUiAttributes, writeUiAttributes, type MergeResult } from './flex-configuration';
import { attempt, refusal, type ConnectTwilio, type Outcome } from './network-checks';
import { checkSettingsFile, describeSettings, readSettingsFile, resolveSettingsPath, settingsCommand, type SettingsFile } from './plugin-settings-file';
import { runCommand, type CommandResult, type Runner } from './process-runner';
import { defaultPaths, readPluginName, type ProjectPaths } from './project';
import { blocking, formatFinding, printSection, shellQuote, type Writer } from './report';

export interface AdminDeps {
  paths: ProjectPaths;
  /** The environment the Twilio CLI and npm are started with (and whose FLEX_APP_* values are checked). */
  env: NodeJS.ProcessEnv;
  out: Writer;
  err: Writer;
  run: Runner;
  /**
   * How the Flex Configuration API is reached (--settings; the doctor's network checks): the product's
   * own client factory by default, one aimed at the emulator in tests.
   */
  connectTwilio?: ConnectTwilio;
}

export function defaultDeps(): AdminDeps {
  return {
    paths: defaultPaths(),
    env: process.env,
    out: { write: (text) => process.stdout.write(text) },
    err: { write: (text) => process.stderr.write(text) },
    run: runCommand,
    connectTwilio: createTwilioClient,
  };
}

/** Returns the exit code: 0 done (or dry run), 1 a check or step failed, 2 bad arguments. */
export async function runDeploy(argv: readonly string[], deps: AdminDeps): Promise<number> {
  const { out } = deps;
  const parsed = parseDeployArgs(argv);
  if (!parsed.ok) {
    if (parsed.help) {
      out.write(`${DEPLOY_USAGE}\n`);
      return 0;
    }
    deps.err.write(`${parsed.error}\n\n${DEPLOY_USAGE}\n`);
    return 2;
  }
  const options = parsed.options;
  const functionsEnvironment = options.environment ?? 'dev';

  // Preflight: the same configuration checks as the doctor, before anything is built, deployed or written.
  const envFile = resolveFunctionsEnvFile(deps.paths.serverlessDir, options.environment);
  const writeCommand = settingsCommand(options.environment, options.settings);
  const settingsFile =
    options.settings.kind === 'none'
      ? undefined
      : readSettingsFile(resolveSettingsPath(options.settings, deps.paths.pluginDir, functionsEnvironment, deps.env.INIT_CWD ?? process.cwd()), deps.paths.repoRoot);
  const findings = [
    ...checkFunctionsEnv(envFile),
    // --settings-only builds nothing, so the plugin's build values do not matter to it.
    ...(options.settingsOnly
      ? []
      : checkPluginEnv(readPluginEnvFiles(deps.paths.pluginDir).settings, deps.env, {
          environment: functionsEnvironment,
          writeCommand,
          ...(envFile.ok ? { functionsEnv: { name: envFile.file.name, values: envFile.file.values } } : {}),
        })),
    ...(settingsFile ? checkSettingsFile(settingsFile, { required: true, writeCommand }) : []),
  ];
  printSection(out, 'Configuration checks', findings);
  const blockers = blocking(findings);
  const functionConfig = envFile.ok ? readFunctionConfig(envFile.file.values) : undefined;
  const settings = settingsFile?.kind === 'ok' && functionConfig?.ok ? { file: settingsFile.file, config: functionConfig.config } : undefined;

  const config: DeployConfig = {
    serverlessDir: deps.paths.serverlessDir,
    pluginDir: deps.paths.pluginDir,
    pluginName: readPluginName(deps.paths.pluginDir),
    functionsEnvFile: envFile.ok ? envFile.file.name : `.env.${functionsEnvironment}`,
    functionsEnvironment,
    profile: options.profile,
    bump: options.bump,
    changelog: options.changelog ?? defaultChangelog(functionsEnvironment),
    release: options.release,
    releaseName: options.releaseName,
    releaseDescription: options.releaseDescription,
  };
  printConfiguration(out, config, options, settingsFile?.display);

  if (options.dryRun) {
    let settingsBlocked = false;
    if (settingsFile !== undefined) {
      out.write(options.settingsOnly ? '\nPlugin settings (nothing else is deployed):\n' : '\nPlugin settings, written first (before any build or deploy):\n');
      out.write(`  GET ${FLEX_CONFIGURATION_URL}, then POST it back with ${SETTINGS_LOCATION} replaced; every other key kept\n`);
      if (settings !== undefined && blockers.length === 0) {
        out.write(`  ${SETTINGS_LOCATION} would become ${JSON.stringify(settings.file.value)}\n  (agents: ${describeSettings(settings.file.settings)})\n`);
        // Reading changes nothing: it shows exactly what the write would do.
        const read = await attempt(() => readUiAttributes(connect(deps)(settings.config)));
        if (read.kind === 'ok') {
          const merged = mergePluginSettings(read.value, settings.file.value);
          if (merged.ok) printMerge(out, merged);
          else {
            out.write(`${formatFinding({ severity: 'block', message: merged.problem, fix: 'Fix ui_attributes in the Flex configuration first; deploy never overwrites what it cannot merge' })}\n`);
            settingsBlocked = true;
          }
        } else if (read.kind === 'refused') {
          out.write(`${formatFinding(refusal('the Flex Configuration API', read, 'Check ACCOUNT_SID: it must be the account of your Flex instance'))}\n`);
          settingsBlocked = true;
        } else {
          out.write(`  (the current Flex configuration could not be read: ${read.code}; the write would read it first)\n`);
        }
      }
    }
    if (!options.settingsOnly) printPlan(out, config, deps.paths.repoRoot);
    if (blockers.length > 0 || settingsBlocked) {
      const count = blockers.length + (settingsBlocked ? 1 : 0);
      out.write(`\nDry run: the deploy would stop before running or writing anything, because of ${count} problem(s) above (✖).\n`);
      return 1;
    }
    out.write('\nDry run: nothing was run or written.\n');
    return 0;
  }
  if (blockers.length > 0) {
    deps.err.write(`\n✖ Not deploying: fix the ${blockers.length} problem(s) marked ✖ above (\`npm run doctor${argsSuffix(options)}\` checks everything). Nothing was run or written.\n`);
    return 1;
  }

  const total = (options.settingsOnly ? 0 : planDeploy(config).length) + (settings ? 1 : 0);
  let index = 0;
  if (settings !== undefined) {
    index += 1;
    out.write(`\n▶ [${index}/${total}] Write the plugin settings into the Flex configuration\n  GET, then POST ${FLEX_CONFIGURATION_URL} (${SETTINGS_LOCATION} from ${settings.file.display})\n`);
    const written = await writeSettings(deps, settings.file, settings.config);
    if (!written) return 1;
    if (options.settingsOnly) {
      out.write(`\n✔ Done: plugin settings ${written === 'unchanged' ? 'already in place' : 'written'}. Agents get them when they next load or refresh Flex (no rebuild, no deploy).\n`);
      return 0;
    }
  }

  const facts: DeployFacts = {};
  const step = async (id: StepId): Promise<CommandResult | undefined> => {
    const planned = planDeploy(config, facts).find((candidate) => candidate.id === id) as PlannedStep;
    index += 1;
    out.write(`\n▶ [${index}/${total}] ${planned.title}\n  $ ${formatStep(planned, deps.paths.repoRoot)}\n`);
    const result = await deps.run(
      { command: planned.command, args: planned.args, cwd: planned.cwd, env: { ...deps.env, ...planned.env } },
      { out, err: deps.err },
    );
    if (result.exitCode === 0) return result;
    const how =
      result.startError?.code === 'ENOENT'
        ? `\`${planned.command}\` was not found on PATH${planned.command === 'twilio' ? ' (install the Twilio CLI: run `npm run doctor`)' : ''}`
        : result.startError
          ? `it could not be started (${result.startError.message})`
          : result.signal
            ? `it was stopped (${result.signal})`
            : `it exited with code ${result.exitCode}`;
    const settingsNote = settings !== undefined ? `\nThe plugin settings written in step 1 stay in the Flex configuration (valid for the plugin agents have now).` : '';
    fail(deps, `${planned.title} failed: ${how}.`, AFTER_FAILURE[id](config, facts) + settingsNote);
    return undefined;
  };

  if (!(await step('build-functions'))) return 1;

  const functionsDeploy = await step('deploy-functions');
  if (!functionsDeploy) return 1;
  const domain = parseDeployedDomain(functionsDeploy.stdout);
  if (domain === undefined) {
    fail(
      deps,
      'The Functions were deployed, but their domain could not be read from the output of `twilio serverless:deploy`.',
      `The plugin was NOT deployed, so it still points where it pointed before.\n` +
        `Find the domain with \`twilio serverless:list environments${profileSuffix(config)}\` and report this (the CLI's output format may have changed).`,
    );
    return 1;
  }
  const functionsBaseUrl = `https://${domain}`;
  const urlProblems = checkFunctionsBaseUrl(functionsBaseUrl);
  if (urlProblems.length > 0) {
    fail(deps, `The deployed domain "${domain}" is not usable by the plugin:\n${urlProblems.map(formatFinding).join('\n')}`, 'The plugin was NOT deployed.');
    return 1;
  }
  facts.functionsBaseUrl = functionsBaseUrl;
  out.write(`\n  Functions deployed at ${functionsBaseUrl}\n`);

  const pluginDeploy = await step('deploy-plugin');
  if (!pluginDeploy) return 1;
  const version = parseDeployedPluginVersion(`${pluginDeploy.stdout}\n${pluginDeploy.stderr}`, config.pluginName);
  if (version !== undefined) facts.pluginVersion = version;

  if (config.release) {
    if (version === undefined) {
      fail(
        deps,
        'The plugin was deployed, but its version could not be read from the output of `twilio flex:plugins:deploy`, so it was not released.',
        `Find the version with \`twilio flex:plugins:list:plugin-versions --name ${config.pluginName}${profileSuffix(config)}\`, then release it:\n` +
          releaseCommand(config, facts),
      );
      return 1;
    }
    if (!(await step('release-plugin'))) return 1;
  }

  out.write(`\n✔ Done.\n  Functions: ${functionsBaseUrl} (environment "${config.functionsEnvironment}")\n`);
  if (settings !== undefined) out.write(`  Settings:  ${SETTINGS_LOCATION} in the Flex configuration, from ${settings.file.display}\n`);
  out.write(`  Plugin:    ${config.pluginName}@${version ?? '(version: see the output above)'}, pointed at ${functionsBaseUrl}\n`);
  out.write(
    config.release
      ? '  Released:  agents get it when they next load or refresh Flex.\n'
      : `  Not released yet: agents keep the current release until you run\n  ${releaseCommand(config, facts)}\n  (or release it in Flex Console > Admin > Plugins).\n`,
  );
  return 0;
}

/** What state each failure leaves things in, and what to do next. */
const AFTER_FAILURE: Record<StepId, (config: DeployConfig, facts: DeployFacts) => string> = {
  'build-functions': () => 'Nothing was deployed. Fix the build error above (`npm run build -w serverless` reproduces it), then deploy again.',
  'deploy-functions': (config) =>
    'The plugin was NOT deployed, so agents keep the plugin and Functions they had.\n' +
    `Read the Twilio CLI's message above; \`npm run doctor${config.profile ? ` -- --profile ${config.profile}` : ''}\` checks credentials and the CLI. Then deploy again.`,
  'deploy-plugin': (_config, facts) =>
    `The Functions are deployed at ${facts.functionsBaseUrl ?? '(unknown)'}, but no new plugin version was deployed: agents keep the current one.\n` +
    'Fix the problem in the output above, then run the deploy again (deploying the Functions again is harmless).',
  'release-plugin': (config, facts) =>
    `The plugin version is deployed but NOT released: agents keep the previous release.\nRelease it with:\n  ${releaseCommand(config, facts)}`,
};

function connect(deps: AdminDeps): ConnectTwilio {
  return deps.connectTwilio ?? createTwilioClient;
}

function printMerge(out: Writer, merged: Extract<MergeResult, { ok: true }>, label = 'now in the Flex configuration'): void {
  out.write(`  ${label}: ${merged.previous === undefined ? '(nothing: the plugin uses its defaults)' : JSON.stringify(merged.previous)}\n`);
  if (!merged.changed) out.write('  already the same: nothing to write\n');
  out.write(
    merged.kept.length === 0
      ? '  kept: no other keys (ui_attributes holds nothing else on the way)\n'
      : `  kept as they are (${merged.kept.length}): ${merged.kept.join(', ')}\n`,
  );
}

function outcomeProblem(outcome: Exclude<Outcome<unknown>, { kind: 'ok' }>, what: string): string {
  if (outcome.kind === 'unreachable') return `Twilio could not be reached (${outcome.code})`;
  return formatFinding(refusal(what, outcome, 'Check ACCOUNT_SID: it must be the account of your Flex instance')).trim();
}

/**
 * Read, merge, write, check: returns 'written', 'unchanged' (the configuration already held exactly
 * these settings, so nothing was posted), or false after printing what went wrong and what state it left.
 */
async function writeSettings(deps: AdminDeps, file: SettingsFile, functionConfig: FunctionConfig): Promise<'written' | 'unchanged' | false> {
  const { out } = deps;
  const client = connect(deps)(functionConfig);
  const read = await attempt(() => readUiAttributes(client));
  if (read.kind !== 'ok') {
    fail(deps, `Reading the Flex configuration failed:\n${outcomeProblem(read, 'the Flex Configuration API')}`, 'Nothing was written or deployed. Fix it (`npm run doctor` checks the same), then deploy again.');
    return false;
  }
  const merged = mergePluginSettings(read.value, file.value);
  if (!merged.ok) {
    fail(deps, merged.problem, 'Nothing was written or deployed. Fix ui_attributes in the Flex configuration first: deploy never overwrites what it cannot merge.');
    return false;
  }
  printMerge(out, merged, 'in the Flex configuration before');
  if (!merged.changed) return 'unchanged';
  const written = await attempt(() => writeUiAttributes(client, functionConfig.accountSid, merged.uiAttributes));
  if (written.kind !== 'ok') {
    fail(
      deps,
      `Writing the Flex configuration failed:\n${outcomeProblem(written, 'the Flex Configuration API')}`,
      `Nothing was deployed. ${written.kind === 'refused' ? 'A refused update changes nothing: the Flex configuration is as it was.' : 'Check with `npm run doctor` whether the write arrived before deploying again.'}`,
    );
    return false;
  }
  if (canonical(rawSettingsOf(written.value)) !== canonical(file.value)) {
    fail(
      deps,
      `The Flex configuration answered the update with other settings at ${SETTINGS_LOCATION}: ${JSON.stringify(rawSettingsOf(written.value))}`,
      'Nothing was deployed. Check the Flex configuration (`npm run doctor`) and report this.',
    );
    return false;
  }
  out.write(`  ✔ written: agents get ${describeSettings(file.settings)} when they next load Flex\n`);
  return 'written';
}

function fail(deps: AdminDeps, what: string, next: string): void {
  deps.err.write(`\n✖ ${what}\n${next.split('\n').map((line) => `  ${line}`).join('\n')}\n`);
}

function releaseCommand(config: DeployConfig, facts: DeployFacts): string {
  const release = planDeploy({ ...config, release: true }, facts).find((planned) => planned.id === 'release-plugin') as PlannedStep;
  // flex:plugins:release works from any folder (it only talks to the Plugins API).
  return [release.command, ...release.args].map(shellQuote).join(' ');
}

function profileSuffix(config: DeployConfig): string {
  return config.profile === undefined ? '' : ` --profile ${shellQuote(config.profile)}`;
}

function argsSuffix(options: DeployOptions): string {
  const settings = options.settings.kind === 'file' ? ['--settings', options.settings.path] : options.settings.kind === 'default' ? ['--settings'] : [];
  const args = [...(options.environment ? ['--env', options.environment] : []), ...(options.profile ? ['--profile', options.profile] : []), ...settings];
  return args.length > 0 ? ` -- ${args.map(shellQuote).join(' ')}` : '';
}

function printConfiguration(out: Writer, config: DeployConfig, options: DeployOptions, settingsDisplay: string | undefined): void {
  out.write('\nDeploy configuration\n');
  const environment: [string, string] = ['environment', `${config.functionsEnvironment}${options.environment === undefined ? ' (default; choose with --env)' : ''}`];
  const settings: [string, string] = [
    'plugin settings',
    settingsDisplay === undefined
      ? `not changed (add --settings to write plugin-outbound-recording/ui-settings.${config.functionsEnvironment}.json)`
      : `${settingsDisplay} -> ${SETTINGS_LOCATION} (that object replaced, every other key of ui_attributes kept)${options.settingsOnly ? '' : ', written first'}`,
  ];
  const rows: Array<[string, string]> = options.settingsOnly
    ? [environment, ['Functions config', `serverless/${config.functionsEnvFile} (its API key reads and writes the Flex configuration)`], settings, ['deploy', 'none (--settings-only): nothing is built or deployed']]
    : [
        environment,
        ['Functions config', `serverless/${config.functionsEnvFile} (uploaded by twilio serverless:deploy; secrets not shown)`],
        ['Twilio CLI profile', config.profile ?? 'the active profile (`twilio profiles:list`; choose with --profile)'],
        ['plugin', `${config.pluginName}, --${config.bump} version bump, changelog "${config.changelog}"`],
        ['plugin build values', 'FLEX_APP_FUNCTIONS_BASE_URL = https://<the domain the Functions deploy prints>'],
        settings,
        ['release', config.release ? 'yes, after the plugin deploy' : 'no (add --release, or release later)'],
      ];
  for (const [label, value] of rows) out.write(`  ${`${label}:`.padEnd(21)}${value}\n`);
}

function printPlan(out: Writer, config: DeployConfig, repoRoot: string): void {
  out.write('\nCommands, in order (each runs only if the one before succeeded):\n');
  planDeploy(config).forEach((planned, position) => {
    out.write(`  ${position + 1}. ${planned.title}\n     $ ${formatStep(planned, repoRoot)}\n`);
    if (planned.id === 'deploy-functions') out.write('     then reads the deployed domain from its JSON output\n');
    if (planned.id === 'deploy-plugin') out.write('     then reads the deployed version from its output\n');
  });
}

if (require.main === module) {
  runDeploy(process.argv.slice(2), defaultDeps()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`✖ deploy stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
