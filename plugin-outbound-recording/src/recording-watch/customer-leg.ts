import { isSid } from '../contract/recording-api';

/**
 * Which call leg of a task's conference is the customer's. Pure, and shaped after Flex UI 2.x's
 * Conference / ConferenceParticipant so real Flex objects can be passed as they are.
 */

export interface ParticipantFacts {
  participantType?: string;
  status: string;
  callSid?: string;
  isCurrentWorker: boolean;
  isMyself: boolean;
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
  // Belt and braces: this agent's own leg is never the customer, whatever its type says. (workerSid is not
  // used: Flex does not document it as empty for customer legs, and a false "not customer" loses the recording.)
  if (participant.isCurrentWorker || participant.isMyself) return false;
  return participant.participantType === 'customer' && participant.status === 'joined' && isSid('call', participant.callSid);
}

/**
 * Looks through every view of the task's conference Flex offers (task.conference and the store's conference
 * state; the customer has been seen in only one of them). They describe the same conference, so a view that
 * has the customer but no conference SID yet may borrow the SID from another view.
 * Returns undefined until both a joined customer with a call SID and a conference SID are known.
 */
export function findCustomerLeg(conferences: ReadonlyArray<ConferenceFacts | undefined>): CustomerLeg | undefined {
  const known = conferences.filter((c): c is ConferenceFacts => c !== undefined);
  const anyConferenceSid = known.map((c) => c.conferenceSid).find((sid): sid is string => isSid('conference', sid));
  for (const conference of known) {
    const customer = conference.participants.find(isCustomerParticipant);
    if (customer === undefined || customer.callSid === undefined) continue;
    const conferenceSid = isSid('conference', conference.conferenceSid) ? conference.conferenceSid : anyConferenceSid;
    if (conferenceSid === undefined) continue;
    return { callSid: customer.callSid, conferenceSid };
  }
  return undefined;
}
