import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';

// eslint-disable-next-line @typescript-eslint/no-var-requires -- the CommonJS patch jest uses too
const { exposeWebpackRequire } = require('../../../toolchain/flex-bundle-patch') as { exposeWebpackRequire(source: string): string };

/**
 * What an esbuild browser build needs to include the real Flex UI runtime (the installed
 * `@twilio/flex-ui/bundle/twilio-flex.prod.js`, CommonJS with ~239 `require()` externals) and the harness
 * (dev/real-flex) on it. As a plain script the bundle fails (`require is not defined`); bundled with its
 * dependencies it loads in Chromium (~33 MB). Node-only tooling: the page code stays browser-safe.
 */

/** Exposes Flex's webpack require for the harness (toolchain/flex-bundle-patch.js), as jest's transform does. */
export const flexBundlePlugin: Plugin = {
  name: 'real-flex-bundle',
  setup(build) {
    build.onLoad({ filter: /[\\/]@twilio[\\/]flex-ui[\\/]bundle[\\/]twilio-flex\.prod\.js$/ }, (args) => ({
      contents: exposeWebpackRequire(readFileSync(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};

/** Merged into a desk's (or any page's) esbuild options. */
export function realFlexBuildOptions(): Pick<BuildOptions, 'plugins' | 'inject' | 'define' | 'platform' | 'target' | 'format'> {
  return {
    platform: 'browser',
    format: 'iife',
    target: 'chrome110',
    plugins: [flexBundlePlugin],
    inject: [resolve(__dirname, 'process-shim.js')],
    define: {
      // Flex and its dependencies read Node's `global`; React picks its production build.
      global: 'window',
      'process.env.NODE_ENV': JSON.stringify('production'),
    },
  };
}

/**
 * A Content-Security-Policy that lets a page reach only its own origin and loopback servers, so the real
 * Flex runtime makes no request to Twilio's CDNs (Paste fonts CSS, countries.json, flagPositions.json,
 * incoming.mp3): the browser refuses them at once. Flex compiles string templates (Handlebars: eval) and
 * injects styles (emotion: inline).
 */
export const LOOPBACK_ONLY_CSP = [
  "default-src 'self' http://127.0.0.1:* http://localhost:* data: blob:",
  "script-src 'self' 'unsafe-eval' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
].join('; ');
