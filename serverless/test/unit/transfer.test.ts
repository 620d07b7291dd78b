import type { InteractionParticipantResource, ReservationResource } from '../../src/recording/twilio-port';
import { conferenceNamedByTask, interactionChannelNamedBy, isNamedAfterAnotherTask, isRoutedIntoCall, originalTaskOf } from '../../src/recording/transfer';

const ORIGINAL = 'WT' + 'a'.repeat(32);
const RECEIVING = 'WT' + 'b'.repeat(32);
const OTHER_TASK = 'WT' + 'e'.repeat(32);
const CONFERENCE = { sid: 'CF' + 'c'.repeat(32), friendlyName: ORIGINAL, status: 'in-progress' };
const WORKER = 'WK' + '1'.repeat(32);
const COLLEAGUE = 'WK' + '2'.repeat(32);
const RESERVATION = 'WR' + '3'.repeat(32);
const accepted: ReservationResource[] = [{ sid: RESERVATION, workerSid: WORKER, status: 'accepted' }];
const caller = { workerSid: WORKER, taskSid: RECEIVING, acceptedReservations: accepted };

const originalAgent: InteractionParticipantResource = { type: 'agent', taskSid: ORIGINAL, reservationSid: 'WR' + '4'.repeat(32), workerSid: COLLEAGUE };
const receivingAgent: InteractionParticipantResource = { type: 'agent', taskSid: RECEIVING, reservationSid: RESERVATION, workerSid: WORKER };

describe('transfers: proven from the Interactions channel, never from attributes', () => {
  it('a conference named after another task makes the caller a possible receiving task, nothing more', () => {
    expect(isNamedAfterAnotherTask(RECEIVING, CONFERENCE)).toBe(true);
    expect(isNamedAfterAnotherTask(ORIGINAL, CONFERENCE)).toBe(false);
    expect(isNamedAfterAnotherTask(RECEIVING, { ...CONFERENCE, friendlyName: 'my-conference' })).toBe(false);
    expect(isNamedAfterAnotherTask(RECEIVING, null)).toBe(false);
  });

  it("is routed into the call: the caller's task, accepted reservation and worker, and the conference's own task, as agents", () => {
    expect(isRoutedIntoCall([originalAgent, receivingAgent, { type: 'customer' }], caller, CONFERENCE)).toBe(true);
  });

  it('is not: without the conference task in the channel (the channel of another call)', () => {
    expect(isRoutedIntoCall([{ ...originalAgent, taskSid: OTHER_TASK }, receivingAgent], caller, CONFERENCE)).toBe(false);
  });

  it("is not: the caller's task routed to another worker, with another reservation, or as a supervisor", () => {
    expect(isRoutedIntoCall([originalAgent, { ...receivingAgent, workerSid: COLLEAGUE }], caller, CONFERENCE)).toBe(false);
    expect(isRoutedIntoCall([originalAgent, { ...receivingAgent, reservationSid: 'WR' + '9'.repeat(32) }], caller, CONFERENCE)).toBe(false);
    expect(isRoutedIntoCall([originalAgent, { ...receivingAgent, type: 'supervisor' }], caller, CONFERENCE)).toBe(false);
    expect(isRoutedIntoCall([originalAgent, { type: 'agent' }], caller, CONFERENCE)).toBe(false);
  });

  it('is not: a reservation the caller no longer holds as accepted', () => {
    const wrapping = { ...caller, acceptedReservations: [{ ...accepted[0], status: 'wrapping' }] };
    expect(isRoutedIntoCall([originalAgent, receivingAgent], wrapping, CONFERENCE)).toBe(false);
  });

  it('reads where to look (the channel) only from well-formed SIDs', () => {
    const channel = { flexInteractionSid: 'KD' + 'a'.repeat(32), flexInteractionChannelSid: 'UO' + 'b'.repeat(32) };
    expect(interactionChannelNamedBy(channel)).toEqual({ interactionSid: channel.flexInteractionSid, channelSid: channel.flexInteractionChannelSid });
    expect(interactionChannelNamedBy({ ...channel, flexInteractionSid: 'KD../x' })).toBeUndefined();
    expect(interactionChannelNamedBy({ flexInteractionChannelSid: channel.flexInteractionChannelSid })).toBeUndefined();
  });

  it('reads only a well-formed conference SID from the attributes (status callbacks)', () => {
    expect(conferenceNamedByTask({ conference: { sid: 'CF../x' } })).toBeUndefined();
    expect(conferenceNamedByTask({ conference: 'CF' + 'c'.repeat(32) })).toBeUndefined();
    expect(conferenceNamedByTask({ conference: { sid: CONFERENCE.sid } })).toBe(CONFERENCE.sid);
  });

  it('finds the original task from the conference name', () => {
    expect(originalTaskOf(CONFERENCE)).toBe(ORIGINAL);
    expect(originalTaskOf({ ...CONFERENCE, friendlyName: 'my-conference' })).toBeUndefined();
  });
});
