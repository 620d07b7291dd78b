import { parseDeployArgs, parseDoctorArgs } from '../../admin/args';
import { checkFunctionsBaseUrl, checkNodeVersion } from '../../admin/config-checks';
import { isFunctionsDomain, parseDeployedDomain, parseDeployedPluginVersion } from '../../admin/deploy-output';
import { DOMAIN_PLACEHOLDER, formatStep, planDeploy, type DeployConfig } from '../../admin/deploy-plan';
import { parseEnvFile, readPluginEnvFiles, resolveFunctionsEnvFile } from '../../admin/env-file';
import { mergePluginSettings } from '../../admin/flex-configuration';
import { readServiceName } from '../../admin/project';
import { DOMAIN, SERVERLESS_DEPLOY_JSON, SERVERLESS_DEPLOY_STDERR, pluginDeployOutput } from './support/cli-output';
import { makeProject } from './support/project';

const CONFIG: DeployConfig = {
  serverlessDir: '/repo/serverless',
  pluginDir: '/repo/plugin-outbound-recording',
  pluginName: 'plugin-outbound-recording',
  functionsEnvFile: '.env.prod',
  functionsEnvironment: 'prod',
  profile: undefined,
  bump: 'patch',
  changelog: 'Changes',
  release: false,
  releaseName: undefined,
  releaseDescription: undefined,
};

describe('deploy plan (pure)', () => {
  it('is build, Functions deploy, plugin deploy; the release only with --release', () => {
    expect(planDeploy(CONFIG).map((step) => step.id)).toEqual(['build-functions', 'deploy-functions', 'deploy-plugin']);
    expect(planDeploy({ ...CONFIG, release: true }).map((step) => step.id)).toEqual(['build-functions', 'deploy-functions', 'deploy-plugin', 'release-plugin']);
  });

  it('wires the domain and version it is given, placeholders otherwise', () => {
    expect(planDeploy(CONFIG)[2]?.env).toEqual({ FLEX_APP_FUNCTIONS_BASE_URL: DOMAIN_PLACEHOLDER });
    const later = planDeploy({ ...CONFIG, release: true, releaseName: 'R', releaseDescription: 'D' }, { functionsBaseUrl: `https://${DOMAIN}`, pluginVersion: '2.0.1' });
    expect(later[2]?.env).toEqual({ FLEX_APP_FUNCTIONS_BASE_URL: `https://${DOMAIN}` });
    expect(later[3]?.args).toEqual(['flex:plugins:release', '--plugin', 'plugin-outbound-recording@2.0.1', '--name', 'R', '--description', 'D']);
  });

  it('adds --profile to every twilio command and to nothing else', () => {
    const steps = planDeploy({ ...CONFIG, release: true, profile: 'p1' });
    for (const step of steps) {
      expect(step.args.slice(-2)).toEqual(step.command === 'twilio' ? ['--profile', 'p1'] : ['run', 'build']);
    }
  });

  it('bumps the version as asked', () => {
    expect(planDeploy({ ...CONFIG, bump: 'major' })[2]?.args.slice(0, 2)).toEqual(['flex:plugins:deploy', '--major']);
  });

  it('prints a step as a command line that can be pasted into a shell', () => {
    const step = planDeploy({ ...CONFIG, changelog: "it's done" }, { functionsBaseUrl: 'https://a-1-dev.twil.io' })[2];
    expect(step && formatStep(step, '/repo')).toBe(
      "(cd plugin-outbound-recording && FLEX_APP_FUNCTIONS_BASE_URL=https://a-1-dev.twil.io twilio flex:plugins:deploy --patch --changelog 'it'\\''s done')",
    );
  });
});

describe('reading the CLI output', () => {
  it('reads the domain from `-o json`, ignoring what comes before it', () => {
    expect(parseDeployedDomain(SERVERLESS_DEPLOY_JSON)).toBe(DOMAIN);
    expect(parseDeployedDomain(`twilio-cli update available: 5.0 -> 6.0 {see notes}\n${SERVERLESS_DEPLOY_JSON}`)).toBe(DOMAIN);
    expect(parseDeployedDomain(SERVERLESS_DEPLOY_STDERR)).toBeUndefined();
  });

  it('reads the plain and the pretty (coloured) layouts', () => {
    expect(parseDeployedDomain(`deploymentInfo\ndomain       ${DOMAIN}\n`)).toBe(DOMAIN);
    expect(parseDeployedDomain(`\u001b[1m\u001b[36mDomain:\u001b[39m\u001b[22m ${DOMAIN}\n`)).toBe(DOMAIN);
  });

  it('refuses anything that is not a Functions domain', () => {
    expect(parseDeployedDomain('{"domain": "evil.example.com"}')).toBeUndefined();
    expect(parseDeployedDomain('domain https://x-1-dev.twil.io/path')).toBeUndefined();
    expect(isFunctionsDomain('outbound-recording-1234.twil.io')).toBe(true);
    expect(isFunctionsDomain('twil.io')).toBe(false);
    expect(isFunctionsDomain('Upper-1-dev.twil.io')).toBe(false);
  });

  it('reads the deployed plugin version, with or without colour', () => {
    expect(parseDeployedPluginVersion(pluginDeployOutput('0.0.7'), 'plugin-outbound-recording')).toBe('0.0.7');
    expect(parseDeployedPluginVersion('Plugin (private) **plugin-outbound-recording**@**1.2.3-rc.1** was successfully deployed', 'plugin-outbound-recording')).toBe('1.2.3-rc.1');
    expect(parseDeployedPluginVersion('Run $ twilio flex:plugins:release --plugin plugin-outbound-recording@4.0.0 --name x', 'plugin-outbound-recording')).toBe('4.0.0');
    expect(parseDeployedPluginVersion('plugin-other@1.0.0 was successfully deployed', 'plugin-outbound-recording')).toBeUndefined();
  });

  it('checks the wired URL with the plugin validator', () => {
    expect(checkFunctionsBaseUrl(`https://${DOMAIN}`)).toEqual([]);
    expect(checkFunctionsBaseUrl('http://x-1-dev.twil.io')[0]?.severity).toBe('block');
  });
});

describe('environment files', () => {
  it('parse as twilio-run and the plugin build parse them', () => {
    expect(parseEnvFile('# c\nA=1\n B = two words \nC="q\\nx"\nD=\'s\'\nE=v # kept\nexport F=1\n')).toEqual({
      A: '1',
      B: 'two words',
      C: 'q\nx',
      D: 's',
      E: 'v # kept',
    });
  });

  it('resolve .env.<env>, else .env', () => {
    const paths = makeProject({ serverless: { '.env': 'A=1', '.env.prod': 'A=2' } });
    const prod = resolveFunctionsEnvFile(paths.serverlessDir, 'prod');
    expect(prod.ok && [prod.file.name, prod.file.values.A, prod.file.fellBack]).toEqual(['.env.prod', '2', false]);
    const stage = resolveFunctionsEnvFile(paths.serverlessDir, 'stage');
    expect(stage.ok && [stage.file.name, stage.file.values.A, stage.file.fellBack]).toEqual(['.env', '1', true]);
    expect(resolveFunctionsEnvFile(makeProject().serverlessDir, undefined).ok).toBe(false);
  });

  it("find FLEX_APP_* values in the plugin's .env and .<profile>.env files only", () => {
    const paths = makeProject({ plugin: { '.env': 'FLEX_APP_A=1\nOTHER=2', '.p1.env': 'flex_app_b=3', '.env.example': 'FLEX_APP_C=4', 'x.env.bak': 'FLEX_APP_D=5' } });
    expect(readPluginEnvFiles(paths.pluginDir)).toEqual({
      files: ['.env', '.p1.env'],
      settings: [
        { file: '.env', key: 'FLEX_APP_A', value: '1' },
        { file: '.p1.env', key: 'flex_app_b', value: '3' },
      ],
    });
  });

  it("read the service name from the real .twilioserverlessrc", () => {
    expect(readServiceName(makeProject().serverlessDir)).toBe('outbound-recording');
  });
});

describe('arguments', () => {
  it('parse the deploy flags', () => {
    expect(parseDeployArgs(['--env', 'prod', '--release', '--dry-run', '--profile', 'p', '--major', '--changelog', 'c'])).toEqual({
      ok: true,
      options: {
        environment: 'prod',
        profile: 'p',
        release: true,
        dryRun: true,
        bump: 'major',
        changelog: 'c',
        releaseName: undefined,
        releaseDescription: undefined,
        settings: { kind: 'none' },
        settingsOnly: false,
      },
    });
    expect(parseDeployArgs([])).toMatchObject({ ok: true, options: { environment: undefined, bump: 'patch', release: false, dryRun: false } });
    expect(parseDeployArgs(['--changelog', ' '])).toMatchObject({ ok: false, help: false });
    expect(parseDeployArgs(['extra'])).toMatchObject({ ok: false, help: false });
  });

  it('take --settings with a file, or alone (the environment\'s file), and --settings-only', () => {
    const settingsOf = (argv: string[]) => {
      const parsed = parseDeployArgs(argv);
      return parsed.ok ? [parsed.options.settings, parsed.options.settingsOnly] : parsed;
    };
    expect(settingsOf(['--settings', 'my.json', '--env', 'prod'])).toEqual([{ kind: 'file', path: 'my.json' }, false]);
    expect(settingsOf(['--settings=my.json'])).toEqual([{ kind: 'file', path: 'my.json' }, false]);
    expect(settingsOf(['--env', 'prod', '--settings'])).toEqual([{ kind: 'default' }, false]);
    expect(settingsOf(['--settings', '--release'])).toEqual([{ kind: 'default' }, false]);
    expect(settingsOf(['--settings-only'])).toEqual([{ kind: 'default' }, true]);
    expect(settingsOf(['--settings-only', '--settings', 'x.json'])).toEqual([{ kind: 'file', path: 'x.json' }, true]);
    expect(parseDeployArgs(['--settings-only', '--release', '--minor'])).toEqual({
      ok: false,
      help: false,
      error: '--settings-only deploys nothing, so --release --minor would do nothing: leave them out',
    });
  });

  it('parse the doctor flags', () => {
    expect(parseDoctorArgs(['--offline', '--env', 'dev'])).toEqual({ ok: true, options: { environment: 'dev', profile: undefined, offline: true, settings: { kind: 'none' } } });
    expect(parseDoctorArgs(['--settings'])).toMatchObject({ ok: true, options: { settings: { kind: 'default' } } });
    expect(parseDoctorArgs(['--settings', 'a.json', '--offline'])).toMatchObject({ ok: true, options: { settings: { kind: 'file', path: 'a.json' }, offline: true } });
    expect(parseDoctorArgs(['-h'])).toEqual({ ok: false, help: true });
  });
});

describe('merging the plugin settings into ui_attributes (pure)', () => {
  const SETTINGS = { show_indicator: false, wait_seconds: 300 };

  it('replaces only custom_data.features.outbound_recording and keeps every other key at every level', () => {
    const current = {
      colorTheme: { baseName: 'HGDarkTheme' },
      custom_data: {
        serverless_functions_domain: 'other-plugin-1234-dev.twil.io',
        features: { callbacks: { enabled: true, max_attempts: 3 }, outbound_recording: { show_indicator: true, pause_shortcut: 'K' } },
      },
    };
    const before = JSON.stringify(current);
    const merged = mergePluginSettings(current, SETTINGS);
    expect(merged).toEqual({
      ok: true,
      uiAttributes: {
        colorTheme: { baseName: 'HGDarkTheme' },
        custom_data: { serverless_functions_domain: 'other-plugin-1234-dev.twil.io', features: { callbacks: { enabled: true, max_attempts: 3 }, outbound_recording: SETTINGS } },
      },
      previous: { show_indicator: true, pause_shortcut: 'K' },
      changed: true,
      kept: ['ui_attributes.colorTheme', 'ui_attributes.custom_data.serverless_functions_domain', 'ui_attributes.custom_data.features.callbacks'],
    });
    // The whole object is replaced (pause_shortcut is gone), and the input was not changed in place.
    expect(JSON.stringify(current)).toBe(before);
  });

  it('creates the path when ui_attributes has none of it (or is null)', () => {
    for (const current of [undefined, null, {}, { custom_data: null }]) {
      expect(mergePluginSettings(current, SETTINGS)).toMatchObject({ ok: true, uiAttributes: { custom_data: { features: { outbound_recording: SETTINGS } } }, previous: undefined, changed: true });
    }
  });

  it('says when nothing changes, whatever the key order', () => {
    const current = { custom_data: { features: { outbound_recording: { wait_seconds: 300, show_indicator: false } } } };
    expect(mergePluginSettings(current, SETTINGS)).toMatchObject({ ok: true, changed: false });
  });

  it('refuses to overwrite a step of the path that is not an object', () => {
    expect(mergePluginSettings({ custom_data: 'x' }, SETTINGS)).toEqual({
      ok: false,
      problem: 'ui_attributes.custom_data of the Flex configuration is not a JSON object ("x"); not overwriting it',
    });
    expect(mergePluginSettings({ custom_data: { features: [1] } }, SETTINGS)).toMatchObject({ ok: false });
    expect(mergePluginSettings('text', SETTINGS)).toMatchObject({ ok: false });
  });
});

describe('node version', () => {
  it.each([
    ['v20.0.0', 'ok'],
    ['v22.11.0', 'ok'],
    ['v18.20.4', 'block'],
    ['v24.1.0', 'block'],
  ])('%s: %s', (version, severity) => {
    expect(checkNodeVersion(version).severity).toBe(severity);
  });
});
