import { RawPluginConfig } from './plugin-config';

/**
 * flex-plugin-scripts replaces each `process.env.FLEX_APP_*` expression with the value from the plugin's
 * .env at build time, so the names must be written out literally here (no dynamic lookups).
 */
export function readBuildEnvironment(): RawPluginConfig {
  return {
    functionsBaseUrl: process.env.FLEX_APP_FUNCTIONS_BASE_URL,
    recordingWaitSeconds: process.env.FLEX_APP_RECORDING_WAIT_SECONDS,
    recordingIndicator: process.env.FLEX_APP_RECORDING_INDICATOR,
    pauseBehavior: process.env.FLEX_APP_PAUSE_BEHAVIOR,
    pauseShortcut: process.env.FLEX_APP_PAUSE_SHORTCUT,
  };
}
