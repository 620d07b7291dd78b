import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Script } from 'node:vm';

import type * as AgentEntry from './agent-entry';

const PLUGIN_DIR = resolve(__dirname, '..', '..', '..');

/** Everything one agent's page holds: its own Flex stand-in and the two plugin classes. */
export type AgentPage = typeof AgentEntry;

/** The build-time values flex-plugin-scripts defines for FlexPlugin (as bundle-desk.ts does). */
export const FLEX_PLUGIN_DEFINES: Record<string, string> = {
  __FPB_PLUGIN_UNIQUE_NAME: JSON.stringify('plugin-outbound-recording'),
  __FPB_PLUGIN_VERSION: JSON.stringify('0.0.0-bench'),
  __FPB_FLEX_PLUGIN_SCRIPTS_VERSION: JSON.stringify('7.1.2'),
  __FPB_FLEX_PLUGIN_VERSION: JSON.stringify('7.1.2'),
  __FPB_FLEX_UI_VERSION: JSON.stringify('2.17.1'),
  __FPB_REACT_VERSION: JSON.stringify('17.0.2'),
  __FPB_REACT_DOM_VERSION: JSON.stringify('17.0.2'),
};

/**
 * Bundles agent-entry.ts for Node (the plugin's real src/, `@twilio/flex-ui` aliased to the stand-in) and
 * returns a factory of agent pages. The code is compiled once; each call runs the module graph afresh, so
 * singletons (Manager.getInstance(), desk, Actions) are per agent, as they are per browser tab. React is
 * left external and shared: it holds no per-page state the plugin relies on, and one copy keeps 1,000
 * agents in one process affordable.
 *
 * `process.env.FLEX_APP_*` is left as a runtime lookup (not defined), so the benchmark sets the Functions'
 * URL, known only once twilio-run listens, before each plugin's init().
 */
export async function loadAgentPages(): Promise<() => AgentPage> {
  const result = await build({
    entryPoints: [resolve(__dirname, 'agent-entry.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    jsx: 'transform',
    logLevel: 'silent',
    absWorkingDir: PLUGIN_DIR,
    external: ['react', 'react-dom'],
    alias: { '@twilio/flex-ui': resolve(PLUGIN_DIR, 'dev', 'flex-stand-in', 'index.ts') },
    define: { 'process.env.NODE_ENV': JSON.stringify('production'), ...FLEX_PLUGIN_DEFINES },
  });
  const script = new Script(`(function (module, exports, require) {\n${result.outputFiles[0].text}\n})`, {
    filename: 'bench-agent-page.js',
  });
  const moduleFunction = script.runInThisContext() as (module: { exports: unknown }, exports: unknown, require: NodeRequire) => void;
  const requireFromPlugin = createRequire(resolve(PLUGIN_DIR, 'package.json'));
  return () => {
    const module = { exports: {} as unknown };
    moduleFunction(module, module.exports, requireFromPlugin);
    return module.exports as AgentPage;
  };
}
