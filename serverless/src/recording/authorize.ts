import type {
  CallResource,
  ConferenceResource,
  ParticipantResource,
  ReservationResource,
  TaskAttributes,
  TaskResource,
} from './twilio-port';
import { isTransferredInto } from './transfer';

/** Everything the server looked up about the request, fetched concurrently before deciding. */
export interface AuthorizationFacts {
  workerSid: string;
  taskSid: string;
  task: TaskResource | null;
  reservations: ReservationResource[];
  conference: ConferenceResource | null;
  participant: ParticipantResource | null;
  call: CallResource | null;
  /** Only looked up for a transfer's receiving task (see transfer.ts): is the worker on the conference's call? */
  workerOnConference?: boolean;
}

/** The refusals an authorization can give; `customer_not_answered` is the only transient one. */
export type AuthorizationRefusal = 'task_not_held' | 'call_not_customer_leg' | 'call_not_in_progress' | 'customer_not_answered';

export type AuthorizationDecision = { allowed: true; task: TaskResource } | { allowed: false; code: AuthorizationRefusal; message: string };

const OPEN_TASK_STATUSES = new Set(['assigned', 'wrapping']);
const LIVE_CONFERENCE_STATUSES = new Set(['init', 'in-progress']);
const ENDED_PARTICIPANT_STATUSES = new Set(['complete', 'failed']);
const ENDED_CALL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

/**
 * May this worker record this call for this task? A valid Flex token only says who is asking:
 * the worker must hold an accepted reservation on the task, and the call must be the customer's leg
 * of the conference Flex created for the task (Flex names it after the task SID).
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
  // A transfer's receiving task joins the conference named after the original task.
  const receivedByTransfer = isTransferredInto(facts.taskSid, task.attributes, conference) && facts.workerOnConference === true;
  if (conference === null || !(ownConference || receivedByTransfer) || !LIVE_CONFERENCE_STATUSES.has(conference.status)) {
    return deny('call_not_customer_leg', "The conference is not this task's live conference");
  }
  // A call leaves the conference when it ends, and a ringing leg may or may not be listed as a participant
  // yet (Twilio lists one added through the Participants API while it rings; Flex shows it `joined`), so an
  // ended or unanswered customer call is recognised by the call itself before membership is checked.
  // Ended is final; still ringing (queued, ringing) is not: the same request can succeed once answered.
  if (call !== null && isCustomerLeg(call, task.attributes)) {
    if (ENDED_CALL_STATUSES.has(call.status)) return deny('call_not_in_progress', 'The customer has already hung up');
    if (call.status !== 'in-progress') return deny('customer_not_answered', 'The customer has not answered yet');
  }
  if (participant === null || participant.conferenceSid !== conference.sid || call === null) {
    return deny('call_not_customer_leg', "The call is not a participant of this task's conference");
  }
  if (!isCustomerLeg(call, task.attributes)) {
    return deny('call_not_customer_leg', "The call is not the customer's leg of this task");
  }
  if (ENDED_PARTICIPANT_STATUSES.has(participant.status)) {
    return deny('call_not_in_progress', 'The customer has already hung up');
  }
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
