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

export function nativeRecordingWarning(
  serviceConfiguration: ServiceConfigurationFacts | undefined,
  roles: ReadonlyArray<string> | undefined,
): string | undefined {
  if (serviceConfiguration?.call_recording_enabled !== true) return undefined;
  if (!(roles ?? []).some((role) => ROLES_TOLD.has(role))) return undefined;
  return (
    "Flex's native call recording is ON as well as the Outbound Recording plugin: calls are recorded twice. " +
    'Turn it off in Flex Console > Voice > Call recording (see the README "Duplicate recordings").'
  );
}
