import { authorizeRecording, isCustomerLeg, type AuthorizationFacts } from '../../src/recording/authorize';

const WORKER = 'WK' + 'a'.repeat(32);
const OTHER_WORKER = 'WK' + 'b'.repeat(32);
const TASK = 'WT' + '1'.repeat(32);
const CONFERENCE = 'CF' + '2'.repeat(32);
const CUSTOMER_CALL = 'CA' + '3'.repeat(32);

function facts(overrides: Partial<AuthorizationFacts> = {}): AuthorizationFacts {
  return {
    workerSid: WORKER,
    taskSid: TASK,
    task: {
      sid: TASK,
      attributes: { direction: 'outbound', to: '+14155550100', from: '+14155550199' },
      assignmentStatus: 'assigned',
      etag: '1',
    },
    reservations: [{ sid: 'WR' + '4'.repeat(32), workerSid: WORKER, status: 'accepted' }],
    conference: { sid: CONFERENCE, friendlyName: TASK, status: 'in-progress' },
    participant: { callSid: CUSTOMER_CALL, conferenceSid: CONFERENCE, status: 'connected' },
    call: { sid: CUSTOMER_CALL, to: '+14155550100', from: '+14155550199', status: 'in-progress' },
    ...overrides,
  };
}

describe('authorizeRecording', () => {
  it('allows the worker holding the task to record the customer leg of its conference', () => {
    const decision = authorizeRecording(facts());
    expect(decision.allowed).toBe(true);
  });

  it("refuses a task the worker has no accepted reservation on (another agent's task)", () => {
    const decision = authorizeRecording(facts({ reservations: [{ sid: 'WR' + '5'.repeat(32), workerSid: OTHER_WORKER, status: 'accepted' }] }));
    expect(decision).toMatchObject({ allowed: false, code: 'task_not_held' });
  });

  it('refuses when the task does not exist', () => {
    expect(authorizeRecording(facts({ task: null }))).toMatchObject({ allowed: false, code: 'task_not_held' });
  });

  it('refuses a completed or canceled task even with a reservation listed', () => {
    for (const assignmentStatus of ['completed', 'canceled', 'pending', 'reserved']) {
      const base = facts();
      const decision = authorizeRecording({ ...base, task: { ...base.task!, assignmentStatus } });
      expect(decision).toMatchObject({ allowed: false, code: 'task_not_held' });
    }
  });

  it('allows a task in wrap-up while the call still runs (the agent may wrap while the customer is on hold)', () => {
    const base = facts();
    expect(authorizeRecording({ ...base, task: { ...base.task!, assignmentStatus: 'wrapping' } }).allowed).toBe(true);
  });

  it("refuses a conference that is not named after the task (another task's conference)", () => {
    const decision = authorizeRecording(facts({ conference: { sid: CONFERENCE, friendlyName: 'WT' + '9'.repeat(32), status: 'in-progress' } }));
    expect(decision).toMatchObject({ allowed: false, code: 'call_not_customer_leg' });
  });

  it('refuses a conference that has ended', () => {
    const decision = authorizeRecording(facts({ conference: { sid: CONFERENCE, friendlyName: TASK, status: 'completed' } }));
    expect(decision).toMatchObject({ allowed: false, code: 'call_not_customer_leg' });
  });

  it("refuses a call that is not a participant of the task's conference", () => {
    expect(authorizeRecording(facts({ participant: null }))).toMatchObject({ allowed: false, code: 'call_not_customer_leg' });
  });

  it('refuses a call that does not exist', () => {
    expect(authorizeRecording(facts({ call: null }))).toMatchObject({ allowed: false, code: 'call_not_customer_leg' });
  });

  it("refuses the agent's own leg", () => {
    const decision = authorizeRecording(facts({ call: { sid: CUSTOMER_CALL, to: 'client:alice', from: '+14155550199', status: 'in-progress' } }));
    expect(decision).toMatchObject({ allowed: false, code: 'call_not_customer_leg' });
  });

  it('refuses an external transfer target (another number than the customer)', () => {
    const decision = authorizeRecording(facts({ call: { sid: CUSTOMER_CALL, to: '+442071234567', from: '+14155550199', status: 'in-progress' } }));
    expect(decision).toMatchObject({ allowed: false, code: 'call_not_customer_leg' });
  });

  it('says the customer hung up when the call or participant has ended', () => {
    const ended = facts({ call: { sid: CUSTOMER_CALL, to: '+14155550100', from: '+14155550199', status: 'completed' } });
    expect(authorizeRecording(ended)).toMatchObject({ allowed: false, code: 'call_not_in_progress' });
    const left = facts({ participant: { callSid: CUSTOMER_CALL, conferenceSid: CONFERENCE, status: 'complete' } });
    expect(authorizeRecording(left)).toMatchObject({ allowed: false, code: 'call_not_in_progress' });
  });

  it('says the customer has not answered (customer_not_answered) only for a ringing leg Twilio lists in the conference', () => {
    for (const status of ['queued', 'ringing']) {
      const listed = facts({ call: { sid: CUSTOMER_CALL, to: '+14155550100', from: '+14155550199', status }, participant: { callSid: CUSTOMER_CALL, conferenceSid: CONFERENCE, status: 'ringing' } });
      expect(authorizeRecording(listed)).toMatchObject({ allowed: false, code: 'customer_not_answered', message: expect.stringMatching(/not answered/) });
      // Not listed (yet): nothing shows it is this conference's, so it is answered like anyone else's call.
      const unlisted = facts({ call: { sid: CUSTOMER_CALL, to: '+14155550100', from: '+14155550199', status }, participant: null });
      expect(authorizeRecording(unlisted)).toMatchObject({ allowed: false, code: 'call_not_customer_leg' });
    }
  });

  it('keeps call_not_in_progress for the listed customer leg that ended; an ended call no longer listed is not shown to be theirs', () => {
    for (const status of ['no-answer', 'busy', 'canceled', 'failed', 'completed']) {
      const listed = facts({ call: { sid: CUSTOMER_CALL, to: '+14155550100', from: '+14155550199', status }, participant: { callSid: CUSTOMER_CALL, conferenceSid: CONFERENCE, status: 'complete' } });
      expect(authorizeRecording(listed)).toMatchObject({ allowed: false, code: 'call_not_in_progress' });
      const gone = facts({ call: { sid: CUSTOMER_CALL, to: '+14155550100', from: '+14155550199', status }, participant: null });
      expect(authorizeRecording(gone)).toMatchObject({ allowed: false, code: 'call_not_customer_leg' });
    }
  });

  it("answers another conference's call exactly like an unknown one, whatever its status", () => {
    const unknown = authorizeRecording(facts({ call: null, participant: null }));
    for (const status of ['in-progress', 'ringing', 'completed', 'no-answer']) {
      const foreign = facts({ call: { sid: CUSTOMER_CALL, to: '+14155550100', from: '+14155550199', status }, participant: null });
      expect(authorizeRecording(foreign)).toEqual(unknown);
      const elsewhere = facts({ call: { sid: CUSTOMER_CALL, to: '+14155550100', from: '+14155550199', status }, participant: { callSid: CUSTOMER_CALL, conferenceSid: 'CF' + '9'.repeat(32), status: 'connected' } });
      expect(authorizeRecording(elsewhere)).toEqual(unknown);
    }
  });

  it('refuses a receiving task whose conference is named after another task unless the Interactions channel routed it in', () => {
    const transferConference = { sid: CONFERENCE, friendlyName: 'WT' + '7'.repeat(32), status: 'in-progress' };
    expect(authorizeRecording(facts({ conference: transferConference }))).toMatchObject({ allowed: false, code: 'call_not_customer_leg' });
    expect(authorizeRecording(facts({ conference: transferConference, routedIntoCall: false }))).toMatchObject({ allowed: false, code: 'call_not_customer_leg' });
    expect(authorizeRecording(facts({ conference: transferConference, routedIntoCall: true }))).toMatchObject({ allowed: true });
  });

  it('refuses a ringing leg that is not the customer as not the customer leg (no hint that it rings)', () => {
    const external = facts({ call: { sid: CUSTOMER_CALL, to: '+442071234567', from: '+14155550199', status: 'ringing' } });
    expect(authorizeRecording(external)).toMatchObject({ allowed: false, code: 'call_not_customer_leg' });
  });
});

describe('isCustomerLeg', () => {
  const call = { sid: CUSTOMER_CALL, to: '+1 (415) 555-0100', from: '+14155550199', status: 'in-progress' };

  it('matches the outbound task\'s dialled number, ignoring formatting', () => {
    expect(isCustomerLeg(call, { direction: 'outbound', to: '+14155550100' })).toBe(true);
  });

  it('prefers outbound_to when Flex set it', () => {
    expect(isCustomerLeg(call, { direction: 'outbound', outbound_to: '+14155550100', to: 'client:alice' })).toBe(true);
  });

  it('matches an inbound task by the caller number', () => {
    expect(isCustomerLeg({ ...call, to: '+14155550199', from: '+14155550100' }, { direction: 'inbound', from: '+14155550100' })).toBe(true);
  });

  it('cannot confirm a customer without a customer number on the task', () => {
    expect(isCustomerLeg(call, { direction: 'outbound' })).toBe(false);
  });

  it('never takes a Flex client or SIP leg for the customer', () => {
    expect(isCustomerLeg({ ...call, to: 'client:bob' }, { direction: 'outbound', to: 'client:bob' })).toBe(false);
    expect(isCustomerLeg({ ...call, to: 'sip:agent@example.com' }, { direction: 'outbound', to: 'sip:agent@example.com' })).toBe(false);
  });
});
