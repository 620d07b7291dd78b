/**
 * One agent's browser page, for Node: the Flex stand-in (bundled in place of `@twilio/flex-ui`), the real
 * plugin, and the naive baseline plugin. agent-bundle.ts bundles this once and evaluates it once per agent,
 * so every agent gets its own Manager, store, Actions and desk, as every browser tab has its own Flex.
 */
import * as FlexStandIn from '../../flex-stand-in';

export { default as OutboundRecordingPlugin } from '../../../src/OutboundRecordingPlugin';
export { default as NaiveRecordingPlugin } from '../naive/naive-plugin';
export { FlexStandIn };
