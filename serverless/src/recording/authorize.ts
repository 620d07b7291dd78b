import type {
  CallResource,
  ConferenceResource,
  ParticipantResource,
  ReservationResource,
  TaskAttributes,
  TaskResource,
} from './twilio-port';

/** Everything the server looked up about the request, fetched concurrently before deciding. */
export interface AuthorizationFacts {
  workerSid: string;
  taskSid: string;
  task: TaskResource | null;
  reservations: ReservationResource[];
  conference: ConferenceResource | null;
  participant: ParticipantResource | null;
  call: CallResource | null;
  /**
   * Only for a conference named after another task (a transfer's receiving task): Flex's Interactions channel
   * shows the caller's task routed into the same call as the conference's own task (transfer.ts).
   */
  routedIntoCall?: boolean;
}

/** The refusals an authorization can give; `customer_not_answered` is the only transient one. */
export type AuthorizationRefusal = 'task_not_held' | 'call_not_customer_leg' | 'call_not_in_progress' | 'customer_not_answered';

export type AuthorizationDecision = { allowed: true; task: TaskResource } | { allowed: false; code: AuthorizationRefusal; message: string };

/** A task TaskRouter still assigns to an agent (accepted, or in wrap-up): the only ones recorded or acted on. */
export const OPEN_TASK_STATUSES: ReadonlySet<string> = new Set(['assigned', 'wrapping']);
const LIVE_CONFERENCE_STATUSES = new Set(['init', 'in-progress']);
const ENDED_PARTICIPANT_STATUSES = new Set(['complete', 'failed']);
const ENDED_CALL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/** One answer for every call the caller cannot be shown to be on: unknown, someone else's, or not the customer's. */
const NOT_YOUR_CUSTOMER_LEG = "The call is not the customer's leg of this task's live conference";

/**
 * May this worker record this call for this task? A valid Flex token only says who is asking. Decided
 * from facts Twilio owns, in this order, so that nothing about a call is revealed (or written) before
 * the call is shown to be the caller's:
 * 1. TaskRouter: the worker holds an accepted reservation on the task;
 * 2. the conference is live and named after that task (Flex names it after the task that created it),
 *    or, for a transfer's receiving task, Flex's Interactions channel routed the task into that call;
 * 3. the call is a participant Twilio lists in that conference (a ringing leg added through the
 *    Participants API is listed; an ended one has left);
 * 4. it is the customer's leg (not a worker, supervisor or transfer target), and only then its status.
 * Unknown SIDs and other people's calls get the same 403 as a wrong leg: not-found and not-yours look alike.
 */
export function authorizeRecording(facts: AuthorizationFacts): AuthorizationDecision {
  const { task, reservations, conference, participant, call } = facts;
  const holdsTask =
    task !== null &&
    OPEN_TASK_STATUSES.has(task.assignmentStatus) &&
    reservations.some((r) => r.workerSid === facts.workerSid && r.status === 'accepted');
  if (!holdsTask) {
    return deny('task_not_held', 'You do not hold an accepted reservation on this task');
  }
  const ownConference = conference !== null && conference.friendlyName === facts.taskSid;
  const receivedByTransfer = conference !== null && !ownConference && facts.routedIntoCall === true;
  if (conference === null || !(ownConference || receivedByTransfer) || !LIVE_CONFERENCE_STATUSES.has(conference.status)) {
    return deny('call_not_customer_leg', NOT_YOUR_CUSTOMER_LEG);
  }
  if (participant === null || participant.conferenceSid !== conference.sid || call === null || call.sid !== participant.callSid) {
    return deny('call_not_customer_leg', NOT_YOUR_CUSTOMER_LEG);
  }
  if (!isCustomerLeg(call, task.attributes)) {
    return deny('call_not_customer_leg', NOT_YOUR_CUSTOMER_LEG);
  }
  // Ended is final; still ringing (queued, ringing) is not: the same request can succeed once answered.
  if (ENDED_PARTICIPANT_STATUSES.has(participant.status) || ENDED_CALL_STATUSES.has(call.status)) {
    return deny('call_not_in_progress', 'The customer has already hung up');
  }
  if (call.status !== 'in-progress') return deny('customer_not_answered', 'The customer has not answered yet');
  return { allowed: true, task };
}

/**
 * The customer's leg is the call to (outbound) or from (inbound) the task's customer number. Agent,
 * supervisor and transfer-target legs go to Flex clients, SIP endpoints or other numbers.
 */
export function isCustomerLeg(call: CallResource, attributes: TaskAttributes): boolean {
  const outbound = attributes.direction === 'outbound';
  const customerNumber = outbound ? firstString(attributes.outbound_to, attributes.to) : firstString(attributes.from, attributes.caller);
  if (customerNumber === undefined) return false;
  const customerSide = outbound ? call.to : call.from;
  if (/^(client|sip):/i.test(customerSide)) return false;
  return normalizeAddress(customerSide) === normalizeAddress(customerNumber);
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value.trim().length > 0);
}

/** Phone numbers are compared without formatting ("+1 (415) 555-0100" is "+14155550100"). */
function normalizeAddress(value: string): string {
  return value.replace(/[\s().-]/g, '').toLowerCase();
}

function deny(code: AuthorizationRefusal, message: string): AuthorizationDecision {
  return { allowed: false, code, message };
}
