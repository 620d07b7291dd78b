import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProjectPaths } from '../../../admin/project';
import type { Writer } from '../../../admin/report';

export const ACCOUNT_SID = 'AC' + '1'.repeat(32);
export const API_KEY = 'SK' + '2'.repeat(32);
export const API_SECRET = 's'.repeat(32);
export const WORKSPACE_SID = 'WS' + '3'.repeat(32);

export function envText(values: Record<string, string | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

export const GOOD_ENV = {
  ACCOUNT_SID,
  API_KEY,
  API_SECRET,
  TWILIO_WORKSPACE_SID: WORKSPACE_SID,
  ALLOWED_ORIGINS: 'https://flex.twilio.com',
};

/**
 * A throw-away copy of the repository's layout: serverless/ (with the real .twilioserverlessrc) and
 * plugin-outbound-recording/ (package.json only), with the env files a test asks for. Deploy and doctor
 * never touch the real checkout's configuration in tests.
 */
export function makeProject(files: { serverless?: Record<string, string>; plugin?: Record<string, string> } = {}): ProjectPaths {
  const repoRoot = mkdtempSync(join(tmpdir(), 'admin-project-'));
  const serverlessDir = join(repoRoot, 'serverless');
  const pluginDir = join(repoRoot, 'plugin-outbound-recording');
  mkdirSync(serverlessDir);
  mkdirSync(pluginDir);
  copyFileSync(join(__dirname, '..', '..', '..', '.twilioserverlessrc'), join(serverlessDir, '.twilioserverlessrc'));
  writeFileSync(join(pluginDir, 'package.json'), JSON.stringify({ name: 'plugin-outbound-recording', version: '0.1.0' }));
  for (const [name, text] of Object.entries(files.serverless ?? {})) writeFileSync(join(serverlessDir, name), text);
  for (const [name, text] of Object.entries(files.plugin ?? {})) writeFileSync(join(pluginDir, name), text);
  return { repoRoot, serverlessDir, pluginDir };
}

export interface Captured extends Writer {
  text(): string;
}

export function capture(): Captured {
  let text = '';
  return {
    write: (chunk: string) => {
      text += chunk;
    },
    text: () => text,
  };
}
