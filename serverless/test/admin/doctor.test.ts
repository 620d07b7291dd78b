import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import twilio from 'twilio';
import { runDoctor, type DoctorDeps } from '../../admin/doctor';
import type { ConnectTwilio, TwilioClient } from '../../admin/network-checks';
import { runCommand } from '../../admin/process-runner';
import { startTwilioEmulator, type TwilioEmulator } from '../../emulator';
import { LocalTwilioRequestClient } from '../../src/twilio/local-request-client';
import { PLUGINS_BOTH, profilesJson } from './support/cli-output';
import { installFakeCli, type FakeRule } from './support/fake-cli';
import { sharedUiAttributes } from './support/flex-configuration';
import { ACCOUNT_SID, GOOD_ENV, capture, envText, makeProject, type Captured } from './support/project';

function healthyCli(overrides: FakeRule[] = []): FakeRule[] {
  return [
    ...overrides,
    { command: 'twilio', args: ['--version'], stdout: 'twilio-cli/5.22.9 linux-x64 node-v20.20.2\n' },
    { command: 'twilio', args: ['plugins'], stdout: PLUGINS_BOTH },
    { command: 'twilio', args: ['profiles:list'], stdout: profilesJson([{ id: 'acme-dev', active: true }]) },
  ];
}

const unusedConnect: ConnectTwilio = () => {
  throw new Error('the network checks must not run in this test');
};

interface Run {
  code: number;
  out: string;
  err: string;
  calls: ReturnType<ReturnType<typeof installFakeCli>['calls']>;
}

async function doctor(
  argv: string[],
  setup: {
    serverless?: Record<string, string>;
    plugin?: Record<string, string>;
    rules?: FakeRule[];
    path?: 'fake' | 'empty';
    nodeVersion?: string;
    connect?: ConnectTwilio;
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<Run> {
  const paths = makeProject({ serverless: setup.serverless ?? { '.env': envText(GOOD_ENV) }, plugin: setup.plugin ?? {} });
  const cli = installFakeCli(setup.rules ?? healthyCli(), setup.path === 'empty' ? [] : ['twilio']);
  const out: Captured = capture();
  const err: Captured = capture();
  const deps: DoctorDeps = {
    paths,
    // 'empty': PATH holds only a folder without twilio, as on a machine where the CLI was never installed.
    env: { ...cli.env, ...(setup.path === 'empty' ? { PATH: cli.binDir } : {}), ...setup.env },
    out,
    err,
    run: runCommand,
    nodeVersion: setup.nodeVersion ?? 'v20.20.2',
    connectTwilio: setup.connect ?? unusedConnect,
  };
  const code = await runDoctor(argv, deps);
  return { code, out: out.text(), err: err.text(), calls: cli.calls() };
}

describe('npm run doctor: configuration', () => {
  it('passes a good configuration with exit code 0', async () => {
    const run = await doctor(['--offline']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('✔ Ready to deploy: npm run deploy');
    expect(run.out).toContain('Twilio API checks skipped (--offline)');
    expect(run.out).not.toContain('✖');
  });

  it('checks the per-environment file deploy would use', async () => {
    const run = await doctor(['--offline', '--env', 'prod'], { serverless: { '.env.prod': envText(GOOD_ENV), '.env': 'ACCOUNT_SID=broken' } });
    expect(run.code).toBe(0);
    expect(run.out).toContain('Functions configuration: serverless/.env.prod');
    expect(run.out).toContain('npm run deploy -- --env prod');
  });

  it('fails when there is no configuration file, saying which file to create', async () => {
    const run = await doctor(['--offline', '--env', 'prod'], { serverless: {} });
    expect(run.code).toBe(1);
    expect(run.out).toContain('looked for serverless/.env.prod or serverless/.env');
    expect(run.out).toContain('Copy serverless/.env.example to serverless/.env.prod');
  });

  const broken: Array<[string, Record<string, string | undefined>, string, string]> = [
    ['ACCOUNT_SID missing', { ACCOUNT_SID: undefined }, 'ACCOUNT_SID must be an account SID', 'Console > Account Info'],
    ['ACCOUNT_SID left as the example', { ACCOUNT_SID: 'ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }, 'ACCOUNT_SID must be an account SID', 'AC followed by 32 hex digits'],
    ['API_KEY malformed', { API_KEY: 'AK123' }, 'API_KEY must be an API key SID', 'Create an API key'],
    ['API_SECRET missing', { API_SECRET: '' }, 'API_SECRET is required with API_KEY', 'its secret in API_SECRET'],
    ['no credentials at all', { API_KEY: undefined, API_SECRET: undefined }, 'Set API_KEY and API_SECRET', 'Create an API key'],
    ['the auth token instead of an API key', { API_KEY: undefined, API_SECRET: undefined, AUTH_TOKEN: 't'.repeat(32) }, 'AUTH_TOKEN is used instead of an API key', 'then delete AUTH_TOKEN'],
    ['workspace SID malformed', { TWILIO_WORKSPACE_SID: 'WK' + '3'.repeat(32) }, 'TWILIO_WORKSPACE_SID must be', 'Flex Task Assignment'],
    ['ALLOWED_ORIGINS "*"', { ALLOWED_ORIGINS: '*' }, 'ALLOWED_ORIGINS must list origins', 'scheme and host only'],
    ['ALLOWED_ORIGINS with a path', { ALLOWED_ORIGINS: 'https://flex.twilio.com/agent-desktop' }, 'is not an origin', 'scheme and host only'],
    ['a comment after a value (uploaded verbatim)', { ALLOWED_ORIGINS: 'https://flex.twilio.com # prod' }, 'is not an origin', 'scheme and host only'],
    ['the local emulator left in', { TWILIO_EMULATOR_URL: 'http://127.0.0.1:4010' }, 'TWILIO_EMULATOR_URL is set', 'Remove TWILIO_EMULATOR_URL'],
    ['a status callback over http', { RECORDING_STATUS_CALLBACK_URL: 'http://example.com/cb' }, 'RECORDING_STATUS_CALLBACK_URL must be an https:// URL', 'Use an https:// URL'],
  ];
  it.each(broken)('fails on %s, printing the fix', async (_name, change, problem, fix) => {
    const run = await doctor(['--offline'], { serverless: { '.env': envText({ ...GOOD_ENV, ...change }) } });
    expect(run.code).toBe(1);
    expect(run.out).toContain(problem);
    expect(run.out).toContain(fix);
    expect(run.out).toMatch(/✖ \d+ problem\(s\) block a deploy/);
  });

  it('warns (without failing) about local origins and a leftover AUTH_TOKEN', async () => {
    const run = await doctor(['--offline'], {
      serverless: { '.env': envText({ ...GOOD_ENV, ALLOWED_ORIGINS: 'https://flex.twilio.com,http://localhost:3000', AUTH_TOKEN: 'x'.repeat(32) }) },
    });
    expect(run.code).toBe(0);
    expect(run.out).toContain('ALLOWED_ORIGINS includes local development origins (http://localhost:3000)');
    expect(run.out).toContain('AUTH_TOKEN is set next to API_KEY/API_SECRET');
    expect(run.out).toContain('(2 warning(s) above)');
  });

  it('fails when a plugin .env file would override the Functions domain deploy wires in', async () => {
    const run = await doctor(['--offline'], { plugin: { '.acme-dev.env': 'FLEX_APP_FUNCTIONS_BASE_URL=http://localhost:3000\n' } });
    expect(run.code).toBe(1);
    expect(run.out).toContain('plugin-outbound-recording/.acme-dev.env sets FLEX_APP_FUNCTIONS_BASE_URL=http://localhost:3000');
    expect(run.out).toContain('FLEX_APP_FUNCTIONS_BASE_URL=http://localhost:3000 twilio flex:plugins:start');
  });

  it('fails when a FLEX_APP_* value looks like a credential (it would ship in the bundle)', async () => {
    const fromFile = await doctor(['--offline'], { plugin: { '.env': 'FLEX_APP_API_SECRET=abc\n' } });
    expect(fromFile.code).toBe(1);
    expect(fromFile.out).toContain('FLEX_APP_API_SECRET in plugin-outbound-recording/.env looks like a credential');
    const fromShell = await doctor(['--offline'], { env: { FLEX_APP_KEY_ID: 'SK' + '9'.repeat(32) } });
    expect(fromShell.code).toBe(1);
    expect(fromShell.out).toContain('FLEX_APP_KEY_ID in (your shell environment) looks like a credential');
  });

  it('warns that the retired FLEX_APP_* settings are ignored now, and says where each one went (converted)', async () => {
    const run = await doctor(['--offline', '--env', 'prod'], {
      serverless: { '.env.prod': envText(GOOD_ENV) },
      plugin: {
        '.env': 'FLEX_APP_RECORDING_WAIT_SECONDS=180\nFLEX_APP_RECORDING_INDICATOR=off\nFLEX_APP_PAUSE_BEHAVIOR=silence\n',
        '.acme.env': 'FLEX_APP_PAUSE_SHORTCUT=k\n',
      },
    });
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      'FLEX_APP_RECORDING_WAIT_SECONDS in plugin-outbound-recording/.env is ignored: the plugin now reads its settings when Flex loads, ' +
        'from the Flex configuration (ui_attributes.custom_data.features.outbound_recording.wait_seconds)',
    );
    expect(run.out).toContain('Delete the FLEX_APP_RECORDING_WAIT_SECONDS line from plugin-outbound-recording/.env; put "wait_seconds": 180 in plugin-outbound-recording/ui-settings.prod.json');
    expect(run.out).toContain('and write it with `npm run deploy -- --env prod --settings-only`');
    expect(run.out).toContain('put "show_indicator": false in');
    expect(run.out).toContain('put "pause_behavior": "silence" in');
    expect(run.out).toContain('FLEX_APP_PAUSE_SHORTCUT in plugin-outbound-recording/.acme.env is ignored');
    expect(run.out).toContain('put "pause_shortcut": "K" in');
    expect(run.out).toContain('(4 warning(s) above)');
    // Not validated any more (the plugin does not read it), so a bad old value is a warning, not a blocker.
    expect((await doctor(['--offline'], { plugin: { '.env': 'FLEX_APP_RECORDING_WAIT_SECONDS=5\n' } })).code).toBe(0);
  });

  it('warns that the FLEX_APP_* recording policy is ignored: it belongs in the Functions configuration only', async () => {
    const run = await doctor(['--offline'], {
      serverless: { '.env': envText({ ...GOOD_ENV, EXCLUDED_QUEUES: 'Payments', RECORD_INBOUND: 'false' }) },
      plugin: { '.env': 'FLEX_APP_EXCLUDED_QUEUES=Payments\nFLEX_APP_RECORD_INBOUND=true\nFLEX_APP_DO_NOT_RECORD_ATTRIBUTE=do_not_record\n' },
    });
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      'FLEX_APP_EXCLUDED_QUEUES in plugin-outbound-recording/.env is ignored: the Functions alone decide what is recorded (EXCLUDED_QUEUES in serverless/.env*)',
    );
    expect(run.out).toContain('fix: Delete the FLEX_APP_EXCLUDED_QUEUES line from plugin-outbound-recording/.env: serverless/.env already sets EXCLUDED_QUEUES=Payments');
    expect(run.out).toContain('set RECORD_INBOUND=true in serverless/.env if that is the policy you want (it has RECORD_INBOUND=false)');
    expect(run.out).toContain('set DO_NOT_RECORD_ATTRIBUTE=do_not_record in serverless/.env if that is the policy you want (it does not set DO_NOT_RECORD_ATTRIBUTE)');
    const shell = await doctor(['--offline'], { env: { FLEX_APP_RECORD_INBOUND: 'true' } });
    expect(shell.out).toContain('FLEX_APP_RECORD_INBOUND in (your shell environment) is ignored');
    expect(shell.out).toContain('Unset FLEX_APP_RECORD_INBOUND (`unset FLEX_APP_RECORD_INBOUND`)');
  });

  it('fails on an unsupported Node version with how to fix it', async () => {
    const run = await doctor(['--offline'], { nodeVersion: 'v18.19.0' });
    expect(run.code).toBe(1);
    expect(run.out).toContain('Node v18.19.0 is not supported');
    expect(run.out).toContain('nvm install 22');
    expect((await doctor(['--offline'], { nodeVersion: 'v22.11.0' })).code).toBe(0);
    expect((await doctor(['--offline'], { nodeVersion: 'v23.1.0' })).code).toBe(1);
  });

  it('rejects unknown flags with exit code 2', async () => {
    const run = await doctor(['--ofline']);
    expect(run.code).toBe(2);
    expect(run.err).toContain('Usage: npm run doctor');
  });
});

describe('npm run doctor: plugin settings file (offline)', () => {
  const GOOD_SETTINGS = JSON.stringify({ show_indicator: true, pause_behavior: 'silence', pause_shortcut: 'K', wait_seconds: 300 });

  it("checks the environment's file when it exists, with the plugin's own reader", async () => {
    const run = await doctor(['--offline', '--env', 'prod'], { serverless: { '.env.prod': envText(GOOD_ENV) }, plugin: { 'ui-settings.prod.json': GOOD_SETTINGS } });
    expect(run.code).toBe(0);
    expect(run.out).toContain('Plugin settings (Flex configuration ui_attributes)');
    expect(run.out).toContain(
      '✔ plugin-outbound-recording/ui-settings.prod.json: indicator shown, paused time kept as silence, shortcut Ctrl+Shift+K, wait 300 s, server-side trigger on, native recording kept; ' +
        '`npm run deploy -- --env prod --settings-only` writes it',
    );
    expect(run.out).toContain('– Flex configuration not read (--offline)');
  });

  it('says so, without failing, when there is no settings file', async () => {
    const run = await doctor(['--offline']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('• No local plugin settings file (plugin-outbound-recording/ui-settings.dev.json): deploy leaves the Flex configuration\'s settings as they are ' +
        '(to manage them from here, put the settings object in that file and run `npm run deploy -- --settings-only`)');
  });

  const bad: Array<[string, string, string]> = [
    ['a wait out of range', JSON.stringify({ wait_seconds: 5 }), 'ui_attributes.custom_data.features.outbound_recording.wait_seconds must be a whole number of seconds from 15 to 900, not 5 (in plugin-outbound-recording/ui-settings.dev.json)'],
    ['a Flex shortcut', JSON.stringify({ pause_shortcut: 'L' }), 'pause_shortcut "L" is already a Flex UI shortcut (Ctrl+Shift+L) (in'],
    ['a behaviour that does not exist', JSON.stringify({ pause_behavior: 'mute' }), 'pause_behavior must be "skip" or "silence", not "mute" (in'],
    ['an "on" left over from the .env days', JSON.stringify({ show_indicator: 'on' }), 'show_indicator must be true or false, not "on" (in'],
    ['an unknown key (a typo)', JSON.stringify({ wait_second: 120 }), 'outbound_recording.wait_second is not a setting (known: show_indicator, pause_behavior, pause_shortcut, wait_seconds, server_trigger, native_recording)'],
    ['a file that is not JSON', '{ wait_seconds: 120 }', 'plugin-outbound-recording/ui-settings.dev.json is not valid JSON'],
    ['a whole ui_attributes instead of the settings object', JSON.stringify([{ wait_seconds: 120 }]), 'must hold one JSON object (the settings), not an array'],
  ];
  it.each(bad)('blocks on %s, with the fix', async (_name, text, problem) => {
    const run = await doctor(['--offline'], { plugin: { 'ui-settings.dev.json': text } });
    expect(run.code).toBe(1);
    expect(run.out).toContain(problem);
    expect(run.out).toContain('fix: Fix plugin-outbound-recording/ui-settings.dev.json: deploy refuses to write settings the plugin would not use. Valid:');
    expect(run.out).not.toContain(' is used');
  });

  it('checks the file --settings names, and blocks when it does not exist', async () => {
    const paths = makeProject();
    const file = `${paths.repoRoot}/elsewhere.json`;
    writeFileSync(file, JSON.stringify({ wait_seconds: 60 }));
    const named = await doctor(['--offline', '--settings', file]);
    expect(named.code).toBe(0);
    expect(named.out).toContain(`${file}: indicator shown, paused time skipped, shortcut Ctrl+Shift+P, wait 60 s`);
    const missing = await doctor(['--offline', '--settings']);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('✖ No plugin settings file plugin-outbound-recording/ui-settings.dev.json');
  });
});

describe('npm run doctor: Twilio CLI', () => {
  it('prints how to install the CLI and both plugins when the CLI is missing', async () => {
    const run = await doctor(['--offline'], { path: 'empty' });
    expect(run.code).toBe(1);
    expect(run.out).toContain('The Twilio CLI (`twilio`) is not installed or not on PATH');
    expect(run.out).toContain('npm install -g twilio-cli');
    expect(run.out).toContain('twilio plugins:install @twilio-labs/plugin-serverless && twilio plugins:install @twilio-labs/plugin-flex');
    expect(run.out).toContain('twilio login');
  });

  it('prints the install command of each missing CLI plugin', async () => {
    const run = await doctor(['--offline'], { rules: healthyCli([{ command: 'twilio', args: ['plugins'], stdout: '@twilio-labs/plugin-serverless 3.3.0\n' }]) });
    expect(run.code).toBe(1);
    expect(run.out).toContain('✔ CLI plugin @twilio-labs/plugin-serverless');
    expect(run.out).toContain('The Twilio CLI plugin @twilio-labs/plugin-flex is not installed');
    expect(run.out).toContain('fix: twilio plugins:install @twilio-labs/plugin-flex');
  });

  it('asks the CLI the way deploy will use it, passing --profile through', async () => {
    const rules = healthyCli([
      { command: 'twilio', args: ['profiles:list'], stdout: profilesJson([{ id: 'acme-dev', active: true, accountSid: 'AC' + '9'.repeat(32) }, { id: 'acme-prod', active: false }]) },
    ]);
    const chosen = await doctor(['--offline', '--profile', 'acme-prod'], { rules });
    expect(chosen.code).toBe(0);
    expect(chosen.out).toContain(`deploys with profile "acme-prod" into account ${ACCOUNT_SID}`);
    expect(chosen.out).toContain('npm run deploy -- --profile acme-prod');
    expect(chosen.calls.map((call) => call.argv)).toEqual([['--version'], ['plugins'], ['profiles:list', '-o', 'json']]);

    // The active profile is for another account than the configuration: deploying would mix accounts.
    const active = await doctor(['--offline'], { rules });
    expect(active.code).toBe(1);
    expect(active.out).toContain(`into account AC${'9'.repeat(32)}, but the Functions' configuration is for ${ACCOUNT_SID}`);
    expect(active.out).toContain('twilio profiles:use');

    const unknown = await doctor(['--offline', '--profile', 'nope'], { rules });
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('The Twilio CLI has no profile "nope" (profiles: acme-dev, acme-prod)');
  });

  it('fails when the CLI has no profile at all, saying to log in', async () => {
    const run = await doctor(['--offline'], { rules: healthyCli([{ command: 'twilio', args: ['profiles:list'], stdout: '' }]) });
    expect(run.code).toBe(1);
    expect(run.out).toContain('The Twilio CLI has no profile');
    expect(run.out).toContain('twilio login');
  });
});

describe('npm run doctor: Twilio account (against the local emulator)', () => {
  let emulator: TwilioEmulator;
  beforeAll(async () => {
    emulator = await startTwilioEmulator();
  });
  beforeEach(() => emulator.reset());
  afterAll(async () => {
    await emulator.close();
  });

  /** The real twilio library with the configured credentials, through the product's emulator seam. */
  const viaEmulator = (baseUrl: () => string): ConnectTwilio => (config) =>
    twilio(config.credentials.username, config.credentials.password, { accountSid: config.accountSid, httpClient: new LocalTwilioRequestClient(baseUrl()) });

  function emulatorEnv(change: Record<string, string | undefined> = {}): Record<string, string> {
    return {
      '.env': envText({
        ACCOUNT_SID: emulator.accountSid,
        API_KEY: emulator.apiKeySid,
        API_SECRET: emulator.apiKeySecret,
        TWILIO_WORKSPACE_SID: emulator.workspaceSid,
        ...change,
      }),
    };
  }
  const emulatorCli = (): FakeRule[] =>
    healthyCli([{ command: 'twilio', args: ['profiles:list'], stdout: profilesJson([{ id: 'local', active: true, accountSid: emulator.accountSid }]) }]);

  it('fails with the fix when Twilio refuses the API secret (401), and does not go on to TaskRouter', async () => {
    const run = await doctor([], { serverless: emulatorEnv({ API_SECRET: 'not-the-secret' }), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl) });
    expect(run.code).toBe(1);
    expect(run.out).toContain('Twilio refused the credentials for the Recordings API (HTTP 401, Twilio error 20003');
    expect(run.out).toContain('Check that API_SECRET is the secret of API_KEY');
    expect(run.out).toContain('TaskRouter check skipped (credentials refused)');
    expect(run.out).toContain('– Flex configuration not read (credentials refused)');
    expect(emulator.requests().map((request) => `${request.method} ${request.host}${request.path} ${request.status}`)).toEqual([
      `GET api.twilio.com/2010-04-01/Accounts/${emulator.accountSid}/Recordings.json 401`,
    ]);
    expect(emulator.requests()[0]?.query).toEqual({ PageSize: '1' });
  });

  describe('the server-side trigger, judged by recent calls (call_recording.started_by)', () => {
    function recordedCall(startedBy: string | undefined): void {
      const call = emulator.placeOutboundCall({ workerIdentity: 'alice', customerNumber: '+14155550100' });
      const state = { status: 'in-progress', recording_sid: 'RE' + '1'.repeat(32), call_sid: call.customerCallSid, updated_at: new Date().toISOString(), ...(startedBy ? { started_by: startedBy } : {}) };
      emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, call_recording: state });
    }

    it('is fine when every recent recorded call was started by the conference callback', async () => {
      recordedCall('conference-callback');
      recordedCall('conference-callback');
      emulator.placeOutboundCall({ workerIdentity: 'bob', customerNumber: '+14155550101' });
      const run = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl) });
      expect(run.out).toContain("✔ Server-side trigger: all 2 recent recorded call(s) started by Twilio's conference callback");
    });

    it("warns, with what to do, when recent calls were recorded from the agents' browsers (another plugin's callback, or a failing one)", async () => {
      recordedCall('conference-callback');
      recordedCall('plugin-request');
      recordedCall(undefined);
      const run = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl) });
      expect(run.code).toBe(0);
      expect(run.out).toContain("! Server-side trigger: 1 of 2 recent recorded call(s) were started from the agent's browser, not by Twilio's conference callback");
      expect(run.out).toContain('If another plugin sets conferenceStatusCallback');
    });

    it('says it cannot judge when no recent call says which trigger started it', async () => {
      const run = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl) });
      expect(run.out).toContain('– No recent recorded call says which trigger started it');
    });
  });

  it('fails with the fix when a restricted key may not read recordings (403)', async () => {
    emulator.injectFault({ method: 'GET', pathPattern: /\/Recordings\.json$/, status: 403, code: 20003, message: 'Permission denied' });
    const run = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl) });
    expect(run.code).toBe(1);
    expect(run.out).toContain('The API key may not use the Recordings API (HTTP 403');
    expect(run.out).toContain('give the restricted key access to Voice recordings');
  });

  it('reports "skipped (no network)" rather than failing when Twilio cannot be reached', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const run = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => `http://127.0.0.1:${closedPort}`) });
    expect(run.code).toBe(0);
    expect(run.out).toContain('Twilio API checks skipped (no network: ECONNREFUSED)');
  });

  it('passes when the credentials reach the Recordings and TaskRouter APIs', async () => {
    const run = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl) });
    expect(run.out).toContain('✔ Recordings API reachable with these credentials');
    expect(run.out).toContain(`✔ TaskRouter workspace ${emulator.workspaceSid} ("Flex Task Assignment")`);
    expect(run.out).not.toContain('is not named "Flex Task Assignment"');
    expect(run.code).toBe(0);
    // The Serverless API is not emulated: its 404 reads as "not deployed yet", which is not a failure.
    expect(emulator.requests().map((request) => `${request.routeId ?? request.host} ${request.status}`)).toEqual([
      'ListRecording 200',
      'FetchWorkspace 200',
      'serverless.twilio.com 404',
      // The recent calls' recording states: which trigger started them.
      'ListTask 200',
      'FetchConfiguration 200',
    ]);
    expect(run.out).toContain('✔ Flex configuration read: agents get indicator shown, paused time skipped, shortcut Ctrl+Shift+P, wait 120 s, server-side trigger on, native recording kept');
    expect(run.out).toContain('is not deployed yet');
    expect(emulator.specViolations()).toEqual([]);
    expect(emulator.responseViolations()).toEqual([]);
  });

  it('reads the plugin settings agents get from the Flex configuration, through the same seam (spec-validated)', async () => {
    emulator.setFlexConfiguration({ ui_attributes: sharedUiAttributes({ show_indicator: false, pause_shortcut: false, wait_seconds: 240 }) });
    const run = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl) });
    expect(run.code).toBe(0);
    expect(run.out).toContain('✔ Flex configuration read: agents get indicator hidden, paused time skipped, shortcut off, wait 240 s, server-side trigger on, native recording kept');
    const read = emulator.requests({ routeId: 'FetchConfiguration' });
    expect(read.map((request) => `${request.method} ${request.host}${request.path}`)).toEqual(['GET flex-api.twilio.com/v1/Configuration']);
    // Basic auth with the Functions' API key, as every other check.
    expect(Buffer.from(String(read[0]?.headers.authorization).slice(6), 'base64').toString()).toBe(`${emulator.apiKeySid}:${emulator.apiKeySecret}`);
    expect(emulator.requests({ routeId: 'UpdateConfiguration' })).toEqual([]);
    expect(emulator.specViolations()).toEqual([]);
    expect(emulator.responseViolations()).toEqual([]);
  });

  it("checks NATIVE_RECORDING against Flex's native call recording: kept is a warning with the fix, skipped is fine", async () => {
    emulator.setFlexConfiguration({ call_recording_enabled: true, ui_attributes: sharedUiAttributes({}) });
    const kept = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl) });
    expect(kept.code).toBe(0);
    expect(kept.out).toContain('! Flex\'s native call recording is on and native_recording is "keep": every outbound call is recorded twice');
    expect(kept.out).toContain('set "native_recording": "skip"');
    emulator.setFlexConfiguration({ call_recording_enabled: true, ui_attributes: sharedUiAttributes({ native_recording: 'skip' }) });
    const skipped = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl) });
    expect(skipped.out).toContain('✔ Flex\'s native call recording is on; the plugin turns it off for the outbound calls it records');
    emulator.setFlexConfiguration({ call_recording_enabled: false });
    const off = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl) });
    expect(off.out).not.toContain('native call recording is on');
  });

  it('warns about each bad value in the Flex configuration (agents get the default), each with a fix', async () => {
    emulator.setFlexConfiguration({ ui_attributes: sharedUiAttributes({ show_indicator: 'off', wait_seconds: 3600, pause_shortcut: 'C', colour: 'red' }) });
    const run = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl) });
    expect(run.code).toBe(0);
    expect(run.out).toContain('! Flex configuration: ui_attributes.custom_data.features.outbound_recording.colour is not a setting');
    expect(run.out).toContain('! Flex configuration: ui_attributes.custom_data.features.outbound_recording.show_indicator must be true or false, not "off"; true is used');
    expect(run.out).toContain('! Flex configuration: ui_attributes.custom_data.features.outbound_recording.pause_shortcut "C" is already a Flex UI shortcut');
    expect(run.out).toContain('wait_seconds must be a whole number of seconds from 15 to 900, not 3600; 120 is used');
    expect(run.out).toContain('fix: Correct ui_attributes.custom_data.features.outbound_recording in the Flex configuration: put the settings in plugin-outbound-recording/ui-settings.<env>.json');
    expect(run.out).toContain('and run `npm run deploy -- --settings-only`');
    expect(run.out).toContain('(defaults where a value is not valid)');
    expect(run.out).toContain('(4 warning(s) above)');
  });

  it('says whether the local settings file would change what the Flex configuration holds', async () => {
    emulator.setFlexConfiguration({ ui_attributes: sharedUiAttributes({ wait_seconds: 120, show_indicator: true }) });
    const same = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl), plugin: { 'ui-settings.dev.json': '{ "show_indicator": true, "wait_seconds": 120 }' } });
    expect(same.out).toContain('• plugin-outbound-recording/ui-settings.dev.json matches the Flex configuration: writing it changes nothing');
    const differs = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl), plugin: { 'ui-settings.dev.json': '{ "wait_seconds": 300 }' } });
    expect(differs.out).toContain(
      '• plugin-outbound-recording/ui-settings.dev.json differs from the Flex configuration (now {"wait_seconds":120,"show_indicator":true}): `npm run deploy -- --settings-only` writes it',
    );
    expect(emulator.requests({ routeId: 'UpdateConfiguration' })).toEqual([]);
  });

  it('fails with the fix when the API key may not read the Flex configuration (403)', async () => {
    emulator.injectFault({ host: 'flex', status: 403, code: 20003, message: 'Permission denied' });
    const run = await doctor([], { serverless: emulatorEnv(), rules: emulatorCli(), connect: viaEmulator(() => emulator.baseUrl) });
    expect(run.code).toBe(1);
    expect(run.out).toContain('✖ The API key may not read the Flex configuration (GET https://flex-api.twilio.com/v1/Configuration: HTTP 403, Twilio error 20003)');
    expect(run.out).toContain('fix: Use a Standard API key');
  });
});

describe('npm run doctor: Twilio account (stand-in client: the emulator does not serve Serverless environments)', () => {
  /** Only the calls the doctor makes, answering like Twilio does for a healthy, deployed account. */
  function standIn(environments: Array<{ uniqueName: string; domainSuffix: string; domainName: string }>, calls: string[]): ConnectTwilio {
    const client = {
      api: { v2010: { accounts: (sid: string) => ({ recordings: { page: async (opts: unknown) => void calls.push(`recordings ${sid} ${JSON.stringify(opts)}`) } }) } },
      taskrouter: { v1: { workspaces: (sid: string) => ({ fetch: async () => (calls.push(`workspace ${sid}`), { friendlyName: 'Flex Task Assignment' }) }) } },
      serverless: { v1: { services: (name: string) => ({ environments: { list: async () => (calls.push(`environments ${name}`), environments) } }) } },
      flexApi: { v1: { configuration: () => ({ fetch: async () => (calls.push('flex configuration'), { uiAttributes: { custom_data: { features: { outbound_recording: { wait_seconds: 60 } } } } }) }) } },
    };
    // A partial client on purpose: only these four calls exist, so any other call fails the test.
    return () => client as unknown as TwilioClient;
  }

  it('passes, and shows where the Functions of this environment live now', async () => {
    const calls: string[] = [];
    const connect = standIn([{ uniqueName: 'prod-environment', domainSuffix: 'prod', domainName: 'outbound-recording-4321-prod.twil.io' }], calls);
    const run = await doctor(['--env', 'prod'], { serverless: { '.env.prod': envText(GOOD_ENV) }, connect });
    expect(run.code).toBe(0);
    expect(run.out).toContain('✔ Recordings API reachable with these credentials');
    expect(run.out).toContain('✔ TaskRouter workspace WS33333333333333333333333333333333 ("Flex Task Assignment")');
    expect(run.out).toContain('Functions domain of "prod": https://outbound-recording-4321-prod.twil.io');
    expect(run.out).toContain('Flex configuration read: agents get indicator shown, paused time skipped, shortcut Ctrl+Shift+P, wait 60 s');
    expect(calls).toEqual([`recordings ${ACCOUNT_SID} {"pageSize":1}`, 'workspace WS33333333333333333333333333333333', 'environments outbound-recording', 'flex configuration']);
  });

  it('says when the environment is not deployed yet (not a problem)', async () => {
    const run = await doctor(['--env', 'prod'], { serverless: { '.env.prod': envText(GOOD_ENV) }, connect: standIn([], []) });
    expect(run.code).toBe(0);
    expect(run.out).toContain('Functions environment "prod" of "outbound-recording" is not deployed yet');
  });
});
