import {
  ConferenceFacts,
  ParticipantFacts,
  findCustomerLeg,
  isCustomerLegGone,
  isCustomerParticipant,
  participantsKey,
} from '../../src/recording-watch/customer-leg';

const CA = (n: number) => 'CA' + n.toString(16).padStart(32, '0');
const CF = 'CF' + 'c'.repeat(32);
const WK = 'WK' + '3'.repeat(32);

const customer = (over: Partial<ParticipantFacts> = {}): ParticipantFacts => ({
  participantType: 'customer',
  status: 'joined',
  callSid: CA(1),
  isCurrentWorker: false,
  ...over,
});
const agent = (over: Partial<ParticipantFacts> = {}): ParticipantFacts => ({
  participantType: 'worker',
  status: 'joined',
  callSid: CA(9),
  isCurrentWorker: true,
  workerSid: WK,
  ...over,
});
const conference = (participants: ParticipantFacts[], conferenceSid: string | undefined = CF): ConferenceFacts => ({ conferenceSid, participants });

describe('isCustomerParticipant', () => {
  it('accepts a joined customer with a call SID', () => {
    expect(isCustomerParticipant(customer())).toBe(true);
    expect(isCustomerParticipant(customer({ workerSid: WK }))).toBe(true);
  });

  it('never reads the deprecated isMyself (Flex 2.17.1 logs a warning on every read)', () => {
    const participant = customer();
    Object.defineProperty(participant, 'isMyself', {
      get: () => {
        throw new Error('isMyself read');
      },
    });
    expect(isCustomerParticipant(participant)).toBe(true);
    expect(() => findCustomerLeg([conference([agent(), participant])])).not.toThrow();
    expect(() => participantsKey([conference([agent(), participant])])).not.toThrow();
  });

  it("accepts a customer Flex flags as the current worker only because neither has a worker SID (the worker not loaded yet)", () => {
    expect(isCustomerParticipant(customer({ isCurrentWorker: true }))).toBe(true);
  });

  it.each([
    ['the agent', agent()],
    ['another worker leg', agent({ isCurrentWorker: false })],
    ['a transfer target', customer({ participantType: 'transfer' })],
    ['a supervisor', customer({ participantType: 'supervisor' })],
    ['an unknown participant', customer({ participantType: 'unknown' })],
    ['an external participant', customer({ participantType: 'external' })],
    ['a participant without a type', customer({ participantType: undefined })],
    ['a customer who left', customer({ status: 'left' })],
    ['a customer who recently left', customer({ status: 'recently_left' })],
    ['a customer without a call SID', customer({ callSid: undefined })],
    ['a customer with a malformed call SID', customer({ callSid: 'CA123' })],
    ['a "customer" that is the current worker (it carries their worker SID)', customer({ isCurrentWorker: true, workerSid: WK })],
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

describe('participantsKey', () => {
  it('changes when a participant joins, leaves, gets its call SID or stops connecting; not on mute or hold', () => {
    const base = participantsKey([conference([agent(), customer({ connecting: true })])]);
    expect(participantsKey([conference([agent(), customer({ connecting: true })])])).toBe(base);
    const onHold = { ...customer({ connecting: true }), onHold: true, muted: true } as ParticipantFacts;
    expect(participantsKey([conference([agent(), onHold])])).toBe(base);
    expect(participantsKey([conference([agent(), customer({ connecting: false })])])).not.toBe(base);
    expect(participantsKey([conference([agent(), customer({ connecting: true, status: 'recently_left' })])])).not.toBe(base);
    expect(participantsKey([conference([agent(), customer({ connecting: true, callSid: undefined })])])).not.toBe(base);
    expect(participantsKey([conference([agent()])])).not.toBe(base);
    expect(participantsKey([{ participants: [agent(), customer({ connecting: true })] }])).not.toBe(base);
  });
});

describe('isCustomerLegGone', () => {
  it('is gone once Flex shows it left or recently left, or another customer leg took its place', () => {
    expect(isCustomerLegGone([conference([agent(), customer()])], CA(1))).toBe(false);
    expect(isCustomerLegGone([conference([agent(), customer({ status: 'recently_left' })])], CA(1))).toBe(true);
    expect(isCustomerLegGone([conference([agent(), customer({ status: 'left' })])], CA(1))).toBe(true);
    expect(isCustomerLegGone([conference([agent(), customer({ status: 'left' }), customer({ callSid: CA(2) })])], CA(1))).toBe(true);
  });

  it('is not gone when merely missing from a snapshot (no call SID for a moment, no conference yet)', () => {
    expect(isCustomerLegGone([conference([agent(), customer({ callSid: undefined })])], CA(1))).toBe(false);
    expect(isCustomerLegGone([undefined], CA(1))).toBe(false);
    expect(isCustomerLegGone([conference([agent(), customer()], undefined)], CA(1))).toBe(false);
  });
});

describe('a conference whose SID Flex never learnt (read once from a channel that had none)', () => {
  const unknownSid = (participants: ParticipantFacts[]): ConferenceFacts => ({ conferenceSid: undefined, participants });

  it("takes the conference SID the customer's own leg carries", () => {
    const leg = customer({ mediaProperties: { conferenceSid: CF } });
    expect(findCustomerLeg([unknownSid([agent(), leg])])).toEqual({ callSid: CA(1), conferenceSid: CF });
  });

  it('waits while neither the conference nor the leg knows it', () => {
    expect(findCustomerLeg([unknownSid([agent(), customer({ mediaProperties: {} })])])).toBeUndefined();
  });

  it("ignores a malformed SID on the leg and keeps the conference's own", () => {
    const leg = customer({ mediaProperties: { conferenceSid: 'CF-not-a-sid' } });
    expect(findCustomerLeg([unknownSid([leg])])).toBeUndefined();
    expect(findCustomerLeg([conference([leg])])).toEqual({ callSid: CA(1), conferenceSid: CF });
  });
});
