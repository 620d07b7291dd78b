import { coreFor, outboundCall, type TwilioEmulator, useEmulator } from '../support/emulated-functions';

/**
 * Every call path through the recording core, with the real twilio library against the emulator:
 * transfers (cold/warm, to a worker, a queue, an external number), inbound calls (opt-in, Studio),
 * internal calls and the exclusions. The server is the authority on the recording policy.
 */
let emulator: TwilioEmulator;

useEmulator((started) => (emulator = started));

function creates() {
  return emulator.requests({ routeId: 'CreateCallRecording' });
}

function mediaOf(taskSid: string): Array<{ url: string }> {
  const conversations = emulator.getTask(taskSid).attributes.conversations as { media?: Array<{ url: string }> } | undefined;
  return conversations?.media ?? [];
}

function tokenFor(workerSid: string, identity: string) {
  return emulator.issueFlexToken({ workerSid, identity, roles: ['agent'] });
}

describe('transfers', () => {
  for (const mode of ['cold', 'warm'] as const) {
    for (const kind of ['worker', 'queue'] as const) {
      it(`${mode} transfer to a ${kind}: the receiving task links the same recording, none is added`, async () => {
        const call = outboundCall(emulator, { identity: 'alice' });
        const first = await coreFor(emulator)(call.request);
        const recordingSid = first.ok ? first.value.recordingSid : '';
        const transfer = emulator.transferTask({
          fromTaskSid: call.taskSid,
          target: { kind, workerIdentity: 'bob', queueFriendlyName: 'Sales' },
          mode,
        });
        const request = {
          Token: tokenFor(transfer.workerSid, 'bob'),
          TaskSid: transfer.taskSid,
          CallSid: call.customerCallSid,
          ConferenceSid: transfer.conferenceSid,
        };
        const second = await coreFor(emulator)(request);
        expect(second).toEqual({ ok: true, value: { recordingSid, status: 'in-progress' } });
        expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
        expect(creates()).toHaveLength(1);
        expect(mediaOf(transfer.taskSid).map((m) => m.url)).toEqual([expect.stringMatching(new RegExp(`/Recordings/${recordingSid}$`))]);
        // The original task keeps its link, and lists the receiving task for the recording's final state.
        expect(mediaOf(call.taskSid)).toHaveLength(1);
        expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ recording_sid: recordingSid, linked_task_sids: [transfer.taskSid] });
      });
    }
  }

  it('links the recording when the transfer happened before the original task was linked (no second recording)', async () => {
    const call = outboundCall(emulator, { identity: 'alice' });
    // The original agent's start has not landed yet: the copied attributes carry no link.
    const transfer = emulator.transferTask({ fromTaskSid: call.taskSid, target: { kind: 'worker', workerIdentity: 'bob' }, mode: 'warm' });
    const receiving = { Token: tokenFor(transfer.workerSid, 'bob'), TaskSid: transfer.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid };
    const [original, received] = await Promise.all([coreFor(emulator)(call.request), coreFor(emulator)(receiving)]);
    expect(original.ok && received.ok).toBe(true);
    expect(emulator.recordingsForCall(call.customerCallSid).length).toBeLessThanOrEqual(1);
    const recordingSid = emulator.recordingsForCall(call.customerCallSid)[0].sid;
    expect(original.ok && original.value.recordingSid).toBe(recordingSid);
    expect(received.ok && received.value.recordingSid).toBe(recordingSid);
    expect(mediaOf(transfer.taskSid)).toHaveLength(1);
  });

  it('refuses the receiving agent once their reservation is no longer accepted (they left the call: wrap-up)', async () => {
    const call = outboundCall(emulator, { identity: 'alice' });
    await coreFor(emulator)(call.request);
    const transfer = emulator.transferTask({ fromTaskSid: call.taskSid, target: { kind: 'worker', workerIdentity: 'bob' }, mode: 'warm' });
    emulator.hangUp(transfer.workerCallSid);
    emulator.setReservationStatus(transfer.reservationSid, 'wrapping');
    const outcome = await coreFor(emulator)({ Token: tokenFor(transfer.workerSid, 'bob'), TaskSid: transfer.taskSid, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid });
    expect(outcome).toMatchObject({ ok: false, code: 'task_not_held' });
  });

  it('refuses a receiving task that Flex did not route into the call (its attributes copied, the channel does not list it)', async () => {
    const call = outboundCall(emulator, { identity: 'alice' });
    await coreFor(emulator)(call.request);
    const own = outboundCall(emulator, { identity: 'sam' });
    const supervisor = emulator.joinAsSupervisor({ conferenceSid: call.conferenceSid, identity: 'sam' });
    expect(supervisor.workerSid).toBe(own.workerSid);
    emulator.setTaskAttributes(own.taskSid, { ...emulator.getTask(call.taskSid).attributes });
    const outcome = await coreFor(emulator)({ ...own.request, CallSid: call.customerCallSid, ConferenceSid: call.conferenceSid });
    expect(outcome).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    expect(emulator.getTask(own.taskSid).attributes).toEqual(emulator.getTask(call.taskSid).attributes);
  });

  it("refuses a task that names another task's conference in its attributes (forged by an agent)", async () => {
    const victim = outboundCall(emulator, { identity: 'alice' });
    const mine = outboundCall(emulator, { identity: 'mallory' });
    const attributes = emulator.getTask(mine.taskSid).attributes;
    emulator.setTaskAttributes(mine.taskSid, { ...attributes, to: victim.customerNumber, conference: { sid: victim.conferenceSid } });
    const outcome = await coreFor(emulator)({ ...mine.request, CallSid: victim.customerCallSid, ConferenceSid: victim.conferenceSid });
    expect(outcome).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    expect(creates()).toHaveLength(0);
  });

  it('never records the warm-transfer agent or an external party as the customer', async () => {
    const call = outboundCall(emulator, { identity: 'alice' });
    await coreFor(emulator)(call.request);
    const transfer = emulator.transferTask({ fromTaskSid: call.taskSid, target: { kind: 'worker', workerIdentity: 'bob' }, mode: 'warm' });
    const external = emulator.addParticipant(call.conferenceSid, { to: '+442071234567' });
    const token = tokenFor(transfer.workerSid, 'bob');
    for (const CallSid of [call.workerCallSid, transfer.workerCallSid, external.callSid]) {
      const outcome = await coreFor(emulator)({ Token: token, TaskSid: transfer.taskSid, CallSid, ConferenceSid: call.conferenceSid });
      expect(outcome).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
    }
    expect(creates()).toHaveLength(1);
  });

  it('external transfer: the customer leg stays recorded after the agent leaves (one recording)', async () => {
    const call = outboundCall(emulator, { identity: 'alice' });
    await coreFor(emulator)(call.request);
    emulator.addParticipant(call.conferenceSid, { to: '+442071234567' });
    emulator.hangUp(call.workerCallSid);
    const [recording] = emulator.recordingsForCall(call.customerCallSid);
    expect(recording.status).toBe('in-progress');
    expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
  });
});

describe('inbound calls', () => {
  it('are not recorded unless enabled: refused with recording_excluded, and the task says why', async () => {
    const call = emulator.placeInboundCall({ workerIdentity: 'alice' });
    const outcome = await coreFor(emulator)({
      Token: tokenFor(call.workerSid, 'alice'),
      TaskSid: call.taskSid,
      CallSid: call.customerCallSid,
      ConferenceSid: call.conferenceSid,
    });
    expect(outcome).toMatchObject({ ok: false, code: 'recording_excluded', message: expect.stringMatching(/Inbound/) });
    expect(creates()).toHaveLength(0);
    expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'not-recorded', reason: expect.stringMatching(/^not recorded: Inbound/) });
  });

  it('with RECORD_INBOUND=true: the caller leg is recorded dual-channel, without Studio', async () => {
    const call = emulator.placeInboundCall({ workerIdentity: 'alice' });
    const outcome = await coreFor(emulator, { RECORD_INBOUND: 'true' })({
      Token: tokenFor(call.workerSid, 'alice'),
      TaskSid: call.taskSid,
      CallSid: call.customerCallSid,
      ConferenceSid: call.conferenceSid,
    });
    expect(outcome.ok).toBe(true);
    expect(emulator.recordingsForCall(call.customerCallSid)).toMatchObject([{ channels: 2 }]);
    expect(mediaOf(call.taskSid)).toHaveLength(1);
  });

  it('is skipped when Studio already recorded the call and linked it (no duplicate, no takeover)', async () => {
    const call = emulator.placeInboundCall({ workerIdentity: 'alice', recordedByStudio: true });
    const before = emulator.getTask(call.taskSid).attributes;
    const outcome = await coreFor(emulator, { RECORD_INBOUND: 'true' })({
      Token: tokenFor(call.workerSid, 'alice'),
      TaskSid: call.taskSid,
      CallSid: call.customerCallSid,
      ConferenceSid: call.conferenceSid,
    });
    expect(outcome).toMatchObject({ ok: false, code: 'recording_excluded', message: expect.stringMatching(/already links/) });
    expect(emulator.recordingsForCall(call.customerCallSid)).toHaveLength(1);
    expect(emulator.getTask(call.taskSid).attributes).toEqual(before);
  });

  it('never records the agent leg of an inbound call', async () => {
    const call = emulator.placeInboundCall({ workerIdentity: 'alice' });
    const outcome = await coreFor(emulator, { RECORD_INBOUND: 'true' })({
      Token: tokenFor(call.workerSid, 'alice'),
      TaskSid: call.taskSid,
      CallSid: call.workerCallSid,
      ConferenceSid: call.conferenceSid,
    });
    expect(outcome).toMatchObject({ ok: false, code: 'call_not_customer_leg' });
  });
});

describe('exclusions (the server decides, whatever the plugin did)', () => {
  it('refuses a call of an excluded queue (by name) and writes "not recorded" with the reason', async () => {
    const call = emulator.placeOutboundCall({ workerIdentity: 'alice', customerNumber: '+14155550100', taskQueueFriendlyName: 'Payments' });
    emulator.answerCall(call.customerCallSid);
    const outcome = await coreFor(emulator, { EXCLUDED_QUEUES: 'payments' })({
      Token: tokenFor(call.workerSid, 'alice'),
      TaskSid: call.taskSid,
      CallSid: call.customerCallSid,
      ConferenceSid: call.conferenceSid,
    });
    expect(outcome).toMatchObject({ ok: false, code: 'recording_excluded', message: expect.stringMatching(/Payments/) });
    expect(creates()).toHaveLength(0);
    expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'not-recorded' });
  });

  it('refuses a task flagged do-not-record (configurable attribute name)', async () => {
    const call = outboundCall(emulator);
    emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, no_rec: 'true' });
    const outcome = await coreFor(emulator, { DO_NOT_RECORD_ATTRIBUTE: 'no_rec' })(call.request);
    expect(outcome).toMatchObject({ ok: false, code: 'recording_excluded', message: expect.stringMatching(/no_rec/) });
    expect(creates()).toHaveLength(0);
  });

  it('records other queues as usual', async () => {
    const call = outboundCall(emulator);
    expect((await coreFor(emulator, { EXCLUDED_QUEUES: 'Payments,WQ' + '0'.repeat(32) })(call.request)).ok).toBe(true);
  });

  it('does not let "not recorded" overwrite a live recording (the flag was set after the recording started)', async () => {
    const call = outboundCall(emulator);
    await coreFor(emulator)(call.request);
    emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, do_not_record: true });
    expect(await coreFor(emulator)(call.request)).toMatchObject({ ok: false, code: 'recording_excluded' });
    expect(emulator.getTask(call.taskSid).attributes.call_recording).toMatchObject({ status: 'in-progress' });
  });
});

describe('internal (agent-to-agent) calls', () => {
  it('are never recorded: no customer leg exists', async () => {
    const call = outboundCall(emulator);
    emulator.setTaskAttributes(call.taskSid, { ...emulator.getTask(call.taskSid).attributes, client_call: true });
    expect(await coreFor(emulator)(call.request)).toMatchObject({ ok: false, code: 'recording_excluded', message: expect.stringMatching(/Internal/) });
    expect(creates()).toHaveLength(0);
  });
});
