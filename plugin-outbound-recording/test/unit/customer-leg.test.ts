import { ConferenceFacts, ParticipantFacts, findCustomerLeg, isCustomerParticipant } from '../../src/recording-watch/customer-leg';

const CA = (n: number) => 'CA' + n.toString(16).padStart(32, '0');
const CF = 'CF' + 'c'.repeat(32);

const customer = (over: Partial<ParticipantFacts> = {}): ParticipantFacts => ({
  participantType: 'customer',
  status: 'joined',
  callSid: CA(1),
  isCurrentWorker: false,
  isMyself: false,
  ...over,
});
const agent = (over: Partial<ParticipantFacts> = {}): ParticipantFacts => ({
  participantType: 'worker',
  status: 'joined',
  callSid: CA(9),
  isCurrentWorker: true,
  isMyself: true,
  ...over,
});
const conference = (participants: ParticipantFacts[], conferenceSid: string | undefined = CF): ConferenceFacts => ({ conferenceSid, participants });

describe('isCustomerParticipant', () => {
  it('accepts a joined customer with a call SID', () => {
    expect(isCustomerParticipant(customer())).toBe(true);
    expect(isCustomerParticipant({ ...customer(), workerSid: 'WK' + '3'.repeat(32) } as ParticipantFacts)).toBe(true);
  });

  it.each([
    ['the agent', agent()],
    ['another worker leg', agent({ isCurrentWorker: false, isMyself: false })],
    ['a transfer target', customer({ participantType: 'transfer' })],
    ['a supervisor', customer({ participantType: 'supervisor' })],
    ['an unknown participant', customer({ participantType: 'unknown' })],
    ['an external participant', customer({ participantType: 'external' })],
    ['a participant without a type', customer({ participantType: undefined })],
    ['a customer who left', customer({ status: 'left' })],
    ['a customer who recently left', customer({ status: 'recently_left' })],
    ['a customer without a call SID', customer({ callSid: undefined })],
    ['a customer with a malformed call SID', customer({ callSid: 'CA123' })],
    ['a "customer" flagged as the current worker', customer({ isCurrentWorker: true })],
    ['a "customer" flagged as myself', customer({ isMyself: true })],
  ])('refuses %s', (_name, participant) => {
    expect(isCustomerParticipant(participant)).toBe(false);
  });
});

describe('findCustomerLeg', () => {
  it('finds the customer next to the agent', () => {
    expect(findCustomerLeg([conference([agent(), customer()])])).toEqual({ callSid: CA(1), conferenceSid: CF });
  });

  it('finds nothing until there is a conference', () => {
    expect(findCustomerLeg([])).toBeUndefined();
    expect(findCustomerLeg([undefined, undefined])).toBeUndefined();
  });

  it('finds nothing with only the agent', () => {
    expect(findCustomerLeg([conference([agent()]), conference([agent()])])).toBeUndefined();
  });

  it('uses the second view when the customer is missing from the first', () => {
    expect(findCustomerLeg([conference([agent()]), conference([agent(), customer({ callSid: CA(2) })])])).toEqual({
      callSid: CA(2),
      conferenceSid: CF,
    });
    expect(findCustomerLeg([undefined, conference([customer()])])).toEqual({ callSid: CA(1), conferenceSid: CF });
  });

  it('borrows the conference SID from the other view of the same conference', () => {
    expect(findCustomerLeg([conference([customer()], ''), conference([agent()], CF)])).toEqual({ callSid: CA(1), conferenceSid: CF });
  });

  it('waits while no view has a valid conference SID', () => {
    expect(findCustomerLeg([conference([customer()], ''), { participants: [customer()] }])).toBeUndefined();
    expect(findCustomerLeg([conference([customer()], 'CF-not-a-sid')])).toBeUndefined();
  });

  it('skips a customer who left for one who is on the line', () => {
    const left = customer({ status: 'left', callSid: CA(3) });
    expect(findCustomerLeg([conference([agent(), left, customer({ callSid: CA(4) })])])).toEqual({ callSid: CA(4), conferenceSid: CF });
  });

  it('ignores transfer targets and supervisors around the customer', () => {
    const others = [customer({ participantType: 'transfer', callSid: CA(5) }), customer({ participantType: 'supervisor', callSid: CA(6) })];
    expect(findCustomerLeg([conference([agent(), ...others])])).toBeUndefined();
    expect(findCustomerLeg([conference([agent(), ...others, customer({ callSid: CA(7) })])])?.callSid).toBe(CA(7));
  });
});
