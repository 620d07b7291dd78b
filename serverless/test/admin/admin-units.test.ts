import { parseDeployArgs, parseDoctorArgs } from '../../admin/args';
import { checkFunctionsBaseUrl, checkNodeVersion } from '../../admin/config-checks';
import { isFunctionsDomain, parseDeployedDomain, parseDeployedPluginVersion } from '../../admin/deploy-output';
import { DOMAIN_PLACEHOLDER, formatStep, planDeploy, type DeployConfig } from '../../admin/deploy-plan';
import { parseEnvFile, readPluginEnvFiles, resolveFunctionsEnvFile } from '../../admin/env-file';
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
      options: { environment: 'prod', profile: 'p', release: true, dryRun: true, bump: 'major', changelog: 'c', releaseName: undefined, releaseDescription: undefined },
    });
    expect(parseDeployArgs([])).toMatchObject({ ok: true, options: { environment: undefined, bump: 'patch', release: false, dryRun: false } });
    expect(parseDeployArgs(['--changelog', ' '])).toMatchObject({ ok: false, help: false });
    expect(parseDeployArgs(['extra'])).toMatchObject({ ok: false, help: false });
  });

  it('parse the doctor flags', () => {
    expect(parseDoctorArgs(['--offline', '--env', 'dev'])).toEqual({ ok: true, options: { environment: 'dev', profile: undefined, offline: true } });
    expect(parseDoctorArgs(['-h'])).toEqual({ ok: false, help: true });
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
