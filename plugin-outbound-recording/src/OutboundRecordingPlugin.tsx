import * as Flex from '@twilio/flex-ui';
import { FlexPlugin } from '@twilio/flex-plugin';

import { registerAgentWords } from './agent-messages/agent-words';
import { readConfiguration } from './configuration/read-configuration';
import { createFlexCallState } from './flex/flex-call-state';
import { RecordingController } from './recording-controls/recording-controller';
import { RecordingViewStore, createRecordingViewStore } from './recording-indicator/recording-view-store';
import { RecordingCoordinator } from './recording-watch/recording-coordinator';
import { createServerTriggerLedger } from './recording-watch/server-trigger-ledger';
import { hookBeforeAcceptTask } from './wiring/before-accept-hook';
import { registerRecordingControls } from './wiring/recording-controls';
import { showRecordingIndicator } from './wiring/recording-indicator';
import { watchCalls } from './wiring/watch-calls';

export { RECORDING_ACTIONS } from './wiring/recording-controls';

/**
 * Makes sure every call an agent places from Flex is recorded dual-channel, shows the agent whether it is,
 * lets them pause it, and says what happened when it could not be recorded (README.md).
 */
export default class OutboundRecordingPlugin extends FlexPlugin {
  /** Present while the plugin watches calls (exposed for tests and the agent desk). */
  coordinator: RecordingCoordinator | undefined;
  views: RecordingViewStore | undefined;
  controller: RecordingController | undefined;
  private cleanups: Array<() => void> = [];

  constructor() {
    super('OutboundRecordingPlugin');
  }

  init(flex: typeof Flex, manager: Flex.Manager): void {
    const words = registerAgentWords(flex, manager);
    const configuration = readConfiguration(manager);
    if (!configuration.ok) return words.refuse(configuration.problems);
    configuration.warnings.forEach((warning) => console.warn(`OutboundRecordingPlugin: ${warning}`));
    configuration.notices.forEach((text) => words.notify({ severity: 'warning', text }));

    const { functionsBaseUrl, settings } = configuration;
    const parts = { manager, callState: createFlexCallState(manager), views: createRecordingViewStore(), words, functionsBaseUrl, settings };
    // Filled by the before-accept hook, read by the watches: which calls Twilio reports to the Functions.
    const serverTriggers = createServerTriggerLedger();
    const coordinator = watchCalls({ ...parts, serverTriggers });
    const controls = registerRecordingControls(flex, parts);
    this.cleanups.push(controls.dispose, () => coordinator.dispose(), () => parts.views.clear());
    if (settings.showIndicator) this.cleanups.push(showRecordingIndicator(flex, { ...parts, controls: controls.controller, shortcutKey: settings.pauseShortcutKey }));
    this.cleanups.push(
      hookBeforeAcceptTask(flex, manager, coordinator, {
        functionsBaseUrl,
        triggers: serverTriggers,
        serverTrigger: settings.serverTrigger,
        nativeRecording: settings.nativeRecording,
      }),
    );
    coordinator.start();
    Object.assign(this, { coordinator, views: parts.views, controller: controls.controller });
  }

  /** Not called by Flex (plugins live as long as the page); used by tests and the agent desk. */
  dispose(): void {
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
    Object.assign(this, { coordinator: undefined, views: undefined, controller: undefined });
  }
}
