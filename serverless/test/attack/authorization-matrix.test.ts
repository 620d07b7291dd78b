import type { ReservationStatus } from '../../emulator';
import type { ErrorCode, PauseRecordingRequest } from 'plugin-outbound-recording/contract';
import {
  AGENT_ACTIONS,
  CUSTOMER,
  agentCall,
  answerSummary,
  expectRefused,
  liveRecordings,
  postEnvelope,
  pointTaskAtCall,
  recordingStates,
  secretsOf,
  startRecordingOf,
  taskFingerprint,
  useServers,
  type AgentAction,
  type AgentCall,
  type InteractionChannel,
} from './support';

/**
 * Who may start, pause and resume a call's recording, from facts Twilio owns only: the caller holds an
 * ACCEPTED reservation on the task, and the call is a current participant of the live conference named
 * after the task and is its customer's leg; a transfer's receiving task only when Flex's Interaction
 * channel (the task's flexInteractionSid / flexInteractionChannelSid) lists an agent routed by the
 * caller's task, accepted reservation and worker AND an agent routed by the conference's own task.
 * Every refusal: exact status and body, nothing written anywhere, Twilio's recordings untouched.
 */
const servers = useServers({ warm: true });

const OTHER_NUMBER = '+14155550177';

interface Watch {
  /** Calls whose recordings must stay exactly as they are. */
  calls: string[];
  /** Tasks whose stored attributes must stay exactly as they are. */
  tasks: string[];
}

function snapshotOf(watch: Watch) {
  return {
    recordings: watch.calls.map((callSid) => [callSid, recordingStates(servers.emulator, callSid)]),
    tasks: watch.tasks.map((taskSid) => taskFingerprint(servers.emulator, taskSid)),
  };
}

/** Start, pause and resume (or the given ones) are each refused with `code`; nothing watched changes. */
async function expectEveryActionRefused(
  fields: PauseRecordingRequest,
  code: ErrorCode,
  watch: Watch,
  options: { actions?: AgentAction[]; secrets?: string[] } = {},
): Promise<void> {
  const before = snapshotOf(watch);
  for (const action of options.actions ?? AGENT_ACTIONS) {
    await expectRefused(servers, () => postEnvelope(servers.functions, action, fields), {
      code,
      twilio: 'reads',
      secrets: options.secrets ?? secretsOf(servers.emulator, fields.Token),
    });
  }
  expect(snapshotOf(watch)).toEqual(before);
}

/** Alice's outbound call, answered and recorded by her. */
async function recordedCall(identity = 'alice', customerNumber = CUSTOMER): Promise<AgentCall & { recordingSid: string }> {
  const call = agentCall(servers.emulator, { identity, customerNumber });
  const recordingSid = await startRecordingOf(servers, call.fields);
  return { ...call, recordingSid };
}

function channelOf(call: { interactionSid: string; channelSid: string }): InteractionChannel {
  return { interactionSid: call.interactionSid, channelSid: call.channelSid };
}

describe('the task: only an ACCEPTED reservation of the caller holds it (403 task_not_held)', () => {
  const statuses: ReservationStatus[] = ['pending', 'rejected', 'timeout', 'canceled', 'rescinded', 'wrapping', 'completed'];

  it.each(statuses)("the caller's reservation is %s: start, pause and resume are refused", async (status) => {
    const call = await recordedCall();
    servers.emulator.setReservationStatus(call.reservationSid, status);
    await expectEveryActionRefused(call.fields, 'task_not_held', { calls: [call.customerCallSid], tasks: [call.taskSid] });
  });

  it("someone else's task (another agent's valid token, the task's own call and conference)", async () => {
    const call = await recordedCall('alice');
    const bob = agentCall(servers.emulator, { identity: 'bob', customerNumber: OTHER_NUMBER });
    await expectEveryActionRefused({ ...call.fields, Token: bob.token }, 'task_not_held', {
      calls: [call.customerCallSid, bob.customerCallSid],
      tasks: [call.taskSid, bob.taskSid],
    });
  });

  it('an unknown but well-formed TaskSid: 403, never 502', async () => {
    const call = await recordedCall();
    await expectEveryActionRefused({ ...call.fields, TaskSid: `WT${'0'.repeat(32)}` }, 'task_not_held', { calls: [call.customerCallSid], tasks: [call.taskSid] });
  });

  it('a task TaskRouter completed (its reservations too)', async () => {
    const call = await recordedCall();
    servers.emulator.completeTask(call.taskSid);
    await expectEveryActionRefused(call.fields, 'task_not_held', { calls: [call.customerCallSid], tasks: [call.taskSid] });
  });

  it('a task whose only accepted reservation is for another worker, the caller having a rejected one', async () => {
    const call = await recordedCall('alice');
    const mallory = servers.emulator.createWorker({ identity: 'mallory' });
    servers.emulator.createReservation({ taskSid: call.taskSid, workerSid: mallory.workerSid, status: 'rejected' });
    const token = servers.emulator.issueFlexToken({ workerSid: mallory.workerSid, identity: mallory.identity });
    await expectEveryActionRefused({ ...call.fields, Token: token }, 'task_not_held', { calls: [call.customerCallSid], tasks: [call.taskSid] });
  });
});

describe("the call: a current participant of the task's live conference, and its customer's leg (403 call_not_customer_leg)", () => {
  it('an unknown but well-formed CallSid', async () => {
    const call = await recordedCall();
    await expectEveryActionRefused({ ...call.fields, CallSid: `CA${'0'.repeat(32)}` }, 'call_not_customer_leg', { calls: [call.customerCallSid], tasks: [call.taskSid] });
  });

  it('an unknown but well-formed ConferenceSid', async () => {
    const call = await recordedCall();
    await expectEveryActionRefused({ ...call.fields, ConferenceSid: `CF${'0'.repeat(32)}` }, 'call_not_customer_leg', {
      calls: [call.customerCallSid],
      tasks: [call.taskSid],
    });
  });

  it("another conference's customer call to the SAME number, in progress and recorded, named with the caller's conference", async () => {
    const call = await recordedCall('alice');
    const bob = await recordedCall('bob');
    await expectEveryActionRefused({ ...call.fields, CallSid: bob.customerCallSid }, 'call_not_customer_leg', {
      calls: [call.customerCallSid, bob.customerCallSid],
      tasks: [call.taskSid, bob.taskSid],
    });
  });

  it("another task's conference and its customer call, with the caller's task", async () => {
    const call = await recordedCall('alice');
    const bob = await recordedCall('bob');
    await expectEveryActionRefused({ ...call.fields, CallSid: bob.customerCallSid, ConferenceSid: bob.conferenceSid }, 'call_not_customer_leg', {
      calls: [call.customerCallSid, bob.customerCallSid],
      tasks: [call.taskSid, bob.taskSid],
    });
  });

  it.each([
    ['ringing, listed as a participant of its own conference', { listedWhileRinging: true }],
    ['ringing, not yet a participant', { listedWhileRinging: false }],
  ] as const)("another conference's customer call to the same number, %s: 403, not 409", async (_name, { listedWhileRinging }) => {
    const call = await recordedCall('alice');
    const bob = agentCall(servers.emulator, { identity: 'bob', answered: false, listedWhileRinging });
    await expectEveryActionRefused({ ...call.fields, CallSid: bob.customerCallSid }, 'call_not_customer_leg', {
      calls: [call.customerCallSid, bob.customerCallSid],
      tasks: [call.taskSid, bob.taskSid],
    });
  });

  it("another conference's customer call to the same number that ended: 403 (not 409), and the caller's task is not marked not-recorded", async () => {
    const call = await recordedCall('alice');
    const bob = await recordedCall('bob');
    servers.emulator.hangUp(bob.customerCallSid);
    await servers.emulator.flushStatusCallbacks();
    await expectEveryActionRefused({ ...call.fields, CallSid: bob.customerCallSid }, 'call_not_customer_leg', {
      calls: [call.customerCallSid, bob.customerCallSid],
      tasks: [call.taskSid, bob.taskSid],
    });
  });

  it("the caller's own (agent) leg", async () => {
    const call = await recordedCall();
    await expectEveryActionRefused({ ...call.fields, CallSid: call.workerCallSid }, 'call_not_customer_leg', { calls: [call.customerCallSid, call.workerCallSid], tasks: [call.taskSid] });
  });

  it("a supervisor's leg (monitoring the call)", async () => {
    const call = await recordedCall();
    const supervisor = servers.emulator.joinAsSupervisor({ conferenceSid: call.conferenceSid, identity: 'sam' });
    await expectEveryActionRefused({ ...call.fields, CallSid: supervisor.callSid }, 'call_not_customer_leg', {
      calls: [call.customerCallSid, supervisor.callSid],
      tasks: [call.taskSid],
    });
  });

  it("an external party's leg (a number added to the call)", async () => {
    const call = await recordedCall();
    const external = servers.emulator.addExternalParty({ conferenceSid: call.conferenceSid, number: '+442071234567' });
    await expectEveryActionRefused({ ...call.fields, CallSid: external.callSid }, 'call_not_customer_leg', {
      calls: [call.customerCallSid, external.callSid],
      tasks: [call.taskSid],
    });
  });

  it("a colleague's client leg added to the call, and a coaching client leg", async () => {
    const call = await recordedCall();
    const colleague = servers.emulator.addParticipant(call.conferenceSid, { to: 'client:carol' });
    const coach = servers.emulator.addParticipant(call.conferenceSid, { to: 'client:coach', label: 'supervisor', coaching: true });
    for (const leg of [colleague, coach]) {
      await expectEveryActionRefused({ ...call.fields, CallSid: leg.callSid }, 'call_not_customer_leg', { calls: [call.customerCallSid, leg.callSid], tasks: [call.taskSid] });
    }
  });

  it("an inbound task: the agent's leg and an external party's leg are not the caller's leg", async () => {
    const inbound = servers.emulator.placeInboundCall({ workerIdentity: 'alice' });
    const token = servers.emulator.issueFlexToken({ workerSid: inbound.workerSid, identity: inbound.workerIdentity });
    const external = servers.emulator.addExternalParty({ conferenceSid: inbound.conferenceSid, number: '+442071234568' });
    const fields = { Token: token, TaskSid: inbound.taskSid, ConferenceSid: inbound.conferenceSid };
    for (const callSid of [inbound.workerCallSid, external.callSid]) {
      await expectEveryActionRefused({ ...fields, CallSid: callSid }, 'call_not_customer_leg', { calls: [inbound.customerCallSid, callSid], tasks: [inbound.taskSid] });
    }
  });

  it("an agent names another agent's call with their own task, attributes untouched", async () => {
    const victim = await recordedCall('alice');
    const bob = agentCall(servers.emulator, { identity: 'bob', customerNumber: OTHER_NUMBER });
    await expectEveryActionRefused(
      { Token: bob.token, TaskSid: bob.taskSid, CallSid: victim.customerCallSid, ConferenceSid: victim.conferenceSid },
      'call_not_customer_leg',
      { calls: [victim.customerCallSid, bob.customerCallSid], tasks: [victim.taskSid, bob.taskSid] },
    );
  });
});

describe("409 is only for the caller's own customer leg", () => {
  it.each(AGENT_ACTIONS)('%s: the customer leg rings, listed as a participant: 409 customer_not_answered, nothing written', async (action) => {
    const call = agentCall(servers.emulator, { answered: false, listedWhileRinging: true });
    const before = taskFingerprint(servers.emulator, call.taskSid);
    await expectRefused(servers, () => postEnvelope(servers.functions, action, call.fields), { code: 'customer_not_answered', twilio: 'reads', secrets: secretsOf(servers.emulator, call.token) });
    expect(taskFingerprint(servers.emulator, call.taskSid)).toEqual(before);
    expect(recordingStates(servers.emulator, call.customerCallSid)).toEqual([]);
  });
});

describe("the attack: a worker on another agent's call rewrites a task they hold to look like that call's transfer", () => {
  interface Attacker {
    token: string;
    taskSid: string;
    /** Calls of the attacker's own that must stay as they are. */
    ownCalls: string[];
  }

  type Setup = (victim: Awaited<ReturnType<typeof recordedCall>>) => Attacker;

  /** The attacker's own outbound call (another customer), whose task is the one rewritten. */
  function ownOutboundTask(workerSid: string, identity: string): Attacker & { call: AgentCall } {
    const call = agentCall(servers.emulator, { workerSid, identity, customerNumber: OTHER_NUMBER });
    return { call, token: servers.emulator.issueFlexToken({ workerSid, identity, roles: ['agent', 'supervisor'] }), taskSid: call.taskSid, ownCalls: [call.customerCallSid] };
  }

  /** A bare task TaskRouter assigned to the attacker (an accepted reservation), no call of its own. */
  function bareTask(workerSid: string, identity: string): Attacker {
    const { taskSid } = servers.emulator.createTask({ assignmentStatus: 'assigned', taskChannelUniqueName: 'voice', attributes: { direction: 'outbound' } });
    servers.emulator.createReservation({ taskSid, workerSid, status: 'accepted' });
    return { token: servers.emulator.issueFlexToken({ workerSid, identity, roles: ['agent', 'supervisor'] }), taskSid, ownCalls: [] };
  }

  const setups: Array<[string, Setup]> = [
    [
      "a supervisor monitoring the call, with their own outbound call's task pointed at the victim's conference, customer and channel",
      (victim) => {
        const supervisor = servers.emulator.joinAsSupervisor({ conferenceSid: victim.conferenceSid, identity: 'mallory' });
        const attacker = ownOutboundTask(supervisor.workerSid, supervisor.identity);
        pointTaskAtCall(servers.emulator, attacker.taskSid, victim, channelOf(victim));
        return attacker;
      },
    ],
    [
      'a supervisor monitoring the call, with a bare task they hold pointed at it',
      (victim) => {
        const supervisor = servers.emulator.joinAsSupervisor({ conferenceSid: victim.conferenceSid, identity: 'mallory' });
        const attacker = bareTask(supervisor.workerSid, supervisor.identity);
        pointTaskAtCall(servers.emulator, attacker.taskSid, victim, channelOf(victim));
        return attacker;
      },
    ],
    [
      "a colleague whose client leg was added to the call, with their own call's task pointed at it",
      (victim) => {
        const colleague = servers.emulator.createWorker({ identity: 'bob' });
        servers.emulator.addParticipant(victim.conferenceSid, { to: 'client:bob' });
        const attacker = ownOutboundTask(colleague.workerSid, colleague.identity);
        pointTaskAtCall(servers.emulator, attacker.taskSid, victim, channelOf(victim));
        return attacker;
      },
    ],
    [
      "a colleague on the call, naming their OWN task's channel (where Flex did route them) instead of the victim's",
      (victim) => {
        const colleague = servers.emulator.createWorker({ identity: 'bob' });
        servers.emulator.addParticipant(victim.conferenceSid, { to: 'client:bob' });
        const attacker = ownOutboundTask(colleague.workerSid, colleague.identity);
        pointTaskAtCall(servers.emulator, attacker.taskSid, victim, channelOf(attacker.call));
        return attacker;
      },
    ],
    [
      'a colleague on the call, naming no channel at all',
      (victim) => {
        const colleague = servers.emulator.createWorker({ identity: 'bob' });
        servers.emulator.addParticipant(victim.conferenceSid, { to: 'client:bob' });
        const attacker = ownOutboundTask(colleague.workerSid, colleague.identity);
        pointTaskAtCall(servers.emulator, attacker.taskSid, victim);
        return attacker;
      },
    ],
    [
      "a supervisor whose task the victim's channel lists, but routed to ANOTHER worker",
      (victim) => {
        const supervisor = servers.emulator.joinAsSupervisor({ conferenceSid: victim.conferenceSid, identity: 'mallory' });
        const attacker = ownOutboundTask(supervisor.workerSid, supervisor.identity);
        const someoneElse = servers.emulator.createWorker({ identity: 'carol' });
        servers.emulator.addAgentToChannel({ ...channelOf(victim), taskSid: attacker.taskSid, reservationSid: attacker.call.reservationSid, workerSid: someoneElse.workerSid });
        pointTaskAtCall(servers.emulator, attacker.taskSid, victim, channelOf(victim));
        return attacker;
      },
    ],
    [
      "a supervisor whose task the victim's channel lists with a reservation that is not accepted",
      (victim) => {
        const supervisor = servers.emulator.joinAsSupervisor({ conferenceSid: victim.conferenceSid, identity: 'mallory' });
        const attacker = ownOutboundTask(supervisor.workerSid, supervisor.identity);
        const { reservationSid } = servers.emulator.createReservation({ taskSid: attacker.taskSid, workerSid: supervisor.workerSid, status: 'rejected' });
        servers.emulator.addAgentToChannel({ ...channelOf(victim), taskSid: attacker.taskSid, reservationSid, workerSid: supervisor.workerSid });
        pointTaskAtCall(servers.emulator, attacker.taskSid, victim, channelOf(victim));
        return attacker;
      },
    ],
  ];

  it.each(setups)('%s: start, pause and resume are 403, Twilio and every task untouched', async (_name, setup) => {
    const victim = await recordedCall('alice');
    const attacker = setup(victim);
    const fields = { Token: attacker.token, TaskSid: attacker.taskSid, CallSid: victim.customerCallSid, ConferenceSid: victim.conferenceSid };
    const watch = { calls: [victim.customerCallSid, ...attacker.ownCalls], tasks: [victim.taskSid, attacker.taskSid] };
    const secrets = secretsOf(servers.emulator, attacker.token, victim.token);

    // A running recording: start (to link it into the attacker's task) and pause are refused.
    await expectEveryActionRefused(fields, 'call_not_customer_leg', watch, { actions: ['start', 'pause'], secrets });
    expect(recordingStates(servers.emulator, victim.customerCallSid)).toEqual([[victim.recordingSid, 'in-progress']]);

    // The victim pauses; the attacker's resume is refused.
    const paused = await postEnvelope(servers.functions, 'pause', victim.fields);
    expect(answerSummary(paused)).toMatchObject({ status: 200, body: { recordingSid: victim.recordingSid, status: 'paused' } });
    await expectEveryActionRefused(fields, 'call_not_customer_leg', watch, { actions: ['resume', 'start'], secrets });
    expect(recordingStates(servers.emulator, victim.customerCallSid)).toEqual([[victim.recordingSid, 'paused']]);
  });
});

describe('legitimate transfers still work (cold and warm, to a worker and to a queue)', () => {
  const transfers = [
    ['cold', 'worker'],
    ['cold', 'queue'],
    ['warm', 'worker'],
    ['warm', 'queue'],
  ] as const;

  it.each(transfers)('%s transfer to a %s: the receiving agent starts (same recording), pauses and resumes', async (mode, kind) => {
    const call = await recordedCall('alice');
    const transfer = servers.emulator.transferTask({
      fromTaskSid: call.taskSid,
      target: kind === 'queue' ? { kind, workerIdentity: 'bob', queueFriendlyName: 'Support' } : { kind, workerIdentity: 'bob' },
      mode,
    });
    const token = servers.emulator.issueFlexToken({ workerSid: transfer.workerSid, identity: transfer.workerIdentity });
    const fields = { Token: token, TaskSid: transfer.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid };

    const expected: Array<[AgentAction, 'in-progress' | 'paused']> = [
      ['start', 'in-progress'],
      ['pause', 'paused'],
      ['resume', 'in-progress'],
    ];
    for (const [action, status] of expected) {
      const answer = await postEnvelope(servers.functions, action, fields);
      expect({ action, ...answerSummary(answer) }).toEqual({
        action,
        status: 200,
        contentType: expect.stringMatching(/^application\/json/),
        body: { recordingSid: call.recordingSid, status },
      });
      expect(recordingStates(servers.emulator, call.customerCallSid)).toEqual([[call.recordingSid, status]]);
    }
    await servers.emulator.flushStatusCallbacks();
    expect(servers.emulator.getTask(transfer.taskSid).attributes.call_recording).toMatchObject({ recording_sid: call.recordingSid, status: 'in-progress' });

    // The transferring agent: after a warm transfer still on the call (and holding the task); after a cold one, no longer.
    if (mode === 'warm') {
      const paused = await postEnvelope(servers.functions, 'pause', call.fields);
      expect(answerSummary(paused)).toMatchObject({ status: 200, body: { recordingSid: call.recordingSid, status: 'paused' } });
    } else {
      await expectEveryActionRefused(call.fields, 'task_not_held', { calls: [call.customerCallSid], tasks: [call.taskSid] });
    }
  });

  it('a cold transfer before anything was recorded: the receiving agent starts the recording, linked to both tasks', async () => {
    const call = agentCall(servers.emulator, { identity: 'alice' });
    const transfer = servers.emulator.transferTask({ fromTaskSid: call.taskSid, target: { kind: 'worker', workerIdentity: 'bob' }, mode: 'cold' });
    const token = servers.emulator.issueFlexToken({ workerSid: transfer.workerSid, identity: transfer.workerIdentity });
    const recordingSid = await startRecordingOf(servers, { Token: token, TaskSid: transfer.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid });
    expect(liveRecordings(servers.emulator, call.customerCallSid).map((r) => r.sid)).toEqual([recordingSid]);
    expect(servers.emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ recording_sid: recordingSid });
  });

  it("the receiving agent before accepting (reservation pending): 403 task_not_held", async () => {
    const call = await recordedCall('alice');
    const transfer = servers.emulator.transferTask({ fromTaskSid: call.taskSid, target: { kind: 'worker', workerIdentity: 'bob' }, mode: 'warm' });
    servers.emulator.setReservationStatus(transfer.reservationSid, 'pending');
    const token = servers.emulator.issueFlexToken({ workerSid: transfer.workerSid, identity: transfer.workerIdentity });
    await expectEveryActionRefused({ Token: token, TaskSid: transfer.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid }, 'task_not_held', {
      calls: [call.customerCallSid],
      tasks: [call.taskSid, transfer.taskSid],
    });
  });

  it("a supervisor monitoring a transferred call, with the receiving task's SID: 403 task_not_held", async () => {
    const call = await recordedCall('alice');
    const transfer = servers.emulator.transferTask({ fromTaskSid: call.taskSid, target: { kind: 'worker', workerIdentity: 'bob' }, mode: 'cold' });
    const supervisor = servers.emulator.joinAsSupervisor({ conferenceSid: call.conferenceSid, identity: 'sam' });
    const token = servers.emulator.issueFlexToken({ workerSid: supervisor.workerSid, identity: supervisor.identity, roles: ['supervisor'] });
    await expectEveryActionRefused({ Token: token, TaskSid: transfer.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid }, 'task_not_held', {
      calls: [call.customerCallSid],
      tasks: [call.taskSid, transfer.taskSid],
    });
  });
});
