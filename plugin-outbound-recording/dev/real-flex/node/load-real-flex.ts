/**
 * The real Flex UI runtime in a plain Node process (no jest): what jest's jsdom environment and
 * jest.config.js's bundle transform give the real-flex test suites, for tools that run Flex outside jest
 * (the benchmark's real-Flex agents, dev/bench/browser/).
 *
 * - jsdom's window, its properties reachable as globals (as in a browser, where window is the global object);
 *   Node's own globals win (timers, `performance`, `fetch`: the plugin's requests go over Node's HTTP).
 * - what jsdom lacks: media elements whose `play()` returns a Promise (Flex plays `new Audio()` at import);
 *   a bare `Handlebars` (Flex's template compiler reads it; Flex itself sets only `window.Handlebars`).
 * - the network guard (only loopback), on Node's fetch and jsdom's XMLHttpRequest.
 * - the bundle patched as it is loaded (toolchain/flex-bundle-patch.js: its webpack require exposed), through
 *   Node's CommonJS loader, so `require('@twilio/flex-ui')` anywhere after this returns the patched runtime.
 *
 * Flex is a page singleton: one load per process (or worker thread). Call `prepareRealFlexRuntime()` before
 * anything imports `@twilio/flex-ui`, i.e. require the modules that do only after it.
 */
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';

import { guardNetwork } from '../network-guard';

// eslint-disable-next-line @typescript-eslint/no-var-requires -- the CommonJS toolchain file jest and esbuild share
const { exposeWebpackRequire } = require('../../../toolchain/flex-bundle-patch') as { exposeWebpackRequire(source: string): string };

/** What FlexPlugin's constructor reads; flex-plugin-scripts defines them at build time (jest.config.js: globals). */
export const FLEX_PLUGIN_GLOBALS: Record<string, string> = {
  __FPB_PLUGIN_UNIQUE_NAME: 'plugin-outbound-recording',
  __FPB_PLUGIN_VERSION: '0.0.0-node',
  __FPB_FLEX_PLUGIN_SCRIPTS_VERSION: '7.1.2',
  __FPB_FLEX_PLUGIN_VERSION: '7.1.2',
  __FPB_FLEX_UI_VERSION: '2.17.1',
  __FPB_REACT_VERSION: '17.0.2',
  __FPB_REACT_DOM_VERSION: '17.0.2',
};

type ModuleWithCompile = NodeJS.Module & { _compile(code: string, filename: string): void };
type Extensions = Record<string, (module: NodeJS.Module, filename: string) => void>;

let prepared: { bundlePath: string; window: Record<string, unknown> } | undefined;

export interface PreparedRuntime {
  /** The jsdom window Flex runs in. */
  window: Record<string, unknown>;
  /** The bundle file that was patched as it was loaded. */
  bundlePath: string;
}

/** Idempotent. Must run before the first `require('@twilio/flex-ui')` in this process. */
export function prepareRealFlexRuntime(): PreparedRuntime {
  if (prepared !== undefined) return prepared;
  // Plain `require`, not a path from __dirname: this file also runs bundled by esbuild (dev/bench/browser/real-flex-agents.ts).
  const bundlePath = require.resolve('@twilio/flex-ui');
  if (require.cache[bundlePath] !== undefined) {
    throw new Error('@twilio/flex-ui was loaded before prepareRealFlexRuntime(): require the modules that import it only afterwards.');
  }
  const window = installJsdomGlobals();
  installBundlePatch(bundlePath);
  prepared = { bundlePath, window };
  return prepared;
}

function installJsdomGlobals(): Record<string, unknown> {
  // The jsdom jest's jsdom environment uses (jest-environment-jsdom's own dependency), whether or not npm hoisted it.
  const { JSDOM } = createRequire(require.resolve('jest-environment-jsdom'))('jsdom') as typeof import('jsdom');
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url: 'http://localhost/', pretendToBeVisual: true });
  const window = dom.window as unknown as Record<string, unknown> & typeof globalThis;
  const global = globalThis as unknown as Record<string, unknown>;
  const own = new Set(['window', 'self', 'document', 'globalThis']);
  for (const key of Object.getOwnPropertyNames(window)) {
    if (key.startsWith('_') || own.has(key) || key in global) continue;
    Object.defineProperty(global, key, { configurable: true, enumerable: false, get: () => window[key], set: (value) => (window[key] = value) });
  }
  for (const key of ['window', 'self']) Object.defineProperty(global, key, { configurable: true, writable: true, value: window });
  Object.defineProperty(global, 'document', { configurable: true, writable: true, value: window.document });
  // Flex's template compiler reads a bare `Handlebars`; Flex sets window.Handlebars on initialize.
  Object.defineProperty(global, 'Handlebars', { configurable: true, get: () => window.Handlebars, set: (value) => (window.Handlebars = value) });
  const media = (window.HTMLMediaElement as unknown as { prototype: Record<string, unknown> }).prototype;
  media.play = () => Promise.resolve();
  media.pause = () => undefined;
  media.load = () => undefined;
  // Node's fetch is the page's (the plugin's requests to the Functions); jsdom's window has none.
  window.fetch = globalThis.fetch;
  guardNetwork(window as unknown as Parameters<typeof guardNetwork>[0]);
  globalThis.fetch = window.fetch;
  for (const [key, value] of Object.entries(FLEX_PLUGIN_GLOBALS)) global[key] = value;
  return window;
}

function installBundlePatch(bundlePath: string): void {
  const extensions = (Module as unknown as { _extensions: Extensions })._extensions;
  const previous = extensions['.js'];
  extensions['.js'] = function loadJs(module, filename) {
    if (filename !== bundlePath) return previous.call(this, module, filename);
    (module as ModuleWithCompile)._compile(exposeWebpackRequire(readFileSync(filename, 'utf8')), filename);
    return undefined;
  };
}
