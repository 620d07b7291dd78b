import { DEFAULT_RECORDING_POLICY, decideRecording, type RecordingPolicy } from 'plugin-outbound-recording/contract';
import type { StartRecordingRequest } from 'plugin-outbound-recording/contract';
import type { TwilioEmulator } from '../../emulator';
import { pluginStart, type PluginResult } from './plugin-simulation';

/** The call paths a run mixes, each played out against the emulator and the Functions. */
export const SCENARIOS = [
  'outbound',
  'outbound-duplicate-start',
  'outbound-reload',
  'hangup-before-answer',
  'hangup-as-recording-starts',
  'hangup-right-after-answer',
  'inbound',
  'inbound-recorded-by-studio',
  'transfer',
  'transfer-race',
  'excluded-queue',
] as const;
export type ScenarioKind = (typeof SCENARIOS)[number];

/** What the figures are computed from, once the run is over. */
export interface PlayedCall {
  kind: ScenarioKind;
  customerCallSid: string;
  /** Every task of the call (a transfer adds the receiving task). */
  taskSids: string[];
  /** By policy and by what happened, the call must end up recorded exactly once and linked in every task. */
  shouldRecord: boolean;
  /** Must have no recording at all (excluded by policy). */
  mustNotRecord: boolean;
  /** A recording made by someone else (Studio) that is expected on the call. */
  foreignRecordingSid?: string;
  results: PluginResult[];
}

export interface ScenarioDeps {
  emulator: TwilioEmulator;
  functionsUrl: string;
  random: () => number;
  policy: RecordingPolicy;
  /** Tasks the concurrent writer may write to while the call is live. */
  liveTasks: Set<string>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function playScenario(kind: ScenarioKind, deps: ScenarioDeps, index: number): Promise<PlayedCall> {
  const { emulator, random } = deps;
  const identity = `agent${index}`;
  const played = (call: Omit<PlayedCall, 'results'>, results: PluginResult[]): PlayedCall => ({ ...call, results });
  const send = (request: StartRecordingRequest) => pluginStart(deps.functionsUrl, request, random);
  const tokenFor = (workerSid: string, who: string) => emulator.issueFlexToken({ workerSid, identity: who, roles: ['agent'] });
  /** The plugin asks only for tasks the policy records (as Flex shows them to it). */
  const pluginWants = (taskSid: string): boolean => {
    const task = emulator.getTask(taskSid);
    return decideRecording(
      { attributes: task.attributes, taskChannelUniqueName: task.taskChannelUniqueName, queueSid: task.taskQueueSid, queueName: task.taskQueueFriendlyName },
      deps.policy ?? DEFAULT_RECORDING_POLICY,
    ).record;
  };

  if (kind === 'inbound' || kind === 'inbound-recorded-by-studio') {
    const call = emulator.placeInboundCall({ workerIdentity: identity, recordedByStudio: kind === 'inbound-recorded-by-studio' });
    deps.liveTasks.add(call.taskSid);
    const request = { Token: tokenFor(call.workerSid, identity), TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid };
    const results = pluginWants(call.taskSid) ? [await send(request)] : [];
    await pause(5 + random() * 20);
    end(deps, call.customerCallSid, [call.taskSid]);
    return played(
      {
        kind,
        customerCallSid: call.customerCallSid,
        taskSids: [call.taskSid],
        shouldRecord: kind === 'inbound',
        mustNotRecord: false,
        ...(call.studioRecordingSid ? { foreignRecordingSid: call.studioRecordingSid } : {}),
      },
      results,
    );
  }

  const customer = kind === 'hangup-as-recording-starts' ? 'hangs-up-before-recording' : kind === 'hangup-before-answer' ? 'never-answers' : 'answers';
  const call = emulator.placeOutboundCall({
    workerIdentity: identity,
    customerNumber: `+1415555${String(1000 + (index % 9000)).padStart(4, '0')}`,
    customer,
    ...(kind === 'excluded-queue' ? { taskQueueFriendlyName: 'Payments' } : {}),
  });
  deps.liveTasks.add(call.taskSid);
  const token = tokenFor(call.workerSid, identity);
  const request = { Token: token, TaskSid: call.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid };
  const base = { kind, customerCallSid: call.customerCallSid, taskSids: [call.taskSid], mustNotRecord: false };

  switch (kind) {
    case 'outbound':
    case 'hangup-right-after-answer': {
      const results = [await send(request)];
      if (kind === 'outbound') await pause(5 + random() * 30);
      end(deps, call.customerCallSid, [call.taskSid]);
      return played({ ...base, shouldRecord: true }, results);
    }
    case 'outbound-duplicate-start': {
      // Two tabs, or a double-fired hook: two starts at once.
      const results = await Promise.all([send(request), send(request)]);
      end(deps, call.customerCallSid, [call.taskSid]);
      return played({ ...base, shouldRecord: true }, results);
    }
    case 'outbound-reload': {
      // The page reloads while the first request is in flight; the new page asks again.
      const first = send(request);
      await pause(random() * 40);
      const results = await Promise.all([first, send(request)]);
      end(deps, call.customerCallSid, [call.taskSid]);
      return played({ ...base, shouldRecord: true }, results);
    }
    case 'hangup-before-answer': {
      // The plugin never sees a customer leg; an out-of-date plugin asking anyway is refused.
      emulator.hangUp(call.customerCallSid, 'no-answer');
      const results = [await send(request)];
      end(deps, call.customerCallSid, [call.taskSid]);
      return played({ ...base, shouldRecord: false }, results);
    }
    case 'hangup-as-recording-starts': {
      const results = [await send(request)];
      end(deps, call.customerCallSid, [call.taskSid]);
      return played({ ...base, shouldRecord: false }, results);
    }
    case 'excluded-queue': {
      // The plugin skips it; a plugin built without the exclusion asks anyway and the server refuses.
      const results = pluginWants(call.taskSid) ? [] : [await send(request)];
      end(deps, call.customerCallSid, [call.taskSid]);
      return played({ ...base, shouldRecord: false, mustNotRecord: true }, results);
    }
    case 'transfer':
    case 'transfer-race': {
      const mode = random() < 0.5 ? 'cold' : 'warm';
      const target = { kind: random() < 0.5 ? ('worker' as const) : ('queue' as const), workerIdentity: `${identity}-b`, queueFriendlyName: 'Sales' };
      const results: PluginResult[] = [];
      if (kind === 'transfer') results.push(await send(request));
      const transfer = emulator.transferTask({ fromTaskSid: call.taskSid, target, mode });
      deps.liveTasks.add(transfer.taskSid);
      const receiving = {
        Token: tokenFor(transfer.workerSid, transfer.workerIdentity),
        TaskSid: transfer.taskSid,
        CallSid: call.customerCallSid,
        ConferenceSid: call.conferenceSid,
      };
      // transfer-race: both agents' plugins ask at once (the original's start had not landed yet).
      if (kind === 'transfer-race') results.push(...(await Promise.all([send(request), send(receiving)])));
      else results.push(await send(receiving));
      await pause(5 + random() * 20);
      end(deps, call.customerCallSid, [call.taskSid, transfer.taskSid]);
      return played({ ...base, taskSids: [call.taskSid, transfer.taskSid], shouldRecord: true }, results);
    }
    default:
      throw new Error(`unknown scenario ${String(kind)}`);
  }
}

/** The customer hangs up (the recording completes); the tasks are no longer live for the writer. */
function end(deps: ScenarioDeps, customerCallSid: string, taskSids: string[]): void {
  const status = deps.emulator.getCall(customerCallSid).status;
  if (status === 'ringing' || status === 'queued') deps.emulator.hangUp(customerCallSid, 'no-answer');
  else deps.emulator.hangUp(customerCallSid);
  for (const taskSid of taskSids) deps.liveTasks.delete(taskSid);
}
