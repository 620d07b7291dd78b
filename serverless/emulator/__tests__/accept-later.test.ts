import { useEmulator } from './helpers';

/**
 * An outbound call staged as TaskRouter has it before Flex accepts (`acceptLater`), then accepted with the
 * accept's conference instruction (acceptOutboundCall), in process and over the control API; and TaskRouter's
 * task `updated` events (onTaskUpdated, the control API's event stream).
 */
const ctx = useEmulator();

/** The callback is recorded whatever its delivery; a URL off this machine is never sent, so no receiver is needed. */
const INSTRUCTION = {
  conferenceStatusCallback: 'https://functions.example.com/recording/conference-status',
  conferenceStatusCallbackEvent: 'join',
  conferenceStatusCallbackMethod: 'POST',
  endConferenceOnExit: true,
};

function joins(conferenceSid: string): string[] {
  return ctx.emulator.conferenceCallbacks(conferenceSid).map((c) => `${c.params.StatusCallbackEvent} ${c.params.CallSid}`);
}

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${ctx.emulator.baseUrl}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // any: asserted structurally
}

describe('placeOutboundCall({ acceptLater: true }) and acceptOutboundCall()', () => {
  it('waits for the accept: task reserved, reservation pending, neither leg dialled nor in the conference', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ acceptLater: true, customer: 'answers' });
    expect(emulator.getTask(call.taskSid).assignmentStatus).toBe('reserved');
    expect(emulator.snapshot().reservations).toEqual([expect.objectContaining({ sid: call.reservationSid, status: 'pending' })]);
    expect(emulator.getCall(call.workerCallSid).status).toBe('queued');
    // 'answers' would have answered at once without acceptLater: nobody has dialled the customer yet.
    expect(emulator.getCall(call.customerCallSid).status).toBe('queued');
    expect(emulator.getConference(call.conferenceSid).participants).toEqual([]);
    expect(() => emulator.answerCall(call.customerCallSid)).toThrow(/not dialled yet/);
  });

  it("applies the accept's instruction before the agent's leg joins, so both joins are reported, in Twilio's order", () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ acceptLater: true });
    const accepted = emulator.acceptOutboundCall(call.taskSid, INSTRUCTION);
    expect(accepted).toEqual(call);
    expect(emulator.conferenceInstructions(call.conferenceSid)).toEqual([INSTRUCTION]);
    expect(emulator.getConference(call.conferenceSid).statusCallback).toEqual({ url: INSTRUCTION.conferenceStatusCallback, method: 'POST', events: ['join'] });
    expect(emulator.getTask(call.taskSid).assignmentStatus).toBe('assigned');
    expect(emulator.snapshot().reservations[0].status).toBe('accepted');
    expect(emulator.getCall(call.workerCallSid).status).toBe('in-progress');
    expect(emulator.getCall(call.customerCallSid).status).toBe('ringing');
    expect(joins(call.conferenceSid)).toEqual([`participant-join ${call.workerCallSid}`]);

    emulator.answerCall(call.customerCallSid);
    expect(joins(call.conferenceSid)).toEqual([`participant-join ${call.workerCallSid}`, `participant-join ${call.customerCallSid}`]);
    expect(emulator.getConference(call.conferenceSid).participants.map((p) => p.callSid)).toEqual([call.workerCallSid, call.customerCallSid]);
  });

  it("starts the customer's behaviour at the accept, and lists a ringing customer then (customerListedWhileRinging)", () => {
    const { emulator } = ctx;
    const answering = emulator.placeOutboundCall({ acceptLater: true, customer: 'answers' });
    emulator.acceptOutboundCall(answering.taskSid, INSTRUCTION);
    expect(emulator.getCall(answering.customerCallSid).status).toBe('in-progress');
    expect(joins(answering.conferenceSid)).toEqual([`participant-join ${answering.workerCallSid}`, `participant-join ${answering.customerCallSid}`]);

    const listed = emulator.placeOutboundCall({ acceptLater: true, customerListedWhileRinging: true });
    expect(emulator.getConference(listed.conferenceSid).participants).toEqual([]);
    emulator.acceptOutboundCall(listed.taskSid);
    expect(emulator.getConference(listed.conferenceSid).participants).toEqual([
      expect.objectContaining({ callSid: listed.workerCallSid, status: 'connected' }),
      expect.objectContaining({ callSid: listed.customerCallSid, status: 'ringing' }),
    ]);
  });

  it('accepts once; refuses unknown tasks, calls placed without acceptLater and malformed instructions (changing nothing)', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ acceptLater: true });
    expect(() => emulator.acceptOutboundCall(call.taskSid, { conferenceStatusCallbackEvent: 'join', conferenceStatusCallback: 'https://x.example/c', conferenceStatusCallbackMethod: 'PUT' })).toThrow(
      /conferenceStatusCallbackMethod/,
    );
    expect(emulator.getTask(call.taskSid).assignmentStatus).toBe('reserved');
    expect(emulator.conferenceInstructions(call.conferenceSid)).toEqual([]);
    emulator.acceptOutboundCall(call.taskSid);
    expect(() => emulator.acceptOutboundCall(call.taskSid)).toThrow(/no outbound call waiting/);
    expect(() => emulator.acceptOutboundCall(emulator.placeOutboundCall().taskSid)).toThrow(/no outbound call waiting/);
    expect(() => emulator.acceptOutboundCall('WT' + '0'.repeat(32))).toThrow(/^No task/);
  });

  it('does not dial a customer whose call was given up before the accept', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ acceptLater: true, customer: 'answers' });
    emulator.hangUp(call.customerCallSid, 'canceled');
    emulator.acceptOutboundCall(call.taskSid, INSTRUCTION);
    expect(emulator.getCall(call.customerCallSid).status).toBe('canceled');
    expect(joins(call.conferenceSid)).toEqual([`participant-join ${call.workerCallSid}`]);
  });

  it('keeps placeOutboundCall without acceptLater as it was: accepted, agent joined, customer ringing', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ conferenceOptions: INSTRUCTION });
    expect(emulator.getTask(call.taskSid).assignmentStatus).toBe('assigned');
    expect(emulator.getCall(call.customerCallSid).status).toBe('ringing');
    expect(joins(call.conferenceSid)).toEqual([`participant-join ${call.workerCallSid}`]);
  });

  it('works over the control API: acceptLater and conferenceOptions on /calls/outbound, POST /tasks/{WT}/accept', async () => {
    const { emulator } = ctx;
    const placed = await control('POST', '/calls/outbound', { acceptLater: true, workerIdentity: 'alice' });
    expect(placed.status).toBe(201);
    const { taskSid, conferenceSid, workerCallSid, customerCallSid } = placed.body;
    expect(await control('POST', `/calls/${customerCallSid}/answer`)).toMatchObject({ status: 409, body: { error: expect.stringContaining('not dialled yet') } });
    expect(await control('POST', `/tasks/${taskSid}/accept`, { conferenceOptions: { ...INSTRUCTION, conferenceStatusCallbackEvent: 'bogus' } })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('unknown event') },
    });
    expect(await control('POST', `/tasks/${taskSid}/accept`, { conferenceOptions: 'join' })).toMatchObject({ status: 400 });
    const accepted = await control('POST', `/tasks/${taskSid}/accept`, { conferenceOptions: INSTRUCTION });
    expect(accepted).toEqual({ status: 200, body: placed.body });
    expect(joins(conferenceSid)).toEqual([`participant-join ${workerCallSid}`]);
    expect(await control('POST', `/tasks/${taskSid}/accept`, {})).toMatchObject({ status: 409 });
    expect(await control('POST', `/tasks/WT${'0'.repeat(32)}/accept`, {})).toMatchObject({ status: 404 });

    const withOptions = await control('POST', '/calls/outbound', { conferenceOptions: INSTRUCTION });
    expect(emulator.conferenceInstructions(withOptions.body.conferenceSid)).toEqual([INSTRUCTION]);
    expect(await control('POST', '/calls/outbound', { conferenceOptions: [] })).toMatchObject({ status: 400 });
  });
});

describe("TaskRouter's task updated events", () => {
  it("pushes each write to that task's listeners after the write, with the task as written, until removed", async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ acceptLater: true });
    const other = emulator.placeOutboundCall();
    const seen: Array<[string, string, unknown]> = [];
    const remove = emulator.onTaskUpdated(call.taskSid, (task) => seen.push([task.etag, task.assignmentStatus, task.attributes.call_recording]));
    emulator.onTaskUpdated(other.taskSid, () => seen.push(['other', '', undefined]));

    emulator.acceptOutboundCall(call.taskSid);
    await ctx.client.taskrouter.v1
      .workspaces(emulator.workspaceSid)
      .tasks(call.taskSid)
      .update({ attributes: JSON.stringify({ ...emulator.getTask(call.taskSid).attributes, call_recording: { status: 'in-progress' } }), ifMatch: '1' });
    // A push, not part of the write: nothing yet in the same turn.
    emulator.setTaskAttributes(call.taskSid, { a: 1 });
    expect(seen.filter(([etag]) => etag === '3')).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([
      ['1', 'assigned', undefined],
      ['2', 'assigned', { status: 'in-progress' }],
      ['3', 'assigned', undefined],
    ]);

    remove();
    emulator.setTaskAttributes(call.taskSid, { a: 2 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toHaveLength(3);
  });

  it('a listener removed between the write and the push hears nothing; one that throws does not stop the others', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall();
    const seen: string[] = [];
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    emulator.onTaskUpdated(call.taskSid, () => {
      throw new Error('page bug');
    });
    const removeLate = emulator.onTaskUpdated(call.taskSid, () => seen.push('removed'));
    emulator.onTaskUpdated(call.taskSid, (task) => seen.push(task.etag));
    emulator.setTaskAttributes(call.taskSid, { a: 1 });
    removeLate();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['1']);
    expect(error).toHaveBeenCalledWith(expect.stringContaining(call.taskSid), expect.any(Error));
  });

  it('streams every task write over GET /_emulator/events (Server-Sent Events) for a page', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall();
    const aborter = new AbortController();
    const response = await fetch(`${emulator.baseUrl}/_emulator/events`, { signal: aborter.signal, headers: { Origin: 'http://127.0.0.1:8080' } });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
    const reader = response.body!.getReader();
    let text = '';
    await reader.read(); // the opening comment: subscribed
    emulator.setTaskAttributes(call.taskSid, { a: 1 });
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    aborter.abort();
    expect(text).toBe(`event: task-updated\ndata: ${JSON.stringify({ taskSid: call.taskSid, etag: '1', assignmentStatus: 'assigned' })}\n\n`);
  });
});
