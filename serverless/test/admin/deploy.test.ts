import { runDeploy, type AdminDeps } from '../../admin/deploy';
import { runCommand } from '../../admin/process-runner';
import type { ProjectPaths } from '../../admin/project';
import { DOMAIN, SERVERLESS_DEPLOY_JSON, SERVERLESS_DEPLOY_STDERR, pluginDeployOutput } from './support/cli-output';
import { installFakeCli, type FakeCli, type FakeRule } from './support/fake-cli';
import { API_SECRET, GOOD_ENV, capture, envText, makeProject, type Captured } from './support/project';

/** The CLI answering the way a successful deploy does; individual tests replace one answer. */
function happyRules(version = '0.0.7'): FakeRule[] {
  return [
    { command: 'npm', args: ['run', 'build'], stdout: 'built 1 Function(s): recording/start.ts\n' },
    { command: 'twilio', args: ['serverless:deploy'], stdout: SERVERLESS_DEPLOY_JSON, stderr: SERVERLESS_DEPLOY_STDERR },
    { command: 'twilio', args: ['flex:plugins:deploy'], stdout: pluginDeployOutput(version) },
    { command: 'twilio', args: ['flex:plugins:release'], stdout: '✔ Enabling configuration **FJ123**\n🚀 Configuration FJ123 was successfully enabled.\n' },
  ];
}

function replace(rules: FakeRule[], args0: string, change: Partial<FakeRule>): FakeRule[] {
  return rules.map((rule) => (rule.args[0] === args0 ? { ...rule, ...change } : rule));
}

interface Harness {
  paths: ProjectPaths;
  cli: FakeCli;
  out: Captured;
  err: Captured;
  deploy(...argv: string[]): Promise<number>;
}

function setUp(options: { rules?: FakeRule[]; serverless?: Record<string, string>; plugin?: Record<string, string>; env?: NodeJS.ProcessEnv; commands?: Array<'twilio' | 'npm'> } = {}): Harness {
  const paths = makeProject({ serverless: options.serverless ?? { '.env.prod': envText(GOOD_ENV) }, plugin: options.plugin ?? {} });
  const cli = installFakeCli(options.rules ?? happyRules(), options.commands);
  const out = capture();
  const err = capture();
  const deps: AdminDeps = { paths, env: { ...cli.env, ...options.env }, out, err, run: runCommand };
  return { paths, cli, out, err, deploy: (...argv) => runDeploy(argv, deps) };
}

describe('npm run deploy', () => {
  it('runs build, Functions deploy, plugin deploy pointed at the printed domain, then release — exactly these commands, in order', async () => {
    const h = setUp();
    const code = await h.deploy('--env', 'prod', '--release', '--profile', 'acme-prod');

    expect(code).toBe(0);
    const calls = h.cli.calls();
    expect(calls.map((call) => [call.command, ...call.argv])).toEqual([
      ['npm', 'run', 'build'],
      [
        'twilio',
        'serverless:deploy',
        '--env',
        '.env.prod',
        '--environment',
        'prod',
        '--runtime',
        'node22',
        '--override-existing-project',
        '--output-format',
        'json',
        '--profile',
        'acme-prod',
      ],
      ['twilio', 'flex:plugins:deploy', '--patch', '--changelog', 'Outbound recording, deployed with npm run deploy (prod)', '--profile', 'acme-prod'],
      [
        'twilio',
        'flex:plugins:release',
        '--plugin',
        'plugin-outbound-recording@0.0.7',
        '--name',
        'Outbound recording 0.0.7',
        '--description',
        'plugin-outbound-recording@0.0.7 (prod)',
        '--profile',
        'acme-prod',
      ],
    ]);
    expect(calls.map((call) => call.cwd)).toEqual([h.paths.serverlessDir, h.paths.serverlessDir, h.paths.pluginDir, h.paths.pluginDir]);
    // The domain wiring: only the plugin build gets the URL, and it is the domain the Functions deploy printed.
    expect(calls[2]?.env.FLEX_APP_FUNCTIONS_BASE_URL).toBe(`https://${DOMAIN}`);
    expect(calls[0]?.env.FLEX_APP_FUNCTIONS_BASE_URL).toBeUndefined();
    expect(calls[1]?.env.FLEX_APP_FUNCTIONS_BASE_URL).toBeUndefined();
    expect(h.out.text()).toContain(`Functions deployed at https://${DOMAIN}`);
    expect(h.out.text()).toContain('✔ Done.');
  });

  it('never hands the Functions credentials to any child process (they stay in the env file the CLI uploads)', async () => {
    const h = setUp();
    await h.deploy('--env', 'prod', '--release');
    for (const call of h.cli.calls()) {
      expect(Object.keys(call.env).filter((key) => !key.startsWith('FLEX_APP_'))).toEqual([]);
      expect(JSON.stringify(call)).not.toContain(API_SECRET);
    }
  });

  it('uses the active CLI profile when no --profile is given (no --profile flag on any command)', async () => {
    const h = setUp();
    expect(await h.deploy('--env', 'prod', '--release')).toBe(0);
    expect(h.cli.calls().filter((call) => call.argv.includes('--profile'))).toEqual([]);
  });

  it('without --release deploys but does not release, and prints the release command for that version', async () => {
    const h = setUp();
    expect(await h.deploy('--env', 'prod', '--minor', '--changelog', 'Fix "quotes" & $vars')).toBe(0);
    const calls = h.cli.calls();
    expect(calls.map((call) => call.argv[0])).toEqual(['run', 'serverless:deploy', 'flex:plugins:deploy']);
    // Arguments reach the CLI as they are: no shell in between.
    expect(calls[2]?.argv).toEqual(['flex:plugins:deploy', '--minor', '--changelog', 'Fix "quotes" & $vars']);
    expect(h.out.text()).toContain("twilio flex:plugins:release --plugin plugin-outbound-recording@0.0.7 --name 'Outbound recording 0.0.7'");
  });

  it('stops after a failed Functions deploy: no plugin deploy, no release, a clear message', async () => {
    const h = setUp({ rules: replace(happyRules(), 'serverless:deploy', { stdout: '', stderr: 'Failed Deployment\nAuthenticate (20003)\n', exitCode: 1 }) });
    expect(await h.deploy('--env', 'prod', '--release')).toBe(1);
    expect(h.cli.calls().map((call) => call.argv[0])).toEqual(['run', 'serverless:deploy']);
    expect(h.err.text()).toContain('Deploy the Functions to the "prod" environment failed: it exited with code 1');
    expect(h.err.text()).toContain('The plugin was NOT deployed');
    expect(h.err.text()).toContain('Authenticate (20003)'); // the CLI's own message is passed through
  });

  it('stops when the Functions deploy succeeded but printed no readable domain: the plugin is not pointed anywhere new', async () => {
    const h = setUp({ rules: replace(happyRules(), 'serverless:deploy', { stdout: '{"domain": "https://evil.example.com/x"}\n' }) });
    expect(await h.deploy('--env', 'prod', '--release')).toBe(1);
    expect(h.cli.calls().map((call) => call.argv[0])).toEqual(['run', 'serverless:deploy']);
    expect(h.err.text()).toContain('domain could not be read');
    expect(h.err.text()).toContain('The plugin was NOT deployed');
  });

  it('reads the domain from the plain-text layout too', async () => {
    const plain = `deploymentInfo\nserviceName  outbound-recording\ndomain       ${DOMAIN}\nruntime      node22\n`;
    const h = setUp({ rules: replace(happyRules(), 'serverless:deploy', { stdout: plain }) });
    expect(await h.deploy('--env', 'prod')).toBe(0);
    expect(h.cli.calls()[2]?.env.FLEX_APP_FUNCTIONS_BASE_URL).toBe(`https://${DOMAIN}`);
  });

  it('stops after a failed plugin deploy: no release, and says the Functions are deployed', async () => {
    const h = setUp({ rules: replace(happyRules(), 'flex:plugins:deploy', { stdout: '', stderr: 'Plugin validation failed\n', exitCode: 2 }) });
    expect(await h.deploy('--env', 'prod', '--release')).toBe(1);
    expect(h.cli.calls().map((call) => call.argv[0])).toEqual(['run', 'serverless:deploy', 'flex:plugins:deploy']);
    expect(h.err.text()).toContain('exited with code 2');
    expect(h.err.text()).toContain(`The Functions are deployed at https://${DOMAIN}, but no new plugin version was deployed`);
  });

  it('does not release when the deployed version cannot be read, and says how to release by hand', async () => {
    const h = setUp({ rules: replace(happyRules(), 'flex:plugins:deploy', { stdout: 'done\n' }) });
    expect(await h.deploy('--env', 'prod', '--release')).toBe(1);
    expect(h.cli.calls().map((call) => call.argv[0])).toEqual(['run', 'serverless:deploy', 'flex:plugins:deploy']);
    expect(h.err.text()).toContain('twilio flex:plugins:list:plugin-versions --name plugin-outbound-recording');
  });

  it('reports a failed release with the command to retry it', async () => {
    const h = setUp({ rules: replace(happyRules('1.4.0'), 'flex:plugins:release', { stderr: 'Conflict\n', exitCode: 1 }) });
    expect(await h.deploy('--env', 'prod', '--release', '--profile', 'acme')).toBe(1);
    expect(h.cli.calls()).toHaveLength(4);
    expect(h.err.text()).toContain('deployed but NOT released');
    expect(h.err.text()).toContain("twilio flex:plugins:release --plugin plugin-outbound-recording@1.4.0 --name 'Outbound recording 1.4.0'");
    expect(h.err.text()).toContain('--profile acme');
  });

  it('stops after a failed Functions build: nothing is deployed', async () => {
    const h = setUp({ rules: replace(happyRules(), 'run', { stderr: 'error TS2322\n', exitCode: 1 }) });
    expect(await h.deploy('--env', 'prod', '--release')).toBe(1);
    expect(h.cli.calls().map((call) => call.argv[0])).toEqual(['run']);
    expect(h.err.text()).toContain('Nothing was deployed');
  });

  it('says how to get the Twilio CLI when it is not installed', async () => {
    const h = setUp({ commands: ['npm'], env: {} });
    // Only the fake npm is on PATH (plus the system's, which has no twilio on this machine or in CI).
    const fakeOnly = { ...h.cli.env, PATH: h.cli.binDir };
    const deps: AdminDeps = { paths: h.paths, env: fakeOnly, out: h.out, err: h.err, run: runCommand };
    expect(await runDeploy(['--env', 'prod'], deps)).toBe(1);
    expect(h.cli.calls().map((call) => call.command)).toEqual(['npm']);
    expect(h.err.text()).toContain('`twilio` was not found on PATH');
  });

  it('--dry-run runs nothing and prints every command and the configuration', async () => {
    const h = setUp();
    expect(await h.deploy('--env', 'prod', '--release', '--dry-run', '--profile', 'acme-prod')).toBe(0);
    expect(h.cli.calls()).toEqual([]);
    const text = h.out.text();
    expect(text).toContain('serverless/.env.prod');
    expect(text).toContain('acme-prod');
    expect(text).toContain('(cd serverless && npm run build)');
    expect(text).toContain(
      '(cd serverless && twilio serverless:deploy --env .env.prod --environment prod --runtime node22 --override-existing-project --output-format json --profile acme-prod)',
    );
    expect(text).toContain(
      "(cd plugin-outbound-recording && FLEX_APP_FUNCTIONS_BASE_URL='https://<domain printed by the Functions deploy>' twilio flex:plugins:deploy --patch",
    );
    expect(text).toContain("twilio flex:plugins:release --plugin 'plugin-outbound-recording@<version printed by the plugin deploy>'");
    expect(text).toContain('Dry run: nothing was run.');
    expect(text).not.toContain(API_SECRET);
  });

  it('refuses before running anything when a plugin .env file would override the wired domain', async () => {
    const h = setUp({ plugin: { '.env': 'FLEX_APP_FUNCTIONS_BASE_URL=https://old-1111-dev.twil.io\n' } });
    expect(await h.deploy('--env', 'prod', '--release')).toBe(1);
    expect(h.cli.calls()).toEqual([]);
    expect(h.out.text()).toContain('plugin-outbound-recording/.env sets FLEX_APP_FUNCTIONS_BASE_URL');
    expect(h.err.text()).toContain('Nothing was run');
  });

  it('refuses before running anything when the Functions configuration is broken, and a dry run says it would stop', async () => {
    const broken = { '.env.prod': envText({ ...GOOD_ENV, API_KEY: undefined, API_SECRET: undefined, AUTH_TOKEN: 't'.repeat(32) }) };
    const h = setUp({ serverless: broken });
    expect(await h.deploy('--env', 'prod')).toBe(1);
    expect(h.cli.calls()).toEqual([]);
    expect(h.out.text()).toContain('AUTH_TOKEN is used instead of an API key');

    const dry = setUp({ serverless: broken });
    expect(await dry.deploy('--env', 'prod', '--dry-run')).toBe(1);
    expect(dry.cli.calls()).toEqual([]);
    expect(dry.out.text()).toContain('the deploy would stop before running anything');
  });

  it('falls back to serverless/.env when serverless/.env.<env> does not exist, and says so', async () => {
    const h = setUp({ serverless: { '.env': envText(GOOD_ENV) } });
    expect(await h.deploy('--env', 'staging')).toBe(0);
    expect(h.cli.calls()[1]?.argv.slice(0, 5)).toEqual(['serverless:deploy', '--env', '.env', '--environment', 'staging']);
    expect(h.out.text()).toContain('serverless/.env is used: there is no serverless/.env.staging');
  });

  it('deploys serverless/.env to the "dev" environment when no --env is given', async () => {
    const h = setUp({ serverless: { '.env': envText(GOOD_ENV), '.env.prod': 'broken' } });
    expect(await h.deploy()).toBe(0);
    expect(h.cli.calls()[1]?.argv.slice(0, 5)).toEqual(['serverless:deploy', '--env', '.env', '--environment', 'dev']);
  });

  it('overrides a FLEX_APP_FUNCTIONS_BASE_URL left in the shell with the deployed domain', async () => {
    const h = setUp({ env: { FLEX_APP_FUNCTIONS_BASE_URL: 'http://localhost:3000' } });
    expect(await h.deploy('--env', 'prod')).toBe(0);
    expect(h.cli.calls()[2]?.env.FLEX_APP_FUNCTIONS_BASE_URL).toBe(`https://${DOMAIN}`);
  });

  it('rejects unknown or conflicting flags with exit code 2 and runs nothing', async () => {
    const h = setUp();
    expect(await h.deploy('--relase')).toBe(2);
    expect(await h.deploy('--major', '--minor')).toBe(2);
    expect(await h.deploy('--env', 'Prod!')).toBe(2);
    expect(await h.deploy('--profile', '--release')).toBe(2);
    expect(h.cli.calls()).toEqual([]);
    expect(h.err.text()).toContain('Usage: npm run deploy');
  });

  it('--help prints the usage', async () => {
    const h = setUp();
    expect(await h.deploy('--help')).toBe(0);
    expect(h.out.text()).toContain('--dry-run');
  });
});
