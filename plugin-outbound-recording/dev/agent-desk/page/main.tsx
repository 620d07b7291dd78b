// First: nothing Flex does at import may reach beyond loopback (the page's CSP refuses the rest).
import { refusedRequests } from '../../real-flex/browser/install-network-guard';

import * as Flex from '@twilio/flex-ui';
import * as React from 'react';
import * as ReactDOM from 'react-dom';

import OutboundRecordingPlugin from '../../../src/OutboundRecordingPlugin';
import { RealFlexSession } from '../../real-flex/boot-real-flex';
import { setFlexLocaleTag } from '../../real-flex/browser/flex-ui-locale';
import { DEFAULT_QUEUE, DEFAULT_WORKER_SID } from '../../real-flex/sdk/flex-backend';
import { FakePhone } from '../../real-flex/sdk/voice-fakes';
import { FakeWorkspace } from '../../real-flex/sdk/workspace-fakes';
import { DeskAccount, DeskApp } from './DeskApp';
import { DeskController } from './desk-controller';
import { ConferenceRecordingState, EmulatorClient, EmulatorState } from './emulator-client';
import { PluginRequest, watchPluginTraffic } from './plugin-traffic';

/**
 * The agent desk: the real Flex UI 2.17.1 runtime (its Agent Desktop: task list, TaskCanvasHeader, CallCanvas,
 * NotificationBar) with the real plugin loaded on it, on SDK fakes below Flex (dev/real-flex) that the desk's
 * controls drive, mirrored into the Twilio emulator the real Functions talk to.
 */

/** Written into the page by the desk server (dev/agent-desk/desk-server.ts) for this sandbox run. */
declare const __DESK_CONFIG__: { emulatorUrl: string; functionsUrl: string; recordingWaitSeconds?: string };

/** How long the page took to load and evaluate the Flex bundle (ms since navigation), shown on the desk. */
const flexLoadedAtMs = Math.round(performance.now());

const AGENT_IDENTITY = 'alice';
const CALLER_ID = '+14155550199';

const emulator = new EmulatorClient(__DESK_CONFIG__.emulatorUrl);
const pageOptions = new URLSearchParams(window.location.search);
const darkTheme = pageOptions.get('theme') === 'dark';
/**
 * The account's Flex configuration, chosen in the URL because Flex reads it once, when it boots: ?call_recording=on is
 * an account with Flex's native call recording on (its call_recording_enabled), ?native_recording=keep|skip the
 * plugin's native_recording setting (absent: the plugin's default). The desk's controls reload the page with them.
 */
const deskAccount = readDeskAccount(pageOptions);

let emulatorState: EmulatorState | undefined;
/** Flex's native recordings per conference, read with the rest of the emulator's state. */
let conferenceRecordings = new Map<string, ConferenceRecordingState[]>();
let pluginRequests: PluginRequest[] = [];
let faultStorm = false;
let controller: DeskController | undefined;
let deskError: string | undefined;

watchPluginTraffic(__DESK_CONFIG__.functionsUrl, (requests) => {
  pluginRequests = requests;
  render();
  void refresh();
});

async function boot(): Promise<void> {
  // The agent's Flex token, issued by the emulator's IAM for the worker below Flex: the Functions validate it there.
  const { token } = await emulator.issueToken(DEFAULT_WORKER_SID, AGENT_IDENTITY);
  emulatorState = await emulator.state();
  const session = new RealFlexSession({
    token,
    accountSid: emulatorState.account.accountSid,
    workerSid: DEFAULT_WORKER_SID,
    workerName: AGENT_IDENTITY,
    permissions: { agentDesktopView: true },
    serviceConfiguration: {
      // Flex's AcceptTask sets conferenceRecord from it: TaskRouter (the emulator) then records the conference.
      call_recording_enabled: deskAccount.callRecordingEnabled,
      // The plugin's settings, where an administrator keeps them (the Flex configuration's ui_attributes).
      ui_attributes: pluginSettings(),
      // The dialpad (StartOutboundCall) needs an enabled outbound call flow.
      outbound_call_flows: {
        default: { enabled: true, caller_id: CALLER_ID, queue_sid: DEFAULT_QUEUE.sid, workflow_sid: 'WW00000000000000000000000000000001', location: 'US' },
      },
    },
  });
  // Below Flex, besides TaskRouter's worker and the Interactions client (RealFlexSession): the agent's phone (Voice SDK)
  // and the workspace client its dialer lists queues with.
  const workspace = new FakeWorkspace(session.backend.worker.workspaceSid, [DEFAULT_QUEUE], [session.backend.worker]);
  const attachClients = () => {
    (session.internals.FlexModule as unknown as { workspaceClient: unknown }).workspaceClient = workspace;
    return new FakePhone(session.store).init();
  };
  let phone = attachClients();
  controller = new DeskController(emulator, session.backend, () => phone, render);

  // A reload mid-call: TaskRouter's reservations exist before the page loads.
  controller.restore(
    emulatorState,
    () => session.unloadPage(),
    () => {
      session.reloadPage();
      phone = attachClients();
    },
  );

  // The page's settings travel in its URL, so a real reload keeps them: ?lang=ja (the agent's locale), ?theme=dark.
  if (pageOptions.get('lang') === 'ja') setFlexLocaleTag('ja-JP');
  if (darkTheme) session.manager.updateConfig({ theme: { isLight: false } } as never);
  // The CRM panel stays empty offline; the call canvas gets its room.
  (Flex.AgentDesktopView as unknown as { defaultProps: Record<string, unknown> }).defaultProps.showPanel2 = false;

  // What Manager.create does before it loads plugins: Flex's own Ctrl+Shift shortcuts, listening on the document.
  Flex.KeyboardShortcutManager.init(Flex.defaultKeyboardShortcuts);
  // The plugin, loaded the way Flex loads it: constructor, then init(flex, manager).
  const plugin = new OutboundRecordingPlugin();
  plugin.init(Flex, session.manager);

  ReactDOM.render(
    <Flex.ContextProvider manager={session.manager} legacy>
      <Flex.RootContainer />
    </Flex.ContextProvider>,
    document.getElementById('flex-root'),
  );
  Object.assign(window, { agentDesk: { session, controller, plugin, flexLoadedAtMs, refusedRequests } });
  await refresh();
  // TaskRouter pushes what other writers (the Functions, the server-side trigger, status callbacks) changed to the
  // task: the emulator's task events say when, and Flex's task gets the new attributes at once (syncAttributes).
  emulator.onTaskUpdated(() => void refresh());
  // The rest of the panel (calls, recordings, callbacks) follows Twilio's state once a second.
  window.setInterval(() => void refresh(), 1000);
}

function readDeskAccount(options: URLSearchParams): DeskAccount {
  const native = options.get('native_recording');
  return {
    callRecordingEnabled: options.get('call_recording') === 'on',
    nativeRecording: native === 'keep' || native === 'skip' ? native : undefined,
  };
}

/** Reloads the page with the account changed: only a boot makes Flex read its configuration again. */
function reloadWithAccount(account: DeskAccount): void {
  const next = new URLSearchParams(window.location.search);
  if (account.callRecordingEnabled) next.set('call_recording', 'on');
  else next.delete('call_recording');
  if (account.nativeRecording === undefined) next.delete('native_recording');
  else next.set('native_recording', account.nativeRecording);
  const query = next.toString();
  window.location.search = query === '' ? '' : `?${query}`;
}

/** The plugin's settings for the desk: the sandbox's wait bound (npm start: the plugin's default) and native_recording. */
function pluginSettings(): Record<string, unknown> {
  const outboundRecording: Record<string, unknown> = {};
  const waitSeconds = __DESK_CONFIG__.recordingWaitSeconds;
  if (waitSeconds !== undefined) outboundRecording.wait_seconds = Number(waitSeconds);
  if (deskAccount.nativeRecording !== undefined) outboundRecording.native_recording = deskAccount.nativeRecording;
  return Object.keys(outboundRecording).length === 0 ? {} : { custom_data: { features: { outbound_recording: outboundRecording } } };
}

/**
 * Flex's native recordings of each call's conference. A conference the emulator does not know (yet, or after a
 * reset) has none to show; a failure keeps what was shown last rather than blanking the panel.
 */
async function readConferenceRecordings(state: EmulatorState): Promise<Map<string, ConferenceRecordingState[]>> {
  const known = new Set(state.conferences.map((conference) => conference.sid));
  const next = new Map<string, ConferenceRecordingState[]>();
  await Promise.all(
    (controller?.calls ?? []).map(async (call) => {
      const conferenceSid = call.sids.conferenceSid;
      if (!known.has(conferenceSid)) return;
      try {
        next.set(conferenceSid, await emulator.conferenceRecordings(conferenceSid));
      } catch {
        const shown = conferenceRecordings.get(conferenceSid);
        if (shown) next.set(conferenceSid, shown);
      }
    }),
  );
  return next;
}

let refreshing: Promise<void> | undefined;
let refreshAgain = false;

/**
 * Reads the emulator's state and pushes changed task attributes to Flex. One read at a time: a refresh asked for
 * meanwhile (a burst of task events) runs once more after it, so the last write is never missed.
 */
function refresh(): Promise<void> {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      refreshAgain = false;
      try {
        emulatorState = await emulator.state();
        controller?.syncAttributes(emulatorState);
        conferenceRecordings = await readConferenceRecordings(emulatorState);
      } catch (error) {
        deskError = `The Twilio emulator did not answer: ${String(error)}`;
      }
      render();
    } while (refreshAgain);
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
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
      conferenceRecordings={conferenceRecordings}
      account={deskAccount}
      onChangeAccount={reloadWithAccount}
      pluginRequests={pluginRequests}
      faultStorm={faultStorm}
      onToggleFaultStorm={(on) => void toggleFaultStorm(on)}
      onRefresh={() => void refresh()}
      invokeFlexAction={(action, payload) => Flex.Actions.invokeAction(action, payload)}
      flexLoadedAtMs={flexLoadedAtMs}
      error={deskError}
    />,
    document.getElementById('desk-root'),
  );
}

render();
boot().catch((error: unknown) => {
  deskError = `The desk could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
  console.error(error);
  render();
});
