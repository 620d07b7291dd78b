import type { CommandResult, Runner } from './process-runner';
import type { Finding } from './report';

export const CLI_INSTALL = 'npm install -g twilio-cli   (or on macOS: brew tap twilio/brew && brew install twilio)';

export const REQUIRED_CLI_PLUGINS: ReadonlyArray<{ name: string; why: string }> = [
  { name: '@twilio-labs/plugin-serverless', why: 'deploys the Functions (twilio serverless:deploy)' },
  { name: '@twilio-labs/plugin-flex', why: 'builds, deploys and releases the plugin (twilio flex:plugins:*)' },
];

interface Profile {
  id: string;
  accountSid: string;
  active: boolean;
}

/**
 * The Twilio CLI as deploy will use it: installed, with both plugins, and logged in (through the chosen
 * or active profile) to the same account the Functions' configuration is for.
 */
export async function checkTwilioCli(
  run: Runner,
  context: { cwd: string; env: NodeJS.ProcessEnv; profile: string | undefined; accountSid: string | undefined },
): Promise<Finding[]> {
  const twilio = (args: string[]): Promise<CommandResult> => run({ command: 'twilio', args, cwd: context.cwd, env: context.env });

  const version = await twilio(['--version']);
  if (version.startError?.code === 'ENOENT') {
    return [
      {
        severity: 'block',
        message: 'The Twilio CLI (`twilio`) is not installed or not on PATH',
        fix: `${CLI_INSTALL}\nthen: ${REQUIRED_CLI_PLUGINS.map((plugin) => `twilio plugins:install ${plugin.name}`).join(' && ')}\nthen log in: twilio login`,
      },
    ];
  }
  if (version.exitCode !== 0) {
    return [{ severity: 'block', message: `\`twilio --version\` failed: ${firstLine(version)}`, fix: `Reinstall the Twilio CLI: ${CLI_INSTALL}` }];
  }
  const findings: Finding[] = [{ severity: 'ok', message: `Twilio CLI ${version.stdout.trim().split(/\s+/)[0] ?? ''}`.trim() }];

  const plugins = await twilio(['plugins']);
  for (const plugin of REQUIRED_CLI_PLUGINS) {
    if (plugins.exitCode === 0 && plugins.stdout.includes(plugin.name)) {
      findings.push({ severity: 'ok', message: `CLI plugin ${plugin.name}` });
    } else {
      findings.push({
        severity: 'block',
        message: `The Twilio CLI plugin ${plugin.name} is not installed: it ${plugin.why}`,
        fix: `twilio plugins:install ${plugin.name}`,
      });
    }
  }

  findings.push(await checkProfile(await twilio(['profiles:list', '-o', 'json']), context.profile, context.accountSid));
  return findings;
}

function checkProfile(result: CommandResult, wanted: string | undefined, accountSid: string | undefined): Finding {
  if (result.exitCode !== 0) {
    return { severity: 'block', message: `\`twilio profiles:list\` failed: ${firstLine(result)}`, fix: 'Run `twilio profiles:list` to see why' };
  }
  const profiles = parseProfiles(result.stdout);
  if (profiles.length === 0) {
    return {
      severity: 'block',
      message: 'The Twilio CLI has no profile: its commands have no account to deploy to',
      fix: 'twilio login   (create a profile for the Flex account; an API key is recommended)',
    };
  }
  const profile = wanted === undefined ? profiles.find((candidate) => candidate.active) : profiles.find((candidate) => candidate.id === wanted);
  if (profile === undefined) {
    const known = profiles.map((candidate) => candidate.id).join(', ');
    return wanted === undefined
      ? { severity: 'block', message: `No Twilio CLI profile is active (profiles: ${known})`, fix: 'twilio profiles:use <profile>, or pass --profile <profile>' }
      : { severity: 'block', message: `The Twilio CLI has no profile "${wanted}" (profiles: ${known})`, fix: 'Pass an existing profile, or create it with: twilio login' };
  }
  // "[env]" is how the CLI names credentials taken from TWILIO_* variables of the shell.
  const source = profile.id === '[env]' ? 'TWILIO_* variables of your shell' : `profile "${profile.id}"`;
  if (accountSid !== undefined && profile.accountSid !== accountSid) {
    return {
      severity: 'block',
      message:
        `The Twilio CLI would deploy with ${source} into account ${profile.accountSid}, but the Functions' configuration is for ${accountSid}: ` +
        'the Functions would run in one account with credentials of another',
      fix: 'Pick the matching profile (`twilio profiles:use <profile>` or --profile <profile>), or fix ACCOUNT_SID/API_KEY/API_SECRET',
    };
  }
  return { severity: 'ok', message: `The Twilio CLI deploys with ${source} into account ${profile.accountSid}` };
}

/** `twilio profiles:list -o json`: `[{ "id", "accountSid", "active", "region"? }]`. */
export function parseProfiles(stdout: string): Profile[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout.slice(Math.max(0, stdout.indexOf('['))));
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry: unknown): Profile[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { id, accountSid, active } = entry as Record<string, unknown>;
    return typeof id === 'string' && typeof accountSid === 'string' ? [{ id, accountSid, active: active === true }] : [];
  });
}

function firstLine(result: CommandResult): string {
  const text = (result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode ?? result.signal ?? '?'}`).split('\n')[0];
  return text ?? '';
}
