import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the two deployable parts live; tests point these at temporary copies. */
export interface ProjectPaths {
  repoRoot: string;
  serverlessDir: string;
  pluginDir: string;
}

export function defaultPaths(): ProjectPaths {
  const serverlessDir = resolve(__dirname, '..');
  const repoRoot = resolve(serverlessDir, '..');
  return { repoRoot, serverlessDir, pluginDir: join(repoRoot, 'plugin-outbound-recording') };
}

/** The plugin's name, as the Plugins API knows it (flex:plugins:deploy registers package.json "name"). */
export function readPluginName(pluginDir: string): string {
  const pkg: unknown = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8'));
  const name = typeof pkg === 'object' && pkg !== null ? (pkg as { name?: unknown }).name : undefined;
  if (typeof name !== 'string' || name === '') throw new Error(`${join(pluginDir, 'package.json')} has no "name"`);
  return name;
}

/**
 * The Functions service name from .twilioserverlessrc (JSON with // comment lines, as the toolkit allows).
 * Undefined when it cannot be read: only the doctor's "where are the Functions now" check needs it.
 */
export function readServiceName(serverlessDir: string): string | undefined {
  try {
    const text = readFileSync(join(serverlessDir, '.twilioserverlessrc'), 'utf8')
      .split('\n')
      .filter((line) => !/^\s*\/\//.test(line))
      .join('\n');
    const rc: unknown = JSON.parse(text);
    const name = typeof rc === 'object' && rc !== null ? (rc as { serviceName?: unknown }).serviceName : undefined;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}
