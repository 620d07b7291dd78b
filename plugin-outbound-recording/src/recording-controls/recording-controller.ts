import { PauseBehavior, RecordingControlAction } from '../contract/recording-api';
import { describeFailureReason } from '../agent-messages/describe-failure';
import { failureReasonOf } from '../recording-watch/failure-reason';
import { Translate } from '../agent-messages/strings';
import { AgentMessage } from '../agent-messages/describe-watch-report';
import { RecordingViewStore } from '../recording-indicator/recording-view-store';
import { CustomerLeg } from '../recording-watch/customer-leg';
import { Timers } from '../recording-watch/task-recording-watch';
import { ControlRecording } from './recording-control-client';

export interface ControllerDependencies {
  views: RecordingViewStore;
  control: ControlRecording;
  /** The customer's leg of the task's call (from Flex's conference state, or the task's attributes). */
  findCall: (taskSid: string) => CustomerLeg | undefined;
  /** The tasks the view store currently knows (those shown to the agent). */
  knownTaskSids: () => ReadonlyArray<string>;
  getToken: () => string;
  pauseBehavior: PauseBehavior;
  timers: Timers;
  requestTimeoutMs: number;
  notify: (message: AgentMessage) => void;
  translate: Translate;
}

export interface RecordingController {
  /** Without a task SID: the agent's recorded call (an agent has one live call at a time). */
  pause(taskSid?: string): Promise<void>;
  resume(taskSid?: string): Promise<void>;
  toggle(taskSid?: string): Promise<void>;
  /** Aborts requests in flight (plugin teardown). */
  dispose(): void;
}

/**
 * Pause and resume, as the agent (a button, a shortcut, another plugin's action) asks for them: one
 * request per task at a time, the view shows "pausing…" meanwhile, and a failure says plainly whether
 * the call is still being recorded. The server writes the resulting state into the task's attributes,
 * which the view store then receives like any other attribute change.
 */
export function createRecordingController(deps: ControllerDependencies): RecordingController {
  const inFlight = new Map<string, AbortController>();

  function resolveTask(taskSid: string | undefined): string | undefined {
    if (taskSid !== undefined) return taskSid;
    return deps.knownTaskSids().find((sid) => {
      const kind = deps.views.get(sid)?.kind;
      return kind === 'recording' || kind === 'paused';
    });
  }

  function run(action: RecordingControlAction, requestedTaskSid: string | undefined): Promise<void> {
    const taskSid = resolveTask(requestedTaskSid);
    const view = taskSid === undefined ? undefined : deps.views.get(taskSid);
    const leg = taskSid === undefined ? undefined : deps.findCall(taskSid);
    if (taskSid === undefined || leg === undefined || (view?.kind !== 'recording' && view?.kind !== 'paused')) {
      deps.notify({ severity: 'warning', text: deps.translate('OutboundRecordingNoCallToControl') });
      return Promise.resolve();
    }
    // Already there (e.g. "pause" from a shortcut while paused), or the same task is being changed.
    if ((action === 'pause' && view.kind === 'paused') || (action === 'resume' && view.kind === 'recording')) return Promise.resolve();
    if (inFlight.has(taskSid)) return Promise.resolve();

    const abort = new AbortController();
    inFlight.set(taskSid, abort);
    const timer = deps.timers.setTimeout(() => abort.abort(), deps.requestTimeoutMs);
    deps.views.dispatch(taskSid, { type: 'control-pending', action });
    const request = {
      Token: deps.getToken(),
      TaskSid: taskSid,
      CallSid: leg.callSid,
      ConferenceSid: leg.conferenceSid,
      ...(action === 'pause' ? { PauseBehavior: deps.pauseBehavior } : {}),
    };
    return deps.control(action, request, abort.signal).then((outcome) => {
      deps.timers.clearTimeout(timer);
      if (inFlight.get(taskSid) !== abort) return;
      inFlight.delete(taskSid);
      if (outcome.kind === 'started') {
        deps.views.dispatch(taskSid, { type: 'control-done', recordingSid: outcome.recording.recordingSid, status: outcome.recording.status });
        return;
      }
      deps.views.dispatch(taskSid, { type: 'control-failed' });
      const reason = describeFailureReason(failureReasonOf(outcome.failure), deps.translate);
      deps.notify({
        severity: 'error',
        text: deps.translate(action === 'pause' ? 'OutboundRecordingPauseFailed' : 'OutboundRecordingResumeFailed', { reason }),
      });
    });
  }

  return {
    pause: (taskSid) => run('pause', taskSid),
    resume: (taskSid) => run('resume', taskSid),
    toggle(taskSid) {
      const resolved = resolveTask(taskSid);
      const kind = resolved === undefined ? undefined : deps.views.get(resolved)?.kind;
      return run(kind === 'paused' ? 'resume' : 'pause', resolved);
    },
    dispose() {
      for (const abort of inFlight.values()) abort.abort();
      inFlight.clear();
    },
  };
}
