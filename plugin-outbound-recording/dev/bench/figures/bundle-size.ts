import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

import { FLEX_PLUGIN_DEFINES } from '../agent/agent-bundle';
import { newestMtime } from '../rig/rig';

const PLUGIN_DIR = resolve(__dirname, '..', '..', '..');
const BUILD_OUTPUT = join(PLUGIN_DIR, 'build', 'plugin-outbound-recording.js');

export interface BundleSize {
  rawBytes: number;
  gzipBytes: number;
}

export interface BundleResult {
  /** Ours: the deployable bundle (flex-plugin-scripts' webpack build, with webpack.config.js's trims), or null when it was neither present nor built. */
  shipped: (BundleSize & { builtAt: string; /** Why this bundle may not be the code in src/ (a failed build, not rebuilt). */ stale: string | null }) | null;
  /** The naive plugin (no UI, no strings), bundled with esbuild (minified, Flex-provided packages external): it has no flex-plugin build. */
  naive: BundleSize;
  /** What ours is made of: our own src/ alone (every npm package external), minified with esbuild. */
  ownCode: BundleSize;
  /** Of ownCode: the agent-facing strings (src/agent-messages/strings.ts, English and Japanese) alone. */
  strings: BundleSize;
}

/** What Flex provides to plugins at run time; neither plugin ships it. */
const PROVIDED_BY_FLEX = ['@twilio/flex-ui', 'react', 'react-dom', 'redux', 'react-redux'];

/**
 * The agent's download: build/plugin-outbound-recording.js as `flex-plugin build` makes it (rebuilt first
 * when older than src/, if building is allowed), raw and gzip (zlib's default level, as a CDN would serve it).
 */
export async function measureBundles(buildPlugin: boolean): Promise<BundleResult> {
  const isStale = () => !existsSync(BUILD_OUTPUT) || statSync(BUILD_OUTPUT).mtimeMs < newestMtime(join(PLUGIN_DIR, 'src'));
  // A failed build does not throw away the other figures: the existing bundle is measured and marked stale.
  let buildProblem: string | null = null;
  if (isStale() && buildPlugin) {
    const result = spawnSync('npm', ['run', 'build', '-w', 'plugin-outbound-recording'], {
      cwd: resolve(PLUGIN_DIR, '..'),
      env: { ...process.env, CI: 'true', FLEX_APP_FUNCTIONS_BASE_URL: 'https://outbound-recording-1234-dev.twil.io' },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      // Without the terminal colours the Flex toolchain prints even when piped.
      const text = `${result.stdout}\n${result.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
      const lines = text.split('\n').filter((line) => /error/i.test(line));
      buildProblem = `flex-plugin build failed: ${lines.slice(0, 3).join(' / ')}`;
      process.stderr.write(`[bench] ${buildProblem}\n`);
    }
  }
  // A failed type-check can still leave a fresh bundle behind: say so either way.
  const stale = buildProblem ?? (isStale() ? 'older than src/ (not rebuilt)' : null);
  const shipped = existsSync(BUILD_OUTPUT)
    ? { ...sizeOf(readFileSync(BUILD_OUTPUT)), builtAt: statSync(BUILD_OUTPUT).mtime.toISOString(), stale }
    : null;
  return {
    shipped,
    naive: await esbuildSize(join(__dirname, '..', 'naive', 'naive-entry.ts'), PROVIDED_BY_FLEX),
    ownCode: await esbuildSize(join(PLUGIN_DIR, 'src', 'index.ts'), 'all-packages'),
    strings: await esbuildSize(join(PLUGIN_DIR, 'src', 'agent-messages', 'strings.ts'), 'all-packages'),
  };
}

function sizeOf(bytes: Uint8Array): BundleSize {
  return { rawBytes: bytes.byteLength, gzipBytes: gzipSync(bytes).byteLength };
}

async function esbuildSize(entry: string, external: string[] | 'all-packages'): Promise<BundleSize> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2019',
    jsx: 'transform',
    logLevel: 'silent',
    absWorkingDir: PLUGIN_DIR,
    ...(external === 'all-packages' ? { packages: 'external' as const } : { external }),
    define: {
      'process.env.NODE_ENV': JSON.stringify('production'),
      'process.env.FLEX_APP_FUNCTIONS_BASE_URL': JSON.stringify('https://outbound-recording-1234-dev.twil.io'),
      'process.env.FLEX_APP_RECORDING_WAIT_SECONDS': 'undefined',
      ...FLEX_PLUGIN_DEFINES,
    },
  });
  return sizeOf(result.outputFiles[0].contents);
}
