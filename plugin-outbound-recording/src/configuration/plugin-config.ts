/**
 * The Functions' base URL, what the plugin needs to know before it may watch any call (the administrator's
 * settings are read at run time: plugin-settings.ts).
 *
 * Validation is strict on purpose. A wrong Functions URL does not fail loudly by itself: every outbound
 * call would silently go unrecorded. So anything doubtful is rejected with a reason an admin can act on.
 */

import { isLoopbackHttpUrl } from '../contract/local-host';

/** The build value (see .env.example): the only setting that is not read at run time. */
export interface RawPluginConfig {
  functionsBaseUrl: string | undefined;
}

export interface PluginConfig {
  /** Scheme, host and port only, never a trailing slash: paths from the contract are appended as they are. */
  functionsBaseUrl: string;
}

export type ConfigResult = { ok: true; config: PluginConfig } | { ok: false; problems: string[] };

export function validatePluginConfig(raw: RawPluginConfig): ConfigResult {
  const problems: string[] = [];
  const functionsBaseUrl = readFunctionsBaseUrl(raw.functionsBaseUrl, problems);
  if (functionsBaseUrl === undefined) return { ok: false, problems };
  return { ok: true, config: { functionsBaseUrl } };
}

function readFunctionsBaseUrl(value: string | undefined, problems: string[]): string | undefined {
  const text = value?.trim() ?? '';
  if (text === '') {
    problems.push('FLEX_APP_FUNCTIONS_BASE_URL is not set');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`FLEX_APP_FUNCTIONS_BASE_URL is not a URL: "${text}"`);
    return undefined;
  }
  if (url.protocol !== 'https:' && !isLoopbackHttpUrl(url)) {
    problems.push('FLEX_APP_FUNCTIONS_BASE_URL must use https (plain http is only accepted for localhost)');
    return undefined;
  }
  // Each of these would be silently mangled when the contract's path is appended.
  const junk: string[] = [];
  if (url.username !== '' || url.password !== '') junk.push('credentials');
  if (url.pathname !== '/' && url.pathname !== '') junk.push(`a path ("${url.pathname}")`);
  if (url.search !== '' || text.includes('?')) junk.push('a query');
  if (url.hash !== '' || text.includes('#')) junk.push('a fragment');
  if (junk.length > 0) {
    problems.push(`FLEX_APP_FUNCTIONS_BASE_URL must be the Functions domain only (like https://example-1234.twil.io), not ${junk.join(', ')}`);
    return undefined;
  }
  return url.origin;
}

