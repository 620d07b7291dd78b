import { RecordingStrings, stringsForLocale } from './strings';

/** The part of Flex's Manager that holds string templates and the agent's locale. */
export interface StringsHost {
  strings: object;
  localization?: { localeTag?: string };
}

/**
 * Adds the plugin's strings to Flex's string templates, in the agent's language, without replacing any
 * key already set (an administrator's override set before this plugin loaded wins). Assigning
 * `manager.strings` (rather than mutating it) makes Flex recompile its templates if it already had.
 */
export function registerRecordingStrings(host: StringsHost): RecordingStrings {
  const defaults = stringsForLocale(readLocaleTag(host));
  const current = host.strings as Record<string, unknown>;
  const missing: Record<string, string> = {};
  for (const [key, value] of Object.entries(defaults)) {
    if (typeof current[key] !== 'string') missing[key] = value;
  }
  host.strings = { ...current, ...missing };
  return defaults;
}

function readLocaleTag(host: StringsHost): string | undefined {
  try {
    return host.localization?.localeTag;
  } catch {
    // Flex's localization getter may not be ready this early on some versions: English then.
    return undefined;
  }
}
