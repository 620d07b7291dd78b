import { findOperation, validateResponse } from '../spec';
import { rawRequest, restError, useEmulator } from './helpers';

const ctx = useEmulator();

const KD = /^KD[0-9a-f]{32}$/;
const UO = /^UO[0-9a-f]{32}$/;
const UT = /^UT[0-9a-f]{32}$/;

const participantsPath = (interactionSid: string, channelSid: string) => `/v1/Interactions/${interactionSid}/Channels/${channelSid}/Participants`;

/** Raw JSON of the listing (not the library's objects), with its check against the official response schema. */
async function listRaw(interactionSid: string, channelSid: string, query = '') {
  const { status, body } = await rawRequest(ctx.emulator, 'GET', `/flex-api.twilio.com${participantsPath(interactionSid, channelSid)}${query}`);
  return { status, body, violations: validateResponse(findOperation('flex', 'ListInteractionChannelParticipant')!, status, body) };
}

/** What the listing shows, in a form easy to compare. */
async function listed(interactionSid: string, channelSid: string) {
  const participants = await ctx.client.flexApi.v1.interaction(interactionSid).channels(channelSid).participants.list();
  return participants.map((p) => ({ type: p.type, routingProperties: p.routingProperties as unknown }));
}

const agent = (taskSid: string, reservationSid: string, workerSid: string) => ({
  type: 'agent',
  routingProperties: { task_sid: taskSid, reservation_sid: reservationSid, worker_sid: workerSid },
});
const customer = { type: 'customer', routingProperties: null };

afterEach(() => expect(ctx.emulator.specViolations()).toEqual([]));

describe('Flex Interactions: a voice task has an Interaction with a voice channel', () => {
  it('outbound: the task attributes name them, the channel lists the customer and the agent routed by the task', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ workerIdentity: 'alice', extraTaskAttributes: { custom: 1 } });
    expect(call.interactionSid).toMatch(KD);
    expect(call.channelSid).toMatch(UO);
    expect(emulator.getTask(call.taskSid).attributes).toEqual({
      direction: 'outbound',
      from: call.callerId,
      to: call.customerNumber,
      name: call.customerNumber,
      targetWorker: 'client:alice',
      autoAnswer: 'true',
      flexInteractionSid: call.interactionSid,
      flexInteractionChannelSid: call.channelSid,
      custom: 1,
    });
    expect(await listed(call.interactionSid, call.channelSid)).toEqual([customer, agent(call.taskSid, call.reservationSid, call.workerSid)]);

    const raw = await listRaw(call.interactionSid, call.channelSid);
    expect(raw).toMatchObject({ status: 200, violations: [] });
    const url = `https://flex-api.twilio.com${participantsPath(call.interactionSid, call.channelSid)}`;
    expect(raw.body.participants).toEqual([
      { sid: expect.stringMatching(UT), channel_sid: call.channelSid, interaction_sid: call.interactionSid, type: 'customer', routing_properties: null, url: expect.stringMatching(/\/Participants\/UT/) },
      {
        sid: expect.stringMatching(UT),
        channel_sid: call.channelSid,
        interaction_sid: call.interactionSid,
        type: 'agent',
        routing_properties: { task_sid: call.taskSid, reservation_sid: call.reservationSid, worker_sid: call.workerSid },
        url: `${url}/${raw.body.participants[1].sid}`,
      },
    ]);
    expect(raw.body.meta).toEqual({
      first_page_url: `${url}?PageSize=50&Page=0`,
      key: 'participants',
      next_page_url: null,
      page: 0,
      page_size: 50,
      previous_page_url: null,
      url: `${url}?PageSize=50&Page=0`,
    });
    expect(emulator.requests()[0]).toMatchObject({ hostKind: 'flex', routeId: 'ListInteractionChannelParticipant', specValidated: true, status: 200 });
  });

  it('extraTaskAttributes still win over the Interaction attributes (e.g. to stage forged ones)', () => {
    const forged = { flexInteractionSid: 'KD' + '0'.repeat(32), flexInteractionChannelSid: 'UO' + '0'.repeat(32) };
    const call = ctx.emulator.placeOutboundCall({ extraTaskAttributes: forged });
    expect(ctx.emulator.getTask(call.taskSid).attributes).toMatchObject(forged);
    expect(call.interactionSid).not.toBe(forged.flexInteractionSid);
    const inbound = ctx.emulator.placeInboundCall({ extraTaskAttributes: forged });
    expect(ctx.emulator.getTask(inbound.taskSid).attributes).toMatchObject(forged);
  });

  it('inbound: the same, next to the attributes Flex writes on accept', async () => {
    const { emulator } = ctx;
    const call = emulator.placeInboundCall({ workerIdentity: 'bob', recordedByStudio: true });
    expect(emulator.getTask(call.taskSid).attributes).toMatchObject({
      direction: 'inbound',
      call_sid: call.customerCallSid,
      conference: { sid: call.conferenceSid },
      conversations: { media: [expect.any(Object)] },
      flexInteractionSid: call.interactionSid,
      flexInteractionChannelSid: call.channelSid,
    });
    expect(await listed(call.interactionSid, call.channelSid)).toEqual([customer, agent(call.taskSid, call.reservationSid, call.workerSid)]);
    // Each call has its own Interaction.
    const other = emulator.placeOutboundCall();
    expect(other.interactionSid).not.toBe(call.interactionSid);
    expect(other.channelSid).not.toBe(call.channelSid);
  });

  it.each(['cold', 'warm'] as const)('a %s transfer adds the receiving agent to the SAME channel; the transferring agent stays listed', async (mode) => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ workerIdentity: 'alice', customer: 'answers' });
    const transfer = emulator.transferTask({ fromTaskSid: call.taskSid, target: { kind: 'worker', workerIdentity: 'bob' }, mode });
    expect(transfer).toMatchObject({ interactionSid: call.interactionSid, channelSid: call.channelSid, conferenceSid: call.conferenceSid });
    expect(emulator.getTask(transfer.taskSid).attributes).toMatchObject({ flexInteractionSid: call.interactionSid, flexInteractionChannelSid: call.channelSid });
    expect(await listed(call.interactionSid, call.channelSid)).toEqual([
      customer,
      agent(call.taskSid, call.reservationSid, call.workerSid),
      agent(transfer.taskSid, transfer.reservationSid, transfer.workerSid),
    ]);
    // The call's conference is still named after the original task, so a further supervisor lands in the same channel.
    emulator.joinAsSupervisor({ conferenceSid: call.conferenceSid, identity: 'sue' });
    expect((await listed(call.interactionSid, call.channelSid)).map((p) => p.type)).toEqual(['customer', 'agent', 'agent', 'supervisor']);
  });

  it('the copied attributes are what they were: a task whose attributes lost the SIDs hands none on, but the channel still lists the receiver', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ customer: 'answers' });
    emulator.setTaskAttributes(call.taskSid, { direction: 'outbound' });
    const transfer = emulator.transferTask({ fromTaskSid: call.taskSid, target: { kind: 'queue', workerIdentity: 'bob', queueFriendlyName: 'Sales' }, mode: 'cold' });
    expect(emulator.getTask(transfer.taskSid).attributes.flexInteractionSid).toBeUndefined();
    expect(emulator.getInteractionChannel(call.interactionSid, call.channelSid).participants.at(-1)).toMatchObject({
      type: 'agent',
      routingProperties: { task_sid: transfer.taskSid, reservation_sid: transfer.reservationSid, worker_sid: transfer.workerSid },
    });
  });

  it('joinAsSupervisor: a client leg in the conference (muted) and a supervisor participant without routing properties', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall({ customer: 'answers' });
    const supervisor = emulator.joinAsSupervisor({ conferenceSid: call.conferenceSid, identity: 'sue' });
    expect(supervisor).toEqual({ workerSid: expect.stringMatching(/^WK[0-9a-f]{32}$/), identity: 'sue', callSid: expect.stringMatching(/^CA/) });
    expect(emulator.getCall(supervisor.callSid)).toMatchObject({ to: 'client:sue', status: 'in-progress' });
    expect(emulator.getConference(call.conferenceSid).participants.map((p) => p.callSid)).toContain(supervisor.callSid);
    expect(emulator.snapshot().conferences[0]!.participants.find((p) => p.callSid === supervisor.callSid)).toMatchObject({ muted: true });
    expect(await listed(call.interactionSid, call.channelSid)).toEqual([
      customer,
      agent(call.taskSid, call.reservationSid, call.workerSid),
      { type: 'supervisor', routingProperties: null },
    ]);
    // A known worker is reused.
    const known = emulator.createWorker({ identity: 'sam' });
    expect(emulator.joinAsSupervisor({ conferenceSid: call.conferenceSid, identity: 'sam' }).workerSid).toBe(known.workerSid);
  });

  it('addExternalParty: a PSTN leg in the conference and an external participant', async () => {
    const { emulator } = ctx;
    const call = emulator.placeInboundCall();
    const { callSid } = emulator.addExternalParty({ conferenceSid: call.conferenceSid, number: '+14155550177' });
    expect(emulator.getCall(callSid)).toMatchObject({ to: '+14155550177', status: 'in-progress' });
    expect(emulator.getConference(call.conferenceSid).participants.map((p) => p.callSid)).toContain(callSid);
    expect((await listed(call.interactionSid, call.channelSid)).at(-1)).toEqual({ type: 'external', routingProperties: null });
  });

  it('addAgentToChannel: an agent participant with exactly the routing properties given', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall();
    const routed = { taskSid: 'WT' + '1'.repeat(32), reservationSid: 'WR' + '2'.repeat(32), workerSid: 'WK' + '3'.repeat(32) };
    const { participantSid } = emulator.addAgentToChannel({ interactionSid: call.interactionSid, channelSid: call.channelSid, ...routed });
    expect(participantSid).toMatch(UT);
    expect((await listed(call.interactionSid, call.channelSid)).at(-1)).toEqual(agent(routed.taskSid, routed.reservationSid, routed.workerSid));
  });

  it('the scenario helpers refuse a conference or channel the emulator does not know', () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall();
    expect(() => emulator.joinAsSupervisor({ conferenceSid: 'CF' + '0'.repeat(32), identity: 'sue' })).toThrow(/No conference/);
    expect(() => emulator.addExternalParty({ conferenceSid: 'CF' + '0'.repeat(32), number: '+14155550177' })).toThrow(/No conference/);
    expect(() =>
      emulator.addAgentToChannel({ interactionSid: call.interactionSid, channelSid: 'UO' + '0'.repeat(32), taskSid: call.taskSid, reservationSid: call.reservationSid, workerSid: call.workerSid }),
    ).toThrow(/No interaction channel/);
  });
});

describe('ListInteractionChannelParticipant: paging and errors', () => {
  it('pages with PageSize/Page (v1 meta envelope, absolute URLs); the library follows next_page_url through the seam', async () => {
    const { emulator, client } = ctx;
    const call = emulator.placeOutboundCall({ customer: 'answers' });
    emulator.transferTask({ fromTaskSid: call.taskSid, target: { kind: 'worker', workerIdentity: 'bob' }, mode: 'warm' });
    emulator.joinAsSupervisor({ conferenceSid: call.conferenceSid, identity: 'sue' });
    emulator.addExternalParty({ conferenceSid: call.conferenceSid, number: '+14155550177' });
    const url = `https://flex-api.twilio.com${participantsPath(call.interactionSid, call.channelSid)}`;

    const second = await listRaw(call.interactionSid, call.channelSid, '?PageSize=2&Page=1&PageToken=PA1');
    expect(second).toMatchObject({ status: 200, violations: [] });
    expect(second.body.participants.map((p: { type: string }) => p.type)).toEqual(['agent', 'supervisor']);
    expect(second.body.meta).toEqual({
      first_page_url: `${url}?PageSize=2&Page=0`,
      key: 'participants',
      next_page_url: `${url}?PageSize=2&Page=2&PageToken=PA2`,
      page: 1,
      page_size: 2,
      previous_page_url: `${url}?PageSize=2&Page=0`,
      url: `${url}?PageSize=2&Page=1`,
    });
    const past = await listRaw(call.interactionSid, call.channelSid, '?PageSize=2&Page=3');
    expect(past).toMatchObject({ status: 200, body: { participants: [], meta: { next_page_url: null } }, violations: [] });

    emulator.clearRequests();
    const all = await client.flexApi.v1.interaction(call.interactionSid).channels(call.channelSid).participants.list({ pageSize: 2 });
    expect(all.map((p) => p.type)).toEqual(['customer', 'agent', 'agent', 'supervisor', 'external']);
    expect(emulator.requests({ routeId: 'ListInteractionChannelParticipant' }).map((r) => r.query)).toEqual([
      { PageSize: '2' },
      { PageSize: '2', Page: '1', PageToken: 'PA1' },
      { PageSize: '2', Page: '2', PageToken: 'PA2' },
    ]);
  });

  it('answers 404 (20404) for an unknown interaction, an unknown channel, or a channel of another interaction', async () => {
    const { emulator, client } = ctx;
    const a = emulator.placeOutboundCall();
    const b = emulator.placeOutboundCall();
    const unknownKd = 'KD' + 'a'.repeat(32);
    const unknownUo = 'UO' + 'b'.repeat(32);
    for (const [interactionSid, channelSid] of [
      [unknownKd, a.channelSid],
      [a.interactionSid, unknownUo],
      [a.interactionSid, b.channelSid],
    ] as const) {
      const path = participantsPath(interactionSid, channelSid);
      expect(await listRaw(interactionSid, channelSid)).toMatchObject({
        status: 404,
        body: { code: 20404, status: 404, message: `The requested resource ${path} was not found`, more_info: 'https://www.twilio.com/docs/errors/20404' },
      });
      expect(await restError(client.flexApi.v1.interaction(interactionSid).channels(channelSid).participants.list())).toMatchObject({ status: 404, code: 20404 });
    }
  });

  it('answers a malformed SID 404 as Twilio does, logging the spec violation', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall();
    const { status, body } = await rawRequest(emulator, 'GET', `/flex-api.twilio.com${participantsPath('KD123', call.channelSid)}`);
    expect(status).toBe(404);
    expect(body.code).toBe(20404);
    expect(emulator.specViolations()).toEqual([expect.objectContaining({ routeId: 'ListInteractionChannelParticipant', violations: expect.arrayContaining([expect.stringContaining('path InteractionSid')]) })]);
    emulator.clearRequests(); // the shared afterEach insists on no violations
  });

  it('needs credentials, refuses other methods (405) and unknown query parameters (400)', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall();
    const target = `/flex-api.twilio.com${participantsPath(call.interactionSid, call.channelSid)}`;
    expect((await rawRequest(emulator, 'GET', target, { auth: 'none' })).status).toBe(401);
    expect((await rawRequest(emulator, 'DELETE', target)).status).toBe(405);
    expect(await rawRequest(emulator, 'GET', `${target}?Type=agent`)).toMatchObject({ status: 400, body: { code: 20001 } });
    expect(emulator.specViolations().map((r) => r.violations)).toEqual([['query Type: is not a parameter of this operation']]);
    emulator.clearRequests();
  });

  it('reset() forgets every Interaction; the snapshot shows them', async () => {
    const { emulator } = ctx;
    const call = emulator.placeOutboundCall();
    expect(emulator.snapshot().interactions).toEqual([
      {
        sid: call.interactionSid,
        channels: [{ sid: call.channelSid, type: 'voice', participants: [expect.objectContaining({ type: 'customer' }), expect.objectContaining({ type: 'agent' })] }],
      },
    ]);
    emulator.reset();
    expect(emulator.snapshot().interactions).toEqual([]);
    expect((await listRaw(call.interactionSid, call.channelSid)).status).toBe(404);
  });
});
