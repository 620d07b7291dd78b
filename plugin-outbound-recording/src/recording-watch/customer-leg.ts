import { isSid } from '../contract/recording-api';

/**
 * Which call leg of a task's conference is the customer's. Pure, and shaped after Flex UI 2.x's
 * Conference / ConferenceParticipant so real Flex objects can be passed as they are. Only the getters
 * named here are read: in Flex 2.17.1 some others (`isMyself`, `sid`) log a deprecation warning on
 * every read, and these functions run on every store change.
 */

export interface ParticipantFacts {
  participantType?: string;
  status: string;
  callSid?: string;
  isCurrentWorker: boolean;
  /** Set on worker legs only (Flex reads it from the participant's routing properties). */
  workerSid?: string;
  /** Flex's "connecting" flag; only used to notice that a participant changed. */
  connecting?: boolean;
  /**
   * What the Interactions channel said of the leg. Flex 2.17.1 reads the conference SID of its Conference
   * once, from the voice channel when its listener starts; a channel without one then leaves
   * `conference.conferenceSid` undefined for the whole call, while each leg still carries it here.
   */
  mediaProperties?: { conferenceSid?: string };
}

export interface ConferenceFacts {
  conferenceSid?: string;
  participants: ReadonlyArray<ParticipantFacts>;
}

export interface CustomerLeg {
  callSid: string;
  conferenceSid: string;
}

export function isCustomerParticipant(participant: ParticipantFacts): boolean {
  // Belt and braces: this agent's own leg is never the customer, whatever its type says. Flex computes
  // isCurrentWorker as `workerSid === <this worker's SID>`, which is also true for a leg without a worker SID
  // while the worker is not loaded (undefined === undefined): only a leg that carries a worker SID counts.
  if (participant.isCurrentWorker && isSid('worker', participant.workerSid)) return false;
  return participant.participantType === 'customer' && participant.status === 'joined' && isSid('call', participant.callSid);
}

/**
 * Looks through every view of the task's conference the adapter offers (in Flex 2.17.1 task.conference and
 * the store's conference state are one object, but older Flex versions showed the customer in only one of
 * them; the task's attributes may know the conference SID while Flex's conference has none yet). They
 * describe the same conference, so a view that has the customer but no conference SID may borrow the SID
 * from another view. Returns undefined until both a joined customer with a call SID and a conference SID are known.
 */
export function findCustomerLeg(conferences: ReadonlyArray<ConferenceFacts | undefined>): CustomerLeg | undefined {
  const known = conferences.filter((c): c is ConferenceFacts => c !== undefined);
  const anyConferenceSid = known.map((c) => c.conferenceSid).find((sid): sid is string => isSid('conference', sid));
  for (const conference of known) {
    const customer = conference.participants.find(isCustomerParticipant);
    if (customer === undefined || customer.callSid === undefined) continue;
    const legConferenceSid = customer.mediaProperties?.conferenceSid;
    const conferenceSid = isSid('conference', conference.conferenceSid)
      ? conference.conferenceSid
      : isSid('conference', legConferenceSid)
        ? legConferenceSid
        : anyConferenceSid;
    if (conferenceSid === undefined) continue;
    return { callSid: customer.callSid, conferenceSid };
  }
  return undefined;
}

/**
 * A fingerprint of who is in the conference and in what state, to tell a participant change (worth asking
 * again after a refusal: the customer may just have answered) from the many store updates that change
 * nothing here. Mute and hold are left out: they say nothing about whether the customer can be recorded.
 */
export function participantsKey(conferences: ReadonlyArray<ConferenceFacts | undefined>): string {
  const parts: string[] = [];
  for (const conference of conferences) {
    if (conference === undefined) continue;
    parts.push(`#${conference.conferenceSid ?? ''}`);
    for (const p of conference.participants) {
      parts.push(`${p.participantType ?? ''}|${p.status}|${p.callSid ?? ''}|${p.connecting === true ? 'c' : ''}`);
    }
  }
  return parts.join(';');
}

/**
 * Whether the customer leg with this call SID is off the call: Flex shows it left (or recently left), or
 * another customer leg has taken its place. A leg merely missing from the snapshot is not gone: Flex has
 * been seen to show participants without a call SID for a moment, and giving up on a leg that is still on
 * the line would lose its recording.
 */
export function isCustomerLegGone(conferences: ReadonlyArray<ConferenceFacts | undefined>, callSid: string): boolean {
  const current = findCustomerLeg(conferences);
  if (current !== undefined) return current.callSid !== callSid;
  const legs = conferences.flatMap((conference) => (conference === undefined ? [] : conference.participants.filter((p) => p.callSid === callSid)));
  return legs.length > 0 && legs.every((p) => p.status === 'left' || p.status === 'recently_left');
}
