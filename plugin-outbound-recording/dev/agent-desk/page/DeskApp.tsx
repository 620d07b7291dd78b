import * as React from 'react';
import { START_RECORDING_PATH } from 'plugin-outbound-recording/contract';

import { DeskCall, DeskController, phaseOf } from './desk-controller';
import { ConferenceRecordingState, EmulatorState, RecordingState } from './emulator-client';
import { PluginRequest } from './plugin-traffic';

/** The account the desk's Flex boots with (see main.tsx: it travels in the page's URL). */
export interface DeskAccount {
  /** Flex's native call recording (the Flex configuration's call_recording_enabled). */
  callRecordingEnabled: boolean;
  /** The plugin's native_recording setting; undefined: not set, the plugin's default ("keep") applies. */
  nativeRecording: 'keep' | 'skip' | undefined;
}

export interface DeskAppProps {
  /** Undefined until Flex has booted. */
  controller: DeskController | undefined;
  emulatorState: EmulatorState | undefined;
  /** Flex's native recordings, per conference SID. */
  conferenceRecordings: ReadonlyMap<string, ConferenceRecordingState[]>;
  account: DeskAccount;
  /** Flex reads its configuration when it boots: a change reloads the page. */
  onChangeAccount: (account: DeskAccount) => void;
  pluginRequests: PluginRequest[];
  faultStorm: boolean;
  onToggleFaultStorm: (on: boolean) => void;
  onRefresh: () => void;
  invokeFlexAction: (action: string, payload: Record<string, unknown>) => Promise<unknown>;
  flexLoadedAtMs: number;
  error?: string;
}

/**
 * The desk's own panel, beside the real Flex UI: what Twilio and the customer do (dial through Flex, the customer
 * answers or hangs up, a third party joins), and Twilio's side of things (the emulator's recordings, the task
 * attributes, the plugin's requests to the Functions). The agent's side is Flex itself.
 */
export function DeskApp(props: DeskAppProps): JSX.Element {
  const { controller, emulatorState } = props;
  const [number, setNumber] = React.useState('+14155550100');
  const [error, setError] = React.useState<string | undefined>();
  const [, setListedWhileRinging] = React.useState(false);
  const run = (work: () => Promise<unknown>) => () => {
    setError(undefined);
    work().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const shownError = error ?? props.error;

  return (
    <div className="desk">
      <header>
        <h1>Agent desk</h1>
        <button data-testid="reload-page" onClick={() => window.location.reload()}>
          Reload page
        </button>
      </header>
      <p className="muted" data-testid="desk-subtitle">
        Left: the real Flex UI 2.17.1 runtime with the plugin, on SDK fakes. Right: the customer and Twilio (emulated); the
        real Functions run in twilio-run. Flex loaded in {props.flexLoadedAtMs} ms.
      </p>
      {shownError && (
        <p className="error" role="alert">
          {shownError}
        </p>
      )}
      <h2>Dial (Flex's StartOutboundCall)</h2>
      <div className="row">
        <label htmlFor="number">Number</label>
        <input id="number" data-testid="dial-number" value={number} onChange={(e) => setNumber(e.target.value)} />
        <button data-testid="dial" disabled={controller === undefined} onClick={run(() => controller!.dial(number, props.invokeFlexAction))}>
          Call
        </button>
      </div>
      <label className="row">
        <input
          type="checkbox"
          data-testid="customer-listed-while-ringing"
          checked={controller?.customerListedWhileRinging ?? false}
          onChange={(e) => {
            if (controller) controller.customerListedWhileRinging = e.target.checked;
            setListedWhileRinging(e.target.checked);
          }}
        />
        Twilio lists the customer's leg while it rings (Flex shows it joined before the customer answers)
      </label>
      <label className="row">
        <input type="checkbox" data-testid="fault-storm" checked={props.faultStorm} onChange={(e) => props.onToggleFaultStorm(e.target.checked)} />
        Twilio under load (35% of requests answered 429)
      </label>
      <label className="row">
        <input
          type="checkbox"
          data-testid="flex-call-recording"
          checked={props.account.callRecordingEnabled}
          onChange={(e) => props.onChangeAccount({ ...props.account, callRecordingEnabled: e.target.checked })}
        />
        Flex native call recording on (the account's call_recording_enabled: Flex asks TaskRouter to record the conference)
      </label>
      <label className="row">
        Plugin's native_recording
        <select
          data-testid="native-recording-setting"
          value={props.account.nativeRecording ?? ''}
          onChange={(e) => {
            const value = e.target.value;
            props.onChangeAccount({ ...props.account, nativeRecording: value === 'keep' || value === 'skip' ? value : undefined });
          }}
        >
          <option value="">not set (the plugin's default: keep)</option>
          <option value="keep">keep</option>
          <option value="skip">skip</option>
        </select>
      </label>
      <p className="muted">
        Flex reads both when it boots: changing either reloads the page (they travel in its URL: ?call_recording=on,
        ?native_recording=keep|skip). Calls in progress are kept, with what Flex asked for when they were accepted.
      </p>
      <h2>Calls (the customer's side)</h2>
      {(controller?.calls.length ?? 0) === 0 && <p className="muted">No calls yet.</p>}
      {controller?.calls.map((call) => (
        <CallCard
          key={call.sids.taskSid}
          call={call}
          controller={controller}
          run={run}
          ownRecordings={(emulatorState?.recordings ?? []).filter((r) => r.callSid === call.sids.customerCallSid)}
          conferenceRecordings={props.conferenceRecordings.get(call.sids.conferenceSid)}
        />
      ))}

      <div className="row">
        <h2>Twilio (emulator)</h2>
        <button onClick={props.onRefresh}>Refresh</button>
      </div>
      <h3>Recordings</h3>
      <RecordingsTable state={emulatorState} pluginRequests={props.pluginRequests} />
      <h3>Twilio → Functions: conference status callbacks (the server-side trigger)</h3>
      <ConferenceCallbacksTable state={emulatorState} />
      <h3>Task attributes</h3>
      {emulatorState?.tasks.map((task) => (
        <div key={task.sid}>
          <div className="muted">
            {task.sid} · {task.assignmentStatus} · ETag {task.etag}
          </div>
          <pre data-testid={`task-attributes-${task.sid}`}>{JSON.stringify(task.attributes, null, 2)}</pre>
        </div>
      ))}
      <h3>Plugin → Functions</h3>
      <table data-testid="plugin-requests">
        <thead>
          <tr>
            <th>#</th>
            <th>request</th>
            <th>status</th>
            <th>answer</th>
          </tr>
        </thead>
        <tbody>
          {props.pluginRequests.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td>
                POST {r.path} CallSid={r.fields.CallSid}
              </td>
              <td>{r.status ?? '…'}</td>
              <td>
                <code>{r.answer ?? ''}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface CallCardProps {
  call: DeskCall;
  controller: DeskController;
  run: (work: () => Promise<unknown>) => () => void;
  /** This product's recordings of the customer's leg. */
  ownRecordings: RecordingState[];
  /** Flex's native recordings of the call's conference; undefined until the emulator has the conference. */
  conferenceRecordings: ConferenceRecordingState[] | undefined;
}

function CallCard(props: CallCardProps): JSX.Element {
  const { call, controller, run } = props;
  const testId = (action: string) => `${action}-${call.sids.taskSid}`;
  const phase = phaseOf(call);
  const customer = call.flex.customerLeg();
  return (
    <div className="card" data-testid={`call-${call.sids.taskSid}`}>
      <div>
        <strong>{call.sids.customerNumber}</strong> <span className="muted">{call.sids.taskSid}</span>
      </div>
      <div className="muted">
        reservation {call.sids.reservationSid} · conference {call.sids.conferenceSid}
      </div>
      <div data-testid={testId('phase')}>{phase}</div>
      <ul className="legs">
        {call.flex.legs.map((leg) => (
          <li key={leg.facts.participantSid} className={leg.gone ? 'muted' : ''}>
            {leg.facts.type} · {leg.gone ? 'left' : leg.answered ? 'connected' : 'ringing'} · {leg.callSid ?? '(no call SID yet)'}
          </li>
        ))}
      </ul>
      {call.acceptError !== undefined && (
        <p className="error" data-testid={testId('accept-error')}>
          Twilio did not carry out Flex's accept: {call.acceptError}
        </p>
      )}
      {call.instruction && (
        <details>
          <summary className="muted">Flex's conference instruction (AcceptTask's conferenceOptions)</summary>
          <pre>{JSON.stringify(call.instruction, null, 2)}</pre>
        </details>
      )}
      <CallRecordings call={call} own={props.ownRecordings} conference={props.conferenceRecordings} />
      <div className="row">
        <button data-testid={testId('answer')} disabled={phase !== 'ringing'} onClick={run(() => controller.customerAnswers(call))}>
          Customer answers
        </button>
        <button data-testid={testId('hangup')} disabled={phase !== 'ringing' && phase !== 'talking'} onClick={run(() => controller.customerHangsUp(call))}>
          {customer?.answered ? 'Customer hangs up' : 'Customer does not answer'}
        </button>
        <button data-testid={testId('transfer')} disabled={phase !== 'talking'} onClick={run(() => controller.addExternalParticipant(call, '+442071234567'))}>
          Add external party
        </button>
      </div>
    </div>
  );
}

/**
 * Every recording of one call side by side: this product's (the customer's leg, customer on channel 1) and Flex's
 * native one of the conference (agent on channel 1), so a pause from Flex can be seen to pause both, or not.
 */
function CallRecordings(props: { call: DeskCall; own: RecordingState[]; conference: ConferenceRecordingState[] | undefined }): JSX.Element {
  const { call, own, conference = [] } = props;
  const agentCallSid = call.sids.workerCallSid;
  const channelOne = (r: ConferenceRecordingState) =>
    r.firstJoinerCallSid === null ? 'nobody yet' : r.firstJoinerCallSid === agentCallSid ? 'the agent' : r.firstJoinerCallSid;
  return (
    <table data-testid={`call-recordings-${call.sids.taskSid}`}>
      <thead>
        <tr>
          <th>recording</th>
          <th>of</th>
          <th>status</th>
          <th>channels</th>
          <th>paused</th>
        </tr>
      </thead>
      <tbody>
        {own.length === 0 && (
          <tr>
            <td colSpan={5} className="muted">
              This product's recording: none yet
            </td>
          </tr>
        )}
        {own.map((r) => (
          <tr key={r.sid} data-testid={`own-recording-${r.sid}`}>
            <td>{r.sid}</td>
            <td>the customer's leg (this product)</td>
            <td data-testid="own-recording-status">{r.status}</td>
            <td>{r.channels === 2 ? 'dual (2): 1 = customer' : `mono (${r.channels})`}</td>
            <td>—</td>
          </tr>
        ))}
        {conference.length === 0 && (
          <tr data-testid={`conference-recordings-none-${call.sids.taskSid}`}>
            <td colSpan={5} className="muted">
              Flex's native recording of the conference: none
            </td>
          </tr>
        )}
        {conference.map((r) => (
          <tr key={r.sid} data-testid={`conference-recording-${r.sid}`}>
            <td>{r.sid}</td>
            <td>the conference (Flex's native call recording)</td>
            <td data-testid="conference-recording-status">{r.status}</td>
            <td data-testid="conference-recording-channels">
              {r.channels === 2 ? `dual (2): 1 = ${channelOne(r)}, 2 = everyone else` : `mono (${r.channels})`}
            </td>
            <td>
              {r.pausedMs === 0 ? '—' : `${(r.pausedMs / 1000).toFixed(1)} s`}
              {r.pauseBehavior === null ? '' : ` (${r.pauseBehavior})`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The conference callbacks the emulator sent to the Functions (only the events the plugin asked for: joins). */
function ConferenceCallbacksTable({ state }: { state: EmulatorState | undefined }): JSX.Element {
  const callbacks = (state?.statusCallbacks ?? []).filter((c) => c.kind === 'conference');
  if (callbacks.length === 0) return <p className="muted">None yet.</p>;
  const callTo = new Map((state?.calls ?? []).map((c) => [c.sid, c.to]));
  return (
    <table data-testid="conference-callbacks">
      <thead>
        <tr>
          <th>event</th>
          <th>call (to)</th>
          <th>delivery</th>
        </tr>
      </thead>
      <tbody>
        {callbacks.map((c, i) => (
          <tr key={i}>
            <td>{c.event}</td>
            <td>{c.params.CallSid ? `${c.params.CallSid} (${callTo.get(c.params.CallSid) ?? '?'})` : '—'}</td>
            <td>
              {c.delivery.state}
              {c.delivery.httpStatus === null ? '' : ` ${c.delivery.httpStatus}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Who asked the Functions to record the leg: Twilio's signed participant-join (answered 2xx), the plugin's start
 * request (answered), or both (the Functions record once either way; the second asker gets the same recording back).
 */
function askedBy(callSid: string, state: EmulatorState | undefined, pluginRequests: PluginRequest[]): string {
  const askers: string[] = [];
  const joined = (state?.statusCallbacks ?? []).some(
    (c) => c.kind === 'conference' && c.event === 'participant-join' && c.params.CallSid === callSid && c.delivery.state === 'delivered',
  );
  if (joined) askers.push('conference callback');
  // Only a request the Functions answered asked them (one still pending, or refused on the way, did not).
  if (pluginRequests.some((r) => r.path === START_RECORDING_PATH && r.fields.CallSid === callSid && r.status !== undefined)) askers.push('plugin request');
  return askers.length === 0 ? '—' : askers.join(' + ');
}

function RecordingsTable({ state, pluginRequests }: { state: EmulatorState | undefined; pluginRequests: PluginRequest[] }): JSX.Element {
  const recordings = state?.recordings ?? [];
  if (recordings.length === 0) return <p className="muted" data-testid="recordings-empty">No recordings.</p>;
  const callTo = new Map((state?.calls ?? []).map((c) => [c.sid, c.to]));
  return (
    <table data-testid="recordings">
      <thead>
        <tr>
          <th>recording</th>
          <th>call (to)</th>
          <th>status</th>
          <th>channels</th>
          <th>duration</th>
          <th>asked by</th>
        </tr>
      </thead>
      <tbody>
        {recordings.map((r) => (
          <tr key={r.sid} data-testid={`recording-${r.sid}`}>
            <td>{r.sid}</td>
            <td>
              {r.callSid} ({callTo.get(r.callSid)})
            </td>
            <td data-testid="recording-status">{r.status}</td>
            <td data-testid="recording-channels">{r.channels === 2 ? 'dual (2)' : `mono (${r.channels})`}</td>
            <td>{r.durationSeconds === null ? '—' : `${r.durationSeconds} s`}</td>
            <td data-testid="recording-asked-by">{askedBy(r.callSid, state, pluginRequests)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
