import { join } from 'node:path';
import type { VersionBump } from './args';
import { shellQuote } from './report';

/** Everything the deploy's commands depend on; nothing secret (secrets stay in the env file the CLI reads). */
export interface DeployConfig {
  serverlessDir: string;
  pluginDir: string;
  /** Name of the plugin package (plugin-outbound-recording/package.json). */
  pluginName: string;
  /** The Functions' env file, relative to serverlessDir (passed to `--env`). */
  functionsEnvFile: string;
  /** The Functions environment (domain suffix) deployed to. */
  functionsEnvironment: string;
  profile: string | undefined;
  bump: VersionBump;
  changelog: string;
  release: boolean;
  releaseName: string | undefined;
  releaseDescription: string | undefined;
}

/** What earlier steps printed; unknown until they ran (a dry run shows placeholders instead). */
export interface DeployFacts {
  functionsBaseUrl?: string;
  pluginVersion?: string;
}

export type StepId = 'build-functions' | 'deploy-functions' | 'deploy-plugin' | 'release-plugin';

export interface PlannedStep {
  id: StepId;
  title: string;
  command: string;
  args: string[];
  cwd: string;
  /** Variables added to the child's environment (never secrets: only FLEX_APP_* build values). */
  env: Record<string, string>;
}

/** The runtime the Functions are deployed to (.twilioserverlessrc says the same). */
export const FUNCTIONS_RUNTIME = 'node22';

export const DOMAIN_PLACEHOLDER = 'https://<domain printed by the Functions deploy>';
export const VERSION_PLACEHOLDER = '<version printed by the plugin deploy>';

/**
 * The deploy as data: a pure function of the configuration and of what earlier steps reported, so the
 * exact commands (and the dry run that prints them) are tested without running anything.
 */
export function planDeploy(config: DeployConfig, facts: DeployFacts = {}): PlannedStep[] {
  const profile = config.profile === undefined ? [] : ['--profile', config.profile];
  const version = facts.pluginVersion ?? VERSION_PLACEHOLDER;
  const steps: PlannedStep[] = [
    {
      id: 'build-functions',
      title: 'Build the Functions',
      command: 'npm',
      args: ['run', 'build'],
      cwd: config.serverlessDir,
      env: {},
    },
    {
      id: 'deploy-functions',
      title: `Deploy the Functions to the "${config.functionsEnvironment}" environment`,
      command: 'twilio',
      args: [
        'serverless:deploy',
        '--env',
        config.functionsEnvFile,
        '--environment',
        config.functionsEnvironment,
        '--runtime',
        FUNCTIONS_RUNTIME,
        // .twiliodeployinfo (which remembers the service) is per machine and git-ignored: without this, a
        // deploy from a fresh clone stops with "conflicting service name" instead of updating our service.
        '--override-existing-project',
        // JSON on stdout is the one layout of the result that is meant to be read by programs.
        '--output-format',
        'json',
        ...profile,
      ],
      cwd: config.serverlessDir,
      env: {},
    },
    {
      id: 'deploy-plugin',
      title: 'Build and deploy the plugin, pointed at the deployed Functions',
      command: 'twilio',
      args: ['flex:plugins:deploy', `--${config.bump}`, '--changelog', config.changelog, ...profile],
      cwd: config.pluginDir,
      // flex:plugins:deploy compiles the bundle itself; the build inlines FLEX_APP_* from its environment.
      env: { FLEX_APP_FUNCTIONS_BASE_URL: facts.functionsBaseUrl ?? DOMAIN_PLACEHOLDER },
    },
  ];
  if (config.release) {
    steps.push({
      id: 'release-plugin',
      title: 'Release the plugin version to every agent',
      command: 'twilio',
      args: [
        'flex:plugins:release',
        '--plugin',
        `${config.pluginName}@${version}`,
        '--name',
        config.releaseName ?? `Outbound recording ${version}`,
        '--description',
        config.releaseDescription ?? `${config.pluginName}@${version} (${config.functionsEnvironment})`,
        ...profile,
      ],
      cwd: config.pluginDir,
      env: {},
    });
  }
  return steps;
}

export function defaultChangelog(functionsEnvironment: string): string {
  return `Outbound recording, deployed with npm run deploy (${functionsEnvironment})`;
}

/** One line an admin could paste: `(cd <dir> && VAR=value command args...)`. */
export function formatStep(step: PlannedStep, repoRoot: string): string {
  const where = relativeTo(repoRoot, step.cwd);
  const env = Object.entries(step.env).map(([key, value]) => `${key}=${shellQuote(value)} `).join('');
  const command = [step.command, ...step.args].map(shellQuote).join(' ');
  return `(cd ${shellQuote(where)} && ${env}${command})`;
}

function relativeTo(root: string, dir: string): string {
  const prefix = join(root, '/');
  return dir.startsWith(prefix) ? dir.slice(prefix.length) || '.' : dir === root ? '.' : dir;
}
