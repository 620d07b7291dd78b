import { PolicyConfigResult, readRecordingPolicy } from '../contract/recording-policy';

/** The recording policy's build values (FLEX_APP_*), the plugin's copy of the Functions' settings. */
export interface RawPolicyEnvironment {
  excludedQueues: string | undefined;
  doNotRecordAttribute: string | undefined;
  recordInbound: string | undefined;
}

/**
 * Validated with the same rules as the Functions' EXCLUDED_QUEUES / DO_NOT_RECORD_ATTRIBUTE /
 * RECORD_INBOUND. The plugin only uses it to skip tasks without a request; the Functions decide.
 */
export function readPluginPolicy(raw: RawPolicyEnvironment): PolicyConfigResult {
  return readRecordingPolicy(
    { EXCLUDED_QUEUES: raw.excludedQueues, DO_NOT_RECORD_ATTRIBUTE: raw.doNotRecordAttribute, RECORD_INBOUND: raw.recordInbound },
    'FLEX_APP_',
  );
}

/**
 * flex-plugin-scripts inlines each `process.env.FLEX_APP_*` literally at build time (no dynamic lookups).
 */
export function readPolicyBuildEnvironment(): RawPolicyEnvironment {
  return {
    excludedQueues: process.env.FLEX_APP_EXCLUDED_QUEUES,
    doNotRecordAttribute: process.env.FLEX_APP_DO_NOT_RECORD_ATTRIBUTE,
    recordInbound: process.env.FLEX_APP_RECORD_INBOUND,
  };
}
