import { build } from 'esbuild';
import { resolve } from 'node:path';

const PLUGIN_DIR = resolve(__dirname, '..', '..');

export interface DeskBundleOptions {
  emulatorUrl: string;
  functionsUrl: string;
  /** FLEX_APP_RECORDING_WAIT_SECONDS for the plugin; unset = the plugin's default. */
  recordingWaitSeconds?: number;
}

/**
 * Bundles the agent desk page: the plugin's real source (src/), its real UI components, and the Flex
 * stand-in in place of `@twilio/flex-ui` (the same stand-in the tests use). The build-time values
 * flex-plugin-scripts would inline are defined here the same way.
 */
export async function bundleDesk(options: DeskBundleOptions): Promise<string> {
  const text = (value: string) => JSON.stringify(value);
  const result = await build({
    entryPoints: [resolve(__dirname, 'page', 'main.tsx')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'chrome110',
    jsx: 'transform',
    sourcemap: 'inline',
    logLevel: 'silent',
    absWorkingDir: PLUGIN_DIR,
    alias: {
      '@twilio/flex-ui': resolve(PLUGIN_DIR, 'dev', 'flex-stand-in', 'index.ts'),
      // The plugin bundle's stand-ins for parts of Paste it never uses (webpack.config.js, 2 and 4), so the
      // desk (and the browser tests) render the indicator with what the agent's browser gets.
      '@twilio-paste/color-contrast-utils': resolve(PLUGIN_DIR, 'toolchain', 'paste-contrast-check-stub.js'),
      '@twilio-paste/animation-library': resolve(PLUGIN_DIR, 'toolchain', 'paste-animation-stub.js'),
    },
    define: {
      'process.env.NODE_ENV': text('development'),
      'process.env.FLEX_APP_FUNCTIONS_BASE_URL': text(options.functionsUrl),
      'process.env.FLEX_APP_RECORDING_WAIT_SECONDS':
        options.recordingWaitSeconds === undefined ? 'undefined' : text(String(options.recordingWaitSeconds)),
      // Every other FLEX_APP_* reads as unset (the plugin's default), as in a build whose .env leaves it out.
      'process.env': '{}',
      __DESK_EMULATOR_URL__: text(options.emulatorUrl),
      __DESK_FUNCTIONS_URL__: text(options.functionsUrl),
      __FPB_PLUGIN_UNIQUE_NAME: text('plugin-outbound-recording'),
      __FPB_PLUGIN_VERSION: text('0.0.0-desk'),
      __FPB_FLEX_PLUGIN_SCRIPTS_VERSION: text('7.1.2'),
      __FPB_FLEX_PLUGIN_VERSION: text('7.1.2'),
      __FPB_FLEX_UI_VERSION: text('2.17.1'),
      __FPB_REACT_VERSION: text('17.0.2'),
      __FPB_REACT_DOM_VERSION: text('17.0.2'),
    },
  });
  return result.outputFiles[0].text;
}
