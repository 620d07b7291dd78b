/**
 * A Flex configuration's ui_attributes as a real contact center has it: Flex's own UI settings, and
 * other plugins' custom_data and features next to ours (the layout flex-project-template uses). Deploy
 * must replace only custom_data.features.outbound_recording and keep every one of the others.
 */
export function sharedUiAttributes(outboundRecording: unknown = { show_indicator: true, wait_seconds: 120 }): Record<string, unknown> {
  return {
    colorTheme: { baseName: 'HGDarkTheme', overrides: { MainHeader: { Container: { background: '#1a1a2e' } } } },
    logLevel: 'info',
    custom_data: {
      serverless_functions_domain: 'custom-flex-extensions-1234-dev.twil.io',
      common: { log_level: 'info', teams: ['Blue', 'Red'] },
      features: {
        callbacks: { enabled: true, max_attempts: 3, auto_select_task: true },
        supervisor_barge_coach: { enabled: false },
        ...(outboundRecording === undefined ? {} : { outbound_recording: outboundRecording }),
      },
    },
  };
}
