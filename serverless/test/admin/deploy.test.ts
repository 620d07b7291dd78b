import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import twilio from 'twilio';
import { runDeploy, type AdminDeps } from '../../admin/deploy';
import type { ConnectTwilio } from '../../admin/network-checks';
import { runCommand } from '../../admin/process-runner';
import { startTwilioEmulator, type TwilioEmulator } from '../../emulator';
import { LocalTwilioRequestClient } from '../../src/twilio/local-request-client';
import type { ProjectPaths } from '../../admin/project';
import { DOMAIN, SERVERLESS_DEPLOY_JSON, SERVERLESS_DEPLOY_STDERR, pluginDeployOutput } from './support/cli-output';
import { installFakeCli, type FakeCli, type FakeRule } from './support/fake-cli';
import { sharedUiAttributes } from './support/flex-configuration';
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

/** Without --settings, deploy must not talk to any Twilio API itself. */
const unusedConnect: ConnectTwilio = () => {
  throw new Error('deploy must not call a Twilio API in this test');
};

function setUp(
  options: {
    rules?: FakeRule[];
    serverless?: Record<string, string>;
    plugin?: Record<string, string>;
    env?: NodeJS.ProcessEnv;
    commands?: Array<'twilio' | 'npm'>;
    connect?: ConnectTwilio;
  } = {},
): Harness {
  const paths = makeProject({ serverless: options.serverless ?? { '.env.prod': envText(GOOD_ENV) }, plugin: options.plugin ?? {} });
  const cli = installFakeCli(options.rules ?? happyRules(), options.commands);
  const out = capture();
  const err = capture();
  const deps: AdminDeps = { paths, env: { ...cli.env, ...options.env }, out, err, run: runCommand, connectTwilio: options.connect ?? unusedConnect };
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
    expect(text).toContain('Dry run: nothing was run or written.');
    expect(text).toContain('plugin settings:     not changed (add --settings to write plugin-outbound-recording/ui-settings.prod.json)');
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
    expect(dry.out.text()).toContain('the deploy would stop before running or writing anything');
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

describe('npm run deploy --settings: the plugin settings into the Flex configuration (against the local emulator)', () => {
  let emulator: TwilioEmulator;
  beforeAll(async () => {
    emulator = await startTwilioEmulator();
  });
  beforeEach(() => {
    emulator.reset();
    // Other plugins' custom_data and features, and Flex's own UI settings, next to ours.
    emulator.setFlexConfiguration({ ui_attributes: sharedUiAttributes({ show_indicator: true, pause_shortcut: 'K', wait_seconds: 120 }) });
  });
  afterEach(() => {
    expect(emulator.specViolations()).toEqual([]);
    expect(emulator.responseViolations()).toEqual([]);
  });
  afterAll(async () => {
    await emulator.close();
  });

  /** The real twilio library with the Functions' credentials, through the product's emulator seam. */
  const viaEmulator: ConnectTwilio = (config) =>
    twilio(config.credentials.username, config.credentials.password, { accountSid: config.accountSid, httpClient: new LocalTwilioRequestClient(emulator.baseUrl) });
  const emulatorEnv = (change: Record<string, string | undefined> = {}) => ({
    '.env.prod': envText({ ACCOUNT_SID: emulator.accountSid, API_KEY: emulator.apiKeySid, API_SECRET: emulator.apiKeySecret, TWILIO_WORKSPACE_SID: emulator.workspaceSid, ...change }),
  });
  const NEW_SETTINGS = { show_indicator: false, pause_behavior: 'silence', pause_shortcut: false, wait_seconds: 300 };
  const withSettings = (settings: unknown = NEW_SETTINGS, options: Parameters<typeof setUp>[0] = {}) =>
    setUp({ serverless: emulatorEnv(), plugin: { 'ui-settings.prod.json': typeof settings === 'string' ? settings : JSON.stringify(settings, null, 2) }, connect: viaEmulator, ...options });
  const flexRequests = () => emulator.requests({ hostKind: 'flex' }).map((request) => `${request.method} ${request.host}${request.path} ${request.status}`);

  it('--settings-only replaces only custom_data.features.outbound_recording, keeps every other key, and runs no CLI command', async () => {
    const h = withSettings();
    expect(await h.deploy('--env', 'prod', '--settings-only')).toBe(0);
    expect(h.cli.calls()).toEqual([]);
    expect(flexRequests()).toEqual(['GET flex-api.twilio.com/v1/Configuration 200', 'POST flex-api.twilio.com/v1/Configuration 200']);
    // The body is exactly { account_sid, ui_attributes }, ui_attributes whole (Twilio replaces a JSON field given in full).
    const posted = emulator.requests({ routeId: 'UpdateConfiguration' })[0];
    expect(posted?.json).toEqual({ account_sid: emulator.accountSid, ui_attributes: sharedUiAttributes(NEW_SETTINGS) });
    expect(Buffer.from(String(posted?.headers.authorization).slice(6), 'base64').toString()).toBe(`${emulator.apiKeySid}:${emulator.apiKeySecret}`);
    expect(emulator.flexConfiguration().ui_attributes).toEqual(sharedUiAttributes(NEW_SETTINGS));
    const text = h.out.text();
    expect(text).toContain('▶ [1/1] Write the plugin settings into the Flex configuration');
    expect(text).toContain('in the Flex configuration before: {"show_indicator":true,"pause_shortcut":"K","wait_seconds":120}');
    expect(text).toContain(
      'kept as they are (6): ui_attributes.colorTheme, ui_attributes.logLevel, ui_attributes.custom_data.serverless_functions_domain, ' +
        'ui_attributes.custom_data.common, ui_attributes.custom_data.features.callbacks, ui_attributes.custom_data.features.supervisor_barge_coach',
    );
    expect(text).toContain('✔ written: agents get indicator hidden, paused time kept as silence, shortcut off, wait 300 s, server-side trigger on, native recording kept when they next load Flex');
    expect(text).toContain('✔ Done: plugin settings written.');
  });

  it('--settings writes the settings first, then runs exactly the usual deploy', async () => {
    const h = withSettings();
    expect(await h.deploy('--env', 'prod', '--settings', '--release')).toBe(0);
    expect(emulator.flexConfiguration().ui_attributes).toEqual(sharedUiAttributes(NEW_SETTINGS));
    expect(h.cli.calls().map((call) => [call.command, call.argv[0]])).toEqual([
      ['npm', 'run'],
      ['twilio', 'serverless:deploy'],
      ['twilio', 'flex:plugins:deploy'],
      ['twilio', 'flex:plugins:release'],
    ]);
    const text = h.out.text();
    expect(text.indexOf('▶ [1/5] Write the plugin settings')).toBeGreaterThan(-1);
    expect(text.indexOf('▶ [1/5] Write the plugin settings')).toBeLessThan(text.indexOf('▶ [2/5] Build the Functions'));
    expect(text).toContain('Settings:  ui_attributes.custom_data.features.outbound_recording in the Flex configuration, from plugin-outbound-recording/ui-settings.prod.json');
  });

  it('--settings FILE reads a relative FILE from where npm was started (INIT_CWD), not from serverless/', async () => {
    // npm runs the script in serverless/ but sets INIT_CWD to the folder it was started in.
    const h = setUp({ serverless: emulatorEnv(), connect: viaEmulator, env: { INIT_CWD: '/nonexistent-start-folder' } });
    const started = setUp({ serverless: emulatorEnv(), connect: viaEmulator, env: { INIT_CWD: h.paths.repoRoot } });
    writeFileSync(join(h.paths.repoRoot, 'settings-prod.json'), JSON.stringify({ wait_seconds: 45 }));
    expect(await h.deploy('--env', 'prod', '--settings', 'settings-prod.json', '--settings-only')).toBe(1);
    expect(h.out.text()).toContain('✖ No plugin settings file /nonexistent-start-folder/settings-prod.json');
    expect(await started.deploy('--env', 'prod', '--settings', 'settings-prod.json', '--settings-only')).toBe(0);
    expect(started.out.text()).toContain(`(ui_attributes.custom_data.features.outbound_recording from ${h.paths.repoRoot}/settings-prod.json)`);
    expect(emulator.flexConfiguration().ui_attributes).toEqual(sharedUiAttributes({ wait_seconds: 45 }));
  });

  it('--dry-run reads the configuration to show what would be written, and writes nothing', async () => {
    const before = emulator.flexConfiguration();
    const h = withSettings();
    expect(await h.deploy('--env', 'prod', '--settings', '--dry-run')).toBe(0);
    expect(h.cli.calls()).toEqual([]);
    expect(flexRequests()).toEqual(['GET flex-api.twilio.com/v1/Configuration 200']);
    expect(emulator.flexConfiguration()).toEqual(before);
    const text = h.out.text();
    expect(text).toContain('plugin settings:     plugin-outbound-recording/ui-settings.prod.json -> ui_attributes.custom_data.features.outbound_recording');
    expect(text).toContain(
      'ui_attributes.custom_data.features.outbound_recording would become {"show_indicator":false,"pause_behavior":"silence","pause_shortcut":false,"wait_seconds":300}',
    );
    expect(text).toContain('now in the Flex configuration: {"show_indicator":true,"pause_shortcut":"K","wait_seconds":120}');
    expect(text).toContain('kept as they are (6): ui_attributes.colorTheme');
    expect(text).toContain('(cd serverless && npm run build)');
    expect(text).toContain('Dry run: nothing was run or written.');
  });

  const invalid: Array<[string, unknown, string]> = [
    ['a wait out of range', { wait_seconds: 1000 }, 'wait_seconds must be a whole number of seconds from 15 to 900, not 1000'],
    ['an unknown key', { ...NEW_SETTINGS, indicator: 'on' }, 'outbound_recording.indicator is not a setting'],
    ['a shortcut Flex uses', { pause_shortcut: 'A' }, 'pause_shortcut "A" is already a Flex UI shortcut'],
    ['text that is not JSON', '{"wait_seconds": 120,}', 'ui-settings.prod.json is not valid JSON'],
  ];
  it.each(invalid)('refuses %s before reading, writing or running anything', async (_name, settings, problem) => {
    for (const argv of [['--settings'], ['--settings-only'], ['--settings', '--dry-run']]) {
      const h = withSettings(settings);
      expect(await h.deploy('--env', 'prod', ...argv)).toBe(1);
      expect(h.out.text()).toContain(problem);
      expect(h.cli.calls()).toEqual([]);
    }
    expect(flexRequests()).toEqual([]);
  });

  it('refuses --settings when the file does not exist, saying what to put in it', async () => {
    const h = setUp({ serverless: emulatorEnv(), connect: viaEmulator });
    expect(await h.deploy('--env', 'prod', '--settings')).toBe(1);
    expect(h.out.text()).toContain('✖ No plugin settings file plugin-outbound-recording/ui-settings.prod.json');
    expect(h.out.text()).toContain('{ "show_indicator": true, "pause_behavior": "skip", "pause_shortcut": "P", "wait_seconds": 120, "server_trigger": true, "native_recording": "keep" }');
    expect(h.cli.calls()).toEqual([]);
    expect(flexRequests()).toEqual([]);
  });

  it('posts nothing when the configuration already holds these settings (in any key order)', async () => {
    emulator.setFlexConfiguration({ ui_attributes: sharedUiAttributes({ wait_seconds: 300, pause_shortcut: false, pause_behavior: 'silence', show_indicator: false }) });
    const h = withSettings();
    expect(await h.deploy('--env', 'prod', '--settings-only')).toBe(0);
    expect(flexRequests()).toEqual(['GET flex-api.twilio.com/v1/Configuration 200']);
    expect(h.out.text()).toContain('✔ Done: plugin settings already in place.');
  });

  it('creates the path in a configuration that has no custom_data yet', async () => {
    emulator.setFlexConfiguration({ ui_attributes: { colorTheme: { baseName: 'HGLightTheme' } } });
    expect(await withSettings().deploy('--env', 'prod', '--settings-only')).toBe(0);
    expect(emulator.flexConfiguration().ui_attributes).toEqual({ colorTheme: { baseName: 'HGLightTheme' }, custom_data: { features: { outbound_recording: NEW_SETTINGS } } });
  });

  it('stops, writing and deploying nothing, when Twilio refuses the read, or custom_data is not an object', async () => {
    const refused = withSettings(NEW_SETTINGS, { serverless: emulatorEnv({ API_SECRET: 'not-the-secret' }) });
    expect(await refused.deploy('--env', 'prod', '--settings')).toBe(1);
    expect(refused.err.text()).toContain('Reading the Flex configuration failed');
    expect(refused.err.text()).toContain('Twilio refused the credentials for the Flex Configuration API (HTTP 401');
    expect(refused.err.text()).toContain('Nothing was written or deployed');
    expect(refused.cli.calls()).toEqual([]);

    emulator.setFlexConfiguration({ ui_attributes: { custom_data: 'legacy' } });
    const unmergeable = withSettings();
    expect(await unmergeable.deploy('--env', 'prod', '--settings')).toBe(1);
    expect(unmergeable.err.text()).toContain('ui_attributes.custom_data of the Flex configuration is not a JSON object ("legacy"); not overwriting it');
    expect(unmergeable.cli.calls()).toEqual([]);
    expect(emulator.flexConfiguration().ui_attributes).toEqual({ custom_data: 'legacy' });
    expect(emulator.requests({ routeId: 'UpdateConfiguration' })).toEqual([]);
  });

  it('stops before the deploy when the write is refused, and says the configuration is as it was', async () => {
    emulator.injectFault({ host: 'flex', method: 'POST', status: 403, code: 20003, message: 'Permission denied' });
    const h = withSettings();
    expect(await h.deploy('--env', 'prod', '--settings', '--release')).toBe(1);
    expect(h.err.text()).toContain('Writing the Flex configuration failed');
    expect(h.err.text()).toContain('A refused update changes nothing: the Flex configuration is as it was.');
    expect(h.cli.calls()).toEqual([]);
    expect(emulator.flexConfiguration().ui_attributes).toEqual(sharedUiAttributes({ show_indicator: true, pause_shortcut: 'K', wait_seconds: 120 }));
  });

  it('a dry run says it would stop when the configuration cannot be read with these credentials', async () => {
    const h = withSettings(NEW_SETTINGS, { serverless: emulatorEnv({ API_SECRET: 'not-the-secret' }) });
    expect(await h.deploy('--env', 'prod', '--settings', '--dry-run')).toBe(1);
    expect(h.out.text()).toContain('Twilio refused the credentials for the Flex Configuration API');
    expect(h.out.text()).toContain('the deploy would stop before running or writing anything');
    expect(emulator.requests({ routeId: 'UpdateConfiguration' })).toEqual([]);
  });

  it('--settings-only does not check the plugin build values (it builds nothing)', async () => {
    const h = withSettings(NEW_SETTINGS, { plugin: { 'ui-settings.prod.json': JSON.stringify(NEW_SETTINGS), '.env': 'FLEX_APP_FUNCTIONS_BASE_URL=http://localhost:3000\n' } });
    expect(await h.deploy('--env', 'prod', '--settings-only')).toBe(0);
    expect(h.out.text()).not.toContain('FLEX_APP_FUNCTIONS_BASE_URL');
    expect(await h.deploy('--env', 'prod', '--settings')).toBe(1); // a real deploy still refuses it
  });
});
