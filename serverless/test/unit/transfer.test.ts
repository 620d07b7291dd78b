import { conferenceNamedByTask, isTransferredInto, isWorkerOnCall, originalTaskOf } from '../../src/recording/transfer';

const ORIGINAL = 'WT' + 'a'.repeat(32);
const RECEIVING = 'WT' + 'b'.repeat(32);
const CONFERENCE = { sid: 'CF' + 'c'.repeat(32), friendlyName: ORIGINAL, status: 'in-progress' };

describe('transfers', () => {
  it("recognises a receiving task: the conference is another task's and the attributes name it", () => {
    expect(isTransferredInto(RECEIVING, { conference: { sid: CONFERENCE.sid } }, CONFERENCE)).toBe(true);
    expect(isTransferredInto(ORIGINAL, { conference: { sid: CONFERENCE.sid } }, CONFERENCE)).toBe(false);
    expect(isTransferredInto(RECEIVING, {}, CONFERENCE)).toBe(false);
    expect(isTransferredInto(RECEIVING, { conference: { sid: 'CF' + 'd'.repeat(32) } }, CONFERENCE)).toBe(false);
    expect(isTransferredInto(RECEIVING, { conference: { sid: CONFERENCE.sid } }, null)).toBe(false);
  });

  it('reads only a well-formed conference SID from the attributes', () => {
    expect(conferenceNamedByTask({ conference: { sid: 'CF../x' } })).toBeUndefined();
    expect(conferenceNamedByTask({ conference: 'CF' + 'c'.repeat(32) })).toBeUndefined();
  });

  it("requires the worker's own in-progress leg (client:<identity>) on the call", () => {
    const calls = [
      { sid: 'CA1', to: '+15555550100', from: '+1', status: 'in-progress' },
      { sid: 'CA2', to: 'client:Bob', from: '+1', status: 'in-progress' },
      { sid: 'CA3', to: 'client:carol', from: '+1', status: 'completed' },
    ];
    expect(isWorkerOnCall(calls, 'bob')).toBe(true);
    expect(isWorkerOnCall(calls, 'carol')).toBe(false);
    expect(isWorkerOnCall(calls, '')).toBe(false);
  });

  it('finds the original task from the conference name', () => {
    expect(originalTaskOf(CONFERENCE)).toBe(ORIGINAL);
    expect(originalTaskOf({ ...CONFERENCE, friendlyName: 'my-conference' })).toBeUndefined();
  });
});
