import type twilio from 'twilio';
import type { FunctionConfig } from '../src/config/function-config';
import { isFunctionsDomain } from './deploy-output';
import type { Finding } from './report';

export type TwilioClient = ReturnType<typeof twilio>;

/** How the doctor gets a client: the product's own factory in real use, one aimed at the emulator in tests. */
export type ConnectTwilio = (config: FunctionConfig) => TwilioClient;

/** Error codes of a request that never reached Twilio: the doctor then skips rather than fails. */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED', 'EPIPE']);

type Outcome<T> = { kind: 'ok'; value: T } | { kind: 'unreachable'; code: string } | { kind: 'refused'; status: number; code?: number; message: string };

async function attempt<T>(request: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { kind: 'ok', value: await request() };
  } catch (error) {
    const { status, code, message } = (error ?? {}) as { status?: unknown; code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(error);
    // The library's RestException has a numeric HTTP status; transport errors (axios) a string code.
    if (typeof status === 'number') return { kind: 'refused', status, ...(typeof code === 'number' ? { code } : {}), message: text };
    if (typeof code === 'string' && UNREACHABLE.has(code)) return { kind: 'unreachable', code };
    return { kind: 'unreachable', code: text };
  }
}

function refusal(what: string, outcome: { status: number; code?: number; message: string }, notFoundFix: string): Finding {
  const detail = `HTTP ${outcome.status}${outcome.code ? `, Twilio error ${outcome.code}` : ''}: ${outcome.message}`;
  if (outcome.status === 401) {
    return {
      severity: 'block',
      message: `Twilio refused the credentials for ${what} (${detail})`,
      fix: 'Check that API_SECRET is the secret of API_KEY, that the key was not deleted, and that it belongs to ACCOUNT_SID\n(Console > Account > API keys & tokens); create a new key if the secret is lost',
    };
  }
  if (outcome.status === 403) {
    return {
      severity: 'block',
      message: `The API key may not use ${what} (${detail})`,
      fix: 'Use a Standard API key, or give the restricted key access to Voice recordings (read/create) and TaskRouter (read/update)',
    };
  }
  if (outcome.status === 404) return { severity: 'block', message: `${what}: not found (${detail})`, fix: notFoundFix };
  return { severity: 'warn', message: `Could not check ${what} (${detail})`, fix: 'Twilio may be having trouble; run the doctor again later (https://status.twilio.com)' };
}

/**
 * With the Functions' own credentials: can they reach what the Functions use? One Recordings list page
 * (the Voice API and its recordings permission) and the workspace (TaskRouter), then where the Functions
 * currently live. No network is not a failure: it is reported as skipped.
 */
export async function checkTwilioAccess(
  config: FunctionConfig,
  connect: ConnectTwilio,
  deployment: { serviceName: string | undefined; environment: string },
): Promise<Finding[]> {
  const client = connect(config);
  const recordings = await attempt(() => client.api.v2010.accounts(config.accountSid).recordings.page({ pageSize: 1 }));
  if (recordings.kind === 'unreachable') {
    return [{ severity: 'skip', message: `Twilio API checks skipped (no network: ${recordings.code})` }];
  }
  const findings: Finding[] = [];
  if (recordings.kind === 'refused') {
    findings.push(refusal('the Recordings API', recordings, 'Check ACCOUNT_SID: it must be the account the API key belongs to'));
    if (recordings.status === 401) {
      findings.push({ severity: 'skip', message: 'TaskRouter check skipped (credentials refused)' });
      return findings;
    }
  } else {
    findings.push({ severity: 'ok', message: 'Recordings API reachable with these credentials' });
  }

  const workspace = await attempt(() => client.taskrouter.v1.workspaces(config.workspaceSid).fetch());
  if (workspace.kind === 'unreachable') findings.push({ severity: 'skip', message: `TaskRouter check skipped (no network: ${workspace.code})` });
  else if (workspace.kind === 'refused') {
    findings.push(
      refusal(`TaskRouter workspace ${config.workspaceSid}`, workspace, 'Copy the SID of the "Flex Task Assignment" workspace of this account (Console > TaskRouter > Workspaces)'),
    );
  } else {
    const name = workspace.value.friendlyName;
    findings.push({ severity: 'ok', message: `TaskRouter workspace ${config.workspaceSid} ("${name}")` });
    if (name !== 'Flex Task Assignment') {
      findings.push({
        severity: 'warn',
        message: `Workspace "${name}" is not named "Flex Task Assignment", the workspace Flex creates for its tasks`,
        fix: 'Make sure TWILIO_WORKSPACE_SID is the workspace your Flex agents work in',
      });
    }
  }

  if (deployment.serviceName !== undefined) findings.push(await checkDeployedDomain(client, deployment.serviceName, deployment.environment));
  return findings;
}

/** Where the Functions of this environment are now (the plugin will be pointed there by the next deploy). */
async function checkDeployedDomain(client: TwilioClient, serviceName: string, environment: string): Promise<Finding> {
  const environments = await attempt(() => client.serverless.v1.services(serviceName).environments.list({ limit: 50 }));
  if (environments.kind === 'unreachable') return { severity: 'skip', message: `Functions domain check skipped (no network: ${environments.code})` };
  if (environments.kind === 'refused') {
    if (environments.status === 404) {
      return { severity: 'info', message: `Functions service "${serviceName}" is not deployed yet: the first \`npm run deploy\` creates it` };
    }
    return refusal(`the Functions service "${serviceName}"`, environments, 'Check the credentials');
  }
  const match = environments.value.find((candidate) => candidate.domainSuffix === environment || candidate.uniqueName === environment);
  if (match === undefined) {
    return { severity: 'info', message: `Functions environment "${environment}" of "${serviceName}" is not deployed yet: \`npm run deploy\` creates it` };
  }
  if (!isFunctionsDomain(match.domainName)) {
    return { severity: 'warn', message: `Functions environment "${environment}" has an unexpected domain "${match.domainName}"`, fix: 'Check the service in Console > Functions and Assets > Services' };
  }
  return { severity: 'ok', message: `Functions domain of "${environment}": https://${match.domainName} (the plugin is pointed here on deploy)` };
}
