import type { NativeRecordingChoice } from './plugin-settings';

/**
 * Flex's own call recording (Flex Console > Voice > Call recording) records the conference as well:
 * with it on, every call this plugin records is recorded twice. The plugin can see the switch in
 * Flex's service configuration (`call_recording_enabled`); who can act on it is an administrator (or a
 * supervisor who can reach one), so they are told in Flex; agents are not bothered with it.
 */
export interface ServiceConfigurationFacts {
  call_recording_enabled?: unknown;
}

const ROLES_TOLD: ReadonlySet<string> = new Set(['admin', 'supervisor']);

/**
 * With the administrator's native_recording "skip" the plugin turns native recording off for the outbound
 * calls it records: nothing to warn about. With "keep" every such call is recorded twice (which pause and
 * resume handle: they act on both), and the administrator should know it was meant.
 */
export function nativeRecordingWarning(
  serviceConfiguration: ServiceConfigurationFacts | undefined,
  roles: ReadonlyArray<string> | undefined,
  choice: NativeRecordingChoice = 'keep',
): string | undefined {
  if (serviceConfiguration?.call_recording_enabled !== true || choice === 'skip') return undefined;
  if (!(roles ?? []).some((role) => ROLES_TOLD.has(role))) return undefined;
  return (
    "Flex's native call recording is ON as well as the Outbound Recording plugin: calls are recorded twice (pause and resume act on both). " +
    'Set native_recording to "skip" in the plugin settings to leave it off for the calls this plugin records, or turn it off in Flex Console > Voice > Call recording.'
  );
}
