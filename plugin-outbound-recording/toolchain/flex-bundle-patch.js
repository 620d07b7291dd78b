// The real Flex UI runtime (`@twilio/flex-ui/bundle/twilio-flex.prod.js`) keeps the modules that hold the SDK
// clients (FlexModule, the worker and conference state) private. Its webpack runtime ends by requiring the
// entry module; this patch also hands the runtime's `require` to the harness (dev/real-flex), so the SDK
// fakes can be plugged in below Flex. Used by jest (flex-bundle-transform.js) and esbuild (the agent desk).
'use strict';

/** The Flex UI version this patch, the module ids and the SDK fakes were written for. */
const FLEX_UI_VERSION = '2.17.1';
const ENTRY_CALL = 'i(87425)})()));';
const GLOBAL_KEY = '__flexWebpackRequire__';

function exposeWebpackRequire(source) {
  const at = source.lastIndexOf(ENTRY_CALL);
  if (at < 0) {
    throw new Error(
      `The installed @twilio/flex-ui bundle does not end as ${FLEX_UI_VERSION}'s does; the real-Flex harness ` +
        `(plugin-outbound-recording/dev/real-flex) was written for Flex UI ${FLEX_UI_VERSION} only.`,
    );
  }
  return `${source.slice(0, at)}(globalThis.${GLOBAL_KEY}=i,i(87425))})()));${source.slice(at + ENTRY_CALL.length)}`;
}

module.exports = { FLEX_UI_VERSION, GLOBAL_KEY, exposeWebpackRequire };
