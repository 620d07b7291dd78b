/**
 * `npm run deploy -- [--env <name>] [--profile <name>] [--release] [--dry-run] ...`
 *
 * Functions first, then the plugin pointed at the domain the Functions deploy printed, then (with
 * --release) the release. Each step runs only if the one before it succeeded, so the plugin can never be
 * pointed at Functions that were not deployed.
 */
import { DEPLOY_USAGE, parseDeployArgs, type DeployOptions } from './args';
import { checkFunctionsBaseUrl, checkFunctionsEnv, checkPluginEnv } from './config-checks';
import { parseDeployedDomain, parseDeployedPluginVersion } from './deploy-output';
import { defaultChangelog, formatStep, planDeploy, type DeployConfig, type DeployFacts, type PlannedStep, type StepId } from './deploy-plan';
import { readPluginEnvFiles, resolveFunctionsEnvFile } from './env-file';
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
}

export function defaultDeps(): AdminDeps {
  return {
    paths: defaultPaths(),
    env: process.env,
    out: { write: (text) => process.stdout.write(text) },
    err: { write: (text) => process.stderr.write(text) },
    run: runCommand,
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

  // Preflight: the same configuration checks as the doctor, before anything is built or deployed.
  const envFile = resolveFunctionsEnvFile(deps.paths.serverlessDir, options.environment);
  const findings = [...checkFunctionsEnv(envFile), ...checkPluginEnv(readPluginEnvFiles(deps.paths.pluginDir).settings, deps.env)];
  printSection(out, 'Configuration checks', findings);
  const blockers = blocking(findings);

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
  printConfiguration(out, config, options);

  if (options.dryRun) {
    printPlan(out, config, deps.paths.repoRoot);
    if (blockers.length > 0) {
      out.write(`\nDry run: the deploy would stop before running anything, because of ${blockers.length} problem(s) above (✖).\n`);
      return 1;
    }
    out.write('\nDry run: nothing was run.\n');
    return 0;
  }
  if (blockers.length > 0) {
    deps.err.write(`\n✖ Not deploying: fix the ${blockers.length} problem(s) marked ✖ above (\`npm run doctor${argsSuffix(options)}\` checks everything). Nothing was run.\n`);
    return 1;
  }

  const facts: DeployFacts = {};
  const total = planDeploy(config).length;
  let index = 0;
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
    fail(deps, `${planned.title} failed: ${how}.`, AFTER_FAILURE[id](config, facts));
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
  const args = [...(options.environment ? ['--env', options.environment] : []), ...(options.profile ? ['--profile', options.profile] : [])];
  return args.length > 0 ? ` -- ${args.map(shellQuote).join(' ')}` : '';
}

function printConfiguration(out: Writer, config: DeployConfig, options: DeployOptions): void {
  out.write('\nDeploy configuration\n');
  const rows: Array<[string, string]> = [
    ['environment', `${config.functionsEnvironment}${options.environment === undefined ? ' (default; choose with --env)' : ''}`],
    ['Functions config', `serverless/${config.functionsEnvFile} (uploaded by twilio serverless:deploy; secrets not shown)`],
    ['Twilio CLI profile', config.profile ?? 'the active profile (`twilio profiles:list`; choose with --profile)'],
    ['plugin', `${config.pluginName}, --${config.bump} version bump, changelog "${config.changelog}"`],
    ['plugin build values', 'FLEX_APP_FUNCTIONS_BASE_URL = https://<the domain the Functions deploy prints>'],
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
