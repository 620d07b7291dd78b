import { readRecordingState, type RecordingTrigger } from 'plugin-outbound-recording/contract';
import type { FunctionConfig } from '../src/config/function-config';
import { attempt, refusal, type ConnectTwilio } from './network-checks';
import type { Finding } from './report';

/** Enough recent tasks to judge by, in one page (TaskRouter keeps completed tasks for minutes only). */
const RECENT_TASKS = 50;

/**
 * Does the server-side trigger work? Only Twilio's data can say, as the plugin cannot see other plugins'
 * listeners from the doctor: each recording's state in its task says which trigger started it
 * (`call_recording.started_by`). Recent calls recorded from the agents' browsers while the plugin asked for
 * the conference callback mean Twilio's callback does not reach the Functions, most often because another
 * plugin set its own conference status callback first (the plugin then leaves it alone and says so in the
 * browser console), or because the callback fails (Twilio's debugger shows it).
 */
export async function checkServerTrigger(config: FunctionConfig, connect: ConnectTwilio): Promise<Finding[]> {
  const client = connect(config);
  const listed = await attempt(() => client.taskrouter.v1.workspaces(config.workspaceSid).tasks.page({ pageSize: RECENT_TASKS }));
  if (listed.kind === 'unreachable') return [{ severity: 'skip', message: `Recent calls not read (no network: ${listed.code})` }];
  if (listed.kind === 'refused') return [refusal('the TaskRouter tasks list', listed, 'Check TWILIO_WORKSPACE_SID')];
  const counts = countStartedBy(listed.value.instances.map((task) => parseAttributes(task.attributes)));
  return [describeCounts(counts)];
}

export interface TriggerCounts {
  'conference-callback': number;
  'plugin-request': number;
  /** Recorded by a version that did not say. */
  unknown: number;
}

export function countStartedBy(taskAttributes: ReadonlyArray<unknown>): TriggerCounts {
  const counts: TriggerCounts = { 'conference-callback': 0, 'plugin-request': 0, unknown: 0 };
  for (const attributes of taskAttributes) {
    const state = readRecordingState(attributes);
    if (state?.recording_sid === undefined) continue;
    const by: RecordingTrigger | undefined = state.started_by;
    if (by === 'conference-callback' || by === 'plugin-request') counts[by] += 1;
    else counts.unknown += 1;
  }
  return counts;
}

export function describeCounts(counts: TriggerCounts): Finding {
  const server = counts['conference-callback'];
  const browser = counts['plugin-request'];
  const total = server + browser;
  if (total === 0) {
    return { severity: 'skip', message: 'No recent recorded call says which trigger started it (none in the last tasks TaskRouter keeps)' };
  }
  if (browser === 0) return { severity: 'ok', message: `Server-side trigger: all ${server} recent recorded call(s) started by Twilio's conference callback` };
  return {
    severity: 'warn',
    message: `Server-side trigger: ${browser} of ${total} recent recorded call(s) were started from the agent's browser, not by Twilio's conference callback`,
    fix:
      "If another plugin sets conferenceStatusCallback, ours leaves it alone (the browser console says so once per page load):\n" +
      'let one of them own it, or set server_trigger false in the plugin settings to say it is meant.\n' +
      'Otherwise look for failed requests to /recording/conference-status in Console > Monitor > Logs > Errors (11200, 11205).',
  };
}

function parseAttributes(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
