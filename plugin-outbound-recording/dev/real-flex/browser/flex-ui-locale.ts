import * as Flex from '@twilio/flex-ui';

// eslint-disable-next-line @typescript-eslint/no-var-requires -- the CommonJS patch shared with jest and esbuild
const { GLOBAL_KEY } = require('../../../toolchain/flex-bundle-patch') as { GLOBAL_KEY: string };

/** Flex UI 2.17.1's localization module (LocaleManager), reached through the exposed webpack require. */
const LOCALE_MODULE_ID = 51745;

/**
 * The agent's language, as Flex's LocaleManager holds it once it has initialised (`manager.localization`
 * reads it). Offline Flex never initialises it (its locales come from Twilio's CDN): set the tag the
 * page asked for, so plugins reading `manager.localization.localeTag` see it. Flex's own strings stay English.
 */
export function setFlexLocaleTag(localeTag: string): void {
  const webpackRequire = (globalThis as Record<string, unknown>)[GLOBAL_KEY] as ((id: number) => Record<string, unknown>) | undefined;
  const holder = webpackRequire?.(LOCALE_MODULE_ID)?.LocaleManager as { localeTag?: string } | undefined;
  if (holder === undefined || !('localeTag' in holder)) {
    throw new Error(`Flex UI ${String(Flex.VERSION)}: module ${LOCALE_MODULE_ID} has no LocaleManager (written for 2.17.1).`);
  }
  holder.localeTag = localeTag;
}
