import * as Flex from '@twilio/flex-ui';

import { nativeRecordingWarning } from './native-recording';
import { validatePluginConfig } from './plugin-config';
import { PluginSettings, readPluginSettings } from './plugin-settings';
import { readBuildEnvironment } from './read-build-environment';

/**
 * Everything the plugin is told, from its one home each: the Functions' base URL (the only build value),
 * the administrator's settings (`ui_attributes`, read when Flex loads), and what an administrator should
 * know about this account (Flex's native recording on as well).
 */
export type Configuration =
  | {
      ok: true;
      functionsBaseUrl: string;
      settings: PluginSettings;
      /** For the console: settings that were not valid (their defaults are used), Flex's native recording on as well. */
      warnings: string[];
      /** The same, for an administrator or supervisor to see in Flex (agents are not bothered with them). */
      notices: string[];
    }
  | { ok: false; problems: string[] };

export function readConfiguration(manager: Flex.Manager): Configuration {
  const build = validatePluginConfig(readBuildEnvironment());
  if (!build.ok) return { ok: false, problems: build.problems };
  const serviceConfiguration = manager.serviceConfiguration as { ui_attributes?: unknown; call_recording_enabled?: unknown } | undefined;
  const { settings, problems } = readPluginSettings(serviceConfiguration?.ui_attributes);
  const roles = manager.user?.roles ?? [];
  const nativeWarning = nativeRecordingWarning(serviceConfiguration, ['admin'], settings.nativeRecording);
  const warnings = [...problems, ...(nativeWarning === undefined ? [] : [nativeWarning])];
  const toldInFlex = roles.some((role) => ADMIN_ROLES.has(role));
  return { ok: true, functionsBaseUrl: build.config.functionsBaseUrl, settings, warnings, notices: toldInFlex ? warnings : [] };
}

const ADMIN_ROLES: ReadonlySet<string> = new Set(['admin', 'supervisor']);
