/**
 * The one contract between the plugin and the Functions, imported by both by name
 * (`plugin-outbound-recording/contract`, the workspace's package exports): the HTTP API (recording-api.ts),
 * the recording policy (recording-policy.ts), the one reader of a task's `conversations.media`
 * (conversation-media.ts) and what counts as this machine (local-host.ts). Dependency free: it is bundled
 * into the browser and into each Function.
 */
export * from './recording-api';
export * from './recording-policy';
export * from './conversation-media';
export * from './local-host';
