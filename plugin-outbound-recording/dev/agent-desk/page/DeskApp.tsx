import * as React from 'react';
import * as Flex from '../../flex-stand-in';
import { DeskCall, DeskController } from './desk-controller';
import { EmulatorState } from './emulator-client';
import { PluginRequest } from './plugin-traffic';

export interface DeskAppProps {
  controller: DeskController;
  emulatorState: EmulatorState | undefined;
  pluginRequests: PluginRequest[];
  notifications: ReadonlyArray<Flex.ShownNotification>;
  faultStorm: boolean;
  onToggleFaultStorm: (on: boolean) => void;
  onRefresh: () => void;
  darkTheme?: boolean;
}

/** What Flex wraps its UI in: the Paste provider a plugin registered (Flex.setProviders), with the agent's theme. */
function PasteThemeFromFlex(props: { dark: boolean; children: React.ReactNode }): JSX.Element {
  const Provider = Flex.registeredProviders.current.PasteThemeProvider;
  return Provider ? <Provider baseTheme={props.dark ? 'dark' : 'default'}>{props.children}</Provider> : <>{props.children}</>;
}

/** The local agent desk: a dialpad and call controls on the left, Twilio's side of things on the right. */
export function DeskApp(props: DeskAppProps): JSX.Element {
  const { controller, emulatorState } = props;
  const [number, setNumber] = React.useState('+14155550100');
  const [error, setError] = React.useState<string | undefined>();
  const run = (work: () => Promise<unknown>) => () => {
    setError(undefined);
    work().catch((e: unknown) => setError(String(e)));
  };

  return (
    <div className={props.darkTheme ? 'desk dark' : 'desk'}>
      <header>
        <h1>Agent desk</h1>
        <button data-testid="reload-page" onClick={() => window.location.reload()}>
          Reload page
        </button>
        <span className="subtitle">flex-outbound-recording sandbox: the real plugin in a Flex stand-in, the real Functions in twilio-run, Twilio emulated</span>
      </header>
      <main>
        <section className="column">
          <h2>Dialpad</h2>
          <div className="row">
            <label htmlFor="number">Number</label>
            <input id="number" data-testid="dial-number" value={number} onChange={(e) => setNumber(e.target.value)} />
            <button data-testid="dial" onClick={run(() => controller.dial(number))}>
              Call
            </button>
          </div>
          <label className="row">
            <input type="checkbox" data-testid="fault-storm" checked={props.faultStorm} onChange={(e) => props.onToggleFaultStorm(e.target.checked)} />
            Twilio under load (35% of requests answered 429)
          </label>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <h2>Calls</h2>
          {controller.calls.length === 0 && <p className="muted">No calls yet.</p>}
          <PasteThemeFromFlex dark={props.darkTheme === true}>
            {controller.calls.map((call) => (
              <CallCard key={call.sids.taskSid} call={call} controller={controller} run={run} />
            ))}
          </PasteThemeFromFlex>
          <h2>Notifications shown to the agent</h2>
          <ul data-testid="notifications">
            {props.notifications.map((n, index) => (
              <li key={index} className={`notification ${String(n.type)}`}>
                <strong>{String(n.type)}</strong>{' '}
                {/* Flex renders a notification's content element with the context it was shown with. */}
                {React.isValidElement(n.content) ? (
                  <PasteThemeFromFlex dark={props.darkTheme === true}>
                    {React.cloneElement(n.content as React.ReactElement<{ notificationContext?: unknown }>, { notificationContext: n.context })}
                  </PasteThemeFromFlex>
                ) : (
                  String(n.context?.text ?? n.id)
                )}
              </li>
            ))}
          </ul>
        </section>
        <section className="column">
          <div className="row">
            <h2>Twilio (emulator)</h2>
            <button onClick={props.onRefresh}>Refresh</button>
          </div>
          <h3>Recordings</h3>
          <RecordingsTable state={emulatorState} />
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
        </section>
      </main>
    </div>
  );
}

function CallCard(props: { call: DeskCall; controller: DeskController; run: (work: () => Promise<unknown>) => () => void }): JSX.Element {
  const { call, controller, run } = props;
  const testId = (action: string) => `${action}-${call.sids.taskSid}`;
  const participants = call.sim.participants();
  const task = call.sim.task;
  return (
    <div className="card" data-testid={`call-${call.sids.taskSid}`}>
      <div>
        <strong>{call.sids.customerNumber}</strong> <span className="muted">{call.sids.taskSid}</span>
      </div>
      {/* Flex's slots, as the plugin filled them: the task header, and the call canvas while the call is live. */}
      {task && (
        <div className="flex-slot" data-testid={`task-header-${call.sids.taskSid}`}>
          {Flex.TaskCanvasHeader.Content.render({ task })}
        </div>
      )}
      {task && task.status === 'accepted' && (
        <div className="flex-slot" data-testid={`call-canvas-${call.sids.taskSid}`}>
          {Flex.CallCanvas.Content.render({ task })}
        </div>
      )}
      <div className="muted" data-testid={testId('phase')}>
        {call.phase}
      </div>
      <ul>
        {participants.map((p) => (
          <li key={p.participantSid}>
            {p.participantType} · {p.status} · {p.callSid ?? '(no call SID yet)'}
          </li>
        ))}
      </ul>
      <div className="row">
        <button data-testid={testId('answer')} disabled={call.phase !== 'ringing'} onClick={run(() => controller.customerAnswers(call))}>
          Customer answers
        </button>
        <button
          data-testid={testId('hangup')}
          disabled={call.phase !== 'ringing' && call.phase !== 'talking'}
          onClick={run(() => controller.customerHangsUp(call))}
        >
          Customer hangs up
        </button>
        <button data-testid={testId('transfer')} disabled={call.phase !== 'talking'} onClick={run(() => controller.addExternalParticipant(call, '+442071234567'))}>
          Add external party
        </button>
        <button data-testid={testId('wrapup')} disabled={call.phase === 'wrapping' || call.phase === 'completed'} onClick={run(() => controller.wrapUp(call))}>
          Wrap up
        </button>
        <button data-testid={testId('complete')} disabled={call.phase !== 'wrapping'} onClick={run(() => controller.complete(call))}>
          Complete
        </button>
      </div>
    </div>
  );
}

function RecordingsTable({ state }: { state: EmulatorState | undefined }): JSX.Element {
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
          </tr>
        ))}
      </tbody>
    </table>
  );
}
