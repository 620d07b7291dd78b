/**
 * The one contract between the plugin and the Functions, imported by both by name
 * (`plugin-outbound-recording/contract`, the workspace's package exports): the HTTP API (recording-api.ts)
 * and the recording policy (recording-policy.ts). Dependency free: it is bundled into the browser and into
 * each Function.
 */
export * from './recording-api';
export * from './recording-policy';
