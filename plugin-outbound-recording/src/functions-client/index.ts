/**
 * How the plugin talks to the start-recording Function and decides whether to ask again. Exported by name
 * (`plugin-outbound-recording/functions-client`) for the Functions' fault proof, which replays the plugin's
 * exact client and retry decisions against the emulator.
 */
export { createStartRecordingClient } from './start-recording-client';
export type { FetchLike, StartRecording } from './start-recording-client';
export { classifyResponse, classifyTransportError } from './start-outcome';
export type { StartFailure, StartOutcome } from './start-outcome';
export { DEFAULT_RETRY_POLICY, decideRetry } from './retry-policy';
export type { RetryPolicy } from './retry-policy';
