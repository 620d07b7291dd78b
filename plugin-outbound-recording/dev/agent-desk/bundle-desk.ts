import { build, type BuildOptions } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { realFlexBuildOptions } from '../real-flex/browser/esbuild-real-flex';

const PLUGIN_DIR = resolve(__dirname, '..', '..');
const CACHE_DIR = resolve(PLUGIN_DIR, 'node_modules', '.cache', 'agent-desk');
/** Bump when the options below change in a way the inputs' timestamps cannot show. */
const CACHE_VERSION = 'real-flex-1';

export interface DeskBundle {
  code: string;
  /** How the bundle was obtained, for the sandbox's log. */
  source: 'built' | 'cache';
  ms: number;
}

/**
 * Bundles the agent desk page: the real Flex UI runtime (the installed @twilio/flex-ui bundle, with its webpack
 * require exposed for the harness), the SDK fakes below it (dev/real-flex), the plugin's real source (src/) and
 * the desk's own panel. ~33 MB, so it is cached (node_modules/.cache/agent-desk) until one of its inputs
 * changes; the sandbox's URLs are not in it (the desk server writes them into the page).
 *
 * The build-time values flex-plugin-scripts would inline are defined here the same way; the plugin's
 * FLEX_APP_* settings the desk varies are read from the page's configuration.
 */
export async function bundleDesk(): Promise<DeskBundle> {
  const started = Date.now();
  const text = (value: string) => JSON.stringify(value);
  const flex = realFlexBuildOptions();
  const options: BuildOptions = {
    ...flex,
    entryPoints: [resolve(__dirname, 'page', 'main.tsx')],
    bundle: true,
    write: false,
    metafile: true,
    jsx: 'transform',
    logLevel: 'silent',
    absWorkingDir: PLUGIN_DIR,
    // No Paste trims here (webpack.config.js, 2 and 4): the plugin's build leaves them out of its own copy of Paste,
    // but this page has one copy, shared with Flex, whose components need the real animation library.
    define: {
      ...flex.define,
      'process.env.FLEX_APP_FUNCTIONS_BASE_URL': '__DESK_CONFIG__.functionsUrl',
      'process.env.FLEX_APP_RECORDING_WAIT_SECONDS': '__DESK_CONFIG__.recordingWaitSeconds',
      // Every other FLEX_APP_* reads as unset (the plugin's default), as in a build whose .env leaves it out.
      'process.env': '{}',
      __FPB_PLUGIN_UNIQUE_NAME: text('plugin-outbound-recording'),
      __FPB_PLUGIN_VERSION: text('0.0.0-desk'),
      __FPB_FLEX_PLUGIN_SCRIPTS_VERSION: text('7.1.2'),
      __FPB_FLEX_PLUGIN_VERSION: text('7.1.2'),
      __FPB_FLEX_UI_VERSION: text('2.17.1'),
      __FPB_REACT_VERSION: text('17.0.2'),
      __FPB_REACT_DOM_VERSION: text('17.0.2'),
    },
  };
  const key = JSON.stringify({ version: CACHE_VERSION, define: options.define });
  const cached = process.env.DESK_BUNDLE_CACHE === '0' ? undefined : readCache(key);
  if (cached !== undefined) return { code: cached, source: 'cache', ms: Date.now() - started };

  const result = await build(options);
  const code = result.outputFiles?.[0]?.text;
  if (code === undefined) throw new Error('esbuild produced no agent desk bundle');
  writeCache(key, code, Object.keys(result.metafile?.inputs ?? {}));
  return { code, source: 'built', ms: Date.now() - started };
}

interface CacheMeta {
  key: string;
  /** Every input file (relative to the plugin) with its size and modification time when bundled. */
  inputs: Record<string, [number, number]>;
}

function fingerprint(path: string): [number, number] | undefined {
  try {
    const stat = statSync(resolve(PLUGIN_DIR, path));
    return [stat.size, stat.mtimeMs];
  } catch {
    return undefined;
  }
}

function readCache(key: string): string | undefined {
  try {
    const meta = JSON.parse(readFileSync(resolve(CACHE_DIR, 'desk.meta.json'), 'utf8')) as CacheMeta;
    if (meta.key !== key) return undefined;
    for (const [path, expected] of Object.entries(meta.inputs)) {
      const actual = fingerprint(path);
      if (actual === undefined || actual[0] !== expected[0] || actual[1] !== expected[1]) return undefined;
    }
    return readFileSync(resolve(CACHE_DIR, 'desk.js'), 'utf8');
  } catch {
    return undefined;
  }
}

function writeCache(key: string, code: string, inputs: string[]): void {
  const meta: CacheMeta = { key, inputs: {} };
  for (const path of inputs) {
    // Inputs esbuild made up (the injected shims' namespaces) have no file to check.
    const found = fingerprint(path);
    if (found !== undefined) meta.inputs[path] = found;
  }
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    // Renamed into place, so a sandbox starting meanwhile reads the old pair or the new one, never half of one.
    const staged = (name: string, content: string) => {
      const path = resolve(CACHE_DIR, `${name}.${process.pid}.tmp`);
      writeFileSync(path, content);
      renameSync(path, resolve(CACHE_DIR, name));
    };
    rmSync(resolve(CACHE_DIR, 'desk.meta.json'), { force: true });
    staged('desk.js', code);
    staged('desk.meta.json', JSON.stringify(meta));
  } catch {
    // A read-only checkout only loses the cache.
  }
}
