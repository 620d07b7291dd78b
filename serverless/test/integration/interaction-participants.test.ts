import type { TwilioPort } from '../../src/recording/twilio-port';
import { TwilioFailure } from '../../src/recording/twilio-port';
import { createTwilioGateway } from '../../src/twilio/twilio-gateway';
import { configFor, type TwilioEmulator, useEmulator } from '../support/emulated-functions';

/**
 * The gateway's listing of a Flex Interaction channel's participants, through the real twilio library
 * against the emulator: what the Functions read to prove that a transfer's receiving task was routed
 * into the same call as the conference's own task (facts Flex's backend owns, not task attributes).
 */
let emulator: TwilioEmulator;
let gateway: TwilioPort;

useEmulator((started) => (emulator = started));
// After useEmulator's reset (hooks run in the order they are registered).
beforeEach(() => {
  gateway = createTwilioGateway(configFor(emulator));
});

const listings = () => emulator.requests({ routeId: 'ListInteractionChannelParticipant' });

describe('listInteractionChannelParticipants', () => {
  it('an outbound call: the customer, and the agent with the task, reservation and worker that routed them', async () => {
    const call = emulator.placeOutboundCall({ workerIdentity: 'alice', customer: 'answers' });
    const attributes = emulator.getTask(call.taskSid).attributes;
    const participants = await gateway.listInteractionChannelParticipants(attributes.flexInteractionSid as string, attributes.flexInteractionChannelSid as string);
    expect(participants).toEqual([{ type: 'customer' }, { type: 'agent', taskSid: call.taskSid, reservationSid: call.reservationSid, workerSid: call.workerSid }]);
    expect(listings()).toEqual([expect.objectContaining({ method: 'GET', host: 'flex-api.twilio.com', status: 200, specValidated: true })]);
  });

  it('an inbound call: the same', async () => {
    const call = emulator.placeInboundCall({ workerIdentity: 'alice' });
    expect(await gateway.listInteractionChannelParticipants(call.interactionSid, call.channelSid)).toEqual([
      { type: 'customer' },
      { type: 'agent', taskSid: call.taskSid, reservationSid: call.reservationSid, workerSid: call.workerSid },
    ]);
  });

  it('a cold transfer adds the receiving agent, with its own task and reservation, to the same channel; the transferring agent stays listed', async () => {
    const call = emulator.placeOutboundCall({ workerIdentity: 'alice', customer: 'answers' });
    const transfer = emulator.transferTask({ fromTaskSid: call.taskSid, target: { kind: 'worker', workerIdentity: 'bob' }, mode: 'cold' });
    // The receiving task's attributes name the same channel (copied by Flex).
    const attributes = emulator.getTask(transfer.taskSid).attributes;
    expect(attributes).toMatchObject({ flexInteractionSid: call.interactionSid, flexInteractionChannelSid: call.channelSid });
    expect(await gateway.listInteractionChannelParticipants(call.interactionSid, call.channelSid)).toEqual([
      { type: 'customer' },
      { type: 'agent', taskSid: call.taskSid, reservationSid: call.reservationSid, workerSid: call.workerSid },
      { type: 'agent', taskSid: transfer.taskSid, reservationSid: transfer.reservationSid, workerSid: transfer.workerSid },
    ]);
  });

  it('a supervisor (monitor) is listed as a supervisor, without routing properties; an external party as external', async () => {
    const call = emulator.placeOutboundCall({ customer: 'answers' });
    emulator.joinAsSupervisor({ conferenceSid: call.conferenceSid, identity: 'sue' });
    emulator.addExternalParty({ conferenceSid: call.conferenceSid, number: '+14155550177' });
    const participants = await gateway.listInteractionChannelParticipants(call.interactionSid, call.channelSid);
    expect(participants.slice(2)).toEqual([{ type: 'supervisor' }, { type: 'external' }]);
  });

  it('follows the pages of a long listing', async () => {
    const call = emulator.placeOutboundCall();
    const added = Array.from({ length: 60 }, (_, i) => {
      const hex = i.toString(16).padStart(32, '0');
      const routed = { taskSid: `WT${hex}`, reservationSid: `WR${hex}`, workerSid: `WK${hex}` };
      emulator.addAgentToChannel({ interactionSid: call.interactionSid, channelSid: call.channelSid, ...routed });
      return { type: 'agent', ...routed };
    });
    const participants = await gateway.listInteractionChannelParticipants(call.interactionSid, call.channelSid);
    expect(participants).toHaveLength(62);
    expect(participants.slice(2)).toEqual(added);
    expect(listings().length).toBeGreaterThan(1);
  });

  it('answers [] when Twilio knows no such interaction or channel (404)', async () => {
    const call = emulator.placeOutboundCall();
    const other = emulator.placeOutboundCall();
    expect(await gateway.listInteractionChannelParticipants(call.interactionSid, 'UO' + 'b'.repeat(32))).toEqual([]);
    expect(await gateway.listInteractionChannelParticipants('KD' + 'a'.repeat(32), call.channelSid)).toEqual([]);
    expect(await gateway.listInteractionChannelParticipants(call.interactionSid, other.channelSid)).toEqual([]);
    expect(listings().map((r) => r.status)).toEqual([404, 404, 404]);
  });

  it('answers [] without asking Twilio when the SIDs are not SIDs of an interaction and a channel (they come from writable attributes)', async () => {
    const call = emulator.placeOutboundCall();
    for (const [interactionSid, channelSid] of [
      ['', call.channelSid],
      [call.interactionSid, ''],
      [call.channelSid, call.interactionSid],
      [`${call.interactionSid}/Channels/${call.channelSid}/Participants?x=`, call.channelSid],
      [call.interactionSid, `${call.channelSid}/../${call.channelSid}`],
    ]) {
      expect(await gateway.listInteractionChannelParticipants(interactionSid!, channelSid!)).toEqual([]);
    }
    expect(emulator.requests()).toEqual([]);
  });

  it('reads routing properties defensively: missing, null, non-string or empty keys are left out, a JSON string is read', async () => {
    // The spec types routing_properties as free-form and the library hands it over untouched (`any`), so
    // these shapes are staged at the library's output: a client whose participants.list answers them.
    const answered = [
      { type: 'agent', routingProperties: { task_sid: 'WT' + '1'.repeat(32), reservation_sid: null, worker_sid: 7 } },
      { type: 'agent', routingProperties: JSON.stringify({ task_sid: 'WT' + '2'.repeat(32), reservation_sid: '', worker_sid: 'WK' + '2'.repeat(32) }) },
      { type: 'agent', routingProperties: ['WT' + '3'.repeat(32)] },
      { type: 'supervisor', routingProperties: null },
      { type: 'customer' },
      { type: undefined, routingProperties: {} },
    ];
    const asked: unknown[] = [];
    const client = {
      taskrouter: { v1: { workspaces: () => ({}) } },
      api: { v2010: { accounts: () => ({}) } },
      flexApi: {
        v1: {
          interaction: (interactionSid: string) => ({
            channels: (channelSid: string) => ({
              participants: { list: async (options: unknown) => (asked.push({ interactionSid, channelSid, options }), answered) },
            }),
          }),
        },
      },
    } as unknown as Parameters<typeof createTwilioGateway>[1];
    const stubbed = createTwilioGateway(configFor(emulator), client);
    const interactionSid = 'KD' + 'a'.repeat(32);
    const channelSid = 'UO' + 'b'.repeat(32);
    expect(await stubbed.listInteractionChannelParticipants(interactionSid, channelSid)).toEqual([
      { type: 'agent', taskSid: 'WT' + '1'.repeat(32) },
      { type: 'agent', taskSid: 'WT' + '2'.repeat(32), workerSid: 'WK' + '2'.repeat(32) },
      { type: 'agent' },
      { type: 'supervisor' },
      { type: 'customer' },
      { type: 'unknown' },
    ]);
    expect(asked).toEqual([{ interactionSid, channelSid, options: { pageSize: 50, limit: 200 } }]);
  });

  it('maps other failures to TwilioFailure with Twilio\'s status and code', async () => {
    const call = emulator.placeOutboundCall();
    emulator.injectFault({ host: 'flex', status: 503 });
    const failure = await gateway.listInteractionChannelParticipants(call.interactionSid, call.channelSid).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TwilioFailure);
    expect(failure).toMatchObject({ status: 503, code: 20503 });
    emulator.injectFault({ host: 'flex', status: 403, code: 20003, message: 'Permission denied' });
    expect(await gateway.listInteractionChannelParticipants(call.interactionSid, call.channelSid).catch((error: unknown) => error)).toMatchObject({ status: 403, code: 20003 });
  });
});
