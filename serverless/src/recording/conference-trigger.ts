import { isSid, type StartRecordingResponse } from 'plugin-outbound-recording/contract';
import { OPEN_TASK_STATUSES, isCustomerLeg } from './authorize';
import { fail, guardTwilioFailures, type Outcome } from './caller-access';
import { claimedRecording } from './claim-recording';
import { liveStatusOf } from './recording-state';
import { withRetry } from './retry-policy';
import { recordCustomerLeg, type StartRecordingDeps } from './start-recording';

/**
 * The server-side trigger: Twilio's conference status callback (`participant-join`), asked for by the plugin
 * in beforeAcceptTask, records the customer's leg the moment it joins, whether or not the agent's browser is
 * still there, and before Flex's participant throttle would let the browser see it.
 *
 * The callback is Twilio's own (its signature is checked before this runs), so what it says is a fact
 * Twilio owns: this call joined this conference, and Flex named the conference after the task. What it does
 * not say (the call's To/From are not sent) is looked up: the task and the call, at once, then the same
 * core as the plugin's request (start-recording.ts `recordCustomerLeg`: policy, claim, link), so each
 * customer leg is recorded once whichever trigger comes first.
 *
 * Anything that is not the customer's leg of a live Flex task's conference (the agent's join, a supervisor,
 * a transfer target, a conference Flex did not name after a task) is acknowledged and ignored: Twilio
 * needs a quick 200, and nothing is written.
 */

export interface ConferenceJoin {
  conferenceSid: string;
  /** The conference's FriendlyName: for a Flex conference, the task SID. */
  friendlyName: string;
  callSid: string;
  event: string;
}

export type ConferenceCallbackParse = { ok: true; callback: ConferenceJoin } | { ok: false; message: string };

export function parseConferenceCallback(input: Readonly<Record<string, unknown>>, accountSid: string): ConferenceCallbackParse {
  const problems: string[] = [];
  if (input.AccountSid !== accountSid) problems.push("AccountSid must be this service's account");
  if (!isSid('conference', input.ConferenceSid)) problems.push('ConferenceSid must be "CF" followed by 32 lower-case hex digits');
  if (typeof input.StatusCallbackEvent !== 'string') problems.push('StatusCallbackEvent is required');
  if (typeof input.FriendlyName !== 'string') problems.push('FriendlyName is required');
  // conference-start / -end carry no call; a participant event must.
  if (input.CallSid !== undefined && !isSid('call', input.CallSid)) problems.push('CallSid must be "CA" followed by 32 lower-case hex digits');
  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  return {
    ok: true,
    callback: {
      conferenceSid: input.ConferenceSid as string,
      friendlyName: input.FriendlyName as string,
      callSid: typeof input.CallSid === 'string' ? input.CallSid : '',
      event: input.StatusCallbackEvent as string,
    },
  };
}

export type ConferenceTriggerAnswer =
  | { recorded: true; recordingSid: string; status: StartRecordingResponse['status'] }
  | { recorded: false; ignored: string };

function ignored(why: string): Outcome<ConferenceTriggerAnswer> {
  return { ok: true, value: { recorded: false, ignored: why } };
}

/**
 * Twilio requests: 2 concurrent look-ups (task, call), then the create and the claim-and-link write; none
 * at all for an event that is not a participant's join or a conference not named after a task.
 */
export async function recordFromConferenceJoin(deps: StartRecordingDeps, join: ConferenceJoin): Promise<Outcome<ConferenceTriggerAnswer>> {
  if (join.event !== 'participant-join') return ignored('not a participant join');
  if (!isSid('task', join.friendlyName) || !isSid('call', join.callSid)) return ignored('not a Flex task conference');
  return guardTwilioFailures(async () => {
    const [task, call] = await Promise.all([
      withRetry(deps.retry, () => deps.twilio.fetchTask(join.friendlyName)),
      withRetry(deps.retry, () => deps.twilio.fetchCall(join.callSid)),
    ]);
    if (task === null || !OPEN_TASK_STATUSES.has(task.assignmentStatus)) return ignored('no live task of that name');
    if (call === null || !isCustomerLeg(call, task.attributes)) return ignored("not the customer's leg");
    if (call.status !== 'in-progress') return ignored('the call is not in progress');
    // Recorded already (the plugin's request came first, or this is a replay): nothing to ask of Twilio.
    const claimed = claimedRecording(task.attributes, join.callSid, []);
    if (claimed !== undefined) return { ok: true, value: { recorded: true, recordingSid: claimed.sid, status: liveStatusOf(claimed.status) } };
    const started = await recordCustomerLeg(deps, { task, callSid: join.callSid, conferenceSid: join.conferenceSid, recordings: [], startedBy: 'conference-callback' });
    if (!started.ok) {
      // The policy's answer is not a failure of the trigger: the call is simply not recorded here.
      return started.code === 'recording_excluded' ? ignored('not recorded by policy') : fail(started.code, started.message);
    }
    return { ok: true, value: { recorded: true, recordingSid: started.value.recordingSid, status: started.value.status } };
  });
}
