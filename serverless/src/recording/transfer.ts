import { isSid } from 'plugin-outbound-recording/contract';
import type { ConferenceResource, InteractionParticipantResource, ReservationResource, TaskAttributes } from './twilio-port';

/**
 * Transfers. Flex names a call's conference after the task that created it; a cold or warm transfer (to a
 * worker or a queue) creates a NEW task for the receiving agent, who joins the SAME conference. So a
 * receiving task is one whose conference is named after another task.
 *
 * What proves the receiving task belongs to that call must be something Twilio owns: task attributes are
 * written by agents (an agent on the call as a supervisor could point any task of theirs at it). Flex's
 * backend routes the receiving task into the call's Interactions channel: the channel lists an agent
 * participant per routed task, with the task, reservation and worker that routed it (`routing_properties`,
 * as Flex UI reads them). The attributes only say which channel to look at (`flexInteractionSid`,
 * `flexInteractionChannelSid`, which Flex writes and copies into the receiving task); what is listed there
 * is the proof: the caller's own task, accepted reservation and worker, and the conference's own task.
 */

/** True when the conference was created for another task: the caller's task could be a transfer's receiving task. */
export function isNamedAfterAnotherTask(taskSid: string, conference: ConferenceResource | null): conference is ConferenceResource {
  return conference !== null && conference.friendlyName !== taskSid && isSid('task', conference.friendlyName);
}

/** The Interactions channel the task's attributes name, when both SIDs are well formed. */
export function interactionChannelNamedBy(attributes: TaskAttributes): { interactionSid: string; channelSid: string } | undefined {
  const { flexInteractionSid, flexInteractionChannelSid } = attributes;
  if (!isSid('interaction', flexInteractionSid) || !isSid('interactionChannel', flexInteractionChannelSid)) return undefined;
  return { interactionSid: flexInteractionSid, channelSid: flexInteractionChannelSid };
}

/**
 * Did Flex route the caller's task into the same call as the conference's own task? Both must be agent
 * participants of the channel: the caller's with its accepted reservation and its worker.
 */
export function isRoutedIntoCall(
  participants: ReadonlyArray<InteractionParticipantResource>,
  caller: { workerSid: string; taskSid: string; acceptedReservations: ReadonlyArray<ReservationResource> },
  conference: ConferenceResource,
): boolean {
  const agents = participants.filter((participant) => participant.type === 'agent');
  const reservationSids = new Set(caller.acceptedReservations.filter((r) => r.status === 'accepted' && r.workerSid === caller.workerSid).map((r) => r.sid));
  const callerRouted = agents.some(
    (agent) => agent.taskSid === caller.taskSid && agent.workerSid === caller.workerSid && agent.reservationSid !== undefined && reservationSids.has(agent.reservationSid),
  );
  const conferenceTaskRouted = agents.some((agent) => agent.taskSid === conference.friendlyName);
  return callerRouted && conferenceTaskRouted;
}

/** The task that created the conference (Flex's friendly name), which a transfer's recording is bound to. */
export function originalTaskOf(conference: ConferenceResource): string | undefined {
  return isSid('task', conference.friendlyName) ? conference.friendlyName : undefined;
}

/**
 * The conference SID the task's attributes name (Flex sets `conference.sid`; this product writes it too).
 * Only where a Twilio-signed callback already bound the request to the task (recording-status.ts): never
 * as proof that a caller may act on a call.
 */
export function conferenceNamedByTask(attributes: TaskAttributes): string | undefined {
  const conference = attributes.conference;
  if (typeof conference !== 'object' || conference === null) return undefined;
  const sid = (conference as { sid?: unknown }).sid;
  return isSid('conference', sid) ? sid : undefined;
}
