import { isSid } from 'plugin-outbound-recording/contract';
import type { CallResource, ConferenceResource, TaskAttributes } from './twilio-port';

/**
 * Transfers. Flex names a call's conference after the task that created it; a cold or warm transfer
 * (to a worker or a queue) creates a NEW task for the receiving agent, who joins the SAME conference,
 * and Flex copies the original task's attributes into it, including `conference.sid` (and whatever this
 * product linked by then: `conversations.media`, `call_sid`, `call_recording`). So a receiving task is
 * recognised by a conference that is not named after it but that its attributes name.
 *
 * Attributes can be written by agents, so naming the conference is not proof enough: the worker asking
 * must also be on the call (a current participant whose call goes to their Flex client). Together with
 * "holds the receiving task" and "the call is the customer's leg of that task" this ties the call to the task.
 */

/** The conference SID the task's attributes name (Flex sets `conference.sid`; this product writes it too). */
export function conferenceNamedByTask(attributes: TaskAttributes): string | undefined {
  const conference = attributes.conference;
  if (typeof conference !== 'object' || conference === null) return undefined;
  const sid = (conference as { sid?: unknown }).sid;
  return isSid('conference', sid) ? sid : undefined;
}

/** True when the conference was created for another task and this task claims it: a transfer's receiving task. */
export function isTransferredInto(taskSid: string, attributes: TaskAttributes, conference: ConferenceResource | null): boolean {
  return conference !== null && conference.friendlyName !== taskSid && conferenceNamedByTask(attributes) === conference.sid;
}

/** The worker's own leg is among the conference's current calls (Flex dials workers at `client:<identity>`). */
export function isWorkerOnCall(calls: ReadonlyArray<CallResource>, identity: string): boolean {
  if (identity === '') return false;
  const address = `client:${identity}`.toLowerCase();
  return calls.some((call) => call.to.toLowerCase() === address && call.status === 'in-progress');
}

/** The task that created the conference (Flex's friendly name), which a transfer's recording is bound to. */
export function originalTaskOf(conference: ConferenceResource): string | undefined {
  return isSid('task', conference.friendlyName) ? conference.friendlyName : undefined;
}
