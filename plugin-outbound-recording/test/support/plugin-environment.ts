/** The build-time environment the plugin reads (flex-plugin-scripts inlines these into the bundle). */
export const FUNCTIONS_BASE_URL = 'https://recording-1234-dev.twil.io';

export interface PluginEnvironment {
  FLEX_APP_FUNCTIONS_BASE_URL?: string;
  FLEX_APP_RECORDING_WAIT_SECONDS?: string;
  FLEX_APP_RECORDING_INDICATOR?: string;
  FLEX_APP_PAUSE_BEHAVIOR?: string;
  FLEX_APP_PAUSE_SHORTCUT?: string;
}

const ENV_KEYS = [
  'FLEX_APP_FUNCTIONS_BASE_URL',
  'FLEX_APP_RECORDING_WAIT_SECONDS',
  'FLEX_APP_RECORDING_INDICATOR',
  'FLEX_APP_PAUSE_BEHAVIOR',
  'FLEX_APP_PAUSE_SHORTCUT',
] as const;

export function setPluginEnvironment(env: PluginEnvironment): void {
  for (const key of ENV_KEYS) {
    const value = env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
