import { RawPluginConfig } from './plugin-config';

/**
 * flex-plugin-scripts replaces each `process.env.FLEX_APP_*` expression with the value from the plugin's
 * .env at build time, so the name must be written out literally here (no dynamic lookups). Only the
 * Functions' base URL is a build value; every other setting lives in ui_attributes (plugin-settings.ts).
 */
export function readBuildEnvironment(): RawPluginConfig {
  return { functionsBaseUrl: process.env.FLEX_APP_FUNCTIONS_BASE_URL };
}
