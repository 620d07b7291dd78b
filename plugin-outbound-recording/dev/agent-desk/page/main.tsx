import type * as FlexTypes from '@twilio/flex-ui';
import * as React from 'react';
import * as ReactDOM from 'react-dom';

import OutboundRecordingPlugin from '../../../src/OutboundRecordingPlugin';
import * as Flex from '../../flex-stand-in';
import { DeskApp } from './DeskApp';
import { DeskController } from './desk-controller';
import { EmulatorClient, EmulatorState } from './emulator-client';
import { PluginRequest, watchPluginTraffic } from './plugin-traffic';

// Defined by the desk's bundler (dev/agent-desk/bundle-desk.ts) for this sandbox run.
declare const __DESK_EMULATOR_URL__: string;
declare const __DESK_FUNCTIONS_URL__: string;

const emulator = new EmulatorClient(__DESK_EMULATOR_URL__);
let emulatorState: EmulatorState | undefined;
let pluginRequests: PluginRequest[] = [];
let faultStorm = false;

const controller = new DeskController(emulator, () => void refresh());

watchPluginTraffic(__DESK_FUNCTIONS_URL__, (requests) => {
  pluginRequests = requests;
  render();
  void refresh();
});

// Show what the plugin shows the agent (the stand-in records it; the desk only needs to re-render).
const showNotification = Flex.Notifications.showNotification.bind(Flex.Notifications);
Flex.Notifications.showNotification = (...args: Parameters<typeof showNotification>) => {
  const shown = showNotification(...args);
  render();
  return shown;
};

// The plugin, loaded the way Flex loads it: constructor, then init(flex, manager). The stand-in models only
// the surface the plugin uses, hence the casts to Flex's full types.
// The page's settings travel in its URL, so a real reload keeps them: ?lang=ja (Flex in Japanese), ?theme=dark.
const pageOptions = new URLSearchParams(window.location.search);
if (pageOptions.get('lang') === 'ja') Flex.Manager.getInstance().localization.localeTag = 'ja-JP';
const darkTheme = pageOptions.get('theme') === 'dark';
// Flex attaches its Ctrl+Shift shortcut listener at start-up.
Flex.KeyboardShortcutManager.init(Flex.KeyboardShortcutManager.keyboardShortcuts);

const plugin = new OutboundRecordingPlugin();
plugin.init(Flex as unknown as typeof FlexTypes, Flex.Manager.getInstance() as unknown as FlexTypes.Manager);
Flex.Manager.getInstance().store.subscribe(render);

async function refresh(): Promise<void> {
  emulatorState = await emulator.state();
  // TaskRouter pushes attribute changes to Flex; the desk plays that part from the emulator's state.
  controller.syncAttributes(emulatorState);
  render();
}

/** A reload mid-call: Flex loads the agent's accepted tasks; here they are rebuilt from Twilio's (the emulator's) state. */
async function restore(): Promise<void> {
  emulatorState = await emulator.state();
  await controller.restore(emulatorState);
  await refresh();
}

async function toggleFaultStorm(on: boolean): Promise<void> {
  // Shown at once (a checkbox must follow the click); put back if the emulator refused.
  faultStorm = on;
  render();
  try {
    await emulator.configureFaults(on ? { rate429: 0.35, seed: 7 } : {});
  } catch (error) {
    faultStorm = !on;
    render();
    throw error;
  }
}

function render(): void {
  ReactDOM.render(
    <DeskApp
      controller={controller}
      emulatorState={emulatorState}
      pluginRequests={pluginRequests}
      notifications={[...Flex.Notifications.shown]}
      faultStorm={faultStorm}
      onToggleFaultStorm={(on) => void toggleFaultStorm(on)}
      onRefresh={() => void refresh()}
      darkTheme={darkTheme}
    />,
    document.getElementById('root'),
  );
}

render();
void restore();
